import { type Selectable, sql } from 'kysely';
import type { Scope } from '../../platform/auth/scope.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { ExchangePackages, ExchangePeers, ExchangeTrace } from '../../platform/db/schema.ts';
import { inScope } from '../../platform/db/scope-filter.ts';
import { newId } from '../../platform/ids.ts';

/** All SQL of the exchange module. */

export type PeerRow = Selectable<ExchangePeers>;
export type PackageRow = Selectable<ExchangePackages>;
export type TraceRow = Selectable<ExchangeTrace>;

export async function listPeers(db: Queryable): Promise<PeerRow[]> {
  return db.selectFrom('exchange_peers').selectAll().orderBy('name').execute();
}

export async function findPeer(db: Queryable, id: string): Promise<PeerRow | undefined> {
  return db.selectFrom('exchange_peers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertPeer(db: Queryable, row: Omit<PeerRow, 'created_at' | 'updated_at'>): Promise<void> {
  await db.insertInto('exchange_peers').values(row).execute();
}

export async function updatePeer(
  db: Queryable,
  id: string,
  changes: Partial<Pick<PeerRow, 'name' | 'base_url' | 'certificate_pem' | 'certificate_sha256' | 'active'>>,
): Promise<void> {
  await db
    .updateTable('exchange_peers')
    .set({ ...changes, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export type RemoteAgencyRow = { organ_id: string; name: string; peer_id: string; peer_name: string };

export async function listRemoteAgencies(db: Queryable): Promise<RemoteAgencyRow[]> {
  return db
    .selectFrom('exchange_address_book as b')
    .innerJoin('exchange_peers as p', 'p.id', 'b.peer_id')
    .select(['b.organ_id', 'b.name', 'b.peer_id', 'p.name as peer_name'])
    .orderBy('b.organ_id')
    .execute();
}

/** A remote agency with its (active) peer, by e-identifier code. */
export async function findRemoteAgency(
  db: Queryable,
  organId: string,
): Promise<(RemoteAgencyRow & { peer: PeerRow }) | undefined> {
  const entry = await db
    .selectFrom('exchange_address_book as b')
    .innerJoin('exchange_peers as p', 'p.id', 'b.peer_id')
    .select(['b.organ_id', 'b.name', 'b.peer_id', 'p.name as peer_name'])
    .where('b.organ_id', '=', organId)
    .executeTakeFirst();
  if (!entry) return undefined;
  const peer = await findPeer(db, entry.peer_id);
  return peer ? { ...entry, peer } : undefined;
}

export async function upsertRemoteAgency(db: Queryable, organId: string, name: string, peerId: string): Promise<void> {
  await db
    .insertInto('exchange_address_book')
    .values({ organ_id: organId, name, peer_id: peerId })
    .onConflict((oc) => oc.column('organ_id').doUpdateSet({ name, peer_id: peerId, updated_at: sql`now()` }))
    .execute();
}

export async function deleteRemoteAgency(db: Queryable, organId: string): Promise<number> {
  const result = await db.deleteFrom('exchange_address_book').where('organ_id', '=', organId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export type LocalAgencyRow = {
  id: string;
  unit_id: string;
  code: string;
  name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
};

const IN_OPERATION = sql<boolean>`(agencies.valid_to IS NULL OR agencies.valid_to >= current_date)`;

/** Our agencies in operation today that have an e-identifier code: the local half of the address book. */
export async function listLocalAgencies(db: Queryable): Promise<LocalAgencyRow[]> {
  const rows = await db
    .selectFrom('agencies')
    .select(['id', 'unit_id', 'code', 'name', 'email', 'phone', 'address'])
    .where('code', 'is not', null)
    .where(IN_OPERATION)
    .orderBy('code')
    .execute();
  return rows.filter((r): r is LocalAgencyRow => r.code !== null);
}

/** Our agencies in operation today with these e-identifier codes. */
export async function findLocalAgencies(db: Queryable, codes: readonly string[]): Promise<LocalAgencyRow[]> {
  if (codes.length === 0) return [];
  const rows = await db
    .selectFrom('agencies')
    .select(['id', 'unit_id', 'code', 'name', 'email', 'phone', 'address'])
    .where('code', 'in', [...codes])
    .where(IN_OPERATION)
    .execute();
  return rows.filter((r): r is LocalAgencyRow => r.code !== null);
}

export async function insertPackage(
  db: Queryable,
  row: Omit<PackageRow, 'attempts' | 'next_attempt_at' | 'claimed_until' | 'last_error' | 'created_at' | 'updated_at'> &
    Partial<Pick<PackageRow, 'last_error'>>,
): Promise<void> {
  await db
    .insertInto('exchange_packages')
    .values({ ...row, status_body: row.status_body === null ? null : JSON.stringify(row.status_body) })
    .execute();
}

export async function findPackage(db: Queryable, id: string): Promise<PackageRow | undefined> {
  return db.selectFrom('exchange_packages').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findIncomingByKey(
  db: Queryable,
  fromOrganId: string,
  toOrganId: string,
  messageKey: string,
): Promise<PackageRow | undefined> {
  return db
    .selectFrom('exchange_packages')
    .selectAll()
    .where('direction', '=', 'incoming')
    .where('from_organ_id', '=', fromOrganId)
    .where('to_organ_id', '=', toOrganId)
    .where('message_key', '=', messageKey)
    .executeTakeFirst();
}

/** The latest incoming document package with this DocumentId from a sender to a recipient (what a revoke targets). */
export async function findReceivedDocument(
  db: Queryable,
  fromOrganId: string,
  toOrganId: string,
  documentId: string,
): Promise<PackageRow | undefined> {
  return db
    .selectFrom('exchange_packages')
    .selectAll()
    .where('direction', '=', 'incoming')
    .where('kind', '=', 'edoc')
    .where('from_organ_id', '=', fromOrganId)
    .where('to_organ_id', '=', toOrganId)
    .where('document_id', '=', documentId)
    .where('incoming_document_id', 'is not', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

/** Every document package with this DocumentId received from a sender (for each of our recipients, or one). */
export async function findReceivedDocuments(
  db: Queryable,
  fromOrganId: string,
  documentId: string,
  toOrganId: string | undefined,
): Promise<PackageRow[]> {
  let query = db
    .selectFrom('exchange_packages')
    .selectAll()
    .where('direction', '=', 'incoming')
    .where('kind', '=', 'edoc')
    .where('from_organ_id', '=', fromOrganId)
    .where('document_id', '=', documentId)
    .where('incoming_document_id', 'is not', null);
  if (toOrganId) query = query.where('to_organ_id', '=', toOrganId);
  return query.orderBy('created_at').execute();
}

/** The outgoing document package a status from `reporterOrganId` is about. */
export async function findSentDocument(
  db: Queryable,
  fromOrganId: string,
  reporterOrganId: string,
  documentId: string,
): Promise<PackageRow | undefined> {
  return db
    .selectFrom('exchange_packages')
    .selectAll()
    .where('direction', '=', 'outgoing')
    .where('kind', '=', 'edoc')
    .where('from_organ_id', '=', fromOrganId)
    .where('to_organ_id', '=', reporterOrganId)
    .where('document_id', '=', documentId)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

export async function findIncomingByDocument(
  db: Queryable,
  incomingDocumentId: string,
): Promise<PackageRow | undefined> {
  return db
    .selectFrom('exchange_packages')
    .selectAll()
    .where('direction', '=', 'incoming')
    .where('incoming_document_id', '=', incomingDocumentId)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

export async function setLastStatus(db: Queryable, id: string, code: string): Promise<void> {
  await db
    .updateTable('exchange_packages')
    .set({ last_status_code: code, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function addTrace(
  db: Queryable,
  entry: {
    packageId: string;
    organId: string;
    event: string;
    statusCode?: string | null;
    reason?: string | null;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('exchange_trace')
    .values({
      id: newId(),
      package_id: entry.packageId,
      organ_id: entry.organId,
      event: entry.event,
      status_code: entry.statusCode ?? null,
      reason: entry.reason?.slice(0, 2000) ?? null,
      at: entry.at,
    })
    .execute();
}

export async function traceOf(db: Queryable, packageId: string): Promise<TraceRow[]> {
  return db
    .selectFrom('exchange_trace')
    .selectAll()
    .where('package_id', '=', packageId)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
}

export async function listPackages(
  db: Queryable,
  scope: Scope,
  filter: { direction?: 'outgoing' | 'incoming' | undefined; limit: number; cursor?: [string, string] | undefined },
): Promise<PackageRow[]> {
  let query = db.selectFrom('exchange_packages').selectAll().where(inScope(scope, 'exchange_packages.unit_id'));
  if (filter.direction) query = query.where('direction', '=', filter.direction);
  if (filter.cursor) {
    const [createdAt, id] = filter.cursor;
    query = query.where(sql<boolean>`(created_at, id) < (${createdAt}::timestamptz, ${id}::uuid)`);
  }
  return query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
}

/** One message by id, if it belongs to the scope's units. */
export async function listPackagesById(db: Queryable, scope: Scope, id: string): Promise<PackageRow[]> {
  return db
    .selectFrom('exchange_packages')
    .selectAll()
    .where('id', '=', id)
    .where(inScope(scope, 'exchange_packages.unit_id'))
    .execute();
}

/** Claims one due outgoing row for `leaseSeconds` if nobody holds it. */
export async function claimOutgoing(db: Queryable, id: string, leaseSeconds: number): Promise<PackageRow | undefined> {
  const result = await sql<PackageRow>`
    UPDATE exchange_packages SET claimed_until = now() + make_interval(secs => ${leaseSeconds})
    WHERE id = ${id} AND direction = 'outgoing' AND state = 'pending' AND next_attempt_at <= now()
      AND (claimed_until IS NULL OR claimed_until < now())
    RETURNING *`.execute(db);
  return result.rows[0];
}

export async function markOutgoing(
  db: Queryable,
  id: string,
  changes: {
    state?: 'delivered' | 'refused';
    failed?: { error: string; retryInMs: number };
    xml?: { sha256: string; size: number };
  },
): Promise<void> {
  await db
    .updateTable('exchange_packages')
    .set({
      claimed_until: null,
      updated_at: sql`now()`,
      ...(changes.xml ? { xml_sha256: changes.xml.sha256, xml_size: changes.xml.size } : {}),
      ...(changes.state ? { state: changes.state, last_error: null } : {}),
      ...(changes.state === 'delivered' ? { delivered_at: sql`now()` } : {}),
      ...(changes.failed
        ? {
            attempts: sql`attempts + 1`,
            last_error: changes.failed.error.slice(0, 2000),
            next_attempt_at: sql`now() + make_interval(secs => ${changes.failed.retryInMs / 1000})`,
          }
        : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function recordRefusal(db: Queryable, id: string, reason: string): Promise<void> {
  await db
    .updateTable('exchange_packages')
    .set({
      state: 'refused',
      last_error: reason.slice(0, 2000),
      last_status_code: '02',
      claimed_until: null,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute();
}

/** Outgoing rows due and not held: what the sweeper re-kicks. */
export async function dueOutgoing(db: Queryable, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('exchange_packages')
    .select('id')
    .where('direction', '=', 'outgoing')
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', sql<Date>`now()`)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', sql<Date>`now()`)]))
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
