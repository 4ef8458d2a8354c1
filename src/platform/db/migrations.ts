import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './database.ts';

/** The repository's `migrations/` folder. */
export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

export type Migration = { version: number; name: string; sql: string; checksum: string };

const FILE_PATTERN = /^(\d{4})_([a-z0-9-]+)\.sql$/;

/**
 * Reads `NNNN_verb-object.sql` files in version order.
 * @throws on a misnamed file or a repeated version, so a bad migration set never half-applies.
 */
export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.sql')) {
      continue;
    }
    const match = FILE_PATTERN.exec(file);
    if (!match) {
      throw new Error(`Migration file name must be NNNN_verb-object.sql: ${file}`);
    }
    const text = readFileSync(path.join(dir, file), 'utf8');
    migrations.push({
      version: Number(match[1]),
      name: match[2] ?? file,
      sql: text,
      checksum: createHash('sha256').update(text).digest('hex'),
    });
  }
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]?.version === migrations[i - 1]?.version) {
      throw new Error(`Two migrations share version ${migrations[i]?.version}`);
    }
  }
  return migrations;
}

async function ensureLedger(db: Db): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
}

type AppliedRow = { version: number; name: string; checksum: string };

/**
 * Applies the pending migrations, each in its own transaction together with its ledger row.
 * Safe to run twice and from several processes at once: a transaction-scoped advisory lock serialises migrators,
 * and an already-applied migration whose file has changed stops the run.
 * @returns the migrations applied by this call.
 */
export async function migrate(db: Db, migrations: Migration[] = readMigrations()): Promise<Migration[]> {
  await ensureLedger(db);
  const applied: Migration[] = [];
  for (const migration of migrations) {
    const didApply = await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext('egov:migrate'))`.execute(trx);
      const existing = await sql<AppliedRow>`SELECT version, name, checksum FROM schema_migrations
        WHERE version = ${migration.version}`.execute(trx);
      const row = existing.rows[0];
      if (row) {
        if (row.checksum !== migration.checksum) {
          throw new Error(
            `Migration ${migration.version}_${migration.name} was changed after it was applied; add a new migration instead`,
          );
        }
        return false;
      }
      await sql.raw(migration.sql).execute(trx);
      await sql`INSERT INTO schema_migrations (version, name, checksum)
        VALUES (${migration.version}, ${migration.name}, ${migration.checksum})`.execute(trx);
      return true;
    });
    if (didApply) {
      applied.push(migration);
    }
  }
  return applied;
}

/** Versions on disk that the database has not applied yet: what `/readyz` and `egov doctor` report. */
export async function pendingMigrations(db: Db, migrations: Migration[] = readMigrations()): Promise<Migration[]> {
  await ensureLedger(db);
  const rows = await sql<{ version: number }>`SELECT version FROM schema_migrations`.execute(db);
  const done = new Set(rows.rows.map((r) => r.version));
  return migrations.filter((m) => !done.has(m.version));
}
