import type { AppConfig } from '../../config.ts';
import type { BlobStore } from '../../platform/blobs/blob-store.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import { buildEdoc } from './edxml/build.ts';
import { EdxmlError, type EdocHeader, type EdocPackage, type Organization, formatDocumentId } from './edxml/model.ts';
import type { XmlSigner } from './edxml/signature.ts';
import type { IncomingStatusReport } from './exchange.ports.ts';
import * as repo from './exchange.repository.ts';
import { loadExchangeSigner } from './keys.ts';

/** The queue whose jobs deliver one outgoing exchange message. */
export const EXCHANGE_DELIVER_QUEUE = 'exchange.deliver';

export type OutgoingDeps = {
  blobs: BlobStore;
  jobs: Pick<Jobs, 'enqueue'>;
  signer: XmlSigner | undefined;
  clock: Clock;
};

/** A document to send: the edXML header and attachments; the trace and business default to a new document. */
export type OutgoingDocument = Omit<EdocPackage, 'kind' | 'header' | 'traces' | 'business'> & {
  header: Omit<EdocHeader, 'documentId'> & { documentId?: string };
  business?: EdocPackage['business'];
};

function requireSigner(signer: XmlSigner | undefined): XmlSigner {
  if (!signer) throw new AppError('EXCHANGE_NOT_CONFIGURED', { reason: 'no signing key' });
  return signer;
}

/** The sender's organisation as edXML shows it, from our agency's own record (not what the caller typed). */
function fromAgency(agency: repo.LocalAgencyRow, given: Organization): Organization {
  const org: Organization = { ...given, organId: agency.code, organName: agency.name };
  if (agency.email) org.email = agency.email;
  if (agency.phone) org.telephone = agency.phone;
  if (agency.address) org.organAdd = agency.address;
  return org;
}

/**
 * Signs a document package from one of our agencies and queues it for each recipient, in the caller's transaction:
 * the rows, their first trace entry and the delivery jobs commit with the caller's change or not at all.
 * @throws AppError NOT_FOUND (sender not ours), EXCHANGE_WRONG_ADDRESSEE (recipient not in the address book),
 *   EXCHANGE_PACKAGE_INVALID, EXCHANGE_NOT_CONFIGURED
 */
export async function queueOutgoingDocument(
  deps: OutgoingDeps,
  trx: Tx,
  input: OutgoingDocument,
): Promise<{ documentId: string; packageIds: string[] }> {
  const signer = requireSigner(deps.signer);
  const [sender] = await repo.findLocalAgencies(trx, [input.header.from.organId]);
  if (!sender) throw new AppError('NOT_FOUND', { subject: 'agency', organId: input.header.from.organId });
  const recipients = [];
  const unknown: string[] = [];
  for (const to of input.header.to) {
    const remote = await repo.findRemoteAgency(trx, to.organId);
    if (remote?.peer.active) recipients.push(remote);
    else unknown.push(to.organId);
  }
  if (unknown.length > 0) throw new AppError('EXCHANGE_WRONG_ADDRESSEE', { organIds: unknown.join(', ') });
  const now = deps.clock.now();
  const h = input.header;
  const documentId = h.documentId ?? formatDocumentId(sender.code, h.promulgationDate, h.codeNumber, h.codeNotation);
  let xml: string;
  try {
    xml = signer.sign(
      buildEdoc({
        ...input,
        header: { ...h, documentId, from: fromAgency(sender, h.from) },
        traces: [{ organId: sender.code, timestamp: now }],
        business: input.business ?? { docType: 'new', paper: false, replacements: [] },
      }),
    );
  } catch (error) {
    if (error instanceof EdxmlError) {
      throw new AppError('EXCHANGE_PACKAGE_INVALID', {
        fault: error.fault,
        reason: error.message,
        issues: error.issues,
      });
    }
    throw error;
  }
  const blob = await deps.blobs.put(Buffer.from(xml, 'utf8'));
  const businessType = input.business?.docType ?? 'new';
  const packageIds: string[] = [];
  for (const remote of recipients) {
    const id = newId();
    await repo.insertPackage(trx, {
      id,
      direction: 'outgoing',
      kind: 'edoc',
      document_id: documentId,
      business_type: businessType,
      message_key: `edoc|${businessType}|${documentId}|${id}`,
      from_organ_id: sender.code,
      to_organ_id: remote.organ_id,
      local_agency_id: sender.id,
      unit_id: sender.unit_id,
      peer_id: remote.peer.id,
      subject: input.header.subject,
      state: 'pending',
      last_status_code: null,
      xml_sha256: blob.sha256,
      xml_size: blob.size,
      status_body: null,
      related_package_id: null,
      sender_package_id: null,
      incoming_document_id: null,
      delivered_at: null,
    });
    await repo.addTrace(trx, { packageId: id, organId: remote.organ_id, event: 'queued', at: now });
    await deps.jobs.enqueue(trx, EXCHANGE_DELIVER_QUEUE, { packageId: id });
    packageIds.push(id);
  }
  return { documentId, packageIds };
}

