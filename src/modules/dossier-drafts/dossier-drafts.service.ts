import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { BlobStore } from '../../platform/blobs/blob-store.ts';
import type { Clock } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { type Queryable, inTransaction } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { localDay } from '../dossiers/deadlines.ts';
import { MAX_REQUEST_FILE_BYTES, prepareFiles, sniffContentType } from '../dossiers/files.ts';
import * as procedureRepo from '../procedures/procedures.repository.ts';
import type { Level } from '../procedures/workflow-model.ts';
import { assertMayDraft } from './dossier-drafts.policy.ts';
import * as repo from './dossier-drafts.repository.ts';
import type {
  TAccountPrefill,
  TDraft,
  TDraftAnswers,
  TDraftAnswersPatch,
  TDraftFile,
  TDraftSummary,
} from './dossier-drafts.schema.ts';

/**
 * Drafts of online submissions: started from a procedure offered online, saved page by page, files kept in the blob
 * store as they are uploaded, listed for their owner and resumed until they expire. Only the owner ever reaches a
 * draft; everything else about a submission is the dossier service's to judge when the draft is submitted
 * (submit-draft.ts).
 */

export type DraftDeps = { clock: Clock; blobs: BlobStore };

/** A draft lives this long after its last save. */
export const DRAFT_LIFETIME_DAYS = 30;
/** Files per component: the dossier API's own limit. */
export const MAX_FILES_PER_COMPONENT = 10;
/** Agencies that receive dossiers (as in dossier intake). */
const DESK_KINDS = ['one_stop', 'public_service_center'] as const;
/** Unit kinds of each level (the inverse of levelOfUnitKind). */
const KINDS_OF_LEVEL: Record<Level, readonly string[]> = {
  province: ['province', 'municipality'],
  district: ['district', 'town', 'city'],
  commune: ['commune', 'ward', 'township', 'special_zone'],
};

const expiryFrom = (now: Date) => new Date(now.getTime() + DRAFT_LIFETIME_DAYS * 24 * 3600 * 1000);
const notFound = () => new AppError('NOT_FOUND', { subject: 'draft' });

function audit(trx: Queryable, ctx: ServiceContext, row: { id: string; unit_id: string }, action: string, data = {}) {
  return recordAudit(trx, {
    actor: ctx.actor,
    meta: ctx.meta,
    action: `dossier_draft.${action}`,
    subjectType: 'dossier_draft',
    subjectId: row.id,
    unitId: row.unit_id,
    data,
  });
}

/** The caller's own draft; NOT_FOUND for another's, an unknown or an expired one. */
export async function loadOwnDraft(
  db: Queryable,
  actor: Actor,
  id: string,
  now: Date,
  options: { lock?: boolean } = {},
): Promise<repo.DraftRow> {
  const { userId } = assertMayDraft(actor);
  const row = await repo.findOwnDraft(db, id, userId, now, options);
  if (!row) throw notFound();
  return row;
}

/** A submitted draft cannot change any more: the dossier has its own life now. */
function assertOpen(row: repo.DraftRow): void {
  if (row.dossier_id !== null) {
    throw new AppError('CONFLICT', { reason: 'submitted', dossierId: row.dossier_id });
  }
}

/**
 * Starts a draft for the procedure's version in force, which must be published and offered online.
 * @throws UNAUTHENTICATED, FORBIDDEN (staff), NOT_FOUND, PROCEDURE_NOT_OFFERED
 */
