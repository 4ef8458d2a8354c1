import { redirect } from 'react-router';
import { BULK_ACTIONS } from '../../modules/dossiers/dossier-model.ts';
import type { TBulkActionResult } from '../../modules/dossiers/dossiers.schema.ts';
import { isAppError } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { issuePaths, textOf } from './dossier-forms.server.ts';
import type { FormState } from './forms.ts';
import { signInUrl } from './guards.server.ts';

/**
 * The queue's bulk form: ticked rows (`pick` = `<dossier id>:<version seen>`), one action and its fields, turned
 * into the bulk API's body; and the API's refusals back into messages by the fields.
 */

const MAX_PICKS = 50;

/** The bulk body of the form; `values` are what the reader chose, to show again after a refusal. */
export function bulkBodyOf(formData: FormData): { body: Record<string, unknown>; values: Record<string, string> } {
  const items = formData.getAll('pick').flatMap((raw) => {
    const [id, version] = String(raw).split(':');
    return id && version ? [{ id, expectedVersion: Number(version) }] : [];
  });
  const action = textOf(formData, 'bulkAction');
  const assigneeId = textOf(formData, 'assigneeId');
  const note = textOf(formData, 'note');
  const body: Record<string, unknown> = {
    action: action ?? '',
    items,
    feesPaid: formData.get('feesPaid') === 'true',
    ...(action === 'assign' && assigneeId ? { assigneeId } : {}),
    ...(note ? { note } : {}),
  };
  return { body, values: { bulkAction: action ?? '', assigneeId: assigneeId ?? '', note: note ?? '' } };
}

/** Checks the form before calling the service, so each missing choice gets its own message. */
export function bulkFormErrors(body: Record<string, unknown>): Record<string, MessageKey> {
  const errors: Record<string, MessageKey> = {};
  const items = body.items as unknown[];
  if (items.length === 0 || items.length > MAX_PICKS) errors.pick = 'web.desk.pickError';
  if (!(BULK_ACTIONS as readonly unknown[]).includes(body.action)) errors.bulkAction = 'web.desk.actionError';
  if (body.action === 'assign' && body.assigneeId === undefined) errors.assigneeId = 'web.desk.assigneeError';
  return errors;
}

/** A refusal of the whole bulk request as the form's answer. UNAUTHENTICATED goes to sign-in. */
export function refusedBulk(error: unknown, request: Request, values: Record<string, string>): FormState {
  if (!isAppError(error)) throw error;
  if (error.code === 'UNAUTHENTICATED') throw redirect(signInUrl(request));
  const errors: Record<string, MessageKey> = {};
  for (const path of issuePaths(error)) {
    if (path.startsWith('items')) errors.pick = 'web.desk.pickError';
    if (path.startsWith('action')) errors.bulkAction = 'web.desk.actionError';
    if (path.startsWith('assigneeId')) errors.assigneeId = 'web.desk.assigneeError';
  }
  if (Object.keys(errors).length > 0) return { values, errors };
  return { values, errors: {}, formError: { key: `errors.${error.code}` } };
}

type Problem = NonNullable<TBulkActionResult['results'][number]['problem']>;

/** Why one dossier of a bulk action was refused, in the reader's words. */
export function refusalReason(problem: Problem, action: string): { key: string; params?: Record<string, string> } {
  switch (problem.code) {
    case 'CONFLICT':
      return { key: 'web.desk.reasons.stale' };
    case 'DOSSIER_ACTION_NOT_ALLOWED':
      return { key: 'web.desk.reasons.notAllowed' };
    case 'FORBIDDEN':
      return { key: 'web.desk.reasons.forbidden' };
    case 'NOT_FOUND':
      return { key: 'web.desk.reasons.notFound' };
    case 'VALIDATION_FAILED':
      // The only per-dossier detail of a bulk assignment is whether the officer works that dossier's step.
      return { key: action === 'assign' ? 'web.desk.reasons.notEligible' : 'web.desk.reasons.invalid' };
    default:
      return { key: 'web.desk.reasons.other', params: { code: problem.code } };
  }
}