/** What an outgoing status row carries until the worker signs it into edXML. */
export type StatusBody = {
  code: string;
  reason: string;
  at: string;
  staff?: IncomingStatusReport['staff'];
  responseFor: { organId: string; code: string; promulgationDate: string; documentId: string };
  from: { organId: string; organName: string };
};

/** `OrganId,yyyy/MM/dd,number/notation` → the ResponseFor fields of a status about that document. */
export function responseForDocumentId(documentId: string): StatusBody['responseFor'] {
  const [organId = '', date = '', ...code] = documentId.split(',');
  return { organId, code: code.join(','), promulgationDate: date.replaceAll('/', '-'), documentId };
}

/**
 * Records, in the caller's transaction, a status of a document we received (03 accepted, 04 assigned, 05
 * processing, 06 completed, 02 refused) in its trace, and queues the status message back to the sender. The
 * documents module calls this from its own changes; give `jobs` for immediate delivery, otherwise the sweeper sends
 * it within its interval.
 * @throws AppError NOT_FOUND when no received document matches
 */
export async function reportIncomingStatus(
  trx: Tx,
  report: IncomingStatusReport,
  jobs?: Pick<Jobs, 'enqueue'>,
): Promise<{ statusPackageId: string }> {
  const incoming =
    'packageId' in report
      ? await repo.findPackage(trx, report.packageId)
      : await repo.findIncomingByDocument(trx, report.documentId);
  if (incoming?.direction !== 'incoming' || incoming.kind !== 'edoc') {
    throw new AppError('NOT_FOUND', { subject: 'exchange_package' });
  }
  const at = report.at ?? new Date();
  const agency = await localAgencyName(trx, incoming.local_agency_id);
  const body: StatusBody = {
    code: report.code,
    reason: report.reason,
    at: at.toISOString(),
    ...(report.staff ? { staff: report.staff } : {}),
    responseFor: responseForDocumentId(incoming.document_id),
    from: { organId: incoming.to_organ_id, organName: agency ?? incoming.to_organ_id },
  };
  const id = newId();
  await repo.insertPackage(trx, {
    id,
    direction: 'outgoing',
    kind: 'status',
    document_id: incoming.document_id,
    business_type: 'status',
    message_key: `status|${report.code}|${incoming.document_id}|${id}`,
    from_organ_id: incoming.to_organ_id,
    to_organ_id: incoming.from_organ_id,
    local_agency_id: incoming.local_agency_id,
    unit_id: incoming.unit_id,
    peer_id: incoming.peer_id,
    subject: null,
    state: 'pending',
    last_status_code: report.code,
    xml_sha256: null,
    xml_size: null,
    status_body: body,
    related_package_id: incoming.id,
    sender_package_id: null,
    incoming_document_id: null,
    delivered_at: null,
  });
  await repo.addTrace(trx, {
    packageId: incoming.id,
    organId: incoming.to_organ_id,
    event: 'status',
    statusCode: report.code,
    reason: report.reason,
    at,
  });
  await repo.setLastStatus(trx, incoming.id, report.code);
  if (jobs) await jobs.enqueue(trx, EXCHANGE_DELIVER_QUEUE, { packageId: id });
  return { statusPackageId: id };
}

