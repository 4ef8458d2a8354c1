/**
 * Fault test: kill -9 the server in the middle of a submission load and check that nothing acknowledged is lost
 * and nothing is created twice.
 *
 * Clients receive dossiers at the one-stop counter, each request with its own Idempotency-Key, retrying the same key
 * on any network error or 5xx until the server answers. Partway through, the server is killed with SIGKILL and
 * restarted on the same data. At the end the database must hold exactly one dossier per key, and every dossier a
 * client was told about (2xx) must exist with the code it was told.
 *
 *   npx tsx test/fault/kill-during-submissions.ts [--count N] [--db pglite|postgres|both]
 *
 * Prints one line per database and exits non-zero on any loss or duplicate.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { type Session, counterBodyFor, sessionHeaders, signIn } from '../../bench/client.ts';
import { type ServerProcess, startServer } from '../../bench/server-process.ts';
import { openDatabase } from '../../src/platform/db/database.ts';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '120' }, db: { type: 'string', default: 'both' }, concurrency: { type: 'string', default: '4' } },
});
const COUNT = Number(values.count);
const CONCURRENCY = Number(values.concurrency);
const PG_SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DEMO_PASSWORD = 'LaoCai@2025!';
const APPLICANT = 'Lò Văn Thử Nghiệm Sự Cố';

type Ack = { key: string; id: string; code: string };

async function runAgainst(kind: 'pglite' | 'postgres'): Promise<boolean> {
  const env: Record<string, string> = { SEED_DEMO: 'true', RUN_WORKERS: 'false' };
  let dropDatabase = async () => {};
  if (kind === 'pglite') {
    env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'egov-kill9-'));
  } else {
    const name = `egov_kill9_${randomUUID().slice(0, 8)}`;
    const admin = new pg.Client({ connectionString: PG_SERVER });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(PG_SERVER);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'egov-kill9-'));
    dropDatabase = async () => {
      const cleanup = new pg.Client({ connectionString: PG_SERVER });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    };
  }
  env.PORT = String(20000 + Math.floor(Math.random() * 20000));

  let server: ServerProcess = await startServer(env);
  const session: Session = await signIn(server.url, 'motcua.phuonglaocai', DEMO_PASSWORD);
  const body = JSON.stringify(await counterBodyFor(server.url, 'dang ky khai sinh', '02647', APPLICANT));

  const keys = Array.from({ length: COUNT }, () => randomUUID());
  const acks: Ack[] = [];
  let retries = 0;
  let next = 0;
  let restarting: Promise<void> | null = null;

  const submit = async (key: string): Promise<void> => {
    for (;;) {
      await restarting;
      try {
        const response = await fetch(`${server.url}/api/v1/dossiers/counter`, {
          method: 'POST',
          headers: { ...sessionHeaders(session), 'idempotency-key': key },
          body,
        });
        if (response.status === 201) {
          const dossier = (await response.json()) as { id: string; code: string };
          acks.push({ key, id: dossier.id, code: dossier.code });
          return;
        }
        if (response.status < 500) {
          throw new Error(`refused: ${response.status} ${await response.text()}`);
        }
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('refused')) throw error;
      }
      retries += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const killAt = Math.floor(COUNT / 3);
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++] as string;
      await submit(key);
      if (acks.length >= killAt && !restarting && server.child.exitCode === null && kills === 0) {
        kills += 1;
        restarting = (async () => {
          server.child.kill('SIGKILL');
          await server.exited;
          server = await startServer(env);
        })();
        await restarting;
        restarting = null;
      }
    }
  };
  let kills = 0;
  const started = Date.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (Date.now() - started) / 1000;
  await server.stop();

  // Count what the database really holds, with the server stopped (PGlite is single-process).
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  // The applicant name marks this run's dossiers apart from the demo ones.
  const rows = await sql<{ id: string; code: string }>`SELECT id, code FROM dossiers
    WHERE applicant_name = ${APPLICANT}`.execute(database.db);
  const allCodes = await sql<{ n: number; distinct: number }>`SELECT count(*)::int AS n,
    count(DISTINCT code)::int AS distinct FROM dossiers`.execute(database.db);
  const keyRows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM idempotency_keys
    WHERE key = ANY(${keys}::text[]) AND status_code = 201`.execute(database.db);
  await database.close();
  await dropDatabase();

  const stored = new Map(rows.rows.map((r) => [r.id, r.code]));
  const missing = acks.filter((a) => stored.get(a.id) !== a.code);
  const duplicateCodes = (allCodes.rows[0]?.n ?? 0) - (allCodes.rows[0]?.distinct ?? 0);
  const ok =
    missing.length === 0 &&
    acks.length === COUNT &&
    rows.rows.length === COUNT &&
    keyRows.rows[0]?.n === COUNT &&
    duplicateCodes === 0;
  console.log(
    `${kind}: ${COUNT} submissions, ${acks.length} acknowledged, ${kills} kill -9, ${retries} retries, ` +
      `${missing.length} acknowledged but missing, ${rows.rows.length} dossiers stored, ` +
      `${duplicateCodes} duplicate codes, ${elapsed.toFixed(1)} s → ${ok ? 'OK' : 'FAILED'}`,
  );
  return ok;
}

const targets = values.db === 'both' ? (['pglite', 'postgres'] as const) : [values.db as 'pglite' | 'postgres'];
let allOk = true;
for (const target of targets) {
  allOk = (await runAgainst(target)) && allOk;
}
process.exit(allOk ? 0 : 1);
