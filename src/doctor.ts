import { sql } from 'kysely';
import type { AppConfig } from './config.ts';
import { verifyAuditChain } from './platform/audit/audit.ts';
import { openDatabase } from './platform/db/database.ts';
import { pendingMigrations } from './platform/db/migrations.ts';

/**
 * `egov doctor`: what an operator checks first. Prints one line per check and returns 0 only when all pass.
 */
export async function runDoctor(config: AppConfig): Promise<number> {
  let failures = 0;
  const report = (ok: boolean, line: string) => {
    if (!ok) failures += 1;
    console.log(`${ok ? '✔' : '✘'} ${line}`);
  };
  report(true, `configuration valid (database: ${config.databaseUrl ? 'PostgreSQL' : `embedded, ${config.dataDir}`})`);
  report(Number(process.versions.node.split('.')[0]) >= 20, `Node.js ${process.versions.node}`);
  let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    const version = await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(database.db);
    report(true, `database reachable (PostgreSQL ${version.rows[0]?.v})`);
    const pending = await pendingMigrations(database.db);
    report(pending.length === 0, pending.length === 0 ? 'migrations current' : `${pending.length} migrations pending: run egov migrate`);
    if (pending.length === 0) {
      const units = await sql<{ n: number }>`SELECT count(*)::int AS n FROM units`.execute(database.db);
      report((units.rows[0]?.n ?? 0) > 0, `${units.rows[0]?.n ?? 0} administrative units loaded`);
      const chain = await verifyAuditChain(database.db);
      report(chain.ok, `audit chain ${chain.ok ? 'intact' : 'BROKEN'} (${chain.sealed} sealed, ${chain.unsealed} pending)`);
    }
  } catch (error) {
    report(false, `database unreachable: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await database?.close();
  }
  return failures === 0 ? 0 : 1;
}
