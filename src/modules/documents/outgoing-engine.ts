import type { Updateable } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Placement } from '../../platform/auth/scope.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import type { OutgoingDocuments } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { OutgoingAction, OutgoingStatus } from './document-model.ts';
import { type PreparedDocumentFile, storeDocumentFiles } from './document-files.ts';
import type { DocumentDeps } from './documents.ports.ts';
import { type OutgoingFacts, canReadOutgoing, outgoingActionsFor } from './documents.policy.ts';
import * as repo from './documents.repository.ts';
import * as outRepo from './outgoing.repository.ts';
import type { TOutgoingDetail } from './documents.schema.ts';

/**
 * The engine every outgoing use case goes through: load a document with the facts its policy needs, and record
 * one more action — the row moved to its next version only if it is still at the version the caller saw, the log
 * entry, files and an audit row, all in the caller's transaction.
 */

export type LoadedOutgoing = {
  row: outRepo.OutgoingRow;
  recipients: outRepo.RecipientRow[];
  issuer: repo.DocumentAgency;
  drafting: repo.DocumentAgency;
  facts: OutgoingFacts;
};

export function placementOf(agency: Pick<repo.DocumentAgency, 'id' | 'unit_ancestor_ids'>): Placement {
  return { unitAncestorIds: agency.unit_ancestor_ids, agencyId: agency.id };
}

/** Loads a document and its facts; with `lock` the row stays locked until the transaction ends. */
export async function loadOutgoing(db: Queryable, id: string, lock: boolean): Promise<LoadedOutgoing | undefined> {
  const row = await outRepo.findOutgoing(db, id, lock);
  if (!row) return undefined;
  const agencies = await repo.findAgencies(db, [row.agency_id, row.drafting_agency_id]);
  const issuer = agencies.get(row.agency_id);
  const drafting = agencies.get(row.drafting_agency_id);
  if (!issuer || !drafting) throw new Error(`outgoing document ${id} refers to a missing agency`);
  const recipients = await outRepo.listRecipients(db, id);
  return {
    row,
    recipients,
    issuer,
    drafting,
    facts: {
      status: row.status,
      issuer: placementOf(issuer),
      drafting: placementOf(drafting),
      internalRecipients: recipients.flatMap((r) =>
        r.kind === 'internal' && r.unit_ancestor_ids
          ? [{ unitAncestorIds: r.unit_ancestor_ids, agencyId: r.agency_id }]
          : [],
      ),
      intendedSignerId: row.intended_signer_id,
    },
  };
}

/** Loads a document the caller may see. @throws AppError NOT_FOUND otherwise (existence is not revealed) */
export async function loadVisibleOutgoing(
  ctx: ServiceContext,
  id: string,
  lock = false,
  db: Queryable = ctx.db,
): Promise<LoadedOutgoing> {
  const loaded = await loadOutgoing(db, id, lock);
  if (!loaded || !canReadOutgoing(ctx.actor, loaded.facts)) {
    throw new AppError('NOT_FOUND', { subject: 'document' });
  }
  return loaded;
}

export function actorUserId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.userId : null;
}

export type OutgoingRecord = {
  documentId: string;
  unitId: string;
  action: OutgoingAction;
  /** null for the action that creates the document. */
  from: { status: OutgoingStatus; version: number } | null;
  to: OutgoingStatus;
  now: Date;
  note: string | null;
  data: Record<string, unknown>;
  /** Columns to change with the move (not for the creating action, whose row is already inserted). */
  set?: Updateable<OutgoingDocuments>;
  files?: readonly PreparedDocumentFile[];
};

/**
 * Records one action on an outgoing document in the caller's transaction.
 * @returns the seq of the action (the document's new version)
 * @throws AppError CONFLICT when another action was recorded since `from.version`
 */
export async function recordOutgoing(
  trx: Tx,
  ctx: ServiceContext,
  deps: Pick<DocumentDeps, 'blobs'>,
  record: OutgoingRecord,
): Promise<number> {
  const seq = (record.from?.version ?? 0) + 1;
  if (record.from) {
    const moved = await outRepo.updateOutgoing(trx, record.documentId, record.from.version, {
      ...record.set,
      status: record.to,
    });
    if (!moved) {
      throw new AppError('CONFLICT', { reason: 'stale_version', expectedVersion: record.from.version });
    }
  }
  const actorId = actorUserId(ctx.actor);
  await repo.insertAction(trx, 'outgoing_document_actions', {
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
    await repo.insertFiles(trx, { outgoingDocumentId: record.documentId }, rows);
  }
  await recordAudit(trx, {
    actor: ctx.actor,
    meta: ctx.meta,
    action: `document.outgoing.${record.action}`,
    subjectType: 'outgoing_document',
    subjectId: record.documentId,
    unitId: record.unitId,
    data: { seq, from: record.from?.status ?? null, to: record.to, ...record.data },
  });
  return seq;
}

function agencyRef(agency: repo.DocumentAgency) {
  return { id: agency.id, name: agency.name, code: agency.code };
}

/** The document as the caller sees it: fields, recipients, files, history and the actions they may take now. */
export async function getOutgoing(ctx: ServiceContext, id: string): Promise<TOutgoingDetail> {
  const loaded = await loadVisibleOutgoing(ctx, id);
  const { row } = loaded;
  const files = await repo.listFiles(ctx.db, { outgoingDocumentId: id });
  const history = await repo.listActions(ctx.db, 'outgoing_document_actions', id);
  return {
    id: row.id,
    agency: agencyRef(loaded.issuer),
    draftingAgency: agencyRef(loaded.drafting),
    typeCode: row.type_code,
    typeName: row.type_name,
    isLegalNormative: row.is_legal_normative,
    subject: row.subject,
    urgency: row.urgency,
    confidentiality: row.confidentiality,
    intendedSignerId: row.intended_signer_id,
    draftedBy: row.drafted_by,
    copies: row.copies,
    archiveHolder: row.archive_holder,
    status: row.status,
    version: row.version,
    signerId: row.signer_id,
    signerName: row.signer_name,
    signedAt: row.signed_at?.toISOString() ?? null,
    number: row.number,
    numberYear: row.number_year,
    notation: row.notation,
    issuedOn: row.issued_on,
    releasedAt: row.released_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    recipients: loaded.recipients.map((r) => ({
      kind: r.kind,
      agencyId: r.agency_id,
      code: r.external_code,
      name: r.name,
      status: r.status,
      incomingDocumentId: r.incoming_document_id,
    })),
    files: files.map((f) => ({
      id: f.id,
      kind: f.kind,
      filename: f.filename,
      contentType: f.content_type,
      size: f.size,
    })),
    history: history.map(presentAction),
    allowedActions: outgoingActionsFor(ctx.actor, loaded.facts),
  };
}

/** One log entry as the API shows it. */
export function presentAction(a: repo.ActionRow) {
  return {
    seq: a.seq,
    action: a.action,
    at: a.at.toISOString(),
    actorId: a.actor_id,
    actorName: a.actor_name,
    note: a.note,
    fromStatus: a.from_status,
    toStatus: a.to_status,
    data: (a.data ?? {}) as Record<string, unknown>,
  };
}
