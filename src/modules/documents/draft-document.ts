import type { ServiceContext } from '../../platform/context.ts';
import { type Queryable, inTransaction } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { type PreparedDocumentFile, prepareDocumentFiles } from './document-files.ts';
import type { DocumentDeps } from './documents.ports.ts';
import { canDraftFor } from './documents.policy.ts';
import * as repo from './documents.repository.ts';
import type { TDraftBody, TOutgoingActionBody, TOutgoingDetail, TRecipient } from './documents.schema.ts';
import { actorUserId, getOutgoing, placementOf, recordOutgoing } from './outgoing-engine.ts';
import type { HandlerInput, HandlerResult } from './outgoing-actions.ts';
import * as outRepo from './outgoing.repository.ts';

/** Drafting an outgoing document (NĐ 30/2020 Art. 10): its fields, recipients and files, and revising it. */

function setupIncomplete(reason: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('DOCUMENT_SETUP_INCOMPLETE', { reason, ...details });
}

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', { issues: [{ path, message }] });
}

/**
 * Resolves the recipients against the platform: internal units must belong to the issuer; agencies on this
 * platform go to their inbox; an e-identifier code that names an agency here is delivered here too rather than
 * through the exchange.
 */
export async function resolveRecipients(
  db: Queryable,
  issuer: repo.DocumentAgency,
  recipients: readonly TRecipient[],
): Promise<Omit<outRepo.RecipientRow, 'status' | 'incoming_document_id' | 'unit_ancestor_ids'>[]> {
  const rows: Omit<outRepo.RecipientRow, 'status' | 'incoming_document_id' | 'unit_ancestor_ids'>[] = [];
  const seen = new Set<string>();
  for (const [position, recipient] of recipients.entries()) {
    const path = `body.recipients.${position}`;
    const agency =
      recipient.kind === 'external'
        ? await repo.findAgencyByCode(db, recipient.code)
        : await repo.findAgency(db, recipient.agencyId);
    if (recipient.kind !== 'external' && !agency) {
      throw invalid(`${path}.agencyId`, 'no such agency');
    }
    if (!agency) {
      const code = recipient.kind === 'external' ? recipient.code : '';
      if (seen.has(code)) throw invalid(path, 'listed twice');
      seen.add(code);
      rows.push({
        id: newId(),
        position,
        kind: 'external',
        agency_id: null,
        unit_id: null,
        external_code: code,
        name: recipient.kind === 'external' ? recipient.name : code,
      });
      continue;
    }
    if (agency.id === issuer.id) throw setupIncomplete('recipient_is_issuer', { path });
    const internal = repo.isInternalUnitOf(agency, issuer.id);
    if (recipient.kind === 'internal' && !internal) throw setupIncomplete('not_an_internal_unit', { path });
    if (recipient.kind !== 'internal' && internal) throw setupIncomplete('internal_unit_as_agency', { path });
    if (seen.has(agency.id)) throw invalid(path, 'listed twice');
    seen.add(agency.id);
    rows.push({
      id: newId(),
      position,
      kind: internal ? 'internal' : 'platform',
      agency_id: agency.id,
      unit_id: agency.unit_id,
      external_code: null,
      name: agency.name,
    });
  }
  return rows;
}

async function checkSigner(db: Queryable, signerId: string | null | undefined): Promise<void> {
  if (!signerId) return;
  const signer = await repo.findStaff(db, signerId);
  if (signer?.status !== 'active') throw invalid('body.intendedSignerId', 'no such active officer');
}

/**
 * Creates a draft: the issuing agency and drafting unit must be set up for notations, the caller must draft for
 * one of them, and every file passes the upload checks before anything is written.
 */