export async function startDraft(ctx: ServiceContext, deps: DraftDeps, procedureId: string): Promise<TDraft> {
  const { userId } = assertMayDraft(ctx.actor);
  const id = newId();
  await inTransaction(ctx.db, async (trx) => {
    const procedure = await procedureRepo.findProcedureById(trx, procedureId);
    if (!procedure || procedure.current_version === null) {
      throw new AppError('NOT_FOUND', { subject: 'procedure' });
    }
    const version = await procedureRepo.findVersion(trx, procedure.id, procedure.current_version);
    if (version?.status !== 'published') {
      throw new AppError('PROCEDURE_NOT_OFFERED', { reason: 'not_published' });
    }
    if (version.online_level === 'none') {
      throw new AppError('PROCEDURE_NOT_OFFERED', { reason: 'not_online' });
    }
    const now = deps.clock.now();
    const row = { id, owner_id: userId, unit_id: procedure.unit_id, procedure_id: procedure.id };
    await repo.insertDraft(trx, { ...row, procedure_version: version.version, now, expires_at: expiryFrom(now) });
    await audit(trx, ctx, row, 'create', { procedureId: procedure.id, version: version.version });
  });
  return getDraft(ctx, deps, id);
}

/** The caller's draft with what its pages need of the procedure version. @throws NOT_FOUND */
export async function getDraft(ctx: ServiceContext, deps: DraftDeps, id: string): Promise<TDraft> {
  const row = await loadOwnDraft(ctx.db, ctx.actor, id, deps.clock.now());
  return presentDraft(ctx.db, row);
}

async function presentDraft(db: Queryable, row: repo.DraftRow): Promise<TDraft> {
  const procedure = await procedureRepo.findProcedureById(db, row.procedure_id);
  const version = await procedureRepo.findVersion(db, row.procedure_id, row.procedure_version);
  if (!procedure || !version) throw notFound();
  const parts = await procedureRepo.findParts(db, row.procedure_id, row.procedure_version);
  return {
    id: row.id,
    procedure: {
      id: procedure.id,
      name: procedure.name,
      version: version.version,
      onlineLevel: version.online_level,
      receivingLevels: version.receiving_levels,
      deadline:
        version.deadline_working_days !== null
          ? { workingDays: version.deadline_working_days }
          : { workingHours: version.deadline_working_hours ?? 0 },
      components: parts.components.map((c) => ({
        code: c.code,
        name: c.name,
        isRequired: c.is_required,
        originals: c.originals,
        copies: c.copies,
      })),
      fees: parts.fees.map((f) => ({ code: f.code, name: f.name, amount: Number(f.amount) })),
    },
    answers: row.answers,
    files: row.files,
    dossierId: row.dossier_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
  };
}

/** The caller's drafts still being filled in, last saved first. */
export async function listDrafts(ctx: ServiceContext, deps: DraftDeps): Promise<TDraftSummary[]> {
  const { userId } = assertMayDraft(ctx.actor);
  const rows = await repo.listOwnDrafts(ctx.db, userId, deps.clock.now());
  return rows.map((r) => ({
    id: r.id,
    procedureName: r.procedure_name,
    updatedAt: r.updated_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    fileCount: Number(r.file_count),
  }));
}

/** Units whose desk may receive this draft's procedure online (the "where to submit" choices). */
export async function receivingUnitsFor(
  ctx: ServiceContext,
  deps: DraftDeps,
  id: string,
): Promise<{ id: string; name: string }[]> {
  const now = deps.clock.now();
  const row = await loadOwnDraft(ctx.db, ctx.actor, id, now);
  const version = await procedureRepo.findVersion(ctx.db, row.procedure_id, row.procedure_version);
  const levels = (version?.receiving_levels ?? []) as Level[];
  return repo.findReceivingUnits(ctx.db, {
    publishingUnitId: row.unit_id,
    kinds: levels.flatMap((l) => KINDS_OF_LEVEL[l] ?? []),
    deskKinds: DESK_KINDS,
    day: localDay(now),
  });
}

/** The account's own details, to prefill the applicant page. */
export async function accountPrefill(ctx: ServiceContext): Promise<TAccountPrefill> {
  const { userId, userKind } = assertMayDraft(ctx.actor);
  const account = await repo.findAccount(ctx.db, userId);
  if (!account) throw new AppError('UNAUTHENTICATED');
  return {
    kind: userKind,
    fullName: account.full_name,
    personalId: account.personal_id,
    taxCode: account.tax_code,
    phone: account.phone,
    email: account.email,
  };
}

