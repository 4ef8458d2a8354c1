import type { Updateable } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import type { IncomingDocuments } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import {
  type IncomingAction,
  type IncomingStatus,
  REPORTED_INCOMING_STATUSES,
  type ReportedIncomingStatus,
} from './document-model.ts';
import { type PreparedDocumentFile, storeDocumentFiles } from './document-files.ts';
import type { DocumentDeps } from './documents.ports.ts';
import { type IncomingFacts, canReadIncoming, incomingActionsFor } from './documents.policy.ts';
import * as repo from './documents.repository.ts';
import type { TIncomingDetail } from './documents.schema.ts';
import * as inRepo from './incoming.repository.ts';
import { actorUserId, placementOf, presentAction } from './outgoing-engine.ts';
import * as outRepo from './outgoing.repository.ts';

/**
 * The engine every incoming use case goes through: load a document with its policy facts, and record one more
 * action (row moved only from the version the caller saw, log entry, files, audit), then report the new status to
 * the sender — onto the sender's recipient row when it is on this platform, and to the IncomingStatusListener
 * (the exchange) — all in the caller's transaction.
 */

export type LoadedIncoming = {
  row: inRepo.IncomingRow;
  agency: repo.DocumentAgency;
  assignments: inRepo.AssignmentRow[];
  facts: IncomingFacts;
};

export async function loadIncoming(db: Queryable, id: string, lock: boolean): Promise<LoadedIncoming | undefined> {
  const row = await inRepo.findIncoming(db, id, lock);
  if (!row) return undefined;
  const agency = await repo.findAgency(db, row.agency_id);
  if (!agency) throw new Error(`incoming document ${id} refers to a missing agency`);
  const assignments = await inRepo.listAssignments(db, id, row.assignment_seq);
  return {
    row,
    agency,
    assignments,
    facts: {
      status: row.status,
      receiving: placementOf(agency),
      assignments: assignments.map((a) => ({
        role: a.role,
        userId: a.user_id,
        placement:
          a.agency_id && a.unit_ancestor_ids ? { unitAncestorIds: a.unit_ancestor_ids, agencyId: a.agency_id } : null,
      })),
    },
  };
}

/** Loads a document the caller may see. @throws AppError NOT_FOUND otherwise */
export async function loadVisibleIncoming(
  ctx: ServiceContext,
  id: string,
  lock = false,
  db: Queryable = ctx.db,
): Promise<LoadedIncoming> {
  const loaded = await loadIncoming(db, id, lock);
  if (!loaded || !canReadIncoming(ctx.actor, loaded.facts)) {
    throw new AppError('NOT_FOUND', { subject: 'document' });
  }
  return loaded;
}

export type IncomingRecord = {
  documentId: string;
  unitId: string;
  action: IncomingAction;
  from: { status: IncomingStatus; version: number } | null;
  to: IncomingStatus;
  now: Date;
  note: string | null;
  data: Record<string, unknown>;
  set?: Updateable<IncomingDocuments>;
  files?: readonly PreparedDocumentFile[];
};

function isReported(status: IncomingStatus): status is ReportedIncomingStatus {
  return (REPORTED_INCOMING_STATUSES as readonly string[]).includes(status);
}

/**
 * Records one action on an incoming document in the caller's transaction.
 * @returns the seq of the action (the document's new version)
 * @throws AppError CONFLICT when another action was recorded since `from.version`
 */
