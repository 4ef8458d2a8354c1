import { type Insertable, type Selectable, type SqlBool, type Updateable, sql } from 'kysely';
import type { Scope } from '../../platform/auth/scope.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { WorkRecordItems, WorkRecords } from '../../platform/db/schema.ts';
import { inScope } from '../../platform/db/scope-filter.ts';
import type { RecordAction, RecordStatus, TaskAction } from './work-model.ts';

/** SQL of work records and the shared pieces (agencies, staff, logs). Never opens transactions. */

export type AgencyPlace = { id: string; unit_id: string; name: string; unit_ancestor_ids: string[] };

export async function findAgencyPlace(db: Queryable, id: string): Promise<AgencyPlace | undefined> {
  return db
    .selectFrom('agencies as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.id', 'a.unit_id', 'a.name', 'u.ancestor_ids as unit_ancestor_ids'])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

export type StaffGrantPlace = { unit_ancestor_ids: string[]; agency_id: string | null };

/** An active staff account with where each of its roles is held (for "an officer of my scope" checks). */
export async function findActiveStaff(
  db: Queryable,
  id: string,
): Promise<{ id: string; full_name: string; grants: StaffGrantPlace[] } | undefined> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'full_name'])
    .where('id', '=', id)
    .where('kind', '=', 'staff')
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!user) return undefined;
  const grants = await db
    .selectFrom('role_grants as g')
    .innerJoin('units as u', 'u.id', 'g.unit_id')
    .select(['u.ancestor_ids as unit_ancestor_ids', 'g.agency_id'])
    .where('g.user_id', '=', id)
    .execute();
  return { ...user, grants };
}

export type LogTable = 'work_record_actions' | 'task_actions';

export type LogInsert = {
  subjectId: string;
  seq: number;
  action: RecordAction | TaskAction;
  actor_id: string | null;
  actor_kind: 'user' | 'system';
  at: Date;
  note: string | null;
  data: Record<string, unknown>;
  from_status: string | null;
  to_status: string;
};

export type LogRow = Omit<LogInsert, 'subjectId' | 'data'> & { data: unknown; actor_name: string | null };

const subjectColumn = { work_record_actions: 'record_id', task_actions: 'task_id' } as const;

export async function insertLog(trx: Queryable, table: LogTable, row: LogInsert): Promise<void> {
  const { subjectId, ...rest } = row;
  await trx
    .insertInto(table as 'task_actions')
    .values({ ...rest, [subjectColumn[table]]: subjectId, data: JSON.stringify(row.data) } as never)
    .execute();
}

export async function listLog(db: Queryable, table: LogTable, subjectId: string): Promise<LogRow[]> {
  return (await db
    .selectFrom(`${table} as l` as 'task_actions as l')
    .leftJoin('users as u', 'u.id', 'l.actor_id')
    .select([
      'l.seq',
      'l.action',
      'l.actor_id',
      'l.actor_kind',
      'l.at',
      'l.note',
      'l.data',
      'l.from_status',
      'l.to_status',
      'u.full_name as actor_name',
    ])
    .where(sql.ref(`l.${subjectColumn[table]}`), '=', subjectId)
    .orderBy('l.seq')
    .execute()) as LogRow[];
}

export async function insertRecord(trx: Queryable, row: Insertable<WorkRecords>): Promise<void> {
  await trx.insertInto('work_records').values(row).execute();
}

export type RecordRow = Selectable<WorkRecords> & {
  status: RecordStatus;
  agency_name: string;
  owner_name: string;
  archivist_name: string | null;
  unit_ancestor_ids: string[];
};

function recordQuery(db: Queryable) {
  return db
    .selectFrom('work_records as r')
    .innerJoin('agencies as a', 'a.id', 'r.agency_id')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .innerJoin('users as o', 'o.id', 'r.owner_id')
    .leftJoin('users as ar', 'ar.id', 'r.archivist_id')
    .selectAll('r')
    .select([
      'a.name as agency_name',
      'o.full_name as owner_name',
      'ar.full_name as archivist_name',
      'u.ancestor_ids as unit_ancestor_ids',
    ]);
}

