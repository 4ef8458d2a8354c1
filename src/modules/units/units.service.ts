import { recordAudit } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import { paginate } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { assertCanCreateUnit, assertCanManageAgency, assertCanManageUnit } from './units.policy.ts';
import * as repo from './units.repository.ts';
import type {
  TAgency,
  TAgencyCreateBody,
  TAgencyListQuery,
  TAgencyUpdateBody,
  TSuccessionBody,
  TUnit,
  TUnitCreateBody,
  TUnitDetail,
  TUnitListQuery,
  TUnitUpdateBody,
} from './units.schema.ts';

/** Today's date in Vietnam, the day units and agencies are judged "in force" by default. */
export function vietnamToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(now);
}

export function presentUnit(row: repo.UnitRow): TUnit {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind as TUnit['kind'],
    parentId: row.parent_id,
    ancestorIds: row.ancestor_ids,
    validFrom: row.valid_from,
    validTo: row.valid_to,
  };
}

export function presentAgency(row: repo.AgencyRow): TAgency {
  return {
    id: row.id,
    unitId: row.unit_id,
    parentId: row.parent_id,
    code: row.code,
    name: row.name,
    kind: row.kind as TAgency['kind'],
    email: row.email,
    phone: row.phone,
    address: row.address,
    validFrom: row.valid_from,
    validTo: row.valid_to,
  };
}

function presentSuccession(row: repo.SuccessionRow) {
  return { unitId: row.unit_id, code: row.code, name: row.name, isWhole: row.is_whole, effectiveOn: row.effective_on };
}

/** Lists units (public): in force today unless `at` or `all` says otherwise. */
export async function listUnits(ctx: ServiceContext, query: TUnitListQuery) {
  const rows = await repo.findUnits(ctx.db, {
    q: query.q,
    parentId: query.parentId,
    kind: query.kind,
    inForceOn: query.all ? null : (query.at ?? vietnamToday()),
    limit: query.limit,
    cursor: query.cursor,
  });
  return paginate(rows, query.limit, (r) => [r.code, r.id], presentUnit);
}

/** One unit with what it was formed from and what succeeded it. @throws NOT_FOUND */
export async function getUnit(ctx: ServiceContext, id: string): Promise<TUnitDetail> {
  const row = await repo.findUnitById(ctx.db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { subject: 'unit' });
  }
  const [predecessors, successors, childCount] = await Promise.all([
    repo.findPredecessors(ctx.db, id),
    repo.findSuccessors(ctx.db, id),
    repo.countChildren(ctx.db, id),
  ]);
  return {
    ...presentUnit(row),
    predecessors: predecessors.map(presentSuccession),
    successors: successors.map(presentSuccession),
    childCount,
  };
}

async function requireUnit(ctx: ServiceContext, id: string): Promise<repo.UnitRow> {
  const row = await repo.findUnitById(ctx.db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { subject: 'unit' });
  }
  return row;
}

function assertValidity(validFrom: string | null, validTo: string | null): void {
  if (validFrom && validTo && validFrom > validTo) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'body.validTo', message: 'must not precede validFrom' }] });
  }
}

/** Creates a unit under a parent the caller administers. @throws FORBIDDEN, NOT_FOUND, ALREADY_EXISTS */
export async function createUnit(ctx: ServiceContext, input: TUnitCreateBody): Promise<TUnit> {
  const parent = input.parentId ? await requireUnit(ctx, input.parentId) : null;
  assertCanCreateUnit(ctx.actor, parent ? parent.ancestor_ids : null);
  assertValidity(input.validFrom, input.validTo);
  const id = newId();
  const row: repo.UnitRow = {
    id,
    code: input.code,
    name: input.name,
    kind: input.kind,
    parent_id: parent?.id ?? null,
    ancestor_ids: [...(parent?.ancestor_ids ?? []), id],
    valid_from: input.validFrom,
    valid_to: input.validTo,
  };
  try {
    await inTransaction(ctx.db, async (trx) => {
      await repo.insertUnit(trx, row);
      await recordAudit(trx, {
        actor: ctx.actor,
        meta: ctx.meta,
        action: 'unit.create',
        subjectType: 'unit',
        subjectId: id,
        unitId: id,
        data: { code: row.code, name: row.name, kind: row.kind, parentId: row.parent_id },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('ALREADY_EXISTS', { field: 'code' });
    }
    throw error;
  }
  return presentUnit(row);
}

/** Renames a unit or changes its validity (ending it in a reform). @throws FORBIDDEN, NOT_FOUND */
export async function updateUnit(ctx: ServiceContext, id: string, input: TUnitUpdateBody): Promise<TUnit> {
  return inTransaction(ctx.db, async (trx) => {
    const current = await requireUnit({ ...ctx, db: trx }, id);
    assertCanManageUnit(ctx.actor, current.ancestor_ids);
    const next = {
      name: input.name ?? current.name,
      valid_from: input.validFrom === undefined ? current.valid_from : input.validFrom,
      valid_to: input.validTo === undefined ? current.valid_to : input.validTo,
    };
    assertValidity(next.valid_from, next.valid_to);
    await repo.updateUnit(trx, id, next);
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'unit.update',
      subjectType: 'unit',
      subjectId: id,
      unitId: id,
      data: { before: { name: current.name, validFrom: current.valid_from, validTo: current.valid_to }, after: next },
    });
    return presentUnit({ ...current, ...next });
  });
}

/** Records that `successorId` took over (part of) `predecessorId`. @throws FORBIDDEN, NOT_FOUND */
export async function recordSuccession(ctx: ServiceContext, predecessorId: string, input: TSuccessionBody) {
  return inTransaction(ctx.db, async (trx) => {
    const scoped = { ...ctx, db: trx };
    const predecessor = await requireUnit(scoped, predecessorId);
    const successor = await requireUnit(scoped, input.successorId);
    assertCanManageUnit(ctx.actor, predecessor.ancestor_ids);
    assertCanManageUnit(ctx.actor, successor.ancestor_ids);
    if (predecessor.id === successor.id) {
      throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'body.successorId', message: 'a unit cannot succeed itself' }] });
    }
    const inserted = await repo.insertSuccession(trx, {
      predecessor_id: predecessor.id,
      successor_id: successor.id,
      is_whole: input.isWhole,
      effective_on: input.effectiveOn,
    });
    if (!inserted) {
      throw new AppError('ALREADY_EXISTS', { field: 'successorId' });
    }
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'unit.succession',
      subjectType: 'unit',
      subjectId: predecessor.id,
      unitId: successor.id,
      data: { successorId: successor.id, isWhole: input.isWhole, effectiveOn: input.effectiveOn },
    });
    return getUnit(scoped, predecessor.id);
  });
}

