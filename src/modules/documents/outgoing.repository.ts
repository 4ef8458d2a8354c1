import { type Expression, type SqlBool, sql } from 'kysely';
import type { Scope } from '../../platform/auth/scope.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { Updateable } from 'kysely';
import { inScope } from '../../platform/db/scope-filter.ts';
import type { OutgoingDocuments } from '../../platform/db/schema.ts';
import type { Confidentiality, OutgoingStatus, RecipientKind, Urgency } from './document-model.ts';

/** All SQL of outgoing documents and their recipients. */

export type OutgoingRow = {
  id: string;
  unit_id: string;
  agency_id: string;
  drafting_agency_id: string;
  type_code: string;
  type_name: string;
  type_abbreviation: string | null;
  type_series: string;
  is_legal_normative: boolean;
  subject: string;
  urgency: Urgency;
  confidentiality: Confidentiality;
  intended_signer_id: string | null;
  drafted_by: string | null;
  copies: number;
  archive_holder: string | null;
  status: OutgoingStatus;
  version: number;
  signer_id: string | null;
  signer_name: string | null;
  signed_at: Date | null;
  series: string | null;
  number: number | null;
  number_year: number | null;
  notation: string | null;
  issued_on: string | null;
  released_at: Date | null;
  created_at: Date;
};

export type OutgoingInsert = Omit<
  OutgoingRow,
  | 'type_name'
  | 'type_abbreviation'
  | 'type_series'
  | 'signer_id'
  | 'signer_name'
  | 'signed_at'
  | 'series'
  | 'number'
  | 'number_year'
  | 'notation'
  | 'issued_on'
  | 'released_at'
  | 'created_at'
>;

function outgoingQuery(db: Queryable) {
  return db
    .selectFrom('outgoing_documents as o')
    .innerJoin('document_types as t', 't.code', 'o.type_code')
    .select([
      'o.id',
      'o.unit_id',
      'o.agency_id',
      'o.drafting_agency_id',
      'o.type_code',
      't.name as type_name',
      't.abbreviation as type_abbreviation',
      't.series as type_series',
      'o.is_legal_normative',
      'o.subject',
      'o.urgency',
      'o.confidentiality',
      'o.intended_signer_id',
      'o.drafted_by',
      'o.copies',
      'o.archive_holder',
      'o.status',
      'o.version',
      'o.signer_id',
      'o.signer_name',
      'o.signed_at',
      'o.series',
      'o.number',
      'o.number_year',
      'o.notation',
      'o.issued_on',
      'o.released_at',
      'o.created_at',
    ]);
}

/** The document; with `lock`, the row stays locked until the transaction ends so actions take turns. */
export async function findOutgoing(db: Queryable, id: string, lock = false): Promise<OutgoingRow | undefined> {
  const query = outgoingQuery(db).where('o.id', '=', id);
  return (await (lock ? query.forUpdate('o') : query).executeTakeFirst()) as OutgoingRow | undefined;
}

export async function insertOutgoing(trx: Queryable, row: OutgoingInsert): Promise<void> {
  await trx.insertInto('outgoing_documents').values(row).execute();
}

/**
 * Moves the document to its next version if it is still at `expectedVersion`.
 * @returns false when another action got there first
 */
export async function updateOutgoing(
  trx: Queryable,
  id: string,
  expectedVersion: number,
  set: Updateable<OutgoingDocuments>,
): Promise<boolean> {
  const result = await trx
    .updateTable('outgoing_documents')
    .set({ ...set, version: expectedVersion + 1, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type RecipientRow = {
  id: string;
  position: number;
  kind: RecipientKind;
  agency_id: string | null;
  unit_id: string | null;
  external_code: string | null;
  name: string;
  incoming_document_id: string | null;
  status: string;
  unit_ancestor_ids: string[] | null;
};

export async function listRecipients(db: Queryable, documentId: string): Promise<RecipientRow[]> {
  return (await db
    .selectFrom('outgoing_recipients as r')
    .leftJoin('units as u', 'u.id', 'r.unit_id')
    .select([
      'r.id',
      'r.position',
      'r.kind',
      'r.agency_id',
      'r.unit_id',
      'r.external_code',
      'r.name',
      'r.incoming_document_id',
      'r.status',
      'u.ancestor_ids as unit_ancestor_ids',
    ])
    .where('r.document_id', '=', documentId)
    .orderBy('r.position')
    .execute()) as RecipientRow[];
}

/** Replaces the recipient list of a document that has not been released. */
export async function replaceRecipients(
  trx: Queryable,
  documentId: string,
  rows: readonly Omit<RecipientRow, 'status' | 'incoming_document_id' | 'unit_ancestor_ids'>[],
): Promise<void> {
  await trx.deleteFrom('outgoing_recipients').where('document_id', '=', documentId).execute();
  if (rows.length === 0) return;
  await trx
    .insertInto('outgoing_recipients')
    .values(rows.map((r) => ({ ...r, document_id: documentId })))
    .execute();
}

export async function markRecipient(
  trx: Queryable,
  id: string,
  set: { status: string; delivered_at?: Date; incoming_document_id?: string },
): Promise<void> {
  await trx.updateTable('outgoing_recipients').set(set).where('id', '=', id).execute();
}

/** Reports the recipient-side status of a copy back onto the sender's recipient row. */
export async function reportRecipientStatus(trx: Queryable, incomingDocumentId: string, status: string): Promise<void> {
  await trx
    .updateTable('outgoing_recipients')
    .set({ status })
    .where('incoming_document_id', '=', incomingDocumentId)
    .execute();
}

/** The condition "the reader may see this outgoing document", in SQL (mirrors canReadOutgoing). */
export function outgoingVisible(scope: Scope): Expression<SqlBool> {
  return sql<SqlBool>`(${inScope(scope, 'o.unit_id', 'o.agency_id')} OR ${inScope(scope, 'o.unit_id', 'o.drafting_agency_id')}
    OR (o.status = 'released' AND EXISTS (SELECT 1 FROM outgoing_recipients AS r
      WHERE r.document_id = o.id AND r.kind = 'internal' AND ${inScope(scope, 'r.unit_id', 'r.agency_id')})))`;
}

/** A page of the documents the reader may see, newest first. */
export async function listOutgoing(
  db: Queryable,
  scope: Scope,
  filter: { agencyId?: string; status?: string; year?: number; q?: string; afterId?: string; limit: number },
) {
  let query = outgoingQuery(db)
    .innerJoin('agencies as a', 'a.id', 'o.agency_id')
    .select(['a.name as agency_name', 'a.code as agency_code'])
    .where(outgoingVisible(scope));
  if (filter.agencyId) query = query.where('o.agency_id', '=', filter.agencyId);
  if (filter.status) query = query.where('o.status', '=', filter.status);
  if (filter.year) query = query.where('o.number_year', '=', filter.year);
  if (filter.q) {
    const term = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where((eb) =>
      eb.or([eb('o.subject_search', 'like', sql<string>`search_text(${term})`), eb('o.notation', 'ilike', term)]),
    );
  }
  if (filter.afterId) query = query.where('o.id', '<', filter.afterId);
  return (await query
    .orderBy('o.id', 'desc')
    .limit(filter.limit + 1)
    .execute()) as (OutgoingRow & { agency_name: string; agency_code: string | null })[];
}