export async function findRecord(db: Queryable, id: string, lock = false): Promise<RecordRow | undefined> {
  let query = recordQuery(db).where('r.id', '=', id);
  if (lock) query = query.forUpdate('r');
  return (await query.executeTakeFirst()) as RecordRow | undefined;
}

/** Moves the record only from the version the caller saw. @returns false when it had moved on */
export async function updateRecord(
  trx: Queryable,
  id: string,
  fromVersion: number,
  set: Updateable<WorkRecords>,
): Promise<boolean> {
  const result = await trx
    .updateTable('work_records')
    .set({ ...set, version: fromVersion + 1, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', fromVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type ItemRow = Selectable<WorkRecordItems> & { filed_by_name: string | null };

export async function listItems(db: Queryable, recordId: string): Promise<ItemRow[]> {
  return db
    .selectFrom('work_record_items as i')
    .leftJoin('users as u', 'u.id', 'i.filed_by')
    .selectAll('i')
    .select('u.full_name as filed_by_name')
    .where('i.record_id', '=', recordId)
    .orderBy('i.position')
    .execute();
}

export async function insertItem(trx: Queryable, row: Insertable<WorkRecordItems>): Promise<void> {
  await trx.insertInto('work_record_items').values(row).execute();
}

/** True when the document or dossier is already in the record. */
export async function isFiled(
  db: Queryable,
  recordId: string,
  ref: { column: 'outgoing_document_id' | 'incoming_document_id' | 'dossier_id'; id: string },
): Promise<boolean> {
  const row = await db
    .selectFrom('work_record_items')
    .select('id')
    .where('record_id', '=', recordId)
    .where(ref.column, '=', ref.id)
    .executeTakeFirst();
  return row !== undefined;
}

export type RecordFilter = {
  ownerOnly: boolean;
  q?: string;
  status?: RecordStatus;
  agencyId?: string;
  year?: number;
  beforeId?: string;
  limit: number;
};

/** Likes `term` anywhere in a search column, the term stripped of accents and case like the column. */
export function searchLike(column: string, term: string) {
  const pattern = `%${term.replace(/[\\%_]/g, '\\$&')}%`;
  return sql<SqlBool>`${sql.ref(column)} LIKE search_text(${pattern})`;
}

/**
 * Records the caller may see (kept by them, or of the agencies their read or archive scope covers), newest first;
 * `q` matches title and code, and the labels (notation, subject) of the items filed.
 */
export async function listRecords(
  db: Queryable,
  visible: { userId: string | null; read: Scope; archive: Scope },
  filter: RecordFilter,
): Promise<RecordRow[]> {
  let query = recordQuery(db).where((eb) =>
    eb.or([
      eb('r.owner_id', '=', visible.userId ?? '00000000-0000-0000-0000-000000000000'),
      ...(filter.ownerOnly
        ? []
        : [inScope(visible.read, 'r.unit_id', 'r.agency_id'), inScope(visible.archive, 'r.unit_id', 'r.agency_id')]),
    ]),
  );
  if (filter.q) {
    const q = filter.q;
    query = query.where((eb) =>
      eb.or([
        searchLike('r.title_search', q),
        eb.exists(
          eb
            .selectFrom('work_record_items as i')
            .select('i.id')
            .whereRef('i.record_id', '=', 'r.id')
            .where(searchLike('i.label_search', q)),
        ),
      ]),
    );
  }
  if (filter.status) query = query.where('r.status', '=', filter.status);
  if (filter.agencyId) query = query.where('r.agency_id', '=', filter.agencyId);
  if (filter.year) query = query.where('r.year', '=', filter.year);
  if (filter.beforeId) query = query.where('r.id', '<', filter.beforeId);
  return (await query
    .orderBy('r.id', 'desc')
    .limit(filter.limit + 1)
    .execute()) as RecordRow[];
}