/**
 * Saves one page's answers into the draft and moves its expiry on. A chosen unit must be one the procedure can be
 * sent to; a component page must be one of the version's.
 * @throws NOT_FOUND, CONFLICT (already submitted), VALIDATION_FAILED
 */
export async function saveDraftAnswers(
  ctx: ServiceContext,
  deps: DraftDeps,
  id: string,
  patch: TDraftAnswersPatch,
): Promise<TDraft> {
  const now = deps.clock.now();
  if (patch.receivingUnitId !== undefined) {
    const units = await receivingUnitsFor(ctx, deps, id);
    if (!units.some((u) => u.id === patch.receivingUnitId)) {
      throw new AppError('VALIDATION_FAILED', {
        issues: [{ path: 'body.receivingUnitId', message: 'not a unit this procedure can be sent to' }],
      });
    }
  }
  const row = await inTransaction(ctx.db, async (trx) => {
    const draft = await loadOwnDraft(trx, ctx.actor, id, now, { lock: true });
    assertOpen(draft);
    const answers = await mergeAnswers(trx, draft, patch);
    await repo.saveDraft(trx, id, { answers, files: draft.files, now, expires_at: expiryFrom(now) });
    await audit(trx, ctx, draft, 'save', { answered: Object.keys(patch) });
    return { ...draft, answers, updated_at: now, expires_at: expiryFrom(now) };
  });
  return presentDraft(ctx.db, row);
}

async function mergeAnswers(db: Queryable, draft: repo.DraftRow, patch: TDraftAnswersPatch): Promise<TDraftAnswers> {
  const answers: TDraftAnswers = { ...draft.answers };
  if (patch.applyingAs !== undefined) {
    // Someone applying for themselves has no separate owner: a stale one must not ride along to the dossier.
    if (patch.applyingAs !== answers.applyingAs) delete answers.owner;
    answers.applyingAs = patch.applyingAs;
  }
  if (patch.owner === null) delete answers.owner;
  else if (patch.owner !== undefined) answers.owner = patch.owner;
  if (patch.applicant !== undefined) answers.applicant = patch.applicant;
  if (patch.receivingUnitId !== undefined) answers.receivingUnitId = patch.receivingUnitId;
  if (patch.note === null) delete answers.note;
  else if (patch.note !== undefined) answers.note = patch.note;
  if (patch.componentDone !== undefined) {
    const { components } = await procedureRepo.findParts(db, draft.procedure_id, draft.procedure_version);
    if (!components.some((c) => c.code === patch.componentDone)) throw notFound();
    answers.componentsDone = [...new Set([...(answers.componentsDone ?? []), patch.componentDone])];
  }
  return answers;
}

/**
 * Adds uploaded files to a component of the draft. Each is checked by the dossier files' own rules (not empty,
 * within the size cap, a PDF, JPEG or PNG by its bytes) and stored in the blob store at once, so the draft holds
 * them; a refusal names every bad file (`issues[].path` = `files.<index>`) and adds none.
 * @throws NOT_FOUND (draft or component), CONFLICT (submitted), VALIDATION_FAILED
 */
