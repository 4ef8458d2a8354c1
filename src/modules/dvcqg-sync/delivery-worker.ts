import type { Database } from '../../platform/db/database.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import { type DvcqgClient, DvcqgError } from './dvcqg-client.ts';
import { DVCQG_DELIVER_QUEUE, claimHead, dossiersDue, markDelivered, markFailed } from './outbox.ts';

/**
 * Delivers the outbox to the portal. A `dvcqg.deliver` job (queued with each change) delivers one dossier's pending
 * calls in order until one fails or a batch is done; a failure stays at the head of that dossier's queue with an
 * exponential backoff, and a sweeper re-kicks dossiers whose next attempt is due. Calls of other dossiers are not
 * held up by it. A call whose acknowledgement is lost (crash after the POST) is sent again with the same id, and
 * the receiver de-duplicates it: each change arrives exactly once.
 */

export type DeliveryOptions = {
  /** How long a worker holds a dossier's head call; longer than one HTTP attempt. */
  leaseSeconds?: number;
  /** Calls delivered per job before handing the rest to a new job (bounds a graceful shutdown). */
  batchSize?: number;
  /** First retry delay and its ceiling; it doubles per failed attempt. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** How often the sweeper looks for due dossiers. */
  sweepIntervalMs?: number;
  pollingIntervalSeconds?: number;
  log?: { warn(object: object, message: string): void };
};

export type Delivery = {
  /** Delivers one dossier's due calls in order. @returns how many were delivered, and whether one failed */
  deliverDossier(dossierId: string): Promise<{ delivered: number; failed: boolean; more: boolean }>;
  /** Queues a delivery job for a dossier (at most one per sweep interval and dossier). */
  kick(dossierId: string): Promise<void>;
  /** Queues a delivery job for every dossier with a call due. @returns how many */
  sweep(): Promise<number>;
  /** Stops between calls and stops the sweeper. */
  stop(): void;
};

/** The retry delay after `attempts` failures: base·2^(attempts−1), capped. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

export function createDelivery(
  database: Pick<Database, 'db'>,
  jobs: Pick<Jobs, 'enqueue'>,
  client: DvcqgClient,
  options: DeliveryOptions = {},
): Delivery {
  const lease = options.leaseSeconds ?? 90;
  const batch = options.batchSize ?? 20;
  const base = options.backoffBaseMs ?? 5_000;
  const max = options.backoffMaxMs ?? 60 * 60_000;
  const throttleSeconds = Math.max(1, Math.round((options.sweepIntervalMs ?? 15_000) / 1000));
  let stopping = false;

  return {
    async deliverDossier(dossierId) {
      let delivered = 0;
      while (!stopping && delivered < batch) {
        const row = await claimHead(database.db, dossierId, lease);
        if (!row) return { delivered, failed: false, more: false };
        try {
          await client.send(row.body, row.id);
        } catch (error) {
          const message = error instanceof DvcqgError ? error.message : `unexpected: ${(error as Error).message}`;
          await markFailed(database.db, row.id, message, backoffMs(row.attempts + 1, base, max));
          options.log?.warn(
            { dossier: row.dossier_code, seq: row.seq, service: row.service, err: message },
            'DVCQG call failed; will retry',
          );
          return { delivered, failed: true, more: true };
        }
        await markDelivered(database.db, row.id);
        delivered += 1;
      }
      return { delivered, failed: false, more: true };
    },
    async kick(dossierId) {
      // A throttled singleton: repeated sweeps while a worker is busy do not pile up jobs for the same dossier.
      await jobs.enqueue(
        database.db,
        DVCQG_DELIVER_QUEUE,
        { dossierId },
        { singletonKey: dossierId, singletonSeconds: throttleSeconds },
      );
    },
    async sweep() {
      const due = await dossiersDue(database.db, 500);
      for (const dossierId of due) {
        await this.kick(dossierId);
      }
      return due.length;
    },
    stop() {
      stopping = true;
    },
  };
}

/**
 * Starts the delivery worker and its sweeper in a process that runs workers.
 * @returns a function that stops both (running deliveries finish the call in flight)
 */
export async function registerDvcqgDelivery(
  jobs: Jobs,
  delivery: Delivery,
  options: DeliveryOptions = {},
): Promise<() => void> {
  await jobs.start();
  await jobs.work<{ dossierId: string }>(
    DVCQG_DELIVER_QUEUE,
    async ({ dossierId }) => {
      const result = await delivery.deliverDossier(dossierId);
      if (result.more && !result.failed) {
        // A long backlog: hand the rest to a fresh job so one dossier cannot hold a worker (or a shutdown) for long.
        await delivery.kick(dossierId);
      }
    },
    { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 },
  );
  let sweeping = false;
  const timer = setInterval(async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      await delivery.sweep();
    } catch (error) {
      options.log?.warn({ err: error }, 'DVCQG sweep failed; will retry');
    } finally {
      sweeping = false;
    }
  }, options.sweepIntervalMs ?? 15_000);
  timer.unref();
  return () => {
    clearInterval(timer);
    delivery.stop();
  };
}
