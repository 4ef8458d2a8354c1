import { type Expression, type SqlBool, type Updateable, sql } from 'kysely';
import type { Scope } from '../../platform/auth/scope.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { IncomingDocuments } from '../../platform/db/schema.ts';
import { inScope } from '../../platform/db/scope-filter.ts';
import type { AssignmentRole, Confidentiality, IncomingStatus, Urgency } from './document-model.ts';

/** All SQL of incoming documents and their handling assignments. */

export type IncomingRow = {
  id: string;
  unit_id: string;
  agency_id: string;
  source: 'platform' | 'exchange' | 'paper';
  outgoing_document_id: string | null;
  exchange_ref: string | null;
  sender_agency_id: string | null;
  sender_code: string | null;
  sender_name: string;
  notation: string;
  issued_on: string;
  type_code: string | null;
  type_name: string;
  subject: string;
  signer_name: string | null;
  urgency: Urgency;
  confidentiality: Confidentiality;
  status: IncomingStatus;
  version: number;
  arrived_at: Date;
  incoming_number: number | null;
  incoming_year: number | null;
  registered_at: Date | null;
  registered_by: string | null;
  assignment_seq: number | null;
  handling_due_on: string | null;
  completed_at: Date | null;
};

export type IncomingInsert = Omit<
  IncomingRow,
  | 'incoming_number'
  | 'incoming_year'
  | 'registered_at'
  | 'registered_by'
  | 'assignment_seq'
  | 'handling_due_on'
  | 'completed_at'
>;

const COLUMNS = [
  'i.id',
  'i.unit_id',
  'i.agency_id',
  'i.source',
  'i.outgoing_document_id',
  'i.exchange_ref',
  'i.sender_agency_id',
  'i.sender_code',
  'i.sender_name',
  'i.notation',
  'i.issued_on',
  'i.type_code',
  'i.type_name',
  'i.subject',
  'i.signer_name',
  'i.urgency',
  'i.confidentiality',
  'i.status',
  'i.version',
  'i.arrived_at',
  'i.incoming_number',
  'i.incoming_year',
  'i.registered_at',
  'i.registered_by',
  'i.assignment_seq',
  'i.handling_due_on',
  'i.completed_at',
] as const;

/** The document; with `lock`, the row stays locked until the transaction ends so actions take turns. */
export async function findIncoming(db: Queryable, id: string, lock = false): Promise<IncomingRow | undefined> {
  const query = db.selectFrom('incoming_documents as i').select(COLUMNS).where('i.id', '=', id);
  return (await (lock ? query.forUpdate('i') : query).executeTakeFirst()) as IncomingRow | undefined;
}

/** The copy an agency already received of a platform document or an exchange package, if any. */
export async function findDelivered(
  db: Queryable,
  agencyId: string,
  ref: { outgoingDocumentId: string | null; exchangeRef: string | null },
): Promise<string | undefined> {
  let query = db.selectFrom('incoming_documents').select('id').where('agency_id', '=', agencyId);
  if (ref.outgoingDocumentId) query = query.where('outgoing_document_id', '=', ref.outgoingDocumentId);
  else if (ref.exchangeRef) query = query.where('exchange_ref', '=', ref.exchangeRef);
  else return undefined;
  return (await query.executeTakeFirst())?.id;
}

export async function insertIncoming(trx: Queryable, row: IncomingInsert): Promise<void> {
  await trx.insertInto('incoming_documents').values(row).execute();
}

/**
 * Moves the document to its next version if it is still at `expectedVersion`.
 * @returns false when another action got there first
 */
