import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { Database, Queryable } from '../db/database.ts';

/** The PostgreSQL schema pg-boss keeps its tables in. */
const JOBS_SCHEMA = 'pgboss';

/**
 * Background jobs on pg-boss, stored in the platform's own database (embedded or PostgreSQL), so enqueuing can
 * join the transaction of the change that causes it: the job exists exactly when the change committed.
 */
export type JobHandler<T> = (data: T, job: { id: string; name: string }) => Promise<void>;

export type Jobs = {
  start(): Promise<void>;
  /** Registers a worker (only in processes that run workers). */
  work<T extends object>(name: string, handler: JobHandler<T>, options?: { batchSize?: number; pollingIntervalSeconds?: number }): Promise<void>;
  /** Enqueues a job inside the caller's transaction (or on its own when given the database). */
  enqueue(db: Queryable, name: string, data: object, options?: PgBoss.SendOptions): Promise<string | null>;
  schedule(name: string, cron: string, data?: object): Promise<void>;
  stop(): Promise<void>;
  boss: PgBoss;
};

/**
 * Creates the job runner over the platform database. Queues are created on first use.
 * Every process starts it (so its tables exist before anything is queued); only processes that run workers
 * `supervise` (maintenance, expiry, cron), so web-only processes add no background load.
 */
export function createJobs(database: Database, options: { supervise?: boolean } = {}): Jobs {
  const supervise = options.supervise ?? true;
  const boss = new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => database.execute(text, values) },
    schema: JOBS_SCHEMA,
    supervise,
    schedule: supervise,
    // Maintenance every 2 minutes is plenty for a province and keeps the single embedded connection free.
    maintenanceIntervalSeconds: 120,
  });
  boss.on('error', () => {
    // pg-boss reports transient database errors here and retries by itself; workers log their own failures.
  });
  const created = new Set<string>();
  let started = false;

  async function ensureQueue(name: string): Promise<void> {
    if (created.has(name)) {
      return;
    }
    await boss.createQueue(name);
    created.add(name);
  }

  return {
    boss,
    async start() {
      if (!started) {
        await boss.start();
        started = true;
      }
    },
    async work(name, handler, options = {}) {
      await ensureQueue(name);
      await boss.work<object>(
        name,
        { batchSize: options.batchSize ?? 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
        async (jobs) => {
          for (const job of jobs) {
            await handler(job.data as never, { id: job.id, name: job.name });
          }
        },
      );
    },
    async enqueue(db, name, data, options = {}) {
      const executeSql = async (text: string, values?: unknown[]) => {
        const result = await db.executeQuery(CompiledQuery.raw(text, values ?? []));
        return { rows: result.rows };
      };
      if (!created.has(name)) {
        if (db.isTransaction) {
          // Create the queue through the caller's own connection: on PGlite the pool's only connection is the one
          // holding this transaction, so asking the pool (as boss.createQueue does) would wait forever.
          // create_queue is idempotent; the queue is not remembered, because a rollback would undo it.
          await executeSql(`SELECT ${JOBS_SCHEMA}.create_queue($1, $2)`, [name, { policy: 'standard' }]);
        } else {
          await ensureQueue(name);
        }
      }
      return boss.send(name, data, { retryLimit: 5, retryBackoff: true, ...options, db: { executeSql } });
    },
    async schedule(name, cron, data = {}) {
      await ensureQueue(name);
      await boss.schedule(name, cron, data, { tz: 'Asia/Ho_Chi_Minh' });
    },
    async stop() {
      if (started) {
        // graceful: wait for running handlers to finish before the database closes
        await boss.stop({ graceful: true, wait: true, timeout: 20_000 });
        started = false;
      }
    },
  };
}