export async function draftDocument(
  ctx: ServiceContext,
  deps: DocumentDeps,
  body: TDraftBody,
): Promise<TOutgoingDetail> {
  const files = prepareDocumentFiles([
    { upload: body.mainFile, kind: 'main', path: 'body.mainFile' },
    ...body.attachments.map((upload, i) => ({ upload, kind: 'attachment' as const, path: `body.attachments.${i}` })),
  ]);
  const id = newId();
  await inTransaction(ctx.db, async (trx) => {
    const issuer = await repo.findAgency(trx, body.agencyId);
    if (!issuer) throw new AppError('NOT_FOUND', { subject: 'agency' });
    const drafting =
      body.draftingAgencyId && body.draftingAgencyId !== issuer.id
        ? await repo.findAgency(trx, body.draftingAgencyId)
        : issuer;
    if (!drafting) throw new AppError('NOT_FOUND', { subject: 'agency' });
    if (!canDraftFor(ctx.actor, placementOf(issuer), placementOf(drafting))) throw new AppError('FORBIDDEN');
    if (drafting.id !== issuer.id && !repo.isInternalUnitOf(drafting, issuer.id)) {
      throw setupIncomplete('not_an_internal_unit', { path: 'body.draftingAgencyId' });
    }
    if (issuer.internal_of_agency_id) throw setupIncomplete('issuer_is_internal_unit');
    if (!issuer.abbreviation) throw setupIncomplete('issuer_abbreviation', { agencyId: issuer.id });
    const type = await repo.findType(trx, body.typeCode);
    if (!type) throw setupIncomplete('unknown_type', { typeCode: body.typeCode });
    if (body.isLegalNormative && !type.normative_allowed) throw setupIncomplete('type_not_normative');
    if (type.abbreviation === null && !drafting.abbreviation) {
      throw setupIncomplete('drafting_abbreviation', { agencyId: drafting.id });
    }
    await checkSigner(trx, body.intendedSignerId);
    const recipients = await resolveRecipients(trx, issuer, body.recipients);
    const now = deps.clock.now();
    await outRepo.insertOutgoing(trx, {
      id,
      unit_id: issuer.unit_id,
      agency_id: issuer.id,
      drafting_agency_id: drafting.id,
      type_code: type.code,
      is_legal_normative: body.isLegalNormative,
      subject: body.subject,
      urgency: body.urgency,
      confidentiality: body.confidentiality,
      intended_signer_id: body.intendedSignerId ?? null,
      drafted_by: actorUserId(ctx.actor),
      copies: body.copies,
      archive_holder: body.archiveHolder ?? null,
      status: 'draft',
      version: 1,
    });
    await outRepo.replaceRecipients(trx, id, recipients);
    await recordOutgoing(trx, ctx, deps, {
      documentId: id,
      unitId: issuer.unit_id,
      action: 'draft',
      from: null,
      to: 'draft',
      now,
      note: body.note ?? null,
      data: { typeCode: type.code, recipients: recipients.length, files: files.length },
      files,
    });
  });
  return getOutgoing(ctx, id);
}

/** The files a revision brings, checked before any transaction. */
export function revisionFiles(body: Extract<TOutgoingActionBody, { action: 'revise' }>): PreparedDocumentFile[] {
  return prepareDocumentFiles([
    ...(body.mainFile ? [{ upload: body.mainFile, kind: 'main' as const, path: 'body.mainFile' }] : []),
    ...body.attachments.map((upload, i) => ({ upload, kind: 'attachment' as const, path: `body.attachments.${i}` })),
  ]);
}

/** Revises a draft (or a document returned with comments): changed fields, a new main text, more attachments. */
export async function revise({ trx, loaded, body, files }: HandlerInput<'revise'>): Promise<HandlerResult> {
  await checkSigner(trx, body.intendedSignerId);
  if (body.recipients) {
    await outRepo.replaceRecipients(trx, loaded.row.id, await resolveRecipients(trx, loaded.issuer, body.recipients));
  }
  const set = {
    ...(body.subject !== undefined ? { subject: body.subject } : {}),
    ...(body.urgency !== undefined ? { urgency: body.urgency } : {}),
    ...(body.confidentiality !== undefined ? { confidentiality: body.confidentiality } : {}),
    ...(body.intendedSignerId !== undefined ? { intended_signer_id: body.intendedSignerId } : {}),
    ...(body.copies !== undefined ? { copies: body.copies } : {}),
    ...(body.archiveHolder !== undefined ? { archive_holder: body.archiveHolder } : {}),
  };
  return {
    set,
    data: { changed: [...Object.keys(set), ...(body.recipients ? ['recipients'] : [])], files: files.length },
    files,
  };
}
