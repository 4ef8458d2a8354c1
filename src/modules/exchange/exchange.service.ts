import { X509Certificate } from 'node:crypto';
import { recordAudit } from '../../platform/audit/audit.ts';
import { scopeFor } from '../../platform/auth/scope.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import { decodeCursor, paginate } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { certificateSha256, subjectName } from './edxml/signature.ts';
import { assertCanManageExchange, assertCanReadExchange } from './exchange.policy.ts';
import * as repo from './exchange.repository.ts';
import type {
  TAddressEntry,
  TExchangePackage,
  TExchangePackageDetail,
  TPackageListQuery,
  TPeer,
  TPeerCreateBody,
  TPeerUpdateBody,
  TRemoteAgencyBody,
} from './exchange.schema.ts';

/** Administration of the exchange: peers with their pinned certificates, the address book, and the trace. */

function presentPeer(row: repo.PeerRow): TPeer {
  const certificate = new X509Certificate(row.certificate_pem);
  return {
    id: row.id,
    name: row.name,
    baseUrl: row.base_url,
    certificateSha256: row.certificate_sha256,
    certificateSubject: subjectName(certificate),
    certificateValidTo: new Date(certificate.validTo).toISOString(),
    active: row.active,
  };
}

/** A pinned certificate must at least be a readable X.509 certificate. */
function readCertificate(pem: string): string {
  try {
    return new X509Certificate(pem).toString();
  } catch {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ path: 'body.certificatePem', message: 'not a readable X.509 certificate' }],
    });
  }
}

async function assertManager(ctx: ServiceContext): Promise<void> {
  const roots = await ctx.db.selectFrom('units').select('id').where('parent_id', 'is', null).execute();
  assertCanManageExchange(
    ctx.actor,
    roots.map((r) => r.id),
  );
}

export async function listPeers(ctx: ServiceContext): Promise<TPeer[]> {
  await assertManager(ctx);
  return (await repo.listPeers(ctx.db)).map(presentPeer);
}

/** Adds a peer platform with the certificate it signs with. @throws FORBIDDEN, VALIDATION_FAILED, ALREADY_EXISTS */
export async function createPeer(ctx: ServiceContext, input: TPeerCreateBody): Promise<TPeer> {
  await assertManager(ctx);
  const pem = readCertificate(input.certificatePem);
  const row = {
    id: newId(),
    name: input.name,
    base_url: input.baseUrl.replace(/\/$/, ''),
    certificate_pem: pem,
    certificate_sha256: certificateSha256(pem),
    active: true,
  };
  try {
    await inTransaction(ctx.db, async (trx) => {
      await repo.insertPeer(trx, row);
      await recordAudit(trx, {
        actor: ctx.actor,
        meta: ctx.meta,
        action: 'exchange.peer.create',
        subjectType: 'exchange_peer',
        subjectId: row.id,
        unitId: null,
        data: { name: row.name, baseUrl: row.base_url, certificateSha256: row.certificate_sha256 },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('ALREADY_EXISTS', { field: 'baseUrl' });
    throw error;
  }
  return presentPeer({ ...row, created_at: new Date(), updated_at: new Date() });
}

/** Changes a peer: its address, its pinned certificate (a key rollover), or turns it off. @throws FORBIDDEN, NOT_FOUND */
export async function updatePeer(ctx: ServiceContext, id: string, input: TPeerUpdateBody): Promise<TPeer> {
  await assertManager(ctx);
  return inTransaction(ctx.db, async (trx) => {
    const current = await repo.findPeer(trx, id);
    if (!current) throw new AppError('NOT_FOUND', { subject: 'exchange_peer' });
    const pem = input.certificatePem ? readCertificate(input.certificatePem) : undefined;
    const changes = {
      ...(input.name ? { name: input.name } : {}),
      ...(input.baseUrl ? { base_url: input.baseUrl.replace(/\/$/, '') } : {}),
      ...(pem ? { certificate_pem: pem, certificate_sha256: certificateSha256(pem) } : {}),
      ...(input.active === undefined ? {} : { active: input.active }),
    };
    await repo.updatePeer(trx, id, changes);
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'exchange.peer.update',
      subjectType: 'exchange_peer',
      subjectId: id,
      unitId: null,
      data: {
        name: changes.name,
        baseUrl: changes.base_url,
        certificateSha256: changes.certificate_sha256,
        active: changes.active,
      },
    });
    return presentPeer({ ...current, ...changes });
  });
}

/** The address book: our agencies with an e-identifier code, then the remote agencies with their peer. */
export async function listAddressBook(ctx: ServiceContext): Promise<{ items: TAddressEntry[] }> {
  assertCanReadExchange(ctx.actor);
  const local = await repo.listLocalAgencies(ctx.db);
  const remote = await repo.listRemoteAgencies(ctx.db);
  return {
    items: [
      ...local.map((a) => ({
        organId: a.code,
        name: a.name,
        location: 'local' as const,
        peerId: null,
        peerName: null,
      })),
      ...remote.map((r) => ({
        organId: r.organ_id,
        name: r.name,
        location: 'remote' as const,
        peerId: r.peer_id,
        peerName: r.peer_name,
      })),
    ],
  };
}

/**
 * Lists (or re-points) a remote agency at the peer that hosts it.
 * @throws FORBIDDEN, NOT_FOUND (peer), CONFLICT (the code is one of our own agencies)
 */
export async function putRemoteAgency(ctx: ServiceContext, input: TRemoteAgencyBody): Promise<TAddressEntry> {
  await assertManager(ctx);
  return inTransaction(ctx.db, async (trx) => {
    const peer = await repo.findPeer(trx, input.peerId);
    if (!peer) throw new AppError('NOT_FOUND', { subject: 'exchange_peer' });
    if ((await repo.findLocalAgencies(trx, [input.organId])).length > 0) {
      throw new AppError('CONFLICT', { reason: 'local_agency', organId: input.organId });
    }
    await repo.upsertRemoteAgency(trx, input.organId, input.name, peer.id);
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'exchange.address.put',
      subjectType: 'exchange_address',
      subjectId: null,
      unitId: null,
      data: { organId: input.organId, name: input.name, peerId: peer.id },
    });
    return { organId: input.organId, name: input.name, location: 'remote', peerId: peer.id, peerName: peer.name };
  });
}

