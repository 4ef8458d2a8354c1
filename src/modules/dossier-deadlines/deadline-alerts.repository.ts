import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import { CLOCK_RUNNING_STATUSES } from '../dossiers/dossier-model.ts';

/** The SQL of deadline alerts: which open dossiers are near or past a due time, who leads a unit, what was sent. */

export type DeadlineCandidate = {
  id: string;
  code: string;
  procedure_name: string;
  current_unit_id: string;
  current_agency_id: string | null;
  unit_ancestor_ids: string[];
  current_step_id: string | null;
  assignee_id: string | null;
  step_due_at: Date | null;
  due_at: Date | null;
};

/**
 * Open dossiers whose clock runs and whose step or appointment falls before `horizon` (a wall-clock bound wide
 * enough for the warning window over any holiday; the caller decides in working time).
 */
export async function findDeadlineCandidates(db: Queryable, horizon: Date): Promise<DeadlineCandidate[]> {
  return db
    .selectFrom('dossiers as d')
    .innerJoin('procedures as p', 'p.id', 'd.procedure_id')
    .innerJoin('units as u', 'u.id', 'd.current_unit_id')
    .select([
      'd.id',
      'd.code',
      'p.name as procedure_name',
      'd.current_unit_id',
      'd.current_agency_id',
      'u.ancestor_ids as unit_ancestor_ids',
      'd.current_step_id',
      'd.assignee_id',
      'd.step_due_at',
      'd.due_at',
    ])
    .where('d.status', 'in', CLOCK_RUNNING_STATUSES)
    .where('d.paused_at', 'is', null)
    .where((eb) => eb.or([eb('d.step_due_at', '<', horizon), eb('d.due_at', '<', horizon)]))
    .orderBy('d.queue_due_at')
    .execute();
}

export type LeaderGrant = { user_id: string; unit_id: string; agency_id: string | null; includes_sub_units: boolean };

/** Active leaders holding their role in any of the units. */
export async function findLeaderGrants(db: Queryable, unitIds: readonly string[]): Promise<LeaderGrant[]> {
  if (unitIds.length === 0) return [];
  return db
    .selectFrom('role_grants as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select(['g.user_id', 'g.unit_id', 'g.agency_id', 'g.includes_sub_units'])
    .where('g.role', '=', 'leader')
    .where('g.unit_id', 'in', unitIds)
    .where('u.status', '=', 'active')
    .where('u.kind', '=', 'staff')
    .execute();
}

export type NewAlert = {
  id: string;
  dossier_id: string;
  target: 'step' | 'dossier';
  kind: 'due_soon' | 'overdue' | 'escalated';
  step_id: string | null;
  unit_id: string;
  due_at: Date;
  recipient_id: string;
  created_at: Date;
};

/** Inserts the alerts not raised before; returns only the new ones (the ones to send). */
export async function insertNewAlerts(db: Queryable, alerts: readonly NewAlert[]): Promise<NewAlert[]> {
  if (alerts.length === 0) return [];
  const inserted = await db
    .insertInto('dossier_deadline_alerts')
    .values(alerts.map((a) => ({ ...a })))
    .onConflict((oc) => oc.columns(['dossier_id', 'target', 'kind', 'due_at', 'recipient_id']).doNothing())
    .returning('id')
    .execute();
  const ids = new Set(inserted.map((r) => r.id));
  return alerts.filter((a) => ids.has(a.id));
}

/** Names and addresses of the recipients. */
export async function findRecipients(
  db: Queryable,
  userIds: readonly string[],
): Promise<{ id: string; full_name: string; email: string | null }[]> {
  if (userIds.length === 0) return [];
  return db.selectFrom('users').select(['id', 'full_name', 'email']).where('id', 'in', userIds).execute();
}

export type AlertRow = {
  id: string;
  dossier_id: string;
  code: string;
  procedure_name: string;
  target: 'step' | 'dossier';
  kind: 'due_soon' | 'overdue' | 'escalated';
  step_id: string | null;
  unit_name: string;
  due_at: Date;
  created_at: Date;
  still_open: boolean;
};

/** A recipient's alerts, newest first, `limit + 1` rows for pagination. */
export async function findAlertsOf(
  db: Queryable,
  recipientId: string,
  options: { before?: { createdAt: Date; id: string } | undefined; limit: number },
): Promise<AlertRow[]> {
  let qb = db
    .selectFrom('dossier_deadline_alerts as a')
    .innerJoin('dossiers as d', 'd.id', 'a.dossier_id')
    .innerJoin('procedures as p', 'p.id', 'd.procedure_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select([
      'a.id',
      'a.dossier_id',
      'd.code',
      'p.name as procedure_name',
      'a.target',
      'a.kind',
      'a.step_id',
      'u.name as unit_name',
      'a.due_at',
      'a.created_at',
      // Still worth acting on: the dossier is open and still has this due time.
      sql<boolean>`d.status in (${sql.join(CLOCK_RUNNING_STATUSES.map((s) => sql.lit(s)))})
        and (case when a.target = 'step' then d.step_due_at = a.due_at else d.due_at = a.due_at end)`.as('still_open'),
    ])
    .where('a.recipient_id', '=', recipientId);
  if (options.before) {
    const { createdAt, id } = options.before;
    qb = qb.where((eb) =>
      eb.or([eb('a.created_at', '<', createdAt), eb.and([eb('a.created_at', '=', createdAt), eb('a.id', '<', id)])]),
    );
  }
  return (await qb
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(options.limit + 1)
    .execute()) as AlertRow[];
}
