import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import type { Jobs } from '../jobs/jobs.ts';
import type { Mailer, MailMessage } from './mailer.ts';

/** The queue every outgoing e-mail goes through. */
export const MAIL_QUEUE = 'mail.send';

const MailJob = z.object({
  to: z.string().min(3).max(320),
  subject: z.string().min(1).max(400),
  text: z.string().min(1),
  html: z.string().optional(),
});

/**
 * Queues an e-mail inside the caller's transaction: the mail goes out only if the change that causes it commits,
 * and a mail server that is down delays the mail instead of failing the request.
 */
export async function enqueueMail(jobs: Pick<Jobs, 'enqueue'>, db: Queryable, message: MailMessage): Promise<void> {
  await jobs.enqueue(db, MAIL_QUEUE, MailJob.parse(message));
}

/**
 * Starts the worker that hands queued mails to the configured transport. Run only where workers run
 * (config.runWorkers, or `egov worker`); a failed send throws, so pg-boss retries it with backoff.
 */
export async function registerMailWorker(platform: { jobs: Jobs; mailer: Mailer }): Promise<void> {
  await platform.jobs.start();
  await platform.jobs.work<MailMessage>(
    MAIL_QUEUE,
    async (data) => {
      await platform.mailer.send(MailJob.parse(data));
    },
    { pollingIntervalSeconds: 1 },
  );
}
