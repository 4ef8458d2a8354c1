/**
 * `npm run bench`: measures the platform against baselines taken in the same run on the same machine, and writes
 * BENCHMARKS.md.
 *
 * 1. Write path: online dossier submission over HTTP on PostgreSQL (a citizen signed in, each request with its own
 *    Idempotency-Key and a small PDF per required component) against pgbench's TPC-B-like TPS on the same server.
 * 2. Read path: the public dossier lookup against a bare Fastify route answering a constant, each in its own process.
 *    The lookup is rate-limited per client address, so the load presents itself as many clients (X-Forwarded-For
 *    behind TRUST_PROXY), which also makes the rate limiter's bookkeeping part of what is measured.
 *
 *   npm run bench [-- --seconds 15 --connections 8]
 *
 * All traffic stays on 127.0.0.1, and every load stops by itself after the given seconds.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { pageWeightSection } from './benchmarks-file.ts';
import { counterBodyFor, sessionHeaders, signIn } from './client.ts';
import { type LoadResult, runLoad } from './load.ts';
import { runPgbench } from './pgbench.ts';
import { startServer } from './server-process.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '15' }, connections: { type: 'string', default: '8' } },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const PG_SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PASSWORD = 'LaoCai@2025!';
// A minimal well-formed PDF: the upload is sniffed, hashed and stored like any other.
const TINY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj ' +
    '3 0 obj<</Type/Page/MediaBox[0 0 595 842]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
).toString('base64');

async function withDatabase<T>(name: string, work: (url: string) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: PG_SERVER });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_SERVER);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    const cleanup = new pg.Client({ connectionString: PG_SERVER });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
  }
}

async function startBare(): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(path.join(import.meta.dirname, 'bare-server.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: 'ignore',
  });
  const port = await new Promise<number>((resolve) =>
    child.once('message', (m) => resolve((m as { port: number }).port)),
  );
  return { url: `http://127.0.0.1:${port}`, child };
}

const randomClient = () =>
  `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

async function main(): Promise<void> {
  execFileSync('bash', ['scripts/ensure-system.sh'], { stdio: 'inherit' });
  const pgVersion = execFileSync('psql', [PG_SERVER, '-Atqc', 'SHOW server_version']).toString().trim();

  console.log(`pgbench tpcb-like, ${CONNECTIONS} clients, ${SECONDS} s …`);
  const pgbench = runPgbench({
    serverUrl: PG_SERVER,
    database: 'egov_bench_pgbench',
    clients: CONNECTIONS,
    seconds: SECONDS,
  });

  const platform = await withDatabase('egov_bench_app', async (databaseUrl) => {
    const serverEnv = {
      DATABASE_URL: databaseUrl,
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'egov-bench-')),
      SEED_DEMO: 'true',
      TRUST_PROXY: 'true',
      DATABASE_POOL_SIZE: '20',
    };
    const server = await startServer(serverEnv);
    try {
      const citizen = await signIn(server.url, 'congdan@example.vn', PASSWORD);
      const counterBody = (await counterBodyFor(server.url, 'dang ky khai sinh', '02647')) as {
        components: { code: string }[];
      };
      const submitBody = JSON.stringify({
        ...counterBody,
        feesPaid: undefined,
        components: counterBody.components.map((c) => ({
          code: c.code,
          files: [{ filename: `${c.code}.pdf`, contentType: 'application/pdf', data: TINY_PDF }],
        })),
      });

      console.log(`online submission, ${CONNECTIONS} connections, ${SECONDS} s …`);
      const submit = await runLoad({
        url: `${server.url}/api/v1/dossiers`,
        method: 'POST',
        headers: sessionHeaders(citizen),
        body: submitBody,
        connections: CONNECTIONS,
        seconds: SECONDS,
        setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'idempotency-key': randomUUID() } }),
      });

      // Codes to look up: dossiers received at the counter get their code at once.
      const officer = await signIn(server.url, 'motcua.phuonglaocai', PASSWORD);
      const codes: string[] = [];
      for (let i = 0; i < 20; i++) {
        const response = await fetch(`${server.url}/api/v1/dossiers/counter`, {
          method: 'POST',
          headers: sessionHeaders(officer),
          body: JSON.stringify(counterBody),
        });
        codes.push(((await response.json()) as { code: string }).code);
      }
      const lookupLoad = (url: string) =>
        runLoad({
          url: `${url}/api/v1/lookup/${codes[0]}`,
          connections: CONNECTIONS,
          seconds: SECONDS,
          setupRequest: (request) => ({
            ...request,
            path: `/api/v1/lookup/${codes[Math.floor(Math.random() * codes.length)]}`,
            headers: { ...request.headers, 'x-forwarded-for': randomClient() },
          }),
        });
      console.log(`public lookup, ${CONNECTIONS} connections, ${SECONDS} s …`);
      const lookup = await lookupLoad(server.url);
      console.log(`platform /healthz (the HTTP stack's own floor), ${CONNECTIONS} connections, ${SECONDS} s …`);
      const healthz = await runLoad({ url: `${server.url}/healthz`, connections: CONNECTIONS, seconds: SECONDS });
      await server.stop();

      // The same lookup with its cache off: every request reads PostgreSQL (a code scanned for the first time).
      const uncached = await startServer({ ...serverEnv, LOOKUP_CACHE_SECONDS: '0', SEED_DEMO: 'false' });
      try {
        console.log(`public lookup without its cache, ${CONNECTIONS} connections, ${SECONDS} s …`);
        return { submit, lookup, healthz, lookupUncached: await lookupLoad(uncached.url) };
      } finally {
        await uncached.stop();
      }
    } finally {
      await server.stop();
    }
  });

  const bare = await startBare();
  console.log(`bare Fastify constant route, ${CONNECTIONS} connections, ${SECONDS} s …`);
  const bareResult = await runLoad({ url: `${bare.url}/constant`, connections: CONNECTIONS, seconds: SECONDS });
  bare.child.kill('SIGTERM');

  writeReport({ pgVersion, pgbench, ...platform, bare: bareResult });
}

function row(name: string, r: LoadResult): string {
  return `| ${name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.requests} | ${r.errors + r.non2xx} |`;
}

function writeReport(r: {
  pgVersion: string;
  pgbench: { tps: number; latencyMs: number };
  submit: LoadResult;
  lookup: LoadResult;
  lookupUncached: LoadResult;
  healthz: LoadResult;
  bare: LoadResult;
}): void {
  const submitRatio = r.submit.rps / r.pgbench.tps;
  const lookupRatio = r.lookup.rps / r.bare.rps;
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  const report = `# Benchmarks

Written by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores
(${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, PostgreSQL ${r.pgVersion}. Every figure below comes
from the same run; the load generator (autocannon, ${CONNECTIONS} connections, ${SECONDS} s per load) shares the machine
with the server and the database, so absolute numbers are low and the ratios are what to compare.

| load | requests/s | p50 ms | p99 ms | requests | errors |
|---|---|---|---|---|---|
${row('POST /api/v1/dossiers (online submission, 3 PDF components)', r.submit)}
${row('GET /api/v1/lookup/:code (public lookup; 20 codes, served from its 5 s cache)', r.lookup)}
${row('GET /api/v1/lookup/:code with LOOKUP_CACHE_SECONDS=0 (two queries each)', r.lookupUncached)}
${row('GET /healthz of the platform (its HTTP stack: hooks, headers, rate limiter, metrics)', r.healthz)}
${row('bare Fastify constant route', r.bare)}

pgbench TPC-B-like on the same server (\`pgbench -c ${CONNECTIONS} -j 2 -T ${SECONDS} -M prepared\`, scale 10):
**${r.pgbench.tps.toFixed(0)} TPS**, average latency ${r.pgbench.latencyMs} ms.

| target | figure | verdict |
|---|---|---|
| submission ≥ 0.5 × pgbench TPS | ${submitRatio.toFixed(2)} × | ${verdict(submitRatio >= 0.5)} |
| submission p99 < 100 ms | ${r.submit.p99} ms | ${verdict(r.submit.p99 < 100)} |
| lookup ≥ 0.5 × bare route | ${lookupRatio.toFixed(2)} × | ${verdict(lookupRatio >= 0.5)} |
| (for comparison) lookup without cache / bare | ${(r.lookupUncached.rps / r.bare.rps).toFixed(2)} × | |
| (for comparison) platform /healthz / bare | ${(r.healthz.rps / r.bare.rps).toFixed(2)} × | |

How to read it: the platform's \`/healthz\` row is the floor of its own HTTP stack (request id, cookie and session
check, security headers, rate limiter, metrics), so no platform route can beat it; the cached lookup is measured
against it as well as against the bare route. The lookup row serves 20 codes, all from the cache; the row without
the cache is what a code scanned for the first time costs.

Reproduce: \`npm run bench\` (or \`npm run bench -- --seconds 30 --connections 16\`). It installs nothing but what
\`scripts/ensure-system.sh\` does, creates and drops its own databases on the local PostgreSQL, and sends traffic to
127.0.0.1 only.
`;
  // The page-weight figures come from bench/page-weight.ts; keep them when rewriting the rest.
  let kept = '';
  try {
    kept = pageWeightSection(readFileSync('BENCHMARKS.md', 'utf8'));
  } catch {
    // no file yet
  }
  writeFileSync('BENCHMARKS.md', kept ? `${report}\n${kept}\n` : report);
  console.log(report);
}

await main();
