import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { type Jobs, createJobs } from './jobs.ts';

/** Waits until `check` holds or the time runs out. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not reached in time');
}

describe('jobs on the platform database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let jobs: Jobs;

  beforeAll(async () => {
    database = await createTestDatabase();
    await sql`CREATE TABLE job_probe (label text PRIMARY KEY, written_by text NOT NULL)`.execute(database.db);
    jobs = createJobs(database);
    await jobs.start();
    await jobs.work<{ label: string }>(
      'probe.write',
      async ({ label }) => {
        await database.db.insertInto('job_probe' as never).values({ label, written_by: 'job' } as never).execute();
      },
      { pollingIntervalSeconds: 0.5 },
    );
  });
  afterAll(async () => {
    await jobs.stop();
    await database.drop();
  });

  const labels = async () =>
    (await sql<{ label: string }>`SELECT label FROM job_probe ORDER BY label`.execute(database.db)).rows.map((r) => r.label);

  it("keeps a job's write and discards a concurrent request's rolled-back write", async () => {
    await jobs.enqueue(database.db, 'probe.write', { label: 'from-job' });
    const requestFailed = database.db
      .transaction()
      .execute(async (trx) => {
        await sql`INSERT INTO job_probe VALUES ('from-request', 'request')`.execute(trx);
        // Hold the transaction open across several polling rounds, so the job runs (or queues) meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        throw new Error('request failed');
      })
      .catch((error: Error) => error.message);
    expect(await requestFailed).toBe('request failed');
    await eventually(async () => (await labels()).includes('from-job'));
    expect(await labels()).toEqual(['from-job']);
  });

  it('runs a job enqueued in a committed transaction once, and never one whose transaction rolled back', async () => {
    await database.db
      .transaction()
      .execute(async (trx) => {
        await jobs.enqueue(trx, 'probe.write', { label: 'rolled-back' });
        throw new Error('abort');
      })
      .catch(() => undefined);
    await database.db.transaction().execute(async (trx) => {
      await jobs.enqueue(trx, 'probe.write', { label: 'committed' });
    });
    await eventually(async () => (await labels()).includes('committed'));
    // Give the rolled-back job every chance to show up if it (wrongly) existed.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await labels()).filter((l) => l === 'committed' || l === 'rolled-back')).toEqual(['committed']);
  });
});