/** Lists agencies (public). */
export async function listAgencies(ctx: ServiceContext, query: TAgencyListQuery) {
  const rows = await repo.findAgencies(ctx.db, query);
  return paginate(rows, query.limit, (r) => [r.name, r.id], presentAgency);
}

/** One agency. @throws NOT_FOUND */
export async function getAgency(ctx: ServiceContext, id: string): Promise<TAgency> {
  const row = await repo.findAgencyById(ctx.db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { subject: 'agency' });
  }
  return presentAgency(row);
}

/** Creates an agency in a unit the caller administers. @throws FORBIDDEN, NOT_FOUND, ALREADY_EXISTS */
export async function createAgency(ctx: ServiceContext, input: TAgencyCreateBody): Promise<TAgency> {
  const unit = await requireUnit(ctx, input.unitId);
  assertCanManageAgency(ctx.actor, unit.ancestor_ids, null);
  if (input.parentId) {
    const parent = await repo.findAgencyById(ctx.db, input.parentId);
    if (!parent || parent.unit_id !== unit.id) {
      throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'body.parentId', message: 'must be an agency of the same unit' }] });
    }
  }
  assertValidity(input.validFrom, input.validTo);
  const row: repo.AgencyRow = {
    id: newId(),
    unit_id: unit.id,
    parent_id: input.parentId,
    code: input.code,
    name: input.name,
    kind: input.kind,
    email: input.email,
    phone: input.phone,
    address: input.address,
    valid_from: input.validFrom,
    valid_to: input.validTo,
  };
  try {
    await inTransaction(ctx.db, async (trx) => {
      await repo.insertAgency(trx, row);
      await recordAudit(trx, {
        actor: ctx.actor,
        meta: ctx.meta,
        action: 'agency.create',
        subjectType: 'agency',
        subjectId: row.id,
        unitId: unit.id,
        data: { code: row.code, name: row.name, kind: row.kind },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('ALREADY_EXISTS', { field: 'code' });
    }
    throw error;
  }
  return presentAgency(row);
}

/** Changes an agency's details. @throws FORBIDDEN, NOT_FOUND, ALREADY_EXISTS */
export async function updateAgency(ctx: ServiceContext, id: string, input: TAgencyUpdateBody): Promise<TAgency> {
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const current = await repo.findAgencyById(trx, id);
      if (!current) {
        throw new AppError('NOT_FOUND', { subject: 'agency' });
      }
      const unit = await requireUnit({ ...ctx, db: trx }, current.unit_id);
      assertCanManageAgency(ctx.actor, unit.ancestor_ids, current.id);
      const patch: Partial<repo.AgencyRow> = {};
      if (input.code !== undefined) patch.code = input.code;
      if (input.name !== undefined) patch.name = input.name;
      if (input.kind !== undefined) patch.kind = input.kind;
      if (input.email !== undefined) patch.email = input.email;
      if (input.phone !== undefined) patch.phone = input.phone;
      if (input.address !== undefined) patch.address = input.address;
      if (input.validFrom !== undefined) patch.valid_from = input.validFrom;
      if (input.validTo !== undefined) patch.valid_to = input.validTo;
      const next = { ...current, ...patch };
      assertValidity(next.valid_from, next.valid_to);
      await repo.updateAgency(trx, id, patch);
      await recordAudit(trx, {
        actor: ctx.actor,
        meta: ctx.meta,
        action: 'agency.update',
        subjectType: 'agency',
        subjectId: id,
        unitId: current.unit_id,
        data: { changed: Object.keys(patch) },
      });
      return presentAgency(next);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('ALREADY_EXISTS', { field: 'code' });
    }
    throw error;
  }
}
