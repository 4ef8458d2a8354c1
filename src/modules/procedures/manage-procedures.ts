import { recordAudit } from '../../platform/audit/audit.ts';
import { scopeFor } from '../../platform/auth/scope.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { type Queryable, type Tx, inTransaction } from '../../platform/db/database.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { findUnitById } from '../units/units.repository.ts';
import { assertCanManageProcedures } from './procedures.policy.ts';
import * as repo from './procedures.repository.ts';
import type { TProcedure, TProcedureCreateBody, TProcedureVersion, TVersionBody } from './procedures.schema.ts';
import { getProcedure, getVersion, treeOf } from './procedures.service.ts';
import { type Issue, agencyCodesOf, checkVersionContent, toVersionBody, toVersionRows } from './version-content.ts';

/**
 * Changing the catalogue: create a procedure with a first draft, open a new draft from the version in force, edit a
 * draft, publish it. Published versions never change (the database refuses it too); publishing retires the version
 * it replaces. Every save checks the content and the workflow against the unit tree in force, and a refusal lists
 * every problem and writes nothing.
 */

function invalid(issues: Issue[]): AppError {
  return new AppError('VALIDATION_FAILED', { issues });
}

/** @throws VALIDATION_FAILED listing every problem of the content against the province's tree. */
async function assertValidContent(db: Queryable, unitId: string, body: TVersionBody, prefix: string): Promise<void> {
  const tree = await treeOf(db, unitId, agencyCodesOf(body.workflow));
  const issues = checkVersionContent(body, tree, prefix);
  if (issues.length > 0) {
    throw invalid(issues);
  }
}

/** JSON with object keys sorted: jsonb gives keys back in its own order, so plain stringify would see changes. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function createdBy(ctx: ServiceContext): string | null {
  return ctx.actor.kind === 'user' ? ctx.actor.userId : null;
}

/** Creates a procedure of a province with version 1 as a draft. @throws FORBIDDEN, NOT_FOUND, VALIDATION_FAILED, ALREADY_EXISTS */
export async function createProcedure(ctx: ServiceContext, input: TProcedureCreateBody): Promise<TProcedure> {
  const unit = await findUnitById(ctx.db, input.unitId);
  if (!unit) {
    throw new AppError('NOT_FOUND', { subject: 'unit' });
  }
  assertCanManageProcedures(ctx.actor, unit.ancestor_ids);
  const issues: Issue[] = [];
  if (unit.parent_id !== null) {
    issues.push({
      path: 'body.unitId',
      message: 'procedures are published by a province (a unit at the top of the tree)',
    });
  }
  if (!input.code.startsWith(`${input.nationalCode}.`)) {
    issues.push({ path: 'body.code', message: `must start with the national code ${input.nationalCode}` });
  }
  const field = await repo.findFieldByCode(ctx.db, input.fieldCode);
  if (!field) {
    issues.push({ path: 'body.fieldCode', message: `no field with code ${input.fieldCode}` });
  }
  if (issues.length > 0 || !field) {
    throw invalid(issues);
  }
  const id = newId();
  try {
    await inTransaction(ctx.db, async (trx) => {
      await assertValidContent(trx, unit.id, input.version, 'body.version');
      await repo.insertProcedure(trx, {
        id,
        unit_id: unit.id,
        national_code: input.nationalCode,
        code: input.code,
        name: input.name,
        field_id: field.id,
        current_version: null,
      });
      const rows = toVersionRows(input.version);
      await repo.insertVersion(
        trx,
        { procedure_id: id, version: 1, unit_id: unit.id, created_by: createdBy(ctx) },
        rows.content,
        rows,
      );
      await recordAudit(trx, {
        actor: ctx.actor,
        meta: ctx.meta,
        action: 'procedure.create',
        subjectType: 'procedure',
        subjectId: id,
        unitId: unit.id,
        data: { code: input.code, name: input.name, field: field.code, version: 1 },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('ALREADY_EXISTS', { field: 'code' });
    }
    throw error;
  }
  return getProcedure(ctx, id);
}

/**
 * Loads and locks a procedure the caller manages, so version changes of one procedure run one at a time.
 * @throws NOT_FOUND, FORBIDDEN
 */
async function lockManaged(ctx: ServiceContext, trx: Tx, id: string) {
  const procedure = await repo.findProcedureById(trx, id);
  const unit = procedure ? await findUnitById(trx, procedure.unit_id) : undefined;
  if (!procedure || !unit) {
    throw new AppError('NOT_FOUND', { subject: 'procedure' });
  }
  assertCanManageProcedures(ctx.actor, unit.ancestor_ids, procedure.current_version !== null);
  await repo.lockProcedure(trx, id);
  return procedure;
}

/** Opens a new draft copied from the version in force. @throws NOT_FOUND, FORBIDDEN, CONFLICT (a draft is open) */
export async function createDraftVersion(ctx: ServiceContext, id: string): Promise<TProcedureVersion> {
  const version = await inTransaction(ctx.db, async (trx) => {
    const procedure = await lockManaged(ctx, trx, id);
    const versions = await repo.listVersions(trx, id);
    const draft = versions.find((v) => v.status === 'draft');
    if (draft) {
      throw new AppError('CONFLICT', { reason: 'draft_exists', version: draft.version });
    }
    const base =
      procedure.current_version === null ? undefined : await repo.findVersion(trx, id, procedure.current_version);
    if (!base) {
      throw new AppError('CONFLICT', { reason: 'nothing_to_copy' });
    }
    const parts = await repo.findParts(trx, id, base.version);
    // The copy is not re-validated: a draft may be opened precisely to repair a version the tree no longer fits
    // (a level abolished by a reform); saving and publishing it are checked.
    const rows = toVersionRows(toVersionBody(base, parts.components, parts.fees));
    const next = (await repo.maxVersion(trx, id)) + 1;
    await repo.insertVersion(
      trx,
      { procedure_id: id, version: next, unit_id: procedure.unit_id, created_by: createdBy(ctx) },
      rows.content,
      rows,
    );
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'procedure.version.create',
      subjectType: 'procedure',
      subjectId: id,
      unitId: procedure.unit_id,
      data: { version: next, copiedFrom: base.version },
    });
    return next;
  });
  return getVersion(ctx, id, version);
}

/**
 * Replaces a draft's content. Published and retired versions are immutable.
 * @throws NOT_FOUND, FORBIDDEN, CONFLICT (not a draft), VALIDATION_FAILED
 */
export async function updateDraftVersion(
  ctx: ServiceContext,
  id: string,
  version: number,
  body: TVersionBody,
): Promise<TProcedureVersion> {
  await inTransaction(ctx.db, async (trx) => {
    const procedure = await lockManaged(ctx, trx, id);
    const current = await repo.findVersion(trx, id, version);
    if (!current) {
      throw new AppError('NOT_FOUND', { subject: 'procedure-version' });
    }
    if (current.status !== 'draft') {
      throw new AppError('CONFLICT', { reason: 'version_not_draft', status: current.status });
    }
    await assertValidContent(trx, procedure.unit_id, body, 'body');
    const parts = await repo.findParts(trx, id, version);
    const before = toVersionBody(current, parts.components, parts.fees);
    const changed = (Object.keys(body) as (keyof TVersionBody)[]).filter(
      (key) => canonical(body[key]) !== canonical(before[key]),
    );
    const rows = toVersionRows(body);
    await repo.replaceDraft(trx, { procedure_id: id, version, unit_id: procedure.unit_id }, rows.content, rows);
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'procedure.version.update',
      subjectType: 'procedure',
      subjectId: id,
      unitId: procedure.unit_id,
      data: { version, changed },
    });
  });
  return getVersion(ctx, id, version);
}

