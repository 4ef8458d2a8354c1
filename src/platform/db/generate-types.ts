import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PostgresDialect as CodegenPostgresDialect, generate } from 'kysely-codegen';
import { openDatabase } from './database.ts';
import { migrate } from './migrations.ts';

/** Where the generated table types live; committed, and checked for drift in CI. */
export const SCHEMA_TYPES_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'schema.ts');

/**
 * Builds the Kysely table types from a fresh in-memory database with every migration applied.
 * Column comments (COMMENT ON) become JSDoc, so the schema is its own data dictionary.
 */
export async function generateSchemaTypes(): Promise<string> {
  const database = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrate(database.db);
    const source = await generate({
      db: database.db,
      dialect: new CodegenPostgresDialect({ dateParser: 'string', numericParser: 'number' }),
      defaultSchemas: ['public'],
      excludePattern: '(pgboss.*|public.schema_migrations)',
      typeMapping: { int8: 'number' },
      print: false,
      outFile: null,
      camelCase: false,
    });
    return `${source.trimEnd()}\n`;
  } finally {
    await database.close();
  }
}

/**
 * Writes the generated types, or with `check` reports whether the committed file is current.
 * @returns true when the file on disk matches the migrations.
 */
export async function writeSchemaTypes(check: boolean): Promise<boolean> {
  const generated = await generateSchemaTypes();
  let current = '';
  try {
    current = readFileSync(SCHEMA_TYPES_FILE, 'utf8');
  } catch {
    // not generated yet
  }
  if (check) {
    return current === generated;
  }
  if (current !== generated) {
    writeFileSync(SCHEMA_TYPES_FILE, generated);
  }
  return true;
}
