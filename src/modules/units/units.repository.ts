import { type SelectQueryBuilder, sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import type { DB } from '../../platform/db/schema.ts';
import { decodeCursor } from '../../platform/http/pagination.ts';

/** All SQL of units, successions and agencies. Takes the database or the caller's transaction. */

export type UnitRow = {
  id: string;
  code: string;
  name: string;
  kind: string;
  parent_id: string | null;
  ancestor_ids: string[];
  valid_from: string | null;
  valid_to: string | null;
};

const UNIT_COLUMNS = ['id', 'code', 'name', 'kind', 'parent_id', 'ancestor_ids', 'valid_from', 'valid_to'] as const;

export type UnitFilter = {
  q?: string | undefined;
  parentId?: string | undefined;
  kind?: string | undefined;
  /** Only units in force on this day; null for every unit ever recorded. */
  inForceOn: string | null;
  limit: number;
  cursor?: string | undefined;
};

function whereInForce<O>(qb: SelectQueryBuilder<DB, 'units', O>, day: string | null) {
  if (day === null) {
    return qb;
  }
  return qb
    .where((eb) => eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', day)]))
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', day)]));
}

/** Units matching the filter, ordered by code then id, `limit + 1` rows for pagination. */
export async function findUnits(db: Queryable, filter: UnitFilter): Promise<UnitRow[]> {
  let qb = whereInForce(db.selectFrom('units').select(UNIT_COLUMNS), filter.inForceOn);
  if (filter.q) {
    const term = `%${filter.q}%`;
    qb = qb.where((eb) =>
      eb.or([eb('name_search', 'like', sql<string>`search_text(${term})`), eb('code', 'like', `${filter.q}%`)]),
    );
  }
  if (filter.parentId) {
    qb = qb.where('parent_id', '=', filter.parentId);
  }
  if (filter.kind) {
    qb = qb.where('kind', '=', filter.kind);
  }
  if (filter.cursor) {
    const [code, id] = decodeCursor(filter.cursor, 2);
    qb = qb.where(sql<boolean>`(code, id) > (${String(code)}, ${String(id)}::uuid)`);
  }
  return qb.orderBy('code').orderBy('id').limit(filter.limit + 1).execute();
}

export async function findUnitById(db: Queryable, id: string): Promise<UnitRow | undefined> {
  return db.selectFrom('units').select(UNIT_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** The unit with this code in force on `day` (codes are re-used across reforms). */
export async function findUnitByCode(db: Queryable, code: string, day: string | null): Promise<UnitRow | undefined> {
  return whereInForce(db.selectFrom('units').select(UNIT_COLUMNS).where('code', '=', code), day)
    .orderBy('valid_from', 'desc')
    .executeTakeFirst();
}

export async function countChildren(db: Queryable, id: string): Promise<number> {
  const row = await db
    .selectFrom('units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parent_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUnit(db: Queryable, row: UnitRow): Promise<void> {
  await db.insertInto('units').values(row).execute();
}

export async function updateUnit(
  db: Queryable,
  id: string,
  patch: Partial<Pick<UnitRow, 'name' | 'valid_from' | 'valid_to'>>,
): Promise<void> {
  await db
    .updateTable('units')
    .set({ ...patch, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export type SuccessionRow = {
  unit_id: string;
  code: string;
  name: string;
  is_whole: boolean;
  effective_on: string;
};

/** Units this one was formed from. */
export async function findPredecessors(db: Queryable, id: string): Promise<SuccessionRow[]> {
  return db
    .selectFrom('unit_successions as s')
    .innerJoin('units as u', 'u.id', 's.predecessor_id')
    .select(['u.id as unit_id', 'u.code', 'u.name', 's.is_whole', 's.effective_on'])
    .where('s.successor_id', '=', id)
    .orderBy('u.code')
    .execute();
}

/** Units that took this one over. */
export async function findSuccessors(db: Queryable, id: string): Promise<SuccessionRow[]> {
  return db
    .selectFrom('unit_successions as s')
    .innerJoin('units as u', 'u.id', 's.successor_id')
    .select(['u.id as unit_id', 'u.code', 'u.name', 's.is_whole', 's.effective_on'])
    .where('s.predecessor_id', '=', id)
    .orderBy('u.code')
    .execute();
}

export async function insertSuccession(
  db: Queryable,
  row: { predecessor_id: string; successor_id: string; is_whole: boolean; effective_on: string },
): Promise<boolean> {
  const inserted = await db
    .insertInto('unit_successions')
    .values(row)
    .onConflict((oc) => oc.columns(['predecessor_id', 'successor_id']).doNothing())
    .returning('predecessor_id')
    .execute();
  return inserted.length > 0;
}

export type AgencyRow = {
  id: string;
  unit_id: string;
  parent_id: string | null;
  code: string | null;
  name: string;
  kind: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  valid_from: string | null;
  valid_to: string | null;
};

const AGENCY_COLUMNS = [
  'id', 'unit_id', 'parent_id', 'code', 'name', 'kind', 'email', 'phone', 'address', 'valid_from', 'valid_to',
] as const;

export type AgencyFilter = {
  q?: string | undefined;
  unitId?: string | undefined;
  kind?: string | undefined;
  code?: string | undefined;
  limit: number;
  cursor?: string | undefined;
};

/** Agencies matching the filter, ordered by name then id, `limit + 1` rows. */
export async function findAgencies(db: Queryable, filter: AgencyFilter): Promise<AgencyRow[]> {
  let qb = db.selectFrom('agencies').select(AGENCY_COLUMNS);
  if (filter.q) {
    const term = `%${filter.q}%`;
    qb = qb.where((eb) =>
      eb.or([eb('name_search', 'like', sql<string>`search_text(${term})`), eb('code', 'like', `${filter.q}%`)]),
    );
  }
  if (filter.unitId) {
    qb = qb.where('unit_id', '=', filter.unitId);
  }
  if (filter.kind) {
    qb = qb.where('kind', '=', filter.kind);
  }
  if (filter.code) {
    qb = qb.where('code', '=', filter.code);
  }
  if (filter.cursor) {
    const [name, id] = decodeCursor(filter.cursor, 2);
    qb = qb.where(sql<boolean>`(name, id) > (${String(name)}, ${String(id)}::uuid)`);
  }
  return qb.orderBy('name').orderBy('id').limit(filter.limit + 1).execute();
}

export async function findAgencyById(db: Queryable, id: string): Promise<AgencyRow | undefined> {
  return db.selectFrom('agencies').select(AGENCY_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function insertAgency(db: Queryable, row: AgencyRow): Promise<void> {
  await db.insertInto('agencies').values(row).execute();
}

export async function updateAgency(db: Queryable, id: string, patch: Partial<Omit<AgencyRow, 'id'>>): Promise<void> {
  await db
    .updateTable('agencies')
    .set({ ...patch, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}
