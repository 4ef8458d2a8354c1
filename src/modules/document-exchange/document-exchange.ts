import { readAll } from '../../platform/blobs/blob-store.ts';
import type { Platform } from '../../app.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { Urgency } from '../documents/document-model.ts';
import * as docRepo from '../documents/documents.repository.ts';
import type { ExchangeSender, IncomingStatusListener } from '../documents/documents.ports.ts';
import * as outRepo from '../documents/outgoing.repository.ts';
import { type ExchangePackage, registerIncomingFromExchange } from '../documents/register-incoming.ts';
import type {
  IncomingChange,
  IncomingDocument,
  IncomingDocumentSink,
  IncomingStatusReport,
} from '../exchange/exchange.ports.ts';
import { createExchangeOutbox } from '../exchange/outgoing.ts';

/**
 * The join between the official-documents register and the edXML exchange, both ways:
 *
 * - a released document addressed to an agency elsewhere becomes a signed edXML package (its signed main file and
 *   attachments), queued in the release transaction;
 * - a package received for one of our agencies becomes an incoming document waiting for its văn thư;
 * - what happens to it here (registered, refused, assigned, in progress, completed) travels back to the sender as
 *   status messages 02–06.
 *
 * Revoke, update and replace packages are registered as incoming documents of their own (the sender's written notice,
 * naming the earlier document), so the văn thư acts on them; applying them to the earlier document's handling is
 * left to that person for now.
 */

/** Our incoming statuses as edXML status codes (reference §1.5); 01 is sent by the exchange on receipt. */
const STATUS_CODE = {
  refused: '02',
  registered: '03',
  assigned: '04',
  in_progress: '05',
  completed: '06',
} as const satisfies Record<string, IncomingStatusReport['code']>;

/** Priority (Độ khẩn) as edXML carries it: 0 normal, 1 urgent (khẩn), 2 very urgent (thượng khẩn), 3 flash (hỏa tốc). */
const PRIORITY: Record<Urgency, number> = { normal: 0, urgent: 1, very_urgent: 2, flash: 3 };

const SUPPORTED = new Set(['application/pdf', 'image/jpeg', 'image/png']);

export type DocumentExchange = {
  sender: ExchangeSender;
  sink: IncomingDocumentSink;
  statusListener: IncomingStatusListener;
};

/** Wires the two modules over the platform (its blobs, jobs, clock and exchange key). */
export function createDocumentExchange(
  platform: Pick<Platform, 'config' | 'blobs' | 'jobs' | 'clock'> & {
    incomingStatusListener?: IncomingStatusListener | undefined;
  },
): DocumentExchange {
  const outbox = createExchangeOutbox(platform);

  const sender: ExchangeSender = {
    async enqueue(trx, { documentId, recipientCode }) {
      const doc = await outRepo.findOutgoing(trx, documentId);
      if (!doc?.notation || !doc.issued_on) throw new Error(`document ${documentId} is not numbered`);
      const issuer = await docRepo.findAgency(trx, doc.agency_id);
      if (!issuer?.code) throw new AppError('EXCHANGE_NOT_CONFIGURED', { reason: 'the issuing agency has no code' });
      const files = await docRepo.listFiles(trx, { outgoingDocumentId: documentId });
      const main = files.filter((f) => f.kind === 'signed').at(-1) ?? files.filter((f) => f.kind === 'main').at(-1);
      const sent = [...(main ? [main] : []), ...files.filter((f) => f.kind === 'attachment')];
      const [number, ...rest] = doc.notation.split('/');
      await outbox.send(trx, {
        header: {
          from: { organId: issuer.code, organName: issuer.name },
          to: [{ organId: recipientCode, organName: recipientCode }],
          codeNumber: number ?? '',
          codeNotation: rest.join('/'),
          promulgationPlace: issuer.name,
          promulgationDate: doc.issued_on,
          // The national document-type code list is UNCONFIRMED (reference §1.2): the name carries the meaning.
          documentType: 1,
          documentTypeName: doc.type_name,
          subject: doc.subject,
          signer: { fullName: doc.signer_name ?? '' },
          toPlaces: [recipientCode],
          priority: PRIORITY[doc.urgency],
          appendixes: [],
          responseFor: [],
        },
        attachments: await Promise.all(
          sent.map(async (f, i) => ({
            contentId: `file${i + 1}`,
            name: f.filename,
            contentType: f.content_type,
            content: await readAll(await platform.blobs.get(f.sha256)),
          })),
        ),
      });
    },
  };

  function toPackage(incoming: IncomingDocument, prefix = ''): ExchangePackage {
    const h = incoming.message.header;
    return {
      recipient: { agencyId: incoming.recipient.agencyId },
      exchangeRef: h.documentId,
      senderCode: h.from.organId,
      senderName: h.from.organName,
      notation: h.codeNotation ? `${h.codeNumber}/${h.codeNotation}` : h.codeNumber,
      issuedOn: h.promulgationDate,
      typeName: h.documentTypeName,
      subject: `${prefix}${h.subject}`,
      signerName: h.signer.fullName || null,
      files: incoming.message.attachments
        .filter((a) => SUPPORTED.has(a.contentType))
        .map((a) => ({
          filename: a.name,
          contentType: a.contentType as 'application/pdf' | 'image/jpeg' | 'image/png',
          bytes: a.content,
        })),
    };
  }

  const register = async (trx: Tx, incoming: IncomingDocument, prefix = '') =>
    registerIncomingFromExchange(trx, platform, toPackage(incoming, prefix));

  const change = (label: string) => async (trx: Tx, c: IncomingChange) => {
    const reason = c.message.business.reason ? ` (${c.message.business.reason})` : '';
    return register(trx, c, `[${label}${reason}] `);
  };

  const sink: IncomingDocumentSink = {
    register: (trx, incoming) => register(trx, incoming),
    async revoke(trx, c) {
      await change('Thu hồi')(trx, c);
    },
    update: change('Cập nhật'),
    replace: change('Thay thế'),
  };

  const statusListener: IncomingStatusListener = {
    async onIncomingStatus(trx, event) {
      if (event.source !== 'exchange') return;
      await outbox.reportIncomingStatus(trx, {
        documentId: event.incomingDocumentId,
        code: STATUS_CODE[event.status],
        reason: event.note ?? '',
        at: event.at,
      });
    },
  };

  return { sender, sink, statusListener };
}