/**
 * Publishes a draft after checking it again against today's tree, and retires the version it replaces.
 * @throws NOT_FOUND, FORBIDDEN, CONFLICT (not a draft), VALIDATION_FAILED
 */
export async function publishVersion(ctx: ServiceContext, id: string, version: number): Promise<TProcedure> {
  await inTransaction(ctx.db, async (trx) => {
    const procedure = await lockManaged(ctx, trx, id);
    const draft = await repo.findVersion(trx, id, version);
    if (!draft) {
      throw new AppError('NOT_FOUND', { subject: 'procedure-version' });
    }
    if (draft.status !== 'draft') {
      throw new AppError('CONFLICT', { reason: 'version_not_draft', status: draft.status });
    }
    const parts = await repo.findParts(trx, id, version);
    await assertValidContent(trx, procedure.unit_id, toVersionBody(draft, parts.components, parts.fees), 'version');
    const retired = procedure.current_version;
    if (retired !== null) {
      await repo.setVersionStatus(trx, id, retired, 'retired');
    }
    await repo.setVersionStatus(trx, id, version, 'published');
    await repo.setCurrentVersion(trx, id, version);
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'procedure.version.publish',
      subjectType: 'procedure',
      subjectId: id,
      unitId: procedure.unit_id,
      data: { version, retired },
    });
  });
  return getProcedure(ctx, id);
}

/**
 * Procedures created but never published, that the caller manages (the public catalogue lists only procedures in
 * force, so their administrators find them here). At most 200, by name.
 */
export async function listUnpublishedProcedures(ctx: ServiceContext) {
  const rows = await repo.findUnpublishedProcedures(ctx.db, scopeFor(ctx.actor, 'procedures.manage'), 200);
  return {
    items: rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      field: { code: r.field_code, name: r.field_name },
    })),
  };
}
