import { DraftAnswersPatch } from '../../modules/dossier-drafts/dossier-drafts.schema.ts';
import * as drafts from '../../modules/dossier-drafts/dossier-drafts.service.ts';
import { submitDraft } from '../../modules/dossier-drafts/submit-draft.ts';
import { hasVerifiedEmail } from '../../modules/people/email-verification.service.ts';
import type { Platform } from '../../app.ts';
import type { ServiceContext } from '../context.ts';
import { existingId, parse } from './web-services.ts';

/**
 * The online submission's services as its pages see them (drafts of the signed-in citizen or business), bound to
 * the request. A draft id that is not even a UUID is NOT_FOUND like any other id not theirs.
 */
export function createSubmissionWebServices(platform: Platform, ctx: () => ServiceContext) {
  const draft = (id: string) => existingId(id, 'draft');
  return {
    start: (procedureId: string) => drafts.startDraft(ctx(), platform, existingId(procedureId, 'procedure')),
    get: (id: string) => drafts.getDraft(ctx(), platform, draft(id)),
    list: () => drafts.listDrafts(ctx(), platform),
    receivingUnits: (id: string) => drafts.receivingUnitsFor(ctx(), platform, draft(id)),
    prefill: () => drafts.accountPrefill(ctx()),
    /** Whether the account's e-mail is proven, which submitting needs (the start page says so first). */
    emailVerified: () => hasVerifiedEmail(ctx().db, ctx().actor),
    /** Saves one page's answers, validated like the API would (`body.<field>` issue paths). */
    save: (id: string, patch: Record<string, unknown>) =>
      drafts.saveDraftAnswers(ctx(), platform, draft(id), parse(DraftAnswersPatch, patch)),
    addFiles: (id: string, componentCode: string, uploads: { filename: string; bytes: Uint8Array }[]) =>
      drafts.addDraftFiles(ctx(), platform, draft(id), componentCode, uploads),
    removeFile: (id: string, fileId: string) =>
      drafts.removeDraftFile(ctx(), platform, draft(id), existingId(fileId, 'file')),
    remove: (id: string) => drafts.deleteDraft(ctx(), platform, draft(id)),
    submit: (id: string) => submitDraft(ctx(), platform, draft(id)),
  };
}
