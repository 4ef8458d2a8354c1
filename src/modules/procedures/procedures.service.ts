import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { paginate } from '../../platform/http/pagination.ts';
import { findUnitById } from '../units/units.repository.ts';
import { vietnamToday } from '../units/units.service.ts';
import { canManageProcedures } from './procedures.policy.ts';
import * as repo from './procedures.repository.ts';
import type {
  TProcedure,
  TProcedureListQuery,
  TProcedureSummary,
  TProcedureVersion,
  TVersionBody,
} from './procedures.schema.ts';
import { levelOfUnitKind, presentComponent, presentFee, summarizeWorkflow, toVersionBody } from './version-content.ts';
import type { Level, WorkflowDefinition, WorkflowTree } from './workflow.ts';

/**
 * Reading the procedure catalogue: public for what is in force (published and retired versions, which dossiers
 * keep referring to); drafts only for the administrators who manage them, and NOT_FOUND for everyone else.
 */

function deadlineOf(row: {
  deadline_working_days: number | null;
  deadline_working_hours: number | null;
}): TVersionBody['deadline'] {
  return row.deadline_working_days !== null
    ? { workingDays: row.deadline_working_days }
    : { workingHours: row.deadline_working_hours ?? 0 };
}

function presentSummary(row: repo.ProcedureListRow): TProcedureSummary {
  return {
    id: row.id,
    code: row.code,
    nationalCode: row.national_code,
    name: row.name,
    field: { code: row.field_code, name: row.field_name },
    unitId: row.unit_id,
    currentVersion: row.current_version,
    decidingLevel: row.deciding_level as Level,
    receivingLevels: row.receiving_levels as Level[],
    onlineLevel: row.online_level as TProcedureSummary['onlineLevel'],
    deadline: deadlineOf(row),
    resultName: row.result_name,
    totalFees: Number(row.total_fees),
  };
}

/** Lists procedures in force, searched ignoring diacritics, filtered by field, level, online level and unit. */
export async function listProcedures(ctx: ServiceContext, query: TProcedureListQuery) {
  // "At this unit" means what its desk can receive: in force there and received at its level (an unknown unit
  // matches nothing, as the ancestry filter alone would).
  const unit = query.unitId ? await findUnitById(ctx.db, query.unitId) : undefined;
  const rows = await repo.findProcedures(ctx.db, {
    q: query.q,
    fieldCode: query.field,
    level: query.level,
    onlineLevel: query.onlineLevel,
    unitId: query.unitId,
    receivingLevel: unit ? levelOfUnitKind(unit.kind) : undefined,
    limit: query.limit,
    cursor: query.cursor,
  });
  return paginate(rows, query.limit, (r) => [r.name_search, r.id], presentSummary);
}

/** Every field with the number of procedures in force in it. */
export async function listFields(ctx: ServiceContext) {
  const rows = await repo.listFields(ctx.db);
  return {
    items: rows.map((r) => ({ id: r.id, code: r.code, name: r.name, procedureCount: Number(r.procedure_count) })),
  };
}

/** A procedure and whether the caller manages it. @throws NOT_FOUND */
export async function loadProcedure(ctx: ServiceContext, id: string) {
  const procedure = await repo.findProcedureById(ctx.db, id);
  const unit = procedure ? await findUnitById(ctx.db, procedure.unit_id) : undefined;
  if (!procedure || !unit) {
    throw new AppError('NOT_FOUND', { subject: 'procedure' });
  }
  const manages = canManageProcedures(ctx.actor, unit.ancestor_ids);
  if (procedure.current_version === null && !manages) {
    throw new AppError('NOT_FOUND', { subject: 'procedure' });
  }
  return { procedure, unit, manages };
}

function versionFacts(row: repo.VersionRow, parts: { components: repo.ComponentRow[]; fees: repo.FeeRow[] }) {
  const body = toVersionBody(row, parts.components, parts.fees);
  return {
    version: row.version,
    status: row.status as TProcedureVersion['status'],
    decidingLevel: body.decidingLevel,
    receivingLevels: body.receivingLevels,
    onlineLevel: body.onlineLevel,
    deadline: body.deadline,
    result: body.result,
    legalBasis: body.legalBasis,
    fees: parts.fees.map(presentFee),
    components: parts.components.map(presentComponent),
    publishedAt: row.published_at?.toISOString() ?? null,
    retiredAt: row.retired_at?.toISOString() ?? null,
  };
}

/** One procedure with its version in force (components, fees, deadline, workflow summary). @throws NOT_FOUND */
export async function getProcedure(ctx: ServiceContext, id: string): Promise<TProcedure> {
  const { procedure, manages } = await loadProcedure(ctx, id);
  const versions = await repo.listVersions(ctx.db, id);
  let current: TProcedure['current'] = null;
  if (procedure.current_version !== null) {
    const row = await repo.findVersion(ctx.db, id, procedure.current_version);
    if (row) {
      const parts = await repo.findParts(ctx.db, id, row.version);
      current = { ...versionFacts(row, parts), workflowSummary: summarizeWorkflow(row.workflow as WorkflowDefinition) };
    }
  }
  return {
    id: procedure.id,
    code: procedure.code,
    nationalCode: procedure.national_code,
    name: procedure.name,
    field: { code: procedure.field_code, name: procedure.field_name },
    unitId: procedure.unit_id,
    currentVersion: procedure.current_version,
    versions: versions
      .filter((v) => manages || v.status !== 'draft')
      .map((v) => ({
        version: v.version,
        status: v.status as TProcedureVersion['status'],
        publishedAt: v.published_at?.toISOString() ?? null,
      })),
    current,
  };
}

/** One version whole, workflow included. Drafts only for their managers. @throws NOT_FOUND */
export async function getVersion(ctx: ServiceContext, id: string, version: number): Promise<TProcedureVersion> {
  const { manages } = await loadProcedure(ctx, id);
  const row = await repo.findVersion(ctx.db, id, version);
  if (!row || (row.status === 'draft' && !manages)) {
    throw new AppError('NOT_FOUND', { subject: 'procedure-version' });
  }
  const parts = await repo.findParts(ctx.db, id, version);
  const workflow = row.workflow as WorkflowDefinition;
  return {
    procedureId: id,
    ...versionFacts(row, parts),
    workflow,
    workflowSummary: summarizeWorkflow(workflow),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The levels and agencies of a province's tree in force today: what workflows are checked against. */
export async function treeOf(db: Queryable, unitId: string, agencyCodes: readonly string[]): Promise<WorkflowTree> {
  const today = vietnamToday();
  const kinds = await repo.unitKindsUnder(db, unitId, today);
  const levels = [...new Set(kinds.map(levelOfUnitKind))];
  const agencies = new Map<string, { level: Level; kind: string }>();
  for (const agency of await repo.agenciesByCode(db, unitId, agencyCodes, today)) {
    if (agency.code) agencies.set(agency.code, { level: levelOfUnitKind(agency.unit_kind), kind: agency.kind });
  }
  return { levels, agencies };
}
