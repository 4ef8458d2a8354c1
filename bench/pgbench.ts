import { execFileSync } from 'node:child_process';

/**
 * pgbench's TPC-B-like transaction rate on the same PostgreSQL server, measured in the same run as the platform,
 * as the yardstick for write throughput: each TPC-B transaction is 3 updates, 1 select and 1 insert.
 */
export function runPgbench(options: { serverUrl: string; database: string; clients: number; seconds: number }): {
  tps: number;
  latencyMs: number;
} {
  const url = new URL(options.serverUrl);
  const env = { ...process.env, PGHOST: url.hostname, PGPORT: url.port || '5432', PGUSER: url.username || 'postgres' };
  const psql = (sql: string) => execFileSync('psql', ['-d', 'postgres', '-Atqc', sql], { env, stdio: 'pipe' });
  psql(`DROP DATABASE IF EXISTS ${options.database} WITH (FORCE)`);
  psql(`CREATE DATABASE ${options.database}`);
  execFileSync('pgbench', ['-i', '-q', '-s', '10', options.database], { env, stdio: 'pipe' });
  const output = execFileSync(
    'pgbench',
    ['-c', String(options.clients), '-j', '2', '-T', String(options.seconds), '-M', 'prepared', options.database],
    { env, stdio: 'pipe' },
  ).toString();
  psql(`DROP DATABASE IF EXISTS ${options.database} WITH (FORCE)`);
  const tps = Number(/tps = ([\d.]+)/.exec(output)?.[1]);
  const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(output)?.[1]);
  if (!Number.isFinite(tps)) {
    throw new Error(`could not read pgbench output:\n${output}`);
  }
  return { tps, latencyMs };
}