export async function addDraftFiles(
  ctx: ServiceContext,
  deps: DraftDeps,
  id: string,
  componentCode: string,
  uploads: readonly { filename: string; bytes: Uint8Array }[],
): Promise<TDraft> {
  const now = deps.clock.now();
  // Ownership first: nothing of a stranger's upload is read or stored.
  const before = await loadOwnDraft(ctx.db, ctx.actor, id, now);
  assertOpen(before);
  const prepared = prepareFiles(
    uploads.map((u, i) => ({
      filename: u.filename.trim().slice(0, 200) || 'tep',
      // The bytes decide; an unknown kind is declared as PDF so the check names the mismatch.
      contentType: sniffContentType(u.bytes) ?? 'application/pdf',
      data: Buffer.from(u.bytes).toString('base64'),
      componentCode,
      path: `body.files.${i}`,
    })),
  );
  const added: TDraftFile[] = [];
  for (const file of prepared) {
    const ref = await deps.blobs.put(file.bytes);
    added.push({
      id: newId(),
      componentCode,
      filename: file.filename,
      contentType: file.contentType,
      size: ref.size,
      sha256: ref.sha256,
    });
  }
  const row = await inTransaction(ctx.db, async (trx) => {
    const draft = await loadOwnDraft(trx, ctx.actor, id, now, { lock: true });
    assertOpen(draft);
    const { components } = await procedureRepo.findParts(trx, draft.procedure_id, draft.procedure_version);
    if (!components.some((c) => c.code === componentCode)) throw notFound();
    const files = [...draft.files, ...added];
    const issues: { path: string; message: string; rule: string }[] = [];
    if (files.filter((f) => f.componentCode === componentCode).length > MAX_FILES_PER_COMPONENT) {
      issues.push({ path: 'body.files', message: `at most ${MAX_FILES_PER_COMPONENT} files`, rule: 'too_many' });
    }
    // The whole dossier is sent in one submission, whose files the dossier service caps together.
    if (files.reduce((sum, f) => sum + f.size, 0) > MAX_REQUEST_FILE_BYTES) {
      issues.push({ path: 'body.files', message: 'the files are too large together', rule: 'total_too_large' });
    }
    if (issues.length > 0) throw new AppError('VALIDATION_FAILED', { issues });
    await repo.saveDraft(trx, id, { answers: draft.answers, files, now, expires_at: expiryFrom(now) });
    await audit(trx, ctx, draft, 'upload', {
      componentCode,
      files: added.map((f) => ({ id: f.id, filename: f.filename, sha256: f.sha256, size: f.size })),
    });
    return { ...draft, files, updated_at: now, expires_at: expiryFrom(now) };
  });
  return presentDraft(ctx.db, row);
}

/**
 * Takes one file out of the draft (its blob stays: content-addressed blobs may be shared, a sweep clears orphans).
 * @throws NOT_FOUND, CONFLICT (submitted)
 */
export async function removeDraftFile(
  ctx: ServiceContext,
  deps: DraftDeps,
  id: string,
  fileId: string,
): Promise<TDraft> {
  const now = deps.clock.now();
  const row = await inTransaction(ctx.db, async (trx) => {
    const draft = await loadOwnDraft(trx, ctx.actor, id, now, { lock: true });
    assertOpen(draft);
    const removed = draft.files.find((f) => f.id === fileId);
    if (!removed) throw new AppError('NOT_FOUND', { subject: 'file' });
    const files = draft.files.filter((f) => f.id !== fileId);
    await repo.saveDraft(trx, id, { answers: draft.answers, files, now, expires_at: expiryFrom(now) });
    await audit(trx, ctx, draft, 'remove_file', { fileId, filename: removed.filename });
    return { ...draft, files, updated_at: now, expires_at: expiryFrom(now) };
  });
  return presentDraft(ctx.db, row);
}

/** Deletes a draft not yet submitted. @throws NOT_FOUND, CONFLICT (submitted) */
export async function deleteDraft(ctx: ServiceContext, deps: DraftDeps, id: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const draft = await loadOwnDraft(trx, ctx.actor, id, deps.clock.now(), { lock: true });
    assertOpen(draft);
    await repo.deleteDraft(trx, id);
    await audit(trx, ctx, draft, 'delete');
  });
}

/** Housekeeping: deletes drafts whose expiry has passed. @returns how many */
export async function purgeExpiredDrafts(db: Queryable, now: Date): Promise<number> {
  return repo.deleteExpired(db, now);
}
