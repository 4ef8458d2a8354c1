import { type AppLoadContext, data, redirect } from 'react-router';
import { ERROR_CODES, isAppError } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { issuePaths, textOf, uploadsOf } from './dossier-forms.server.ts';
import type { FormState } from './forms.ts';
import { type RouteErrorData, type StaffActor, signInUrl } from './guards.server.ts';

/**
 * The applicant's forms on their own dossier (supplement, withdraw, rate, pay): who may post them, how each form
 * becomes the dossier API's action body, and how a refusal becomes a Vietnamese message on the page.
 */

/** The signed-in citizen or business, or a redirect to sign in; staff get a FORBIDDEN page. */
export function requireApplicant(context: AppLoadContext, request: Request): StaffActor {
  const actor = context.actor;
  if (actor.kind !== 'user') throw redirect(signInUrl(request));
  if (actor.userKind === 'staff') {
    throw data({ code: 'FORBIDDEN' } satisfies RouteErrorData, { status: 403 });
  }
  return actor;
}

/** The version the form was shown at (the engine refuses a stale one with CONFLICT). */
export function versionOf(formData: FormData): number {
  return Number(formData.get('expectedVersion'));
}

/**
 * The supplement form (multipart: one file input `files:<code>` per component) as a `supply` body: only the
 * components with files are sent, in the procedure's order.
 * @returns the body, or the field error when no file was chosen at all
 */
export async function supplyBodyOf(formData: FormData, componentCodes: readonly string[]) {
  const components: { code: string; files: Awaited<ReturnType<typeof uploadsOf>> }[] = [];
  for (const code of componentCodes) {
    const files = await uploadsOf(formData, `files:${code}`);
    if (files.length > 0) components.push({ code, files });
  }
  const note = textOf(formData, 'note');
  return {
    body: {
      action: 'supply',
      expectedVersion: versionOf(formData),
      components,
      ...(note ? { note } : {}),
    },
    sentCodes: components.map((c) => c.code),
    values: { note: typeof formData.get('note') === 'string' ? String(formData.get('note')) : '' },
  };
}

/** What a refused applicant action answers: which form, and its messages. */
export type ApplicantAnswer = { form: 'supply' | 'rate' | 'pay' | 'withdraw'; state: FormState };

/**
 * A refused applicant action as the page's answer. A stale version (someone moved the dossier meanwhile) and an
 * action the dossier no longer allows (already rated, already withdrawn) say so plainly; a bad file is named by
 * its component; UNAUTHENTICATED goes to sign-in. Unexpected errors propagate.
 */
export function refusedApplicantAction(
  error: unknown,
  request: Request,
  form: ApplicantAnswer['form'],
  values: Record<string, string>,
  sentCodes: readonly string[] = [],
) {
  if (!isAppError(error)) throw error;
  if (error.code === 'UNAUTHENTICATED') throw redirect(signInUrl(request));
  const status = ERROR_CODES[error.code].status;
  const answer = (state: FormState) => data<ApplicantAnswer>({ form, state }, { status });
  if (error.code === 'CONFLICT' || error.code === 'DOSSIER_ACTION_NOT_ALLOWED') {
    return answer({ values: {}, errors: {}, formError: { key: 'web.myDossiers.conflict' } });
  }
  const errors: Record<string, MessageKey> = {};
  for (const path of issuePaths(error)) {
    const [head, index, ...rest] = path.split('.');
    if (head === 'components' && index !== undefined && rest.length > 0) {
      const code = sentCodes[Number(index)];
      if (code) errors[`files:${code}`] = 'web.myDossiers.fileError';
    } else if (head === 'rating') {
      errors.rating = 'web.myDossiers.rateRequired';
    }
  }
  if (Object.keys(errors).length > 0) return answer({ values, errors });
  const key = error.code === 'VALIDATION_FAILED' ? 'web.oneStop.action.invalid' : `errors.${error.code}`;
  return answer({ values, errors: {}, formError: { key } });
}
