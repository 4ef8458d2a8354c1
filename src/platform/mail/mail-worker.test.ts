import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { eventually } from '../../../test/support/browser.ts';
import { type Jobs, createJobs } from '../jobs/jobs.ts';
import { MAIL_QUEUE, enqueueMail, registerMailWorker } from './mail-worker.ts';
import type { MailMessage, Mailer } from './mailer.ts';

/** Mail queued in the transaction of the change that causes it, delivered by the worker. */
describe('mail queue and worker', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let jobs: Jobs;
  const sent: MailMessage[] = [];
  const mailer: Mailer = {
    async send(message) {
      sent.push(message);
      return { messageId: `<${sent.length}@test>` };
    },
    close() {},
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    jobs = createJobs(database);
    await jobs.start();
  });
  afterAll(async () => {
    await jobs.stop();
    await database.drop();
  });

  const queued = async () =>
    (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${MAIL_QUEUE}`.execute(
        database.db,
      )
    ).rows[0]?.n ?? 0;

  it('queues inside a transaction even before the queue exists (no deadlock on the one embedded connection)', async () => {
    const message = { to: 'a@example.vn', subject: 'Thử', text: 'Nội dung' };
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('enqueue hung')), 10_000));
    await expect(
      Promise.race([
        database.db.transaction().execute(async (trx) => {
          await enqueueMail(jobs, trx, message);
          throw new Error('roll back');
        }),
        timeout,
      ]),
    ).rejects.toThrow('roll back');
    expect(await queued()).toBe(0);
    await database.db.transaction().execute((trx) => enqueueMail(jobs, trx, message));
    expect(await queued()).toBe(1);
  });

  it('refuses a malformed message before it reaches the queue', async () => {
    await expect(enqueueMail(jobs, database.db, { to: 'x', subject: '', text: '' })).rejects.toThrow();
  });

  it('hands queued mail to the mailer once the worker runs', async () => {
    await registerMailWorker({ jobs, mailer });
    await eventually(async () => (sent.length >= 1 ? true : undefined));
    expect(sent[0]).toEqual({ to: 'a@example.vn', subject: 'Thử', text: 'Nội dung' });
  });
});
