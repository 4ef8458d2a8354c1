import { recordAudit } from '../../platform/audit/audit.ts';
import { type RequestMeta, systemActor } from '../../platform/auth/actor.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { StatusMessage } from './edxml/model.ts';
import * as repo from './exchange.repository.ts';
import type { ReceiveDeps, ReceiveResult } from './receive.ts';

/**
 * Status messages received from a peer, after receive.ts has authenticated them: a recipient's status about a
 * document we sent (01–06) goes into that document's trace; a sender's recall request (13) into the trace of the
 * copies we received, and to the register.
 */

const EXCHANGE_ACTOR = systemActor('exchange');

/**
 * Records an authenticated status message. A repeat (same code, document and time) changes nothing.
 * @throws AppError EXCHANGE_UNKNOWN_DOCUMENT when it is about a document never exchanged with this sender
 */
export async function receiveStatus(
  deps: ReceiveDeps,
  message: StatusMessage,
  peerId: string,
  context: { to?: string | undefined; senderPackageId?: string | undefined; meta: RequestMeta },
): Promise<ReceiveResult> {
  if (message.statusCode === '13') return receiveRecallRequest(deps, message, peerId, context);
  const ref = message.responseFor;
  return inTransaction(deps.database.db, async (trx) => {
    const sent = await repo.findSentDocument(trx, ref.organId, message.from.organId, ref.documentId);
    if (!sent)
      throw new AppError('EXCHANGE_UNKNOWN_DOCUMENT', { documentId: ref.documentId, organId: message.from.organId });
    const key = `status|${message.statusCode}|${ref.documentId}|${message.timestamp.toISOString()}`;
    const earlier = await repo.findIncomingByKey(trx, message.from.organId, ref.organId, key);
    // A status repeated (a re-delivery) changes nothing: the trace already shows it.
    if (earlier) return { kind: 'status' as const, packageId: earlier.id };
    const id = newId();
    await repo.insertPackage(trx, {
      id,
      direction: 'incoming',
      kind: 'status',
      document_id: ref.documentId,
      business_type: 'status',
      message_key: key,
      from_organ_id: message.from.organId,
      to_organ_id: ref.organId,
      local_agency_id: sent.local_agency_id,
      unit_id: sent.unit_id,
      peer_id: peerId,
      subject: null,
      state: 'received',
      last_status_code: message.statusCode,
      xml_sha256: null,
      xml_size: null,
      status_body: {
        code: message.statusCode,
        description: message.description,
        at: message.timestamp.toISOString(),
        staff: message.staffInfo ?? null,
      },
      related_package_id: sent.id,
      sender_package_id: context.senderPackageId ?? null,
      incoming_document_id: null,
      delivered_at: deps.clock.now(),
    });
    await repo.addTrace(trx, {
      packageId: sent.id,
      organId: message.from.organId,
      event: 'status',
      statusCode: message.statusCode,
      reason: message.description,
      at: message.timestamp,
    });
    await repo.setLastStatus(trx, sent.id, message.statusCode);
    await recordAudit(trx, {
      actor: EXCHANGE_ACTOR,
      meta: context.meta,
      action: 'exchange.status.receive',
      subjectType: 'exchange_package',
      subjectId: sent.id,
      unitId: sent.unit_id,
      data: { documentId: ref.documentId, from: message.from.organId, code: message.statusCode },
    });
    return { kind: 'status' as const, packageId: id };
  });
}

/**
 * Status 13 comes from the sender of a document we received: it asks to take the document back. It goes into the
 * trace of each copy we received (one per recipient of ours, or the one named by `to`) and to the register.
 */
async function receiveRecallRequest(
  deps: ReceiveDeps,
  message: StatusMessage,
  peerId: string,
  context: { to?: string | undefined; senderPackageId?: string | undefined; meta: RequestMeta },
): Promise<ReceiveResult> {
  const ref = message.responseFor;
  if (ref.organId !== message.from.organId) {
    throw new AppError('EXCHANGE_PACKAGE_INVALID', {
      fault: 'INVALID_VALUE',
      reason: 'a recall request (13) must come from the sender of the document',
    });
  }
  return inTransaction(deps.database.db, async (trx) => {
    const received = await repo.findReceivedDocuments(trx, ref.organId, ref.documentId, context.to);
    if (received.length === 0) {
      throw new AppError('EXCHANGE_UNKNOWN_DOCUMENT', { documentId: ref.documentId, organId: context.to ?? '' });
    }
    const key = `status|13|${ref.documentId}|${message.timestamp.toISOString()}`;
    const ids: string[] = [];
    for (const target of received) {
      const earlier = await repo.findIncomingByKey(trx, message.from.organId, target.to_organ_id, key);
      if (earlier) {
        ids.push(earlier.id);
        continue;
      }
      const id = newId();
      await repo.insertPackage(trx, {
        id,
        direction: 'incoming',
        kind: 'status',
        document_id: ref.documentId,
        business_type: 'status',
        message_key: key,
        from_organ_id: message.from.organId,
        to_organ_id: target.to_organ_id,
        local_agency_id: target.local_agency_id,
        unit_id: target.unit_id,
        peer_id: peerId,
        subject: null,
        state: 'received',
        last_status_code: '13',
        xml_sha256: null,
        xml_size: null,
        status_body: { code: '13', description: message.description, at: message.timestamp.toISOString() },
        related_package_id: target.id,
        sender_package_id: context.senderPackageId ?? null,
        incoming_document_id: null,
        delivered_at: deps.clock.now(),
      });
      await repo.addTrace(trx, {
        packageId: target.id,
        organId: target.to_organ_id,
        event: 'status',
        statusCode: '13',
        reason: message.description,
        at: message.timestamp,
      });
      await repo.setLastStatus(trx, target.id, '13');
      await deps.sink?.recallRequested?.(trx, {
        target: { incomingDocumentId: target.incoming_document_id ?? '', packageId: target.id },
        recipient: { agencyId: target.local_agency_id, unitId: target.unit_id, organId: target.to_organ_id },
        reason: message.description,
        requestedAt: message.timestamp,
      });
      await recordAudit(trx, {
        actor: EXCHANGE_ACTOR,
        meta: context.meta,
        action: 'exchange.recall.receive',
        subjectType: 'exchange_package',
        subjectId: target.id,
        unitId: target.unit_id,
        data: { documentId: ref.documentId, from: message.from.organId, reason: message.description },
      });
      ids.push(id);
    }
    return { kind: 'status' as const, packageId: ids[0] ?? '' };
  });
}