/**
 * Asks the recipient of a document we sent to take it back (status 13, "Lấy lại"), in the caller's transaction; the
 * request goes into the document's trace and to the recipient's platform like any status.
 * @throws AppError NOT_FOUND when `packageId` is not a document we sent
 */
export async function requestRecall(
  trx: Tx,
  request: { packageId: string; reason: string; staff?: IncomingStatusReport['staff']; at?: Date },
  jobs?: Pick<Jobs, 'enqueue'>,
): Promise<{ statusPackageId: string }> {
  const sent = await repo.findPackage(trx, request.packageId);
  if (sent?.direction !== 'outgoing' || sent.kind !== 'edoc') {
    throw new AppError('NOT_FOUND', { subject: 'exchange_package' });
  }
  const at = request.at ?? new Date();
  const body: StatusBody = {
    code: '13',
    reason: request.reason,
    at: at.toISOString(),
    ...(request.staff ? { staff: request.staff } : {}),
    responseFor: responseForDocumentId(sent.document_id),
    from: {
      organId: sent.from_organ_id,
      organName: (await localAgencyName(trx, sent.local_agency_id)) ?? sent.from_organ_id,
    },
  };
  const id = newId();
  await repo.insertPackage(trx, {
    id,
    direction: 'outgoing',
    kind: 'status',
    document_id: sent.document_id,
    business_type: 'status',
    message_key: `status|13|${sent.document_id}|${id}`,
    from_organ_id: sent.from_organ_id,
    to_organ_id: sent.to_organ_id,
    local_agency_id: sent.local_agency_id,
    unit_id: sent.unit_id,
    peer_id: sent.peer_id,
    subject: null,
    state: 'pending',
    last_status_code: '13',
    xml_sha256: null,
    xml_size: null,
    status_body: body,
    related_package_id: sent.id,
    sender_package_id: null,
    incoming_document_id: null,
    delivered_at: null,
  });
  await repo.addTrace(trx, {
    packageId: sent.id,
    organId: sent.to_organ_id,
    event: 'status',
    statusCode: '13',
    reason: request.reason,
    at,
  });
  if (jobs) await jobs.enqueue(trx, EXCHANGE_DELIVER_QUEUE, { packageId: id });
  return { statusPackageId: id };
}

async function localAgencyName(db: Queryable, agencyId: string | null): Promise<string | undefined> {
  if (!agencyId) return undefined;
  const row = await db.selectFrom('agencies').select('name').where('id', '=', agencyId).executeTakeFirst();
  return row?.name;
}

/**
 * What the documents module calls, wired once with this platform's signer: send a document to other agencies, and
 * report the status of one received (delivered at once through a job).
 */
export function createExchangeOutbox(platform: {
  config: Pick<AppConfig, 'exchange'>;
  blobs: BlobStore;
  jobs: Pick<Jobs, 'enqueue'>;
  clock: Clock;
}) {
  const deps: OutgoingDeps = { ...platform, signer: loadExchangeSigner(platform.config) };
  return {
    /** See queueOutgoingDocument. */
    send: (trx: Tx, input: OutgoingDocument) => queueOutgoingDocument(deps, trx, input),
    /** See reportIncomingStatus. */
    reportIncomingStatus: (trx: Tx, report: IncomingStatusReport) => reportIncomingStatus(trx, report, platform.jobs),
    /** See requestRecall. */
    requestRecall: (trx: Tx, request: Parameters<typeof requestRecall>[1]) =>
      requestRecall(trx, request, platform.jobs),
  };
}
