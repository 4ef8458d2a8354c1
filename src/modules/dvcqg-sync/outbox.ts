import { sql } from 'kysely';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import { type SyncAction, type SyncSnapshot, callsForAction } from './dvcqg-mapper.ts';
import type { DvcqgCall } from './dvcqg-model.ts';

/** The queue whose jobs ask a worker to deliver one dossier's pending calls. */
export const DVCQG_DELIVER_QUEUE = 'dvcqg.deliver';

/** One dossier change for the portal: which dossier, its snapshot after the action, and the action. */
export type SyncChange = { dossierId: string; unitId: string; snapshot: SyncSnapshot; action: SyncAction };

/**
 * Records the portal calls of a dossier change in the caller's transaction (the change and its calls commit or roll
 * back together), and asks a worker to deliver them.
 */
export async function recordSyncChange(trx: Tx, jobs: Pick<Jobs, 'enqueue'>, change: SyncChange): Promise<void> {
  const calls = callsForAction(change.snapshot, change.action);
  await trx
    .insertInto('dvcqg_outbox')
    .values(
      calls.map((call, part) => ({
        id: newId(),
        unit_id: change.unitId,
        dossier_id: change.dossierId,
        dossier_code: change.snapshot.code,
        seq: change.action.seq,
        part,
        service: call.service,
        body: JSON.stringify(call),
      })),
    )
    .execute();
  await jobs.enqueue(trx, DVCQG_DELIVER_QUEUE, { dossierId: change.dossierId });
}

export type OutboxRow = {
  id: string;
  dossier_code: string;
  seq: number;
  part: number;
  service: string;
  body: DvcqgCall;
  attempts: number;
};

/**
 * Claims the oldest pending call of a dossier for `leaseSeconds`, if it is due and nobody holds it. Only the head
 * of a dossier's queue can be claimed, so its calls leave one at a time and in order, whatever the number of workers.
 * @returns the call, or undefined when there is nothing to do now
 */
export async function claimHead(
  db: Queryable,
  dossierId: string,
  leaseSeconds: number,
): Promise<OutboxRow | undefined> {
  const result = await sql<OutboxRow>`
    WITH head AS (
      SELECT id, claimed_until, next_attempt_at FROM dvcqg_outbox
      WHERE dossier_id = ${dossierId} AND delivered_at IS NULL
      ORDER BY seq, part LIMIT 1 FOR UPDATE
    )
    UPDATE dvcqg_outbox AS o SET claimed_until = now() + make_interval(secs => ${leaseSeconds})
    FROM head
    WHERE o.id = head.id AND (head.claimed_until IS NULL OR head.claimed_until < now()) AND head.next_attempt_at <= now()
    RETURNING o.id, o.dossier_code, o.seq, o.part, o.service, o.body, o.attempts`.execute(db);
  return result.rows[0];
}

/** Marks a claimed call as accepted by the portal. */
export async function markDelivered(db: Queryable, id: string): Promise<void> {
  await db
    .updateTable('dvcqg_outbox')
    .set({ delivered_at: sql`now()`, claimed_until: null, last_error: null })
    .where('id', '=', id)
    .execute();
}

/** Records a failed attempt and when to try again; the call stays at the head of its dossier's queue. */
export async function markFailed(db: Queryable, id: string, error: string, retryInMs: number): Promise<void> {
  await db
    .updateTable('dvcqg_outbox')
    .set({
      attempts: sql`attempts + 1`,
      last_error: error.slice(0, 2000),
      next_attempt_at: sql`now() + make_interval(secs => ${retryInMs / 1000})`,
      claimed_until: null,
    })
    .where('id', '=', id)
    .execute();
}

/** Dossiers whose next call is due and not held by a worker: what the sweeper re-kicks. */
export async function dossiersDue(db: Queryable, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('dvcqg_outbox')
    .select('dossier_id')
    .distinct()
    .where('delivered_at', 'is', null)
    .where('next_attempt_at', '<=', sql<Date>`now()`)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', sql<Date>`now()`)]))
    .limit(limit)
    .execute();
  return rows.map((r) => r.dossier_id);
}
