import { type Expression, type SqlBool, sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import { toUuidArray } from '../../platform/db/scope-filter.ts';
import { CLOCK_RUNNING_STATUSES, type DossierStatus } from './dossier-model.ts';

/** The SQL of work queues and of the names a dossier's page shows. */

export type QueueFilter = {
  /** Where the caller may see dossiers (SQL condition over the dossiers row `d`). */
  visible: Expression<SqlBool>;
  statuses?: readonly DossierStatus[] | undefined;
  assigneeId?: string | undefined;
  overdueAt?: Date | undefined;
  procedureId?: string | undefined;
  /** Only dossiers now at this unit or below it. */
  unitId?: string | undefined;
  /** By time left at `now` (the same marks as src/web/lib/time-left.ts). */
  timeLeft?: { mark: 'nearDue' | 'onTime' | 'paused'; now: Date } | undefined;
  q?: string | undefined;
  after?: { queueDueAt: Date; id: string } | undefined;
  limit: number;
};

export type QueueRow = {
  id: string;
  code: string;
  status: string;
  channel: string;
  procedure_id: string;
  procedure_name: string;
  applicant_name: string;
  receiving_unit_name: string;
  current_step_id: string | null;
  current_unit_name: string;
  current_agency_name: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  submitted_at: Date;
  due_at: Date | null;
  step_due_at: Date | null;
  paused_at: Date | null;
  is_late: boolean;
  version: number;
  queue_due_at: Date;
};

/** A page of the work queue, most urgent first (by due time), `limit + 1` rows for pagination. */
export async function findQueue(db: Queryable, filter: QueueFilter): Promise<QueueRow[]> {
  let qb = db
    .selectFrom('dossiers as d')
    .innerJoin('procedures as p', 'p.id', 'd.procedure_id')
    .innerJoin('units as ru', 'ru.id', 'd.receiving_unit_id')
    .innerJoin('units as cu', 'cu.id', 'd.current_unit_id')
    .leftJoin('agencies as ca', 'ca.id', 'd.current_agency_id')
    .leftJoin('users as au', 'au.id', 'd.assignee_id')
    .select([
      'd.id',
      'd.code',
      'd.status',
      'd.channel',
      'd.procedure_id',
      'p.name as procedure_name',
      'd.applicant_name',
      'ru.name as receiving_unit_name',
      'd.current_step_id',
      'cu.name as current_unit_name',
      'ca.name as current_agency_name',
      'd.assignee_id',
      'au.full_name as assignee_name',
      'd.submitted_at',
      'd.due_at',
      'd.step_due_at',
      'd.paused_at',
      'd.is_late',
      'd.version',
      'd.queue_due_at',
    ])
    .where(filter.visible);
  if (filter.statuses && filter.statuses.length > 0) {
    qb = qb.where('d.status', 'in', [...filter.statuses]);
  }
  if (filter.assigneeId) qb = qb.where('d.assignee_id', '=', filter.assigneeId);
  if (filter.procedureId) qb = qb.where('d.procedure_id', '=', filter.procedureId);
  if (filter.overdueAt) {
    qb = qb
      .where('d.due_at', '<', filter.overdueAt)
      .where('d.paused_at', 'is', null)
      .where('d.completed_at', 'is', null)
      .where('d.status', 'in', ['received', 'in_progress', 'consulting', 'processed']);
  }
  if (filter.unitId) {
    qb = qb.where(sql<SqlBool>`${filter.unitId}::uuid = ANY(cu.ancestor_ids)`);
  }
  if (filter.timeLeft) {
    qb = qb.where(timeLeftCondition(filter.timeLeft.mark, filter.timeLeft.now));
  }
  const q = filter.q;
  if (q) {
    const literal = q.replace(/[\\%_]/g, (c) => `\\${c}`);
    const term = `%${literal}%`;
    qb = qb.where((eb) =>
      eb.or([
        eb('d.code', 'like', `${literal.toUpperCase()}%`),
        eb('d.applicant_name_search', 'like', sql<string>`search_text(${term})`),
        // An ID number is matched whole: a prefix of someone's ID is not a search for them.
        eb('d.applicant_personal_id', '=', q),
        eb('d.applicant_tax_code', '=', q),
      ]),
    );
  }
  if (filter.after) {
    qb = qb.where(sql<SqlBool>`(d.queue_due_at, d.id) > (${filter.after.queueDueAt}, ${filter.after.id}::uuid)`);
  }
  const rows = await qb
    .orderBy('d.queue_due_at')
    .orderBy('d.id')
    .limit(filter.limit + 1)
    .execute();
  return rows as QueueRow[];
}

/**
 * The SQL of a time-left mark, judged as timeLeftOf() judges it: "near due" is the last quarter of the time the
 * dossier had (submission to due), at least one hour and at most one day; "on time" is before that window.
 */
function timeLeftCondition(mark: 'nearDue' | 'onTime' | 'paused', now: Date): Expression<SqlBool> {
  if (mark === 'paused') {
    return sql<SqlBool>`d.paused_at IS NOT NULL`;
  }
  const running = sql<SqlBool>`d.paused_at IS NULL AND d.due_at IS NOT NULL AND d.due_at >= ${now}
    AND d.status IN (${sql.join([...CLOCK_RUNNING_STATUSES])})`;
  const window = sql`least(interval '24 hours', greatest(interval '1 hour', (d.due_at - d.submitted_at) / 4))`;
  return mark === 'nearDue'
    ? sql<SqlBool>`(${running} AND d.due_at - ${now}::timestamptz <= ${window})`
    : sql<SqlBool>`(${running} AND d.due_at - ${now}::timestamptz > ${window})`;
}

/** The procedures and units of the open dossiers a caller sees: the choices of the queue's filters. */
export async function findQueueFacets(
  db: Queryable,
  visible: Expression<SqlBool>,
  statuses: readonly DossierStatus[],
  ownUnitIds: readonly string[],
): Promise<{ procedures: { id: string; name: string }[]; units: { id: string; name: string; depth: number }[] }> {
  const procedures = await db
    .selectFrom('dossiers as d')
    .innerJoin('procedures as p', 'p.id', 'd.procedure_id')
    .select(['p.id', 'p.name'])
    .distinct()
    .where(visible)
    .where('d.status', 'in', [...statuses])
    .orderBy('p.name')
    .limit(300)
    .execute();
  // The caller's own units (a leader picks a whole district) and every unit holding one of the dossiers now.
  const units = await db
    .selectFrom('units as u')
    .select(['u.id', 'u.name', sql<number>`cardinality(u.ancestor_ids)`.as('depth')])
    .where((eb) =>
      eb.or([
        sql<SqlBool>`u.id = ANY(${toUuidArray(ownUnitIds)})`,
        eb(
          'u.id',
          'in',
          eb
            .selectFrom('dossiers as d')
            .select('d.current_unit_id')
            .where(visible)
            .where('d.status', 'in', [...statuses]),
        ),
      ]),
    )
    .orderBy('depth')
    .orderBy('u.name')
    .limit(300)
    .execute();
  return { procedures, units: units.map((u) => ({ ...u, depth: Number(u.depth) })) };
}

/**
 * Officers a leader may hand dossiers to: active staff holding a role that works dossier steps, granted inside
 * `within` (the leader's assign scope). The engine still checks each dossier's step role when assigning.
 */
export async function findAssignableOfficers(
  db: Queryable,
  within: Expression<SqlBool>,
): Promise<{ id: string; full_name: string; unit_name: string }[]> {
  return db
    .selectFrom('users as u')
    .innerJoin('role_grants as g', 'g.user_id', 'u.id')
    .innerJoin('units as gu', 'gu.id', 'g.unit_id')
    .select(['u.id', 'u.full_name', sql<string>`min(gu.name)`.as('unit_name')])
    .where('u.kind', '=', 'staff')
    .where('u.status', '=', 'active')
    .where('g.role', 'in', ['specialist', 'one_stop_officer', 'leader'])
    .where(within)
    .groupBy(['u.id', 'u.full_name'])
    .orderBy('u.full_name')
    .limit(300)
    .execute();
}

export type DossierLabels = {
  procedure_code: string;
  procedure_name: string;
  receiving_unit_name: string;
  receiving_agency_code: string | null;
  receiving_agency_name: string;
  current_unit_name: string;
  current_agency_name: string | null;
  assignee_name: string | null;
};

/** The names a dossier's page shows: procedure, desk, where it is and who has it. */
export async function findDossierLabels(db: Queryable, id: string): Promise<DossierLabels | undefined> {
  return db
    .selectFrom('dossiers as d')
    .innerJoin('procedures as p', 'p.id', 'd.procedure_id')
    .innerJoin('units as ru', 'ru.id', 'd.receiving_unit_id')
    .innerJoin('agencies as ra', 'ra.id', 'd.receiving_agency_id')
    .innerJoin('units as cu', 'cu.id', 'd.current_unit_id')
    .leftJoin('agencies as ca', 'ca.id', 'd.current_agency_id')
    .leftJoin('users as au', 'au.id', 'd.assignee_id')
    .select([
      'p.code as procedure_code',
      'p.name as procedure_name',
      'ru.name as receiving_unit_name',
      'ra.code as receiving_agency_code',
      'ra.name as receiving_agency_name',
      'cu.name as current_unit_name',
      'ca.name as current_agency_name',
      'au.full_name as assignee_name',
    ])
    .where('d.id', '=', id)
    .executeTakeFirst();
}
