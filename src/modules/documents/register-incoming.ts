import { createHash } from 'node:crypto';
import { NO_REQUEST, systemActor } from '../../platform/auth/actor.ts';
import { scopeCovers, scopeFor } from '../../platform/auth/scope.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { type Queryable, type Tx, inTransaction } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { vietnamParts } from '../../platform/i18n/vietnamese-format.ts';
import { MAX_FILE_BYTES, sniffContentType } from '../dossiers/files.ts';
import { type Confidentiality, INCOMING_SERIES, type Urgency } from './document-model.ts';
import { type PreparedDocumentFile, prepareDocumentFiles } from './document-files.ts';
import type { DocumentDeps } from './documents.ports.ts';
import * as repo from './documents.repository.ts';
import type { TIncomingDetail, TPaperIncomingBody } from './documents.schema.ts';
import { getIncoming, recordIncoming } from './incoming-engine.ts';
import type { IncomingHandlerInput, IncomingHandlerResult } from './incoming-actions.ts';
import * as inRepo from './incoming.repository.ts';
import { actorUserId, placementOf } from './outgoing-engine.ts';

/**
 * Receiving and registering incoming documents (NĐ 30/2020 Art. 20–22): copies released on this platform and
 * packages from the exchange arrive pending registration; the văn thư registers each with the next incoming number
 * of the agency's register (continuous within the year, one sequence for paper and electronic) or refuses it.
 * Paper documents are scanned and registered at once.
 */

export type ArrivingDocument = {
  agencyId: string;
  source: 'platform' | 'exchange' | 'paper';
  outgoingDocumentId: string | null;
  exchangeRef: string | null;
  senderAgencyId: string | null;
  senderCode: string | null;
  senderName: string;
  notation: string;
  issuedOn: string;
  typeCode: string | null;
  typeName: string;
  subject: string;
  signerName: string | null;
  urgency: Urgency;
  confidentiality: Confidentiality;
  /** Files already in the blob store (a copy of a platform document), or checked uploads to store. */
  files: { stored: readonly repo.FileRow[] } | { prepared: readonly PreparedDocumentFile[] };
  note?: string | null;
};

/**
 * Puts an arriving document in the agency's inbox, pending registration, in the caller's transaction. A copy of the
 * same platform document or exchange package already there is not duplicated.
 * @returns the incoming document's id
 */
export async function receiveIncoming(
  trx: Tx,
  ctx: ServiceContext,
  deps: Pick<DocumentDeps, 'blobs' | 'clock' | 'incomingStatusListener'>,
  doc: ArrivingDocument,
): Promise<string> {
  const existing = await inRepo.findDelivered(trx, doc.agencyId, doc);
  if (existing) return existing;
  const agency = await repo.findAgency(trx, doc.agencyId);
  if (!agency) throw new AppError('NOT_FOUND', { subject: 'agency' });
  const id = newId();
  const now = deps.clock.now();
  await inRepo.insertIncoming(trx, {
    id,
    unit_id: agency.unit_id,
    agency_id: agency.id,
    source: doc.source,
    outgoing_document_id: doc.outgoingDocumentId,
    exchange_ref: doc.exchangeRef,
    sender_agency_id: doc.senderAgencyId,
    sender_code: doc.senderCode,
    sender_name: doc.senderName,
    notation: doc.notation,
    issued_on: doc.issuedOn,
    type_code: doc.typeCode,
    type_name: doc.typeName,
    subject: doc.subject,
    signer_name: doc.signerName,
    urgency: doc.urgency,
    confidentiality: doc.confidentiality,
    status: 'pending',
    version: 1,
    arrived_at: now,
  });
  const prepared = 'prepared' in doc.files ? doc.files.prepared : [];
  await recordIncoming(trx, ctx, deps, {
    documentId: id,
    unitId: agency.unit_id,
    action: 'arrive',
    from: null,
    to: 'pending',
    now,
    note: doc.note ?? null,
    data: { source: doc.source, notation: doc.notation, sender: doc.senderName },
    files: prepared,
  });
  if ('stored' in doc.files && doc.files.stored.length > 0) {
    // The copy shares the sender's blobs (content-addressed); only the rows are new.
    await repo.insertFiles(
      trx,
      { incomingDocumentId: id },
      doc.files.stored.map((f) => ({ ...f, id: newId(), unit_id: agency.unit_id, action_seq: 1, uploaded_by: null })),
    );
  }
  return id;
}

/** A package received by the exchange module (edXML), as it hands it over. */
export type ExchangePackage = {
  /** The receiving agency on this platform, by id or e-identifier code. */
  recipient: { agencyId: string } | { agencyCode: string };
  /** The exchange's identifier of the package: a package delivered twice is registered once. */
  exchangeRef: string;
  senderCode: string | null;
  senderName: string;
  notation: string;
  /** YYYY-MM-DD. */
  issuedOn: string;
  typeName: string;
  typeCode?: string | null;
  subject: string;
  signerName?: string | null;
  urgency?: Urgency;
  confidentiality?: Confidentiality;
  files: readonly {
    filename: string;
    contentType: 'application/pdf' | 'image/jpeg' | 'image/png';
    bytes: Uint8Array;
  }[];
};

/**
 * Creates an incoming document, pending registration by the agency's văn thư, from a package the exchange received.
 * Called by the exchange module inside its own transaction; files are checked like uploads.
 * @returns the incoming document's id and whether it was already there
 */