export async function recordIncoming(
  trx: Tx,
  ctx: ServiceContext,
  deps: Pick<DocumentDeps, 'blobs' | 'incomingStatusListener'>,
  record: IncomingRecord,
): Promise<number> {
  const seq = (record.from?.version ?? 0) + 1;
  if (record.from) {
    const moved = await inRepo.updateIncoming(trx, record.documentId, record.from.version, {
      ...record.set,
      status: record.to,
    });
    if (!moved) throw new AppError('CONFLICT', { reason: 'stale_version', expectedVersion: record.from.version });
  }
  const actorId = actorUserId(ctx.actor);
  await repo.insertAction(trx, 'incoming_document_actions', {
    document_id: record.documentId,
    seq,
    action: record.action,
    actor_id: actorId,
    actor_kind: ctx.actor.kind === 'system' ? 'system' : 'user',
    at: record.now,
    note: record.note,
    data: record.data,
    from_status: record.from?.status ?? null,
    to_status: record.to,
  });
  if (record.files && record.files.length > 0) {
    const rows = await storeDocumentFiles(deps.blobs, record.files, {
      unitId: record.unitId,
      actionSeq: seq,
      uploadedBy: actorId,
    });
    await repo.insertFiles(trx, { incomingDocumentId: record.documentId }, rows);
  }
  await recordAudit(trx, {
    actor: ctx.actor,
    meta: ctx.meta,
    action: `document.incoming.${record.action}`,
    subjectType: 'incoming_document',
    subjectId: record.documentId,
    unitId: record.unitId,
    data: { seq, from: record.from?.status ?? null, to: record.to, ...record.data },
  });
  if (record.from && record.from.status !== record.to && isReported(record.to)) {
    await reportStatus(trx, deps, record.documentId, record.to, record.now, record.note);
  }
  return seq;
}

async function reportStatus(
  trx: Tx,
  deps: Pick<DocumentDeps, 'incomingStatusListener'>,
  documentId: string,
  status: ReportedIncomingStatus,
  at: Date,
  note: string | null,
): Promise<void> {
  const row = await inRepo.findIncoming(trx, documentId);
  if (!row) return;
  if (row.outgoing_document_id) {
    await outRepo.reportRecipientStatus(trx, documentId, status);
  }
  if (deps.incomingStatusListener) {
    const agency = await repo.findAgency(trx, row.agency_id);
    await deps.incomingStatusListener.onIncomingStatus(trx, {
      incomingDocumentId: documentId,
      agencyId: row.agency_id,
      agencyCode: agency?.code ?? null,
      source: row.source,
      exchangeRef: row.exchange_ref,
      senderCode: row.sender_code,
      notation: row.notation,
      status,
      at,
      note,
    });
  }
}

/** The document as the caller sees it, with its assignment, files, history and the actions they may take now. */
export async function getIncoming(ctx: ServiceContext, id: string): Promise<TIncomingDetail> {
  const loaded = await loadVisibleIncoming(ctx, id);
  const { row } = loaded;
  const files = await repo.listFiles(ctx.db, { incomingDocumentId: id });
  const history = await repo.listActions(ctx.db, 'incoming_document_actions', id);
  return {
    ...presentIncoming({ ...row, agency_name: loaded.agency.name, agency_code: loaded.agency.code }),
    senderCode: row.sender_code,
    typeCode: row.type_code,
    signerName: row.signer_name,
    confidentiality: row.confidentiality,
    incomingYear: row.incoming_year,
    completedAt: row.completed_at?.toISOString() ?? null,
    assignments: loaded.assignments.map((a) => ({
      role: a.role,
      agencyId: a.agency_id,
      agencyName: a.agency_name,
      userId: a.user_id,
      userName: a.user_name,
    })),
    files: files.map((f) => ({
      id: f.id,
      kind: f.kind,
      filename: f.filename,
      contentType: f.content_type,
      size: f.size,
    })),
    history: history.map(presentAction),
    allowedActions: incomingActionsFor(ctx.actor, loaded.facts),
  };
}

/** The summary fields of a listed incoming document. */
export function presentIncoming(row: inRepo.IncomingListRow) {
  return {
    id: row.id,
    agency: { id: row.agency_id, name: row.agency_name, code: row.agency_code },
    source: row.source,
    senderName: row.sender_name,
    notation: row.notation,
    issuedOn: row.issued_on,
    typeName: row.type_name,
    subject: row.subject,
    urgency: row.urgency,
    status: row.status,
    version: row.version,
    incomingNumber: row.incoming_number,
    registeredAt: row.registered_at?.toISOString() ?? null,
    handlingDueOn: row.handling_due_on,
    arrivedAt: row.arrived_at.toISOString(),
  };
}
