import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';

/**
 * SQL shared by both directions: agencies with their notation settings, document types, number counters, files and
 * the action logs. Takes the database or a transaction; never opens one.
 */

/** An agency as the documents module sees it. */
export type DocumentAgency = {
  id: string;
  unit_id: string;
  code: string | null;
  name: string;
  email: string | null;
  parent_id: string | null;
  abbreviation: string | null;
  internal_of_agency_id: string | null;
  unit_ancestor_ids: string[];
};

function agencyQuery(db: Queryable) {
  return db
    .selectFrom('agencies as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .leftJoin('document_agency_settings as s', 's.agency_id', 'a.id')
    .select([
      'a.id',
      'a.unit_id',
      'a.code',
      'a.name',
      'a.email',
      'a.parent_id',
      's.abbreviation',
      's.internal_of_agency_id',
      'u.ancestor_ids as unit_ancestor_ids',
    ]);
}

export async function findAgency(db: Queryable, id: string): Promise<DocumentAgency | undefined> {
  return agencyQuery(db).where('a.id', '=', id).executeTakeFirst();
}

export async function findAgencies(db: Queryable, ids: readonly string[]): Promise<Map<string, DocumentAgency>> {
  if (ids.length === 0) return new Map();
  const rows = await agencyQuery(db)
    .where('a.id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function findAgencyByCode(db: Queryable, code: string): Promise<DocumentAgency | undefined> {
  return agencyQuery(db).where('a.code', '=', code).executeTakeFirst();
}

/** True when `unitAgency` is an internal unit of `issuer` (by the documents setting or the agency tree). */
export function isInternalUnitOf(unitAgency: DocumentAgency, issuerId: string): boolean {
  return unitAgency.internal_of_agency_id === issuerId || unitAgency.parent_id === issuerId;
}

export type DocumentTypeRow = {
  code: string;
  name: string;
  abbreviation: string | null;
  series: string;
  normative_allowed: boolean;
};

export async function listTypes(db: Queryable): Promise<DocumentTypeRow[]> {
  return db
    .selectFrom('document_types')
    .select(['code', 'name', 'abbreviation', 'series', 'normative_allowed'])
    .orderBy('position')
    .execute();
}

export async function findType(db: Queryable, code: string): Promise<DocumentTypeRow | undefined> {
  return db
    .selectFrom('document_types')
    .select(['code', 'name', 'abbreviation', 'series', 'normative_allowed'])
    .where('code', '=', code)
    .executeTakeFirst();
}

/**
 * Takes the next number of a series for an agency and year. The counter row is created at 1 or incremented in
 * one statement (INSERT … ON CONFLICT DO UPDATE … RETURNING): a concurrent allocator waits on the row lock until
 * this transaction ends, then reads the committed value, so no number is handed out twice and a rollback gives
 * the number back.
 */
export async function allocateNumber(
  trx: Queryable,
  key: { agencyId: string; year: number; series: string },
): Promise<number> {
  const result = await sql<{ last_value: number }>`INSERT INTO document_number_counters AS c
      (agency_id, year, series, last_value)
    VALUES (${key.agencyId}, ${key.year}, ${key.series}, 1)
    ON CONFLICT (agency_id, year, series) DO UPDATE SET last_value = c.last_value + 1
    RETURNING c.last_value`.execute(trx);
  const row = result.rows[0];
  if (!row) throw new Error('number counter returned no row');
  return row.last_value;
}

export type FileRow = {
  id: string;
  kind: 'main' | 'attachment' | 'signed' | 'scan';
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  action_seq: number;
};

export type FileInsert = FileRow & { unit_id: string; uploaded_by: string | null };

export async function insertFiles(
  trx: Queryable,
  owner: { outgoingDocumentId: string } | { incomingDocumentId: string },
  rows: readonly FileInsert[],
): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('document_files')
    .values(
      rows.map((r) => ({
        ...r,
        outgoing_document_id: 'outgoingDocumentId' in owner ? owner.outgoingDocumentId : null,
        incoming_document_id: 'incomingDocumentId' in owner ? owner.incomingDocumentId : null,
      })),
    )
    .execute();
}

export async function listFiles(
  db: Queryable,
  owner: { outgoingDocumentId: string } | { incomingDocumentId: string },
): Promise<FileRow[]> {
  let query = db
    .selectFrom('document_files')
    .select(['id', 'kind', 'filename', 'content_type', 'size', 'sha256', 'action_seq']);
  query =
    'outgoingDocumentId' in owner
      ? query.where('outgoing_document_id', '=', owner.outgoingDocumentId)
      : query.where('incoming_document_id', '=', owner.incomingDocumentId);
  return (await query.orderBy('created_at').orderBy('id').execute()) as FileRow[];
}

/** One entry of an action log, as written. */
export type ActionInsert = {
  document_id: string;
  seq: number;
  action: string;
  actor_id: string | null;
  actor_kind: 'user' | 'system';
  at: Date;
  note: string | null;
  data: Record<string, unknown>;
  from_status: string | null;
  to_status: string;
};

export type ActionRow = Omit<ActionInsert, 'data'> & { data: unknown; actor_name: string | null };

export async function insertAction(
  trx: Queryable,
  table: 'outgoing_document_actions' | 'incoming_document_actions',
  row: ActionInsert,
): Promise<void> {
  await trx
    .insertInto(table)
    .values({ ...row, data: JSON.stringify(row.data) })
    .execute();
}

export async function listActions(
  db: Queryable,
  table: 'outgoing_document_actions' | 'incoming_document_actions',
  documentId: string,
): Promise<ActionRow[]> {
  return (await db
    .selectFrom(`${table} as l` as 'outgoing_document_actions as l')
    .leftJoin('users as u', 'u.id', 'l.actor_id')
    .select([
      'l.document_id',
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
    .where('l.document_id', '=', documentId)
    .orderBy('l.seq')
    .execute()) as ActionRow[];
}

export async function userNames(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'full_name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.full_name]));
}

/** A staff account with its e-mail, for checks on signers and assignees. */
export async function findStaff(
  db: Queryable,
  id: string,
): Promise<{ id: string; full_name: string; email: string | null; status: string } | undefined> {
  return db
    .selectFrom('users')
    .select(['id', 'full_name', 'email', 'status'])
    .where('id', '=', id)
    .where('kind', '=', 'staff')
    .executeTakeFirst();
}
