import { z } from 'zod';
import type { Queryable } from '../db/database.ts';
import type { Jobs } from '../jobs/jobs.ts';
import type { SmsMessage, SmsSender } from './sms.ts';

/** The queue every outgoing text message goes through. */
export const SMS_QUEUE = 'sms.send';

const SmsJob = z.object({
  to: z.string().regex(/^\+\d{8,15}$/, 'E.164 phone number'),
  text: z.string().min(1).max(1000),
});

/**
 * Queues a text message inside the caller's transaction, like mail: it goes out only if the change that causes it
 * commits, and a gateway outage delays it instead of failing the request.
 */
export async function enqueueSms(jobs: Pick<Jobs, 'enqueue'>, db: Queryable, message: SmsMessage): Promise<void> {
  await jobs.enqueue(db, SMS_QUEUE, SmsJob.parse(message));
}

/**
 * Starts the worker that hands queued messages to the configured transport; a failed send throws, so pg-boss
 * retries it with backoff. Run only where workers run.
 */
export async function registerSmsWorker(platform: { jobs: Jobs; sms: SmsSender }): Promise<void> {
  await platform.jobs.start();
  await platform.jobs.work<SmsMessage>(
    SMS_QUEUE,
    async (data) => {
      await platform.sms.send(SmsJob.parse(data));
    },
    { pollingIntervalSeconds: 1 },
  );
}
