import { type AppLoadContext, redirect } from 'react-router';
import type { TDraft } from '../../modules/dossier-drafts/dossier-drafts.schema.ts';
import { isAppError } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { issuePaths } from './dossier-forms.server.ts';
import { invalidForm, load, refuseForm, requireUser } from './guards.server.ts';
import { RETURN_PARAM, CHECK_PAGE, draftPath, nextPath } from './submission-flow.ts';

/**
 * What the online submission's pages share on the server: loading the reader's own draft (a submitted one goes to
 * its confirmation), where a saved page leads, and turning refusals into messages on the page.
 */

/** The reader's own draft still being filled in. Someone else's, or a made-up id, is a 404 page. */
export async function loadDraft(context: AppLoadContext, request: Request, id: string): Promise<TDraft> {
  requireUser(context, request);
  const draft = await load(request, () => context.services.submission.get(id));
  if (draft.dossierId !== null) throw redirect(draftPath(draft.id, 'da-nop'));
  return draft;
}

/** True when the page was opened from check answers ("Thay đổi"), so saving goes back there. */
export function isReturning(source: Request | FormData): boolean {
  const value =
    source instanceof FormData ? source.get(RETURN_PARAM) : new URL(source.url).searchParams.get(RETURN_PARAM);
  return value === CHECK_PAGE;
}

/** After a page was saved: the drafts list for "Lưu và tiếp tục sau", else the next page. */
export function afterSave(formData: FormData, draft: TDraft, page: string): Response {
  if (formData.get('intent') === 'save') {
    return redirect(`/nop-ho-so/ban-nhap?da-luu=${draft.id}`);
  }
  return redirect(nextPath(draft, page, isReturning(formData)));
}

/** A text field, or undefined when blank (a schema's "absent"). */
export function textField(formData: FormData, name: string): string | undefined {
  const value = formData.get(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The fields typed, to show again after a refusal. */
export function typedValues(formData: FormData, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, String(formData.get(n) ?? '')]));
}

/**
 * Saves a page's answers and goes on; a refusal comes back as messages next to the fields (`body.<group>.<field>`
 * issue paths map through `fieldOf`). A draft submitted meanwhile (another tab) goes to its confirmation.
 */
export async function saveAndContinue(
  context: AppLoadContext,
  request: Request,
  input: {
    draftId: string;
    page: string;
    formData: FormData;
    patch: Record<string, unknown>;
    values: Record<string, string>;
    messages: Record<string, MessageKey>;
  },
) {
  try {
    const draft = await context.services.submission.save(input.draftId, input.patch);
    return afterSave(input.formData, draft, input.page);
  } catch (error) {
    if (isAppError(error) && error.code === 'CONFLICT') {
      return redirect(draftPath(input.draftId, 'da-nop'));
    }
    if (isAppError(error) && error.code === 'VALIDATION_FAILED') {
      // `body.applicant.address` → `address`: the pages name their inputs by the last part.
      const fields = issuePaths(error).map((p) => p.split('.').at(-1) ?? p);
      const errors: Record<string, MessageKey> = {};
      for (const field of fields) {
        const key = input.messages[field];
        if (key && !errors[field]) errors[field] = key;
      }
      if (Object.keys(errors).length > 0) return invalidForm(input.values, errors);
    }
    return refuseForm(error, request, input.values, input.messages);
  }
}

/** The files chosen in one file input, with their bytes (a browser sends an empty nameless part for none). */
export async function chosenFiles(
  formData: FormData,
  name: string,
): Promise<{ filename: string; bytes: Uint8Array }[]> {
  const files: { filename: string; bytes: Uint8Array }[] = [];
  for (const entry of formData.getAll(name)) {
    if (typeof entry === 'string' || (entry.size === 0 && entry.name === '')) continue;
    files.push({ filename: entry.name, bytes: new Uint8Array(await entry.arrayBuffer()) });
  }
  return files;
}

const FILE_RULE_MESSAGES: Record<string, MessageKey> = {
  empty: 'web.submission.files.empty',
  too_large: 'web.submission.files.tooLarge',
  type: 'web.submission.files.type',
  base64: 'web.submission.files.type',
  too_many: 'web.submission.files.tooMany',
  total_too_large: 'web.submission.files.totalTooLarge',
};

export type FileProblem = { key: MessageKey; params?: Record<string, string> };

/**
 * A refused upload as one message per bad file (`body.files.<i>…` with the check's `rule`), named by the file's
 * name, plus the draft-wide limits. Null when the refusal is not about the files.
 */
export function fileProblems(error: unknown, filenames: readonly string[]): FileProblem[] | null {
  if (!isAppError(error) || error.code !== 'VALIDATION_FAILED' || !Array.isArray(error.details?.issues)) return null;
  const problems: FileProblem[] = [];
  for (const issue of error.details.issues as { path?: string; rule?: string }[]) {
    const key = FILE_RULE_MESSAGES[issue.rule ?? ''] ?? 'web.submission.files.type';
    const index = /^body\.files\.(\d+)/.exec(issue.path ?? '')?.[1];
    const name = index !== undefined ? filenames[Number(index)] : undefined;
    problems.push(name !== undefined ? { key, params: { name } } : { key });
  }
  return problems;
}
