import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import type { ActionRecord, DossierStatus } from './dossier-model.ts';
import type { Projection } from './derive-state.ts';

/** All SQL of dossiers, their action log and code counters. Takes the database or a transaction. */

export type ApplicantColumns = {
  applicant_kind: 'citizen' | 'business';
  applicant_name: string;
  applicant_personal_id: string | null;
  applicant_tax_code: string | null;
  applicant_phone: string | null;
  applicant_email: string | null;
  applicant_address: string | null;
};

/** What a new dossier row holds besides its projection. */
export type DossierInsert = ApplicantColumns & {
  id: string;
  code: string;
  procedure_id: string;
  procedure_version: number;
  receiving_unit_id: string;
  receiving_agency_id: string;
  channel: 'online' | 'counter';
  applicant_user_id: string | null;
  on_behalf_of: Record<string, unknown> | null;
  submitted_at: Date;
};

export type DossierRow = Omit<DossierInsert, 'on_behalf_of'> &
  Projection & {
    on_behalf_of: unknown;
    /** Ancestry of the receiving and the current unit (root first, the unit last), for scope checks. */
    receiving_unit_ancestor_ids: string[];
    current_unit_ancestor_ids: string[];
  };

const DOSSIER_COLUMNS = [
  'd.id',
  'd.code',
  'd.procedure_id',
  'd.procedure_version',
  'd.receiving_unit_id',
  'd.receiving_agency_id',
  'd.channel',
  'd.applicant_kind',
  'd.applicant_name',
  'd.applicant_personal_id',
  'd.applicant_tax_code',
  'd.applicant_phone',
  'd.applicant_email',
  'd.applicant_address',
  'd.applicant_user_id',
  'd.on_behalf_of',
  'd.submitted_at',
  'd.status',
  'd.version',
  'd.received_at',
  'd.due_at',
  'd.calendar_version',
  'd.current_step_id',
  'd.current_unit_id',
  'd.current_agency_id',
  'd.assignee_id',
  'd.step_due_at',
  'd.paused_at',
  'd.decision',
  'd.is_late',
  'd.completed_at',
  'd.result_number',
  'd.returned_at',
  'd.return_method',
  'd.rating',
  'd.rating_comment',
  'ru.ancestor_ids as receiving_unit_ancestor_ids',
  'cu.ancestor_ids as current_unit_ancestor_ids',
] as const;

function dossierQuery(db: Queryable) {
  return db
    .selectFrom('dossiers as d')
    .innerJoin('units as ru', 'ru.id', 'd.receiving_unit_id')
    .innerJoin('units as cu', 'cu.id', 'd.current_unit_id')
    .select(DOSSIER_COLUMNS);
}

export async function findDossier(db: Queryable, id: string): Promise<DossierRow | undefined> {
  return (await dossierQuery(db).where('d.id', '=', id).executeTakeFirst()) as DossierRow | undefined;
}

/** The dossier, locked until the transaction ends: actions on one dossier run one at a time. */
export async function lockDossier(trx: Queryable, id: string): Promise<DossierRow | undefined> {
  const row = await dossierQuery(trx).where('d.id', '=', id).forUpdate('d').executeTakeFirst();
  return row as DossierRow | undefined;
}

