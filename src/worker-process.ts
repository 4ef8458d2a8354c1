import pino from 'pino';
import { buildApp } from './app.ts';
import type { AppConfig } from './config.ts';
import { startWorkers } from './workers.ts';

/**
 * A process that runs only background work (jobs, audit sealing) against the shared database: the scale-out
 * shape, next to stateless web processes started with RUN_WORKERS=false.
 */
export async function runWorkerProcess(config: AppConfig): Promise<void> {
  const app = await buildApp(config);
  await app.ready();
  const log = pino({ level: config.logLevel });
  const stopTimers = await startWorkers(app.platform, app.log);
  log.info('worker started');
  const shutdown = async () => {
    stopTimers();
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}
