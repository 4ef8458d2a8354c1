import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { AppConfig } from '../../config.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import { type DeliveryOptions, createDelivery, registerDvcqgDelivery } from './delivery-worker.ts';
import { createDvcqgClient } from './dvcqg-client.ts';
import { localReceiverPlugin } from './local-receiver.ts';

/** Where the local stand-in of the portal is mounted when DVCQG_SANDBOX=true. */
export const DVCQG_SANDBOX_PREFIX = '/dvcqg-sandbox';

/** True when dossier changes are to be recorded for the portal (a portal, or the sandbox, is configured). */
export function dvcqgSyncEnabled(config: Pick<AppConfig, 'dvcqg'>): boolean {
  return config.dvcqg.url !== undefined;
}

/**
 * Starts delivery of the outbox where workers run; does nothing when no portal is configured.
 * @returns a function that stops it
 */
export async function startDvcqgSync(
  platform: { config: Pick<AppConfig, 'dvcqg'>; database: Database; jobs: Jobs },
  log: FastifyBaseLogger,
  options: DeliveryOptions = {},
): Promise<() => void> {
  const { url, username, password, agencyCode } = platform.config.dvcqg;
  if (!url) {
    return () => {};
  }
  const client = createDvcqgClient({ url, username, password, agencyCode });
  const delivery = createDelivery(platform.database, platform.jobs, client, { log, ...options });
  return registerDvcqgDelivery(platform.jobs, delivery, { log, ...options });
}

/** Mounts the local stand-in of the portal when configured (demo; see local-receiver.ts). */
export async function mountDvcqgSandbox(
  app: FastifyInstance,
  config: Pick<AppConfig, 'dvcqg'>,
  database: Database,
): Promise<void> {
  if (!config.dvcqg.sandbox) return;
  await app.register(localReceiverPlugin, {
    prefix: DVCQG_SANDBOX_PREFIX,
    db: database.db,
    username: config.dvcqg.username,
    password: config.dvcqg.password,
  });
}
