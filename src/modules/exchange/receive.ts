import { systemActor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { BlobStore } from '../../platform/blobs/blob-store.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestMeta } from '../../platform/auth/actor.ts';
import { type Database, type Tx, inTransaction } from '../../platform/db/database.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import { translate } from '../../platform/i18n/index.ts';
import { newId } from '../../platform/ids.ts';
import { buildStatus } from './edxml/build.ts';
import { signingTimeOf } from './edxml/index.ts';
import { EdxmlError, type EdocPackage, type EdxmlMessage } from './edxml/model.ts';
import { parseEdxml } from './edxml/parse.ts';
import {
  type SignatureAlgorithm,
  type XmlSigner,
  assertCertificateValidAt,
  certificateSha256,
  subjectName,
  verifyEdxmlSignature,
} from './edxml/signature.ts';
import type { IncomingChange, IncomingDocumentSink } from './exchange.ports.ts';
import * as repo from './exchange.repository.ts';
import { receiveStatus } from './receive-status.ts';

/**
 * The receiving side of the exchange. A package is believed only after: it parses as QCVN 102 with every required
 * element; its sender is a remote agency in our address book; it is signed by the certificate pinned for that
 * sender's platform, valid when signed; it is addressed to an agency we host; and it is not a duplicate. Only then
 * is it recorded, handed to the document register and acknowledged with a signed status 01, all or nothing.
 */

export type ReceiveDeps = {
  database: Pick<Database, 'db'>;
  blobs: BlobStore;
  signer: XmlSigner | undefined;
  sink: IncomingDocumentSink | undefined;
  clock: Clock;
  maxPackageBytes: number;
  acceptRsaSha1: boolean;
};

export type ReceiveResult =
  | { kind: 'edoc'; acknowledgement: string; packageIds: string[] }
  | { kind: 'status'; packageId: string };

const EXCHANGE_ACTOR = systemActor('exchange');

function authenticate(deps: ReceiveDeps, xml: string, message: EdxmlMessage, pinnedPem: string) {
  const allowed: SignatureAlgorithm[] = deps.acceptRsaSha1
    ? ['rsa-sha256', 'rsa-sha512', 'rsa-sha1']
    : ['rsa-sha256', 'rsa-sha512'];
  try {
    const signature = verifyEdxmlSignature(xml, {
      trustedCertificates: [pinnedPem],
      allowedAlgorithms: allowed,
      maxBytes: deps.maxPackageBytes,
    });
    assertCertificateValidAt(signature.certificate, signingTimeOf(message, deps.clock.now()));
    return signature;
  } catch (error) {
    if (error instanceof EdxmlError) {
      throw new AppError('EXCHANGE_SIGNATURE_INVALID', { fault: error.fault, reason: error.message });
    }
    throw error;
  }
}

/**
 * Receives one edXML message from a peer.
 * @param to the recipient the sender delivers to (the `to` query parameter); all hosted recipients when absent
 * @param senderPackageId the sender's delivery id, to recognise a re-delivery after a lost answer
 * @throws AppError EXCHANGE_* naming why it was refused; nothing is recorded then
 */
export async function receiveEdxml(
  deps: ReceiveDeps,
  xml: string,
  context: { to?: string | undefined; senderPackageId?: string | undefined; meta: RequestMeta },
): Promise<ReceiveResult> {
  if (!deps.signer) throw new AppError('EXCHANGE_NOT_CONFIGURED', { reason: 'no signing key' });
  let message: EdxmlMessage;
  try {
    message = parseEdxml(xml, { maxBytes: deps.maxPackageBytes });
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
  const senderId = message.kind === 'edoc' ? message.header.from.organId : message.from.organId;
  const sender = await repo.findRemoteAgency(deps.database.db, senderId);
  if (!sender?.peer.active) throw new AppError('EXCHANGE_SENDER_UNKNOWN', { organId: senderId });
  const signature = authenticate(deps, xml, message, sender.peer.certificate_pem);
  const signer = {
    subject: subjectName(signature.certificate),
    certificateSha256: certificateSha256(signature.certificatePem),
  };
  if (message.kind === 'status') {
    return receiveStatus(deps, message, sender.peer.id, context);
  }
  return receiveDocument(deps, xml, message, { peerId: sender.peer.id, signer }, context);
}

async function receiveDocument(
  deps: ReceiveDeps,
  xml: string,
  message: EdocPackage,
  from: { peerId: string; signer: { subject: string; certificateSha256: string } },
  context: { to?: string | undefined; senderPackageId?: string | undefined; meta: RequestMeta },
): Promise<ReceiveResult> {
  // Statuses need no register; documents do, and are refused (retryable 503) until one is wired.
  const sink = deps.sink;
  if (!sink) throw new AppError('EXCHANGE_NOT_CONFIGURED', { reason: 'no document register wired' });
  const addressed = message.header.to
    .map((t) => t.organId)
    .filter((id) => context.to === undefined || id === context.to);
  const recipients = await repo.findLocalAgencies(deps.database.db, addressed);
  if (recipients.length === 0) {
    throw new AppError('EXCHANGE_WRONG_ADDRESSEE', { organIds: (context.to ? [context.to] : addressed).join(', ') });
  }
  const header = message.header;
  const business = message.business;
  const now = deps.clock.now();
  const blob = await deps.blobs.put(Buffer.from(xml, 'utf8'));
  const messageKey = `edoc|${business.docType}|${header.documentId}`;
  const packageIds: string[] = [];
  try {
    await inTransaction(deps.database.db, async (trx) => {
      for (const recipient of recipients) {
        const earlier = await repo.findIncomingByKey(trx, header.from.organId, recipient.code, messageKey);
        if (earlier) {
          // The same delivery again (our answer was lost): acknowledge it again, register nothing.
          if (context.senderPackageId && earlier.sender_package_id === context.senderPackageId) {
            packageIds.push(earlier.id);
            continue;
          }
          throw new AppError('EXCHANGE_DUPLICATE', { documentId: header.documentId, organId: recipient.code });
        }
        const target =
          business.docType === 'new'
            ? undefined
            : await repo.findReceivedDocument(trx, header.from.organId, recipient.code, business.documentId ?? '');
        if (business.docType !== 'new' && !target?.incoming_document_id) {
          throw new AppError('EXCHANGE_UNKNOWN_DOCUMENT', {
            documentId: business.documentId ?? '',
            organId: recipient.code,
          });
        }
        const id = newId();
        await repo.insertPackage(trx, {
          id,
          direction: 'incoming',
          kind: 'edoc',
          document_id: header.documentId,
          business_type: business.docType,
          message_key: messageKey,
          from_organ_id: header.from.organId,
          to_organ_id: recipient.code,
          local_agency_id: recipient.id,
          unit_id: recipient.unit_id,
          peer_id: from.peerId,
          subject: header.subject,
          state: 'received',
          last_status_code: '01',
          xml_sha256: blob.sha256,
          xml_size: blob.size,
          status_body: null,
          related_package_id: target?.id ?? null,
          sender_package_id: context.senderPackageId ?? null,
          incoming_document_id: null,
          delivered_at: now,
        });
        await repo.addTrace(trx, {
          packageId: id,
          organId: recipient.code,
          event: 'status',
          statusCode: '01',
          reason: translate('vi', 'exchange.arrivedTrace'),
          at: now,
        });
        const incoming = {
          packageId: id,
          recipient: { agencyId: recipient.id, unitId: recipient.unit_id, organId: recipient.code },
          message,
          signer: from.signer,
          xmlSha256: blob.sha256,
          receivedAt: now,
        };
        const documentId = await hand(sink, trx, incoming, target);
        await trx
          .updateTable('exchange_packages')
          .set({ incoming_document_id: documentId })
          .where('id', '=', id)
          .execute();
        await recordAudit(trx, {
          actor: EXCHANGE_ACTOR,
          meta: context.meta,
          action: `exchange.receive.${business.docType}`,
          subjectType: 'exchange_package',
          subjectId: id,
          unitId: recipient.unit_id,
          data: {
            documentId: header.documentId,
            from: header.from.organId,
            to: recipient.code,
            incomingDocumentId: documentId,
            signer: from.signer.subject,
          },
        });
        packageIds.push(id);
      }
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('EXCHANGE_DUPLICATE', { documentId: header.documentId });
    throw error;
  }
  const [first] = recipients;
  const acknowledgement = (deps.signer as XmlSigner).sign(
    buildStatus({
      responseFor: {
        organId: header.from.organId,
        code: `${header.codeNumber}/${header.codeNotation}`,
        promulgationDate: header.promulgationDate,
        documentId: header.documentId,
      },
      from: { organId: first?.code ?? '', organName: first?.name ?? '' },
      statusCode: '01',
      // Status texts travel to other agencies: Vietnamese, as the standard's samples.
      description: translate('vi', 'exchange.arrived', { agencies: recipients.map((r) => r.name).join('; ') }),
      timestamp: now,
      traces: [{ organId: first?.code ?? '', timestamp: now }],
    }),
  );
  return { kind: 'edoc', acknowledgement, packageIds };
}

/** Hands the document to the register: a new one, or a change to the one received earlier. */
async function hand(
  sink: IncomingDocumentSink,
  trx: Tx,
  incoming: Omit<IncomingChange, 'target'>,
  target: repo.PackageRow | undefined,
): Promise<string> {
  const docType = incoming.message.business.docType;
  if (docType === 'new' || !target) return (await sink.register(trx, incoming)).incomingDocumentId;
  const change: IncomingChange = {
    ...incoming,
    target: { incomingDocumentId: target.incoming_document_id ?? '', packageId: target.id },
  };
  if (docType === 'revoke') {
    await sink.revoke(trx, change);
    return change.target.incomingDocumentId;
  }
  return (docType === 'update' ? await sink.update(trx, change) : await sink.replace(trx, change)).incomingDocumentId;
}
