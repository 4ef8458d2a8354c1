import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { type AppConfig, loadConfig } from '../../src/config.ts';
import type { Mailer } from '../../src/platform/mail/mailer.ts';
import { createTestDatabase } from './database.ts';

export type TestApp = {
  app: FastifyInstance;
  config: AppConfig;
  database: Awaited<ReturnType<typeof createTestDatabase>>;
  close(): Promise<void>;
};

/** A whole platform over a fresh database, for HTTP tests through `inject()`. */
export async function createTestApp(
  overrides: Partial<AppConfig> = {},
  mailer?: Mailer,
  /** Adds test-only routes or hooks before the app is sealed. */
  extend?: (app: FastifyInstance) => void,
): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'egov-test-'));
  const config = loadConfig(
    { NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', RUN_WORKERS: 'false' },
    { dataDir, appSecret: 'test-secret-test-secret-test-secret-0123456789', ...overrides },
  );
  const database = await createTestDatabase();
  const app = await buildApp(config, { database, migrate: false, logger: false, ...(mailer ? { mailer } : {}) });
  extend?.(app);
  await app.ready();
  return {
    app,
    config,
    database,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
