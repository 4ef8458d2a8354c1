import type { FastifyBaseLogger } from 'fastify';
import type { Platform } from './app.ts';
import { startDeadlineSweep } from './modules/dossier-deadlines/deadline-sweep.ts';
import { purgeExpiredDrafts } from './modules/dossier-drafts/dossier-drafts.service.ts';
import { registerDocumentWorkers } from './modules/documents/deadline-reminders.ts';
import { registerTaskWorkers } from './modules/tasks/task-reminders.ts';
import { startDvcqgSync } from './modules/dvcqg-sync/dvcqg-sync.ts';
import { startExchangeDelivery } from './modules/exchange/exchange.routes.ts';
import { sealAuditLog } from './platform/audit/audit.ts';
import { purgeIdempotencyKeys } from './platform/http/idempotency.ts';
import { registerMailWorker } from './platform/mail/mail-worker.ts';
import { registerSmsWorker } from './platform/sms/sms-worker.ts';

/**
 * Starts background work: the job runner with every module's workers, the audit-chain sealer and housekeeping.
 * Runs inside the web process by default, or alone in `egov worker` processes.
 * @returns a function that stops the timers (the job runner stops with the app).
 */
export async function startWorkers(platform: Platform, log: FastifyBaseLogger): Promise<() => void> {
  await platform.jobs.start();
  await registerMailWorker(platform);
  await registerSmsWorker(platform);
  await registerDocumentWorkers(platform);
  await registerTaskWorkers(platform);
  const stopDvcqgSync = await startDvcqgSync(platform, log);
  await startDeadlineSweep(platform, log);
  const stopExchange = await startExchangeDelivery(platform, log);
  const timers: NodeJS.Timeout[] = [];
  let sealing = false;
  timers.push(
    setInterval(async () => {
      if (sealing) return;
      sealing = true;
      try {
        await sealAuditLog(platform.database.db);
      } catch (error) {
        log.warn({ err: error }, 'audit sealing failed; will retry');
      } finally {
        sealing = false;
      }
    }, platform.config.auditSealIntervalSeconds * 1000),
  );
  timers.push(
    setInterval(
      () => {
        purgeIdempotencyKeys(platform.database).catch((error) => log.warn({ err: error }, 'idempotency purge failed'));
        purgeExpiredDrafts(platform.database.db, platform.clock.now()).catch((error) =>
          log.warn({ err: error }, 'draft purge failed'),
        );
      },
      60 * 60 * 1000,
    ),
  );
  for (const timer of timers) {
    timer.unref();
  }
  return () => {
    for (const timer of timers) clearInterval(timer);
    stopDvcqgSync();
    stopExchange();
  };
}
