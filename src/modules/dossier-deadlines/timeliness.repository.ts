import { sql } from 'kysely';
import type { Scope } from '../../platform/auth/scope.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { CLOCK_RUNNING_STATUSES } from '../dossiers/dossier-model.ts';

/**
 * The SQL of the timeliness report: dossiers received under a unit, counted by when they were received, finished,
 * returned, refused or withdrawn, and how their finishing compared with their appointment.
 *
 * A dossier counts for the unit that received it (the one answerable to the applicant, as the national portal
 * counts) and for every unit above it. Days are local days (Asia/Ho_Chi_Minh: UTC+7, no summer time).
 */

export type TimelinessCounts = {
  received: number;
  finished: number;
  finishedEarly: number;
  finishedOnTime: number;
  finishedLate: number;
  apologized: number;
  returned: number;
  refused: number;
  withdrawn: number;
  inProgress: number;
  overdue: number;
};

export type TimelinessRow = TimelinessCounts & {
  /** The child of the unit the row counts for; null for dossiers received by the unit itself. */
  child_unit_id: string | null;
};

const localDay = (column: string) => sql.raw(`((${column} at time zone 'UTC') + interval '7 hours')::date`);

/**
 * Counts per child of the unit (and one row, child null, for the unit's own dossiers).
 * @param depth the unit's position in its ancestry (1 for the root)
 * @param period local days, `to` inclusive
 */
export async function countTimeliness(
  db: Queryable,
  input: { unitId: string; depth: number; from: string; to: string; now: Date },
): Promise<TimelinessRow[]> {
  const { unitId, depth, from, to, now } = input;
  const running = sql.join(CLOCK_RUNNING_STATUSES.map((s) => sql.lit(s)));
  const inPeriod = (column: string) => sql`${localDay(column)} between ${from}::date and ${to}::date`;
  const apologized = sql`exists (select 1 from dossier_actions x where x.dossier_id = d.id and x.action = 'apologize')`;
  const finished = inPeriod('d.completed_at');
  const lateFinish = sql`(d.is_late or ${apologized})`;
  const actedInPeriod = (action: string) =>
    sql`exists (select 1 from dossier_actions x where x.dossier_id = d.id and x.action = ${action} and ${inPeriod('x.at')})`;
  const count = (condition: ReturnType<typeof sql>) => sql<string>`count(*) filter (where ${condition})`;

  const result = await sql<Record<keyof TimelinessCounts, string> & { child_unit_id: string | null }>`
    select ru.ancestor_ids[${depth + 1}] as child_unit_id,
      ${count(inPeriod('d.received_at'))} as "received",
      ${count(finished)} as "finished",
      ${count(sql`${finished} and not ${lateFinish} and ${localDay('d.completed_at')} < ${localDay('d.due_at')}`)} as "finishedEarly",
      ${count(sql`${finished} and not ${lateFinish} and ${localDay('d.completed_at')} >= ${localDay('d.due_at')}`)} as "finishedOnTime",
      ${count(sql`${finished} and ${lateFinish}`)} as "finishedLate",
      ${count(actedInPeriod('apologize'))} as "apologized",
      ${count(inPeriod('d.returned_at'))} as "returned",
      ${count(actedInPeriod('refuse'))} as "refused",
      ${count(actedInPeriod('withdraw'))} as "withdrawn",
      ${count(sql`d.status in (${running}, 'suspended', 'supplement_requested') and d.received_at is not null`)} as "inProgress",
      ${count(sql`d.status in (${running}) and d.paused_at is null and d.due_at < ${now}`)} as "overdue"
    from dossiers d
    join units ru on ru.id = d.receiving_unit_id
    where ru.ancestor_ids @> array[${unitId}]::uuid[]
    group by 1
  `.execute(db);
  return result.rows.map((row) => ({
    child_unit_id: row.child_unit_id,
    received: Number(row.received),
    finished: Number(row.finished),
    finishedEarly: Number(row.finishedEarly),
    finishedOnTime: Number(row.finishedOnTime),
    finishedLate: Number(row.finishedLate),
    apologized: Number(row.apologized),
    returned: Number(row.returned),
    refused: Number(row.refused),
    withdrawn: Number(row.withdrawn),
    inProgress: Number(row.inProgress),
    overdue: Number(row.overdue),
  }));
}

/** The unit with its ancestry, and its children in force on a day. */
export async function findUnitWithChildren(db: Queryable, unitId: string, day: string) {
  const unit = await db
    .selectFrom('units')
    .select(['id', 'name', 'kind', 'ancestor_ids'])
    .where('id', '=', unitId)
    .executeTakeFirst();
  if (!unit) return undefined;
  const children = await db
    .selectFrom('units')
    .select(['id', 'name', 'kind'])
    .where('parent_id', '=', unitId)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', day)]))
    .orderBy('name')
    .execute();
  return { unit, children };
}

/**
 * Units a scope may report on: everything under a root when the scope is everywhere, else the units whose whole
 * subtree it covers and the units it holds alone that have nothing below them.
 */
export async function listReportableUnits(db: Queryable, scope: Scope) {
  let qb = db.selectFrom('units as u').select(['u.id', 'u.name', 'u.ancestor_ids']).where('u.valid_to', 'is', null);
  if (!scope.everywhere) {
    const leaves = scope.unitIds.filter((id) => !scope.subtreeUnitIds.includes(id));
    qb = qb.where((eb) =>
      eb.or([
        eb(
          'u.id',
          'in',
          scope.subtreeUnitIds.length > 0 ? scope.subtreeUnitIds : ['00000000-0000-0000-0000-000000000000'],
        ),
        eb.and([
          eb('u.id', 'in', leaves.length > 0 ? leaves : ['00000000-0000-0000-0000-000000000000']),
          eb.not(eb.exists(eb.selectFrom('units as c').select('c.id').whereRef('c.parent_id', '=', 'u.id'))),
        ]),
      ]),
    );
  } else {
    qb = qb.where('u.parent_id', 'is', null);
  }
  const rows = await qb.execute();
  return rows.sort((a, b) => a.ancestor_ids.length - b.ancestor_ids.length || a.name.localeCompare(b.name, 'vi'));
}
