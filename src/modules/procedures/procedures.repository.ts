import { sql } from 'kysely';
import type { Scope } from '../../platform/auth/scope.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { inScope } from '../../platform/db/scope-filter.ts';
import { decodeCursor } from '../../platform/http/pagination.ts';

/** All SQL of the procedure catalogue. Takes the database or the caller's transaction. */

export type FieldRow = { id: string; code: string; name: string };

export async function findFieldByCode(db: Queryable, code: string): Promise<FieldRow | undefined> {
  return db.selectFrom('procedure_fields').select(['id', 'code', 'name']).where('code', '=', code).executeTakeFirst();
}

/** Every field with the number of procedures in force in it, by name. */
export async function listFields(db: Queryable): Promise<(FieldRow & { procedure_count: number })[]> {
  return db
    .selectFrom('procedure_fields as f')
    .select(['f.id', 'f.code', 'f.name'])
    .select((eb) =>
      eb
        .selectFrom('procedures as p')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('p.field_id', '=', 'f.id')
        .where('p.current_version', 'is not', null)
        .as('procedure_count'),
    )
    .orderBy('f.name_search')
    .orderBy('f.id')
    .$castTo<FieldRow & { procedure_count: number }>()
    .execute();
}

export async function insertFields(db: Queryable, rows: FieldRow[]): Promise<void> {
  if (rows.length > 0) {
    await db
      .insertInto('procedure_fields')
      .values(rows)
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
}

export type ProcedureRow = {
  id: string;
  unit_id: string;
  national_code: string;
  code: string;
  name: string;
  field_id: string;
  current_version: number | null;
};

export type ProcedureWithField = ProcedureRow & { field_code: string; field_name: string; name_search: string };

const PROCEDURE_COLUMNS = [
  'p.id',
  'p.unit_id',
  'p.national_code',
  'p.code',
  'p.name',
  'p.field_id',
  'p.current_version',
  'p.name_search',
  'f.code as field_code',
  'f.name as field_name',
] as const;

export type ProcedureFilter = {
  q?: string | undefined;
  fieldCode?: string | undefined;
  level?: string | undefined;
  onlineLevel?: string | undefined;
  unitId?: string | undefined;
  /** Only versions whose desks at this level receive the dossier. */
  receivingLevel?: string | undefined;
  limit: number;
  cursor?: string | undefined;
};

export type ProcedureListRow = ProcedureWithField & {
  deciding_level: string;
  receiving_levels: string[];
  online_level: string;
  deadline_working_days: number | null;
  deadline_working_hours: number | null;
  result_name: string;
  total_fees: number;
};

/** Procedures in force (with a published version) matching the filter, by name then id, `limit + 1` rows. */
export async function findProcedures(db: Queryable, filter: ProcedureFilter): Promise<ProcedureListRow[]> {
  let qb = db
    .selectFrom('procedures as p')
    .innerJoin('procedure_fields as f', 'f.id', 'p.field_id')
    .innerJoin('procedure_versions as v', (join) =>
      join.onRef('v.procedure_id', '=', 'p.id').onRef('v.version', '=', 'p.current_version'),
    )
    .select(PROCEDURE_COLUMNS)
    .select([
      'v.deciding_level',
      'v.receiving_levels',
      'v.online_level',
      'v.deadline_working_days',
      'v.deadline_working_hours',
      'v.result_name',
    ])
    .select(
      sql<number>`(SELECT coalesce(sum(fee.amount), 0)::int8 FROM procedure_fees AS fee
      WHERE fee.procedure_id = v.procedure_id AND fee.version = v.version)`.as('total_fees'),
    );
  if (filter.q) {
    const term = `%${filter.q}%`;
    qb = qb.where((eb) =>
      eb.or([eb('p.name_search', 'like', sql<string>`search_text(${term})`), eb('p.code', 'like', `${filter.q}%`)]),
    );
  }
  if (filter.fieldCode) qb = qb.where('f.code', '=', filter.fieldCode);
  if (filter.level) qb = qb.where('v.deciding_level', '=', filter.level);
  if (filter.onlineLevel) qb = qb.where('v.online_level', '=', filter.onlineLevel);
  if (filter.receivingLevel) qb = qb.where(sql<boolean>`${filter.receivingLevel} = ANY(v.receiving_levels)`);
  if (filter.unitId) {
    qb = qb.where(
      sql<boolean>`p.unit_id IN (SELECT unnest(u.ancestor_ids) FROM units AS u WHERE u.id = ${filter.unitId})`,
    );
  }
  if (filter.cursor) {
    const [name, id] = decodeCursor(filter.cursor, 2);
    qb = qb.where(sql<boolean>`(p.name_search, p.id) > (${String(name)}, ${String(id)}::uuid)`);
  }
  const rows = await qb
    .orderBy('p.name_search')
    .orderBy('p.id')
    .limit(filter.limit + 1)
    .execute();
  return rows as ProcedureListRow[];
}

export async function findProcedureById(db: Queryable, id: string): Promise<ProcedureWithField | undefined> {
  const row = await db
    .selectFrom('procedures as p')
    .innerJoin('procedure_fields as f', 'f.id', 'p.field_id')
    .select(PROCEDURE_COLUMNS)
    .where('p.id', '=', id)
    .executeTakeFirst();
  return row as ProcedureWithField | undefined;
}

/** Locks the procedure row until the transaction ends, so version changes of one procedure run one at a time. */
export async function lockProcedure(trx: Queryable, id: string): Promise<boolean> {
  const row = await trx.selectFrom('procedures').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return row !== undefined;
}

export async function insertProcedure(db: Queryable, row: ProcedureRow): Promise<void> {
  await db.insertInto('procedures').values(row).execute();
}

export async function setCurrentVersion(db: Queryable, id: string, version: number): Promise<void> {
  await db
    .updateTable('procedures')
    .set({ current_version: version, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export type VersionRow = {
  procedure_id: string;
  version: number;
  unit_id: string;
  status: string;
  deciding_level: string;
  receiving_levels: string[];
  online_level: string;
  deadline_working_days: number | null;
  deadline_working_hours: number | null;
  result_kind: string;
  result_name: string;
  legal_basis: string;
  workflow: unknown;
  published_at: Date | null;
  retired_at: Date | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
};

/** The fields of a version a draft edit may set. */
export type VersionContent = Omit<
  VersionRow,
  | 'procedure_id'
  | 'version'
  | 'unit_id'
  | 'status'
  | 'published_at'
  | 'retired_at'
  | 'created_by'
  | 'created_at'
  | 'updated_at'
>;

export type ComponentRow = {
  code: string;
  position: number;
  name: string;
  originals: number;
  copies: number;
  template_file: string | null;
  is_required: boolean;
  registry_kind: string | null;
};

export type FeeRow = { code: string; position: number; name: string; amount: number; kind: string };

export async function findVersion(
  db: Queryable,
  procedureId: string,
  version: number,
): Promise<VersionRow | undefined> {
  const row = await db
    .selectFrom('procedure_versions')
    .selectAll()
    .where('procedure_id', '=', procedureId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row as VersionRow | undefined;
}

/** Every version of a procedure, newest first. */
export async function listVersions(db: Queryable, procedureId: string) {
  return db
    .selectFrom('procedure_versions')
    .select(['version', 'status', 'published_at'])
    .where('procedure_id', '=', procedureId)
    .orderBy('version', 'desc')
    .execute();
}

export async function findParts(
  db: Queryable,
  procedureId: string,
  version: number,
): Promise<{ components: ComponentRow[]; fees: FeeRow[] }> {
  const components = await db
    .selectFrom('procedure_components')
    .select(['code', 'position', 'name', 'originals', 'copies', 'template_file', 'is_required', 'registry_kind'])
    .where('procedure_id', '=', procedureId)
    .where('version', '=', version)
    .orderBy('position')
    .execute();
  const fees = await db
    .selectFrom('procedure_fees')
    .select(['code', 'position', 'name', 'amount', 'kind'])
    .where('procedure_id', '=', procedureId)
    .where('version', '=', version)
    .orderBy('position')
    .execute();
  return { components, fees };
}

/** Inserts a draft version with its components and fees. */
export async function insertVersion(
  db: Queryable,
  key: { procedure_id: string; version: number; unit_id: string; created_by: string | null },
  content: VersionContent,
  parts: { components: ComponentRow[]; fees: FeeRow[] },
): Promise<void> {
  await db
    .insertInto('procedure_versions')
    .values({ ...key, ...content, status: 'draft', workflow: JSON.stringify(content.workflow) })
    .execute();
  await insertParts(db, key, parts);
}

async function insertParts(
  db: Queryable,
  key: { procedure_id: string; version: number; unit_id: string },
  parts: { components: ComponentRow[]; fees: FeeRow[] },
): Promise<void> {
  const owner = { procedure_id: key.procedure_id, version: key.version, unit_id: key.unit_id };
  if (parts.components.length > 0) {
    await db
      .insertInto('procedure_components')
      .values(parts.components.map((c) => ({ ...owner, ...c })))
      .execute();
  }
  if (parts.fees.length > 0) {
    await db
      .insertInto('procedure_fees')
      .values(parts.fees.map((f) => ({ ...owner, ...f })))
      .execute();
  }
}

/** Replaces a draft's content whole (the database refuses this for any other status). */
export async function replaceDraft(
  db: Queryable,
  key: { procedure_id: string; version: number; unit_id: string },
  content: VersionContent,
  parts: { components: ComponentRow[]; fees: FeeRow[] },
): Promise<void> {
  await db
    .updateTable('procedure_versions')
    .set({ ...content, workflow: JSON.stringify(content.workflow), updated_at: sql`now()` })
    .where('procedure_id', '=', key.procedure_id)
    .where('version', '=', key.version)
    .execute();
  for (const table of ['procedure_components', 'procedure_fees'] as const) {
    await db
      .deleteFrom(table)
      .where('procedure_id', '=', key.procedure_id)
      .where('version', '=', key.version)
      .execute();
  }
  await insertParts(db, key, parts);
}

/** Highest version number of a procedure (0 when it has none). */
export async function maxVersion(db: Queryable, procedureId: string): Promise<number> {
  const row = await db
    .selectFrom('procedure_versions')
    .select((eb) => eb.fn.max('version').as('n'))
    .where('procedure_id', '=', procedureId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function setVersionStatus(
  db: Queryable,
  procedureId: string,
  version: number,
  status: 'published' | 'retired',
): Promise<void> {
  await db
    .updateTable('procedure_versions')
    .set(
      status === 'published'
        ? { status, published_at: sql`now()`, updated_at: sql`now()` }
        : { status, retired_at: sql`now()`, updated_at: sql`now()` },
    )
    .where('procedure_id', '=', procedureId)
    .where('version', '=', version)
    .execute();
}

/** Kinds of the units in force under a unit (itself included) on a day: which levels its tree has. */
export async function unitKindsUnder(db: Queryable, unitId: string, day: string): Promise<string[]> {
  const rows = await sql<{ kind: string }>`SELECT DISTINCT kind FROM units
    WHERE ancestor_ids @> ARRAY[${unitId}]::uuid[]
      AND (valid_from IS NULL OR valid_from <= ${day}) AND (valid_to IS NULL OR valid_to >= ${day})`.execute(db);
  return rows.rows.map((r) => r.kind);
}

/** Agencies in force on a day under a unit, with the given codes and the kind of the unit they belong to. */
export async function agenciesByCode(db: Queryable, unitId: string, codes: readonly string[], day: string) {
  if (codes.length === 0) return [];
  return db
    .selectFrom('agencies as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.code', 'a.kind', 'a.name', 'u.kind as unit_kind'])
    .where(sql<boolean>`a.code = ANY(${[...codes]}::text[])`)
    .where(sql<boolean>`u.ancestor_ids @> ARRAY[${unitId}]::uuid[]`)
    .where(
      sql<boolean>`(a.valid_from IS NULL OR a.valid_from <= ${day}) AND (a.valid_to IS NULL OR a.valid_to >= ${day})`,
    )
    .execute();
}

/**
 * Procedures never published (only a draft so far) of the units whose whole subtree `scope` covers: managing a
 * procedure needs authority over everything below its province, so single-unit grants do not count.
 */
export async function findUnpublishedProcedures(db: Queryable, scope: Scope, limit: number) {
  return db
    .selectFrom('procedures as p')
    .innerJoin('procedure_fields as f', 'f.id', 'p.field_id')
    .select(PROCEDURE_COLUMNS)
    .where('p.current_version', 'is', null)
    .where(inScope({ ...scope, unitIds: [], agencyIds: [] }, 'p.unit_id'))
    .orderBy('p.name_search')
    .orderBy('p.id')
    .limit(limit)
    .execute();
}
