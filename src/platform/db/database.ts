import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

// int8 (bigint) and numeric come back as strings by default; our bigints are counters and sequence numbers that
// fit in a double, so parse them. Dates stay Date objects; plain `date` columns stay 'YYYY-MM-DD' strings so a
// calendar date never shifts through a time zone.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Either the database or an open transaction: what repositories take. */
export type Queryable = Db | Tx;

export type DatabaseKind = 'pglite' | 'postgres';

export type Database = {
  kind: DatabaseKind;
  db: Db;
  /**
   * Runs raw SQL on a pooled connection. Parameterless text may hold several statements (migrations, pg-boss).
   * On PGlite this is the ONE connection, so the call waits for any open transaction to finish first.
   */
  execute(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  /**
   * PostgreSQL only: a second, two-connection pool for single statements that must commit on their own at once,
   * neither waiting for nor holding a request's transaction — taking the next number of a counter that every
   * request of a desk shares, whose row lock would otherwise be held until each request commits and make them take
   * turns. Absent on PGlite, whose one connection serialises everything anyway.
   */
  autocommit?: Db;
  close(): Promise<void>;
};

/** Extensions the schema relies on; PGlite needs them loaded on every open, not only when created. */
const PGLITE_EXTENSIONS = { pg_trgm, unaccent, btree_gin, pgcrypto };

export type OpenDatabaseOptions = {
  /** PostgreSQL connection string; when absent, the embedded database under `dataDir` is used. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded database; `memory://` keeps it in memory (tests). */
  dataDir: string;
  poolSize?: number;
};

/**
 * Opens the platform database: PostgreSQL when a URL is given, otherwise embedded PGlite.
 * Both are driven through node-postgres and Kysely's PostgresDialect, so every query path is the same.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  let pool: pg.Pool;
  let pglite: PGlite | undefined;
  if (options.databaseUrl) {
    pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
  } else {
    const dir = options.dataDir.startsWith('memory://') ? options.dataDir : path.join(options.dataDir, 'pglite');
    if (!dir.startsWith('memory://')) {
      mkdirSync(dir, { recursive: true });
    }
    pglite = await PGlite.create(dir, { extensions: PGLITE_EXTENSIONS });
    // PGlite has a single backend: a pool of exactly one connection serialises requests, jobs and migrations
    // so a statement can never slip into another caller's open transaction.
    pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
  }
  pool.on('error', () => {
    // An idle client lost its connection (database restart); the pool replaces it on next use.
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  // A separate pool, so a request holding a connection of the main pool never waits for another from it.
  let autocommit: Db | undefined;
  if (options.databaseUrl) {
    const autocommitPool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
    // Like the main pool: an idle connection ended by the server (restart, dropped test database) is replaced.
    autocommitPool.on('error', () => {});
    autocommit = new Kysely<DB>({ dialect: new PostgresDialect({ pool: autocommitPool }) });
  }
  return {
    kind: pglite ? 'pglite' : 'postgres',
    db,
    ...(autocommit ? { autocommit } : {}),
    async execute(text, values) {
      const client = await pool.connect();
      try {
        // No values → the simple-query protocol, which accepts several statements in one text.
        const result = values && values.length > 0 ? await client.query(text, values) : await client.query(text);
        const last = Array.isArray(result) ? result[result.length - 1] : result;
        return { rows: last?.rows ?? [], rowCount: last?.rowCount ?? null };
      } finally {
        client.release();
      }
    },
    async close() {
      await autocommit?.destroy();
      await db.destroy();
      if (pglite) {
        await pglite.close();
      }
    },
  };
}

/**
 * Runs `work` in a transaction, or inside the caller's transaction when one is already open, so a use case can
 * be composed into a larger one (an idempotent request, a batch) without nesting transactions.
 */
export async function inTransaction<T>(db: Queryable, work: (trx: Tx) => Promise<T>): Promise<T> {
  if (db.isTransaction) {
    return work(db as Tx);
  }
  return db.transaction().execute(work);
}
