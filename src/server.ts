import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { AppConfig } from './config.ts';
import { sealAllAuditRows } from './platform/audit/audit.ts';
import { seedDemo } from './seed/index.ts';
import { startWorkers } from './workers.ts';

/**
 * Starts the platform in one process: migrates, seeds the demo tenant into an empty database when configured,
 * starts the job workers and listens. SIGTERM/SIGINT close it gracefully: the server stops accepting, in-flight
 * requests finish, running jobs finish, the audit chain is sealed, then the database closes.
 */
export async function startServer(config: AppConfig): Promise<FastifyInstance> {
  const app = await buildApp(config);
  if (config.seedDemo) {
    const report = await seedDemo(app.platform.database.db, { blobs: app.platform.blobs, pkiDir: config.pkiDir });
    if (report.seeded) {
      app.log.info(report, 'demo data loaded');
    }
  }
  if (config.runWorkers) {
    await startWorkers(app.platform, app.log);
  }
  app.addHook('preClose', async () => {
    await sealAllAuditRows(app.platform.database.db).catch((error) => app.log.warn({ err: error }, 'final audit seal failed'));
  });
  await app.listen({ port: config.port, host: config.host });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) {
      return;
    }
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 30_000);
    force.unref();
    try {
      await app.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return app;
}
