import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '../../../test/support/database.ts';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { NO_REQUEST, systemActor } from '../../platform/auth/actor.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { type ExchangeDelivery, createExchangeDelivery, registerExchangeDelivery } from './delivery.ts';
import type { IncomingChange, IncomingDocument, IncomingDocumentSink, RecallRequest } from './exchange.ports.ts';
import { loadExchangeSigner } from './keys.ts';
import type { TestIdentity } from './exchange-test-support.ts';

/**
 * Test-only: platform instances with their own database, signing key and delivery worker, for tests where two of
 * them talk over real HTTP. A is the Lào Cai demo; B hosts one agency of Cao Bằng.
 */

export const A_SENDER = '000.00.01.H38';
export const B_AGENCY = '000.00.00.H14';
export const NOT_ON_B = '000.00.05.H14';
export const TABLES_B = ['exchange_packages', 'exchange_trace', 'audit_log'] as const;

/** The document register of B, in test code: what the documents module will do, kept in memory. */
export function memorySink() {
  const calls: { kind: string; incoming: IncomingDocument; target?: IncomingChange['target'] }[] = [];
  const recalls: RecallRequest[] = [];
  const sink: IncomingDocumentSink = {
    async register(_trx: Tx, incoming) {
      calls.push({ kind: 'register', incoming });
      return { incomingDocumentId: `VBD-${calls.length}` };
    },
    async revoke(_trx, change) {
      calls.push({ kind: 'revoke', incoming: change, target: change.target });
    },
    async update(_trx, change) {
      calls.push({ kind: 'update', incoming: change, target: change.target });
      return { incomingDocumentId: change.target.incomingDocumentId };
    },
    async recallRequested(_trx, request) {
      recalls.push(request);
    },
    async replace(_trx, change) {
      calls.push({ kind: 'replace', incoming: change, target: change.target });
      return { incomingDocumentId: `VBD-${calls.length}` };
    },
  };
  return { sink, calls, recalls };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const FAST = {
  backoffBaseMs: 200,
  backoffMaxMs: 1_000,
  sweepIntervalMs: 250,
  pollingIntervalSeconds: 0.5,
  timeoutMs: 5_000,
};

export async function startInstance(
  identity: TestIdentity,
  sink?: IncomingDocumentSink,
  fetchImpl: typeof fetch = fetch,
) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'egov-exchange-'));
  mkdirSync(path.join(dataDir, 'pki'));
  copyFileSync(path.join(identity.dir, 'exchange.key.pem'), path.join(dataDir, 'pki', 'exchange.key.pem'));
  copyFileSync(path.join(identity.dir, 'exchange.cert.pem'), path.join(dataDir, 'pki', 'exchange.cert.pem'));
  const config = loadConfig(
    { NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', RUN_WORKERS: 'false' },
    { dataDir, appSecret: 'test-secret-test-secret-test-secret-0123456789' },
  );
  const database = await createTestDatabase();
  const app = await buildApp(config, {
    database,
    migrate: false,
    logger: false,
    ...(sink ? { exchangeSink: sink } : {}),
  });
  await app.ready();
  const signer = loadExchangeSigner(config);
  const delivery: ExchangeDelivery = createExchangeDelivery(
    { database, blobs: app.platform.blobs, jobs: app.platform.jobs, signer },
    FAST,
    fetchImpl,
  );
  const stopDelivery = await registerExchangeDelivery(app.platform.jobs, delivery, FAST);
  return {
    app,
    database,
    signer,
    async listen(port = 0) {
      const address = await app.listen({ port, host: '127.0.0.1' });
      return address;
    },
    async close() {
      stopDelivery();
      await app.close();
      await database.drop();
    },
  };
}

export type Instance = Awaited<ReturnType<typeof startInstance>>;
export const SYSTEM = { actor: systemActor('test'), meta: NO_REQUEST };

/** Makes `db` host one agency with this e-identifier code, in a province unit of its own. */
export async function hostAgency(db: Queryable, code: string, name: string): Promise<void> {
  const unitId = newId();
  await db
    .insertInto('units')
    .values({
      id: unitId,
      code: '04',
      name: 'Tỉnh Cao Bằng',
      kind: 'province',
      parent_id: null,
      ancestor_ids: [unitId],
    })
    .execute();
  await db
    .insertInto('agencies')
    .values({ id: newId(), unit_id: unitId, code, name, kind: 'people_committee' })
    .execute();
}
