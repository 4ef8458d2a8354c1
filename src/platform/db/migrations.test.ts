import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { migrate, pendingMigrations, readMigrations } from './migrations.ts';

describe('migrations', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('are all applied and recorded, and a second run applies nothing', async () => {
    expect(await pendingMigrations(database.db)).toEqual([]);
    expect(await migrate(database.db)).toEqual([]);
    const recorded = await sql<{ version: number }>`SELECT version FROM schema_migrations ORDER BY version`.execute(database.db);
    expect(recorded.rows.map((r) => r.version)).toEqual(readMigrations().map((m) => m.version));
  });

  it('refuse to run when an applied migration was edited afterwards', async () => {
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'changed' } : m));
    await expect(migrate(database.db, edited)).rejects.toThrow(/changed after it was applied/);
  });

  it('reject a misnamed migration file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'egov-migrations-'));
    writeFileSync(path.join(dir, '7_AddThing.sql'), 'SELECT 1;');
    expect(() => readMigrations(dir)).toThrow(/NNNN_verb-object/);
  });

  it('roll back a failing migration whole, recording nothing', async () => {
    const broken = [
      ...readMigrations(),
      { version: 9999, name: 'break-things', sql: 'CREATE TABLE half_done (id int); SELECT 1/0;', checksum: 'x' },
    ];
    await expect(migrate(database.db, broken)).rejects.toThrow(/division by zero/);
    const table = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'half_done'`.execute(database.db);
    expect(table.rows[0]?.n).toBe(0);
    expect((await pendingMigrations(database.db, broken)).map((m) => m.version)).toEqual([9999]);
  });

  it('leave no table or column of ours without a COMMENT ON (the schema is the data dictionary)', async () => {
    const missing = await sql<{ item: string }>`
      SELECT c.relname || coalesce('.' || a.attname, '') AS item
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE c.relkind = 'r' AND c.relname <> 'schema_migrations'
        AND (CASE WHEN a.attname IS NULL THEN obj_description(c.oid, 'pg_class')
                  ELSE col_description(c.oid, a.attnum) END) IS NULL
      UNION
      SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      WHERE c.relkind = 'r' AND c.relname <> 'schema_migrations' AND obj_description(c.oid, 'pg_class') IS NULL
      ORDER BY 1`.execute(database.db);
    expect(missing.rows.map((r) => r.item)).toEqual([]);
  });

  it('search_text() ignores case and Vietnamese diacritics, đ included', async () => {
    const result = await sql<{ s: string }>`SELECT search_text('Đăng ký khai sinh tại Phường Lào Cai') AS s`.execute(database.db);
    expect(result.rows[0]?.s).toBe('dang ky khai sinh tai phuong lao cai');
  });
});
