import { systemActor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './documents.repository.ts';
import { receiveIncoming } from './register-incoming.ts';
import { giveNumber } from './number-document.ts';
import type { HandlerInput, HandlerResult } from './outgoing-actions.ts';
import * as outRepo from './outgoing.repository.ts';

/**
 * Release (NĐ 30/2020 Art. 14, 17): the văn thư releases the signed document; an electronic document not yet
 * numbered is numbered by the system now. In the same transaction every recipient gets its copy: an agency on
 * this platform finds an incoming document pending registration in its inbox, an internal unit sees it for
 * information, and a recipient elsewhere is handed to the exchange. Either all of that happens or none of it.
 */
export async function release({ trx, ctx, deps, loaded, now }: HandlerInput<'release'>): Promise<HandlerResult> {
  const external = loaded.recipients.filter((r) => r.kind === 'external');
  const exchange = deps.exchangeSender;
  if (external.length > 0 && !exchange) {
    throw new AppError('SERVICE_UNAVAILABLE', { port: 'exchangeSender' });
  }
  const numbered = loaded.row.number === null ? await giveNumber(trx, loaded, now) : null;
  const notation = (numbered?.set.notation as string | undefined) ?? loaded.row.notation;
  const issuedOn = (numbered?.set.issued_on as string | undefined) ?? loaded.row.issued_on;
  if (!notation || !issuedOn) throw new Error('a released document must have a number');
  const counts = { internal: 0, platform: 0, external: 0 };
  for (const r of loaded.recipients) counts[r.kind] += 1;

  return {
    set: { ...numbered?.set, released_at: now },
    data: { ...numbered?.data, recipients: counts },
    after: async () => {
      const files = await repo.listFiles(trx, { outgoingDocumentId: loaded.row.id });
      const signed = files.filter((f) => f.kind === 'signed').at(-1);
      const main = signed ?? files.filter((f) => f.kind === 'main').at(-1);
      const copies = [
        ...(main ? [{ ...main, kind: 'main' as const }] : []),
        ...files.filter((f) => f.kind === 'attachment'),
      ];
      const signerName = loaded.row.signer_name;
      for (const recipient of loaded.recipients) {
        if (recipient.kind === 'internal') {
          await outRepo.markRecipient(trx, recipient.id, { status: 'delivered', delivered_at: now });
        } else if (recipient.kind === 'platform' && recipient.agency_id) {
          const incomingId = await receiveIncoming(trx, { ...ctx, actor: systemActor('documents.release') }, deps, {
            agencyId: recipient.agency_id,
            source: 'platform',
            outgoingDocumentId: loaded.row.id,
            exchangeRef: null,
            senderAgencyId: loaded.issuer.id,
            senderCode: loaded.issuer.code,
            senderName: loaded.issuer.name,
            notation,
            issuedOn,
            typeCode: loaded.row.type_code,
            typeName: loaded.row.type_name,
            subject: loaded.row.subject,
            signerName,
            urgency: loaded.row.urgency,
            confidentiality: loaded.row.confidentiality,
            files: { stored: copies },
          });
          await outRepo.markRecipient(trx, recipient.id, {
            status: 'delivered',
            delivered_at: now,
            incoming_document_id: incomingId,
          });
        } else if (recipient.external_code && exchange) {
          await exchange.enqueue(trx, { documentId: loaded.row.id, recipientCode: recipient.external_code });
          await outRepo.markRecipient(trx, recipient.id, { status: 'queued', delivered_at: now });
        }
      }
    },
  };
}
