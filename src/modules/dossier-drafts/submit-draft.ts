import { readAll } from '../../platform/blobs/blob-store.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { DossierDeps } from '../dossiers/dossiers.deps.ts';
import { SubmitBody } from '../dossiers/dossiers.schema.ts';
import { submitDossier } from '../dossiers/submit-dossier.ts';
import * as procedureRepo from '../procedures/procedures.repository.ts';
import { assertMayDraft } from './dossier-drafts.policy.ts';
import * as repo from './dossier-drafts.repository.ts';
import { loadOwnDraft } from './dossier-drafts.service.ts';

/**
 * Submits a draft: its answers and files become the dossier API's submission body and go through the dossier
 * service (`submitDossier`), which judges them as it judges any online submission. The draft's row is locked and
 * consumed in the same transaction as the dossier is created, so the draft id is the submission's idempotency key:
 * a second submit (a double click, a retry after a lost answer) waits for the first and answers with its dossier.
 * @returns the dossier's id and code, and whether it was created by an earlier submit
 * @throws UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, VALIDATION_FAILED (paths as the dossier API's `body.…`),
 *   PROCEDURE_NOT_OFFERED
 */
export async function submitDraft(
  ctx: ServiceContext,
  deps: DossierDeps,
  id: string,
): Promise<{ dossierId: string; code: string; replayed: boolean }> {
  assertMayDraft(ctx.actor);
  return inTransaction(ctx.db, async (trx) => {
    const now = deps.clock.now();
    const draft = await loadOwnDraft(trx, ctx.actor, id, now, { lock: true });
    if (draft.dossier_id !== null) {
      const done = await trx
        .selectFrom('dossiers')
        .select('code')
        .where('id', '=', draft.dossier_id)
        .executeTakeFirstOrThrow();
      return { dossierId: draft.dossier_id, code: done.code, replayed: true };
    }
    const body = await submissionBody({ ...ctx, db: trx }, deps, draft);
    const dossier = await submitDossier({ ...ctx, db: trx }, deps, body);
    await repo.markSubmitted(trx, id, dossier.id, now);
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'dossier_draft.submit',
      subjectType: 'dossier_draft',
      subjectId: id,
      unitId: draft.unit_id,
      data: { dossierId: dossier.id, code: dossier.code },
    });
    return { dossierId: dossier.id, code: dossier.code, replayed: false };
  });
}

/**
 * The dossier API's body from the draft: the applicant (a person, or the business account itself), the owner when
 * applying for another person or a business, each component's files read back from the blob store, and the fees
 * of the draft's version as the check-answers page showed them.
 */
async function submissionBody(ctx: ServiceContext, deps: DossierDeps, draft: repo.DraftRow) {
  const a = draft.answers;
  const account = await repo.findAccount(ctx.db, assertMayDraft(ctx.actor).userId);
  const business = account?.kind === 'business';
  const applicant = a.applicant
    ? {
        kind: business ? 'business' : 'citizen',
        fullName: a.applicant.fullName,
        ...(business ? { taxCode: a.applicant.taxCode ?? account?.tax_code } : { personalId: a.applicant.personalId }),
        ...(a.applicant.phone ? { phone: a.applicant.phone } : {}),
        ...(a.applicant.email ? { email: a.applicant.email } : {}),
        address: a.applicant.address,
      }
    : undefined;
  const owner = a.applyingAs !== 'self' && a.owner ? a.owner : undefined;
  const codes = [...new Set(draft.files.map((f) => f.componentCode))];
  const components = [];
  for (const code of codes) {
    const files = [];
    for (const file of draft.files.filter((f) => f.componentCode === code)) {
      const bytes = await readAll(await deps.blobs.get(file.sha256));
      files.push({ filename: file.filename, contentType: file.contentType, data: bytes.toString('base64') });
    }
    components.push({ code, files });
  }
  const { fees } = await procedureRepo.findParts(ctx.db, draft.procedure_id, draft.procedure_version);
  const raw = {
    procedureId: draft.procedure_id,
    receivingUnitId: a.receivingUnitId,
    applicant,
    ...(owner ? { onBehalfOf: owner } : {}),
    components,
    fees: fees.map((f) => ({ code: f.code, amount: Number(f.amount) })),
    ...(a.note ? { note: a.note } : {}),
  };
  const parsed = SubmitBody.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', {
      issues: parsed.error.issues.map((issue) => ({
        path: ['body', ...issue.path.map(String)].join('.'),
        message: issue.message,
      })),
    });
  }
  return parsed.data;
}