export async function updateIncoming(
  trx: Queryable,
  id: string,
  expectedVersion: number,
  set: Updateable<IncomingDocuments>,
): Promise<boolean> {
  const result = await trx
    .updateTable('incoming_documents')
    .set({ ...set, version: expectedVersion + 1, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type AssignmentRow = {
  role: AssignmentRole;
  agency_id: string | null;
  unit_id: string | null;
  user_id: string | null;
  agency_name: string | null;
  user_name: string | null;
  user_email: string | null;
  agency_email: string | null;
  unit_ancestor_ids: string[] | null;
};

/** The assignment made by the action `seq` (the current one, named by the document row). */
export async function listAssignments(db: Queryable, documentId: string, seq: number | null): Promise<AssignmentRow[]> {
  if (seq === null) return [];
  return (await db
    .selectFrom('incoming_assignments as a')
    .leftJoin('agencies as ag', 'ag.id', 'a.agency_id')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .leftJoin('units as un', 'un.id', 'a.unit_id')
    .select([
      'a.role',
      'a.agency_id',
      'a.unit_id',
      'a.user_id',
      'ag.name as agency_name',
      'u.full_name as user_name',
      'u.email as user_email',
      'ag.email as agency_email',
      'un.ancestor_ids as unit_ancestor_ids',
    ])
    .where('a.document_id', '=', documentId)
    .where('a.assigned_seq', '=', seq)
    .orderBy('a.id')
    .execute()) as AssignmentRow[];
}

export async function insertAssignments(
  trx: Queryable,
  rows: readonly {
    id: string;
    document_id: string;
    assigned_seq: number;
    role: AssignmentRole;
    agency_id: string | null;
    unit_id: string | null;
    user_id: string | null;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await trx.insertInto('incoming_assignments').values(rows).execute();
}

/** The condition "the reader may see this incoming document", in SQL (mirrors canReadIncoming). */
export function incomingVisible(scope: Scope, userId: string | null): Expression<SqlBool> {
  return sql<SqlBool>`(${inScope(scope, 'i.unit_id', 'i.agency_id')}
    OR EXISTS (SELECT 1 FROM incoming_assignments AS a
      WHERE a.document_id = i.id AND a.assigned_seq = i.assignment_seq
        AND (a.user_id = ${userId}::uuid OR (a.agency_id IS NOT NULL AND ${inScope(scope, 'a.unit_id', 'a.agency_id')}))))`;
}

export type IncomingListRow = IncomingRow & { agency_name: string; agency_code: string | null };

function listQuery(db: Queryable, scope: Scope, userId: string | null) {
  return db
    .selectFrom('incoming_documents as i')
    .innerJoin('agencies as ag', 'ag.id', 'i.agency_id')
    .select(COLUMNS)
    .select(['ag.name as agency_name', 'ag.code as agency_code'])
    .where(incomingVisible(scope, userId));
}

/** A page of the documents the reader may see, newest first. */
export async function listIncoming(
  db: Queryable,
  scope: Scope,
  userId: string | null,
  filter: { agencyId?: string; status?: string; q?: string; afterId?: string; limit: number },
): Promise<IncomingListRow[]> {
  let query = listQuery(db, scope, userId);
  if (filter.agencyId) query = query.where('i.agency_id', '=', filter.agencyId);
  if (filter.status) query = query.where('i.status', '=', filter.status);
  if (filter.q) {
    const term = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where('i.subject_search', 'like', sql<string>`search_text(${term})`);
  }
  if (filter.afterId) query = query.where('i.id', '<', filter.afterId);
  return (await query
    .orderBy('i.id', 'desc')
    .limit(filter.limit + 1)
    .execute()) as IncomingListRow[];
}

/** Documents under handling whose deadline is before `day`, the most overdue first. */
export async function listOverdue(
  db: Queryable,
  scope: Scope,
  userId: string | null,
  day: string,
  agencyId?: string,
): Promise<IncomingListRow[]> {
  let query = listQuery(db, scope, userId)
    .where('i.status', 'in', ['assigned', 'in_progress'])
    .where('i.handling_due_on', '<', day);
  if (agencyId) query = query.where('i.agency_id', '=', agencyId);
  return (await query.orderBy('i.handling_due_on').orderBy('i.id').execute()) as IncomingListRow[];
}

/** Every document under handling with a deadline on or before `until` (for the reminder run). */
export async function listDueUntil(db: Queryable, until: string): Promise<IncomingListRow[]> {
  return (await db
    .selectFrom('incoming_documents as i')
    .innerJoin('agencies as ag', 'ag.id', 'i.agency_id')
    .select(COLUMNS)
    .select(['ag.name as agency_name', 'ag.code as agency_code'])
    .where('i.status', 'in', ['assigned', 'in_progress'])
    .where('i.handling_due_on', '<=', until)
    .orderBy('i.handling_due_on')
    .orderBy('i.id')
    .execute()) as IncomingListRow[];
}

/** Claims a reminder; false when it was already sent. */
export async function claimReminder(
  trx: Queryable,
  row: { document_id: string; recipient: string; kind: 'due_soon' | 'overdue'; sent_on: string },
): Promise<boolean> {
  const inserted = await trx
    .insertInto('incoming_reminders')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returning('document_id')
    .executeTakeFirst();
  return inserted !== undefined;
}
