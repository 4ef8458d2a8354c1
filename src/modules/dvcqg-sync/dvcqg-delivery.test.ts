import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { newId } from '../../platform/ids.ts';
import { createDelivery, registerDvcqgDelivery } from './delivery-worker.ts';
import { createDvcqgClient } from './dvcqg-client.ts';
import type { SyncAction, SyncSnapshot } from './dvcqg-mapper.ts';
import type { SyncStatus } from './dvcqg-model.ts';
import { type LocalReceiverOptions, localReceiverPlugin } from './local-receiver.ts';
import { recordSyncChange } from './outbox.ts';

/**
 * The outbox against a real receiver over HTTP: the local stand-in of the portal runs as its own server with its own
 * database (it outlives the platform's restarts, as the national portal would), and the platform's database is a
 * durable one (PGlite on disk, or a PostgreSQL database) opened again by a second app.
 */

async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A database that survives closing: a PGlite data dir on disk, or a fresh PostgreSQL database. */
async function durableDatabase(): Promise<{ dataDir: string; databaseUrl: string | undefined; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'egov-dvcqg-'));
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return { dataDir, databaseUrl: undefined, drop: async () => {} };
  const name = `egov_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** The portal stand-in on 127.0.0.1 with its own database; `options` can be changed between tests. */
async function startReceiver(options: Partial<LocalReceiverOptions>) {
  const database = await createTestDatabase();
  const settings: Partial<LocalReceiverOptions> = { ...options };
  const server: FastifyInstance = Fastify({ logger: false });
  await server.register(localReceiverPlugin, {
    prefix: '/dvcqg-sandbox',
    db: database.db,
    username: 'laocai',
    password: 'mat-khau-dong-bo',
    get delayMs() {
      return settings.delayMs;
    },
    fault: (call) => settings.fault?.(call),
  });
  const address = await server.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `${address}/dvcqg-sandbox`,
    settings,
    database,
    records: () =>
      database.db
        .selectFrom('dvcqg_sandbox_records')
        .select(['request_id', 'service', 'dossier_code', 'body', 'received_order', 'times_received'])
        .orderBy('received_order')
        .execute(),
    async close() {
      await server.close();
      await database.drop();
    },
  };
}

const STATUSES: SyncStatus[] = ['submitted', 'received', 'in_progress', 'result_ready', 'returned'];

function change(dossierIndex: number, seq: number) {
  const code = `000.00.50.H38-260302-${String(dossierIndex).padStart(4, '0')}`;
  const status = STATUSES[seq - 1] ?? 'returned';
  const snapshot: SyncSnapshot = {
    code,
    procedure: { code: '1.001193.000.00.00.H38', name: 'Đăng ký khai sinh', fieldCode: 'HT', fieldName: 'Hộ tịch' },
    applicant: {
      kind: 'citizen',
      fullName: `Công dân ${dossierIndex}`,
      personalId: '010190001111',
      taxCode: null,
      email: null,
      phone: null,
      address: null,
    },
    ownerName: null,
    status,
    receivedAt: seq > 1 ? new Date('2026-03-02T09:00:00+07:00') : null,
    dueAt: seq > 1 ? new Date('2026-03-02T15:00:00+07:00') : null,
    completedAt: null,
    returnedAt: null,
    returnMethod: null,
    resultNumber: null,
    processingUnitName: 'Phường Lào Cai',
    note: null,
    files: [],
    fees: [],
    supplements: [],
  };
  const action: SyncAction = {
    seq,
    description: `Bước ${seq}`,
    at: new Date(Date.parse('2026-03-02T08:00:00+07:00') + seq * 60_000),
    actorName: 'Nguyễn Thị Hoa',
    actorTitle: null,
    unitName: 'Phường Lào Cai',
    status,
    stepStartedAt: null,
    stepDueAt: null,
  };
  return { code, snapshot, action };
}

describe('DVCQG sync outbox', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let store: Awaited<ReturnType<typeof durableDatabase>>;
  const dossierIds = [newId(), newId(), newId()];
  const ACTIONS = 4;
  const TOTAL = dossierIds.length * ACTIONS * 2;

  async function startPlatform() {
    const config = loadConfig(
      { NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', RUN_WORKERS: 'true' },
      {
        dataDir: store.dataDir,
        databaseUrl: store.databaseUrl,
        appSecret: 'test-secret-test-secret-test-secret-0123456789',
        dvcqg: {
          url: receiver.url,
          username: 'laocai',
          password: 'mat-khau-dong-bo',
          agencyCode: '000.00.00.H38',
          sandbox: false,
        },
      },
    );
    const app = await buildApp(config, { logger: false });
    await app.ready();
    const { url, username, password, agencyCode } = config.dvcqg;
    const client = createDvcqgClient({ url: url ?? '', username, password, agencyCode, timeoutMs: 5_000 });
    const options = {
      backoffBaseMs: 150,
      backoffMaxMs: 1_000,
      sweepIntervalMs: 300,
      batchSize: 3,
      pollingIntervalSeconds: 0.5,
    };
    const delivery = createDelivery(app.platform.database, app.platform.jobs, client, options);
    const stopDelivery = await registerDvcqgDelivery(app.platform.jobs, delivery, options);
    return {
      app,
      async close() {
        stopDelivery();
        await app.close();
      },
    };
  }

  beforeAll(async () => {
    receiver = await startReceiver({ delayMs: 60 });
    store = await durableDatabase();
  });
  afterAll(async () => {
    await receiver.close();
    await store.drop();
  });

  it('delivers each change exactly once to the local receiver across a restart, in order per dossier', async () => {
    const first = await startPlatform();
    const { database, jobs } = first.app.platform;
    // Interleave the dossiers, each change in its own transaction, as real dossier actions would be.
    for (let seq = 1; seq <= ACTIONS; seq++) {
      for (const [i, dossierId] of dossierIds.entries()) {
        const { snapshot, action } = change(i + 1, seq);
        await database.db
          .transaction()
          .execute((trx) => recordSyncChange(trx, jobs, { dossierId, unitId: newId(), snapshot, action }));
      }
    }
    // A change whose transaction rolls back leaves no call behind.
    await database.db
      .transaction()
      .execute(async (trx) => {
        const { snapshot, action } = change(9, 1);
        await recordSyncChange(trx, jobs, { dossierId: newId(), unitId: newId(), snapshot, action });
        throw new Error('the dossier change failed');
      })
      .catch(() => undefined);

    await eventually(async () => (await receiver.records()).length >= 5);
    await first.close();
    const midway = (await receiver.records()).length;
    expect(midway).toBeGreaterThan(0);
    expect(midway).toBeLessThan(TOTAL);

    const second = await startPlatform();
    try {
      const records = await eventually(async () => {
        const rows = await receiver.records();
        return rows.length >= TOTAL ? rows : undefined;
      });
      // Give a stray duplicate every chance to show up.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect((await receiver.records()).length).toBe(TOTAL);
      expect(records.every((r) => r.times_received === 1)).toBe(true);
      expect(records.some((r) => r.dossier_code.endsWith('-0009'))).toBe(false);

      for (const [i] of dossierIds.entries()) {
        const code = change(i + 1, 1).code;
        const mine = records.filter((r) => r.dossier_code === code);
        const order = mine.map((r) => {
          const body = r.body as {
            service: string;
            isUpdating?: string;
            data: { TrangThaiHoSo?: string; NoiDungXuLy?: string }[];
          };
          return `${body.service}:${body.data[0]?.TrangThaiHoSo ?? body.data[0]?.NoiDungXuLy}`;
        });
        expect(order).toEqual([
          'DongBoHoSoMC:1',
          'CapNhatTienDoHoSoMC:Bước 1',
          'DongBoHoSoMC:2',
          'CapNhatTienDoHoSoMC:Bước 2',
          'DongBoHoSoMC:4',
          'CapNhatTienDoHoSoMC:Bước 3',
          'DongBoHoSoMC:9',
          'CapNhatTienDoHoSoMC:Bước 4',
        ]);
        expect(mine[0]?.body).toMatchObject({ isUpdating: 'False', madonvi: '000.00.00.H38' });
        expect(mine[2]?.body).toMatchObject({ isUpdating: 'True' });
      }
      const pending = await second.app.platform.database.db
        .selectFrom('dvcqg_outbox')
        .select('id')
        .where('delivered_at', 'is', null)
        .execute();
      expect(pending).toEqual([]);

      // A call whose acknowledgement was lost (a crash after the POST) goes again with the same id: counted, not doubled.
      const db = second.app.platform.database.db;
      const again = await db
        .selectFrom('dvcqg_outbox')
        .select(['id', 'dossier_id'])
        .orderBy('position', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      await db.updateTable('dvcqg_outbox').set({ delivered_at: null }).where('id', '=', again.id).execute();
      await second.app.platform.jobs.enqueue(db, 'dvcqg.deliver', { dossierId: again.dossier_id });
      await eventually(async () =>
        (await receiver.records()).find((r) => r.request_id === again.id && r.times_received === 2),
      );
      expect((await receiver.records()).length).toBe(TOTAL);
    } finally {
      await second.close();
    }
  });

  it('retries a call the portal fails (HTTP 500, error_code ≠ 0) with backoff, and loses nothing', async () => {
    const before = (await receiver.records()).length;
    let faults = 0;
    receiver.settings.delayMs = 0;
    receiver.settings.fault = () => {
      faults += 1;
      if (faults <= 2) return { status: 500 };
      if (faults <= 4) return { errorCode: 99 };
      return undefined;
    };
    const platform = await startPlatform();
    try {
      const { database, jobs } = platform.app.platform;
      const dossierId = newId();
      for (let seq = 1; seq <= 2; seq++) {
        const { snapshot, action } = change(7, seq);
        await database.db
          .transaction()
          .execute((trx) => recordSyncChange(trx, jobs, { dossierId, unitId: newId(), snapshot, action }));
      }
      const records = await eventually(async () => {
        const rows = await receiver.records();
        return rows.length >= before + 4 ? rows : undefined;
      });
      expect(faults).toBeGreaterThanOrEqual(5);
      const mine = records.filter((r) => r.dossier_code.endsWith('-0007'));
      expect(mine.map((r) => r.service)).toEqual([
        'DongBoHoSoMC',
        'CapNhatTienDoHoSoMC',
        'DongBoHoSoMC',
        'CapNhatTienDoHoSoMC',
      ]);
      expect(mine.every((r) => r.times_received === 1)).toBe(true);
      const head = await database.db
        .selectFrom('dvcqg_outbox')
        .select(['attempts', 'last_error', 'delivered_at'])
        .where('dossier_id', '=', dossierId)
        .orderBy('seq')
        .orderBy('part')
        .executeTakeFirstOrThrow();
      expect(head.attempts).toBe(4);
      expect(head.delivered_at).not.toBeNull();
      expect(head.last_error).toBeNull();
    } finally {
      receiver.settings.fault = undefined;
      await platform.close();
    }
  });

  it('refuses calls without a valid session and signs in again when the session is gone', async () => {
    const unauthenticated = await fetch(`${receiver.url}/integration`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': newId() },
      body: JSON.stringify({ session: 'forged', madonvi: 'x', service: 'DongBoHoSoMC', data: [{ MaHoSo: 'X' }] }),
    });
    expect(await unauthenticated.json()).toMatchObject({ error_code: 401 });
    const wrong = await fetch(`${receiver.url}/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'laocai', password: 'sai' }),
    });
    expect((await wrong.json()).error_code).not.toBe(0);

    const client = createDvcqgClient({
      url: receiver.url,
      username: 'laocai',
      password: 'mat-khau-dong-bo',
      agencyCode: '000.00.00.H38',
    });
    const { snapshot, action } = change(8, 1);
    await client.send({ service: 'CapNhatTienDoHoSoMC', data: [{ ...toEntry(snapshot.code, action) }] }, newId());
    // The portal forgets every session (a restart): the client signs in again by itself.
    await receiver.database.db.deleteFrom('dvcqg_sandbox_sessions').execute();
    const id = newId();
    await client.send({ service: 'CapNhatTienDoHoSoMC', data: [{ ...toEntry(snapshot.code, action) }] }, id);
    expect((await receiver.records()).some((r) => r.request_id === id)).toBe(true);
  });
});

function toEntry(code: string, action: SyncAction) {
  return {
    MaHoSo: code,
    NguoiXuLy: action.actorName ?? '',
    ChucDanh: '',
    ThoiDiemXuLy: '20260302080000',
    PhongBanXuLy: '',
    NoiDungXuLy: action.description,
    TrangThai: '1',
    NgayBatDau: '',
    NgayKetThucTheoQuyDinh: '',
  };
}