/** Removes a remote agency from the address book. @throws FORBIDDEN, NOT_FOUND */
export async function deleteRemoteAgency(ctx: ServiceContext, organId: string): Promise<void> {
  await assertManager(ctx);
  await inTransaction(ctx.db, async (trx) => {
    if ((await repo.deleteRemoteAgency(trx, organId)) === 0)
      throw new AppError('NOT_FOUND', { subject: 'exchange_address' });
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'exchange.address.delete',
      subjectType: 'exchange_address',
      subjectId: null,
      unitId: null,
      data: { organId },
    });
  });
}

function presentPackage(row: repo.PackageRow): TExchangePackage {
  return {
    id: row.id,
    direction: row.direction as TExchangePackage['direction'],
    kind: row.kind as TExchangePackage['kind'],
    documentId: row.document_id,
    businessType: row.business_type,
    fromOrganId: row.from_organ_id,
    toOrganId: row.to_organ_id,
    subject: row.subject,
    state: row.state as TExchangePackage['state'],
    lastStatusCode: row.last_status_code,
    attempts: row.attempts,
    lastError: row.last_error,
    incomingDocumentId: row.incoming_document_id,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** Exchanged messages of the caller's units, newest first. @throws FORBIDDEN */
export async function listPackages(ctx: ServiceContext, query: TPackageListQuery) {
  assertCanReadExchange(ctx.actor);
  const cursor = query.cursor ? (decodeCursor(query.cursor, 2) as [string, string]) : undefined;
  const rows = await repo.listPackages(ctx.db, scopeFor(ctx.actor, 'exchange.manage'), {
    direction: query.direction,
    limit: query.limit,
    cursor,
  });
  return paginate(rows, query.limit, (r) => [new Date(r.created_at).toISOString(), r.id], presentPackage);
}

/** One exchanged message with its whole trace. @throws FORBIDDEN, NOT_FOUND (also outside the caller's units) */
export async function getPackage(ctx: ServiceContext, id: string): Promise<TExchangePackageDetail> {
  assertCanReadExchange(ctx.actor);
  const [row] = await repo.listPackagesById(ctx.db, scopeFor(ctx.actor, 'exchange.manage'), id);
  if (!row) throw new AppError('NOT_FOUND', { subject: 'exchange_package' });
  const trace = await repo.traceOf(ctx.db, id);
  return {
    ...presentPackage(row),
    trace: trace.map((t) => ({
      organId: t.organ_id,
      event: t.event as TExchangePackageDetail['trace'][number]['event'],
      statusCode: t.status_code,
      reason: t.reason,
      at: new Date(t.at).toISOString(),
    })),
  };
}