/** The ancestry (root first, the unit last) of each of the units. */
export async function unitAncestries(db: Queryable, unitIds: readonly string[]): Promise<Map<string, string[]>> {
  if (unitIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('units')
    .select(['id', 'ancestor_ids'])
    .where('id', 'in', [...unitIds])
    .execute();
  return new Map(rows.map((r) => [r.id, r.ancestor_ids]));
}

export async function insertDossier(trx: Queryable, row: DossierInsert, projection: Projection): Promise<void> {
  await trx
    .insertInto('dossiers')
    .values({ ...row, ...projection, on_behalf_of: row.on_behalf_of ? JSON.stringify(row.on_behalf_of) : null })
    .execute();
}

/**
 * Writes the projection if the dossier is still at `expectedVersion`.
 * @returns false when another action got there first
 */
export async function updateProjection(
  trx: Queryable,
  id: string,
  expectedVersion: number,
  projection: Projection,
): Promise<boolean> {
  const result = await trx
    .updateTable('dossiers')
    .set({ ...projection, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The next number of a desk's dossier codes for a day; the row lock makes concurrent creations take turns. */
export async function nextCodeNumber(trx: Queryable, agencyId: string, day: string): Promise<number> {
  const result = await sql<{ last_value: number }>`INSERT INTO dossier_code_counters (agency_id, day, last_value)
    VALUES (${agencyId}, ${day}, 1)
    ON CONFLICT (agency_id, day) DO UPDATE SET last_value = dossier_code_counters.last_value + 1
    RETURNING last_value`.execute(trx);
  const value = result.rows[0]?.last_value;
  if (value === undefined) {
    throw new Error('the code counter returned no row');
  }
  return value;
}

export type ActionInsert = {
  dossier_id: string;
  record: ActionRecord;
  actor_kind: 'user' | 'system';
  from_status: DossierStatus | null;
  to_status: DossierStatus;
};

export async function insertAction(trx: Queryable, row: ActionInsert): Promise<void> {
  const r = row.record;
  await trx
    .insertInto('dossier_actions')
    .values({
      dossier_id: row.dossier_id,
      seq: r.seq,
      action: r.action,
      actor_id: r.actorId,
      actor_kind: row.actor_kind,
      unit_id: r.unitId,
      agency_id: r.agencyId,
      at: r.at,
      note: r.note,
      data: JSON.stringify(r.data),
      from_status: row.from_status,
      to_status: row.to_status,
      from_step_id: r.fromStepId,
      to_step_id: r.toStepId,
      to_unit_id: r.toUnitId,
      to_agency_id: r.toAgencyId,
      assignee_id: r.assigneeId,
    })
    .execute();
}

const ACTION_COLUMNS = [
  'a.seq',
  'a.action',
  'a.at',
  'a.actor_id',
  'a.unit_id',
  'a.agency_id',
  'a.note',
  'a.data',
  'a.from_status',
  'a.to_status',
  'a.from_step_id',
  'a.to_step_id',
  'a.to_unit_id',
  'a.to_agency_id',
  'a.assignee_id',
] as const;

type ActionColumns = {
  seq: number;
  action: string;
  at: Date;
  actor_id: string | null;
  unit_id: string | null;
  agency_id: string | null;
  note: string | null;
  data: unknown;
  from_status: string | null;
  to_status: string;
  from_step_id: string | null;
  to_step_id: string | null;
  to_unit_id: string | null;
  to_agency_id: string | null;
  assignee_id: string | null;
};

/** A stored row as the fold reads it. The data was written from the same typed shape, so it is trusted. */
export function toActionRecord(row: ActionColumns): ActionRecord {
  return {
    seq: row.seq,
    action: row.action,
    at: row.at,
    actorId: row.actor_id,
    unitId: row.unit_id,
    agencyId: row.agency_id,
    note: row.note,
    fromStepId: row.from_step_id,
    toStepId: row.to_step_id,
    toUnitId: row.to_unit_id,
    toAgencyId: row.to_agency_id,
    assigneeId: row.assignee_id,
    data: row.data,
  } as ActionRecord;
}

/** The whole log of a dossier, in order. */
export async function listActions(db: Queryable, dossierId: string): Promise<ActionRecord[]> {
  const rows = await db
    .selectFrom('dossier_actions as a')
    .select(ACTION_COLUMNS)
    .where('a.dossier_id', '=', dossierId)
    .orderBy('a.seq')
    .execute();
  return rows.map(toActionRecord);
}

export type TimelineRow = ActionColumns & {
  actor_name: string | null;
  unit_name: string | null;
  agency_name: string | null;
  to_unit_name: string | null;
  to_agency_name: string | null;
  assignee_name: string | null;
};

/** The log with the names people read: who, on behalf of which unit, to where. */
export async function listTimeline(db: Queryable, dossierId: string, afterSeq = 0): Promise<TimelineRow[]> {
  return db
    .selectFrom('dossier_actions as a')
    .leftJoin('users as actor', 'actor.id', 'a.actor_id')
    .leftJoin('units as u', 'u.id', 'a.unit_id')
    .leftJoin('agencies as ag', 'ag.id', 'a.agency_id')
    .leftJoin('units as tu', 'tu.id', 'a.to_unit_id')
    .leftJoin('agencies as ta', 'ta.id', 'a.to_agency_id')
    .leftJoin('users as assignee', 'assignee.id', 'a.assignee_id')
    .select(ACTION_COLUMNS)
    .select([
      'actor.full_name as actor_name',
      'u.name as unit_name',
      'ag.name as agency_name',
      'tu.name as to_unit_name',
      'ta.name as to_agency_name',
      'assignee.full_name as assignee_name',
    ])
    .where('a.dossier_id', '=', dossierId)
    .where('a.seq', '>', afterSeq)
    .orderBy('a.seq')
    .execute();
}

// Files, fees and queues live in their own files; re-exported so `dossiers.repository.ts` stays the one entry point
// other modules (print, sync, notifications) read dossier facts through.
export * from './dossier-parts.repository.ts';
export * from './queue.repository.ts';