export async function registerIncomingFromExchange(
  trx: Tx,
  deps: Pick<DocumentDeps, 'blobs' | 'clock' | 'incomingStatusListener'>,
  pkg: ExchangePackage,
): Promise<{ incomingDocumentId: string; duplicate: boolean }> {
  const agency =
    'agencyId' in pkg.recipient
      ? await repo.findAgency(trx, pkg.recipient.agencyId)
      : await repo.findAgencyByCode(trx, pkg.recipient.agencyCode);
  if (!agency) throw new AppError('NOT_FOUND', { subject: 'agency' });
  const existing = await inRepo.findDelivered(trx, agency.id, {
    outgoingDocumentId: null,
    exchangeRef: pkg.exchangeRef,
  });
  if (existing) return { incomingDocumentId: existing, duplicate: true };
  const prepared = pkg.files.map((file, i): PreparedDocumentFile => {
    const bytes = Buffer.from(file.bytes);
    if (bytes.length === 0 || bytes.length > MAX_FILE_BYTES || sniffContentType(bytes) !== file.contentType) {
      throw new AppError('VALIDATION_FAILED', {
        issues: [{ path: `files.${i}`, message: 'empty, too large or not of its type' }],
      });
    }
    return {
      kind: i === 0 ? 'main' : 'attachment',
      componentCode: null,
      filename: file.filename.slice(0, 200),
      contentType: file.contentType,
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
  });
  const type = pkg.typeCode ? await repo.findType(trx, pkg.typeCode) : undefined;
  const ctx: ServiceContext = { actor: systemActor('documents.exchange'), meta: NO_REQUEST, db: trx };
  const id = await receiveIncoming(trx, ctx, deps, {
    agencyId: agency.id,
    source: 'exchange',
    outgoingDocumentId: null,
    exchangeRef: pkg.exchangeRef,
    senderAgencyId: null,
    senderCode: pkg.senderCode,
    senderName: pkg.senderName,
    notation: pkg.notation,
    issuedOn: pkg.issuedOn,
    typeCode: type?.code ?? null,
    typeName: pkg.typeName,
    subject: pkg.subject,
    signerName: pkg.signerName ?? null,
    urgency: pkg.urgency ?? 'normal',
    confidentiality: pkg.confidentiality ?? 'normal',
    files: { prepared },
  });
  return { incomingDocumentId: id, duplicate: false };
}

/** The next incoming number of the agency's register, and the registration columns. */
async function incomingNumber(trx: Queryable, ctx: ServiceContext, agencyId: string, now: Date) {
  const year = vietnamParts(now).year;
  const number = await repo.allocateNumber(trx, { agencyId, year, series: INCOMING_SERIES });
  return {
    set: { incoming_number: number, incoming_year: year, registered_at: now, registered_by: actorUserId(ctx.actor) },
    data: { incomingNumber: number, year },
  };
}

/** Registers a paper document from its scan: arrived and registered in one transaction. */
export async function registerPaperIncoming(
  ctx: ServiceContext,
  deps: DocumentDeps,
  body: TPaperIncomingBody,
): Promise<TIncomingDetail> {
  const files = prepareDocumentFiles([
    { upload: body.scan, kind: 'scan', path: 'body.scan' },
    ...body.attachments.map((upload, i) => ({ upload, kind: 'attachment' as const, path: `body.attachments.${i}` })),
  ]);
  const id = await inTransaction(ctx.db, async (trx) => {
    const agency = await repo.findAgency(trx, body.agencyId);
    if (!agency) throw new AppError('NOT_FOUND', { subject: 'agency' });
    if (!scopeCovers(scopeFor(ctx.actor, 'documents.register'), placementOf(agency))) throw new AppError('FORBIDDEN');
    const type = body.typeCode ? await repo.findType(trx, body.typeCode) : undefined;
    if (body.typeCode && !type) throw new AppError('DOCUMENT_SETUP_INCOMPLETE', { reason: 'unknown_type' });
    const documentId = await receiveIncoming(trx, ctx, deps, {
      agencyId: agency.id,
      source: 'paper',
      outgoingDocumentId: null,
      exchangeRef: null,
      senderAgencyId: null,
      senderCode: body.senderCode ?? null,
      senderName: body.senderName,
      notation: body.notation,
      issuedOn: body.issuedOn,
      typeCode: type?.code ?? null,
      typeName: type?.name ?? body.typeName ?? '',
      subject: body.subject,
      signerName: body.signerName ?? null,
      urgency: body.urgency,
      confidentiality: body.confidentiality,
      files: { prepared: files },
      note: body.note ?? null,
    });
    const now = deps.clock.now();
    const numbered = await incomingNumber(trx, ctx, agency.id, now);
    await recordIncoming(trx, ctx, deps, {
      documentId,
      unitId: agency.unit_id,
      action: 'register',
      from: { status: 'pending', version: 1 },
      to: 'registered',
      now,
      note: null,
      data: numbered.data,
      set: numbered.set,
    });
    return documentId;
  });
  return getIncoming(ctx, id);
}

export async function register({
  trx,
  ctx,
  loaded,
  now,
}: IncomingHandlerInput<'register'>): Promise<IncomingHandlerResult> {
  return incomingNumber(trx, ctx, loaded.row.agency_id, now);
}

export async function refuse(_input: IncomingHandlerInput<'refuse'>): Promise<IncomingHandlerResult> {
  return { data: {} };
}

export async function present({ trx, body }: IncomingHandlerInput<'present'>): Promise<IncomingHandlerResult> {
  if (body.leaderId && !(await repo.findStaff(trx, body.leaderId))) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'body.leaderId', message: 'no such officer' }] });
  }
  return { data: { leaderId: body.leaderId ?? null } };
}
