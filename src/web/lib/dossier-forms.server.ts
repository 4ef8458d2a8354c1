import { redirect } from 'react-router';
import { type FileContentType, sniffContentType } from '../../modules/dossiers/files.ts';
import { ERROR_CODES, isAppError } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import type { FormState } from './forms.ts';
import { signInUrl } from './guards.server.ts';

/**
 * Turning the one-stop forms (urlencoded or multipart) into the dossier API's bodies, and the API's refusals back
 * into messages next to the fields. Files become the API's base64 uploads here, on the server; their type is read
 * from their bytes, and the dossier service checks them again like any API upload.
 */

export type Upload = { filename: string; contentType: FileContentType; data: string };

/** The files chosen in one file input (a browser sends an empty, nameless part when none is chosen). */
export async function uploadsOf(formData: FormData, name: string): Promise<Upload[]> {
  const uploads: Upload[] = [];
  for (const entry of formData.getAll(name)) {
    if (typeof entry === 'string' || (entry.size === 0 && entry.name === '')) continue;
    const bytes = new Uint8Array(await entry.arrayBuffer());
    uploads.push({
      filename: entry.name.trim().slice(0, 200) || 'tep',
      // The bytes decide; an unknown kind is declared as PDF so the service names the mismatch.
      contentType: sniffContentType(bytes) ?? 'application/pdf',
      data: Buffer.from(bytes).toString('base64'),
    });
  }
  return uploads;
}

/** A text field, or undefined when absent or blank (the API says "absent" by leaving a key out). */
export function textOf(formData: FormData, name: string): string | undefined {
  const value = formData.get(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A textarea with one entry per line. */
export function linesOf(formData: FormData, name: string): string[] {
  const value = formData.get(name);
  return typeof value === 'string'
    ? value
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean)
    : [];
}

type ActionField =
  | 'note'
  | 'feesPaid'
  | 'items'
  | 'reasons'
  | 'assigneeId'
  | 'toStepId'
  | 'reason'
  | 'newDueDate'
  | 'resultNumber'
  | 'files'
  | 'method';

const MOVE: ActionField[] = ['note', 'toStepId', 'assigneeId'];

/** The fields each action's form carries: the API's body is strict, so nothing else is sent. */
export const ACTION_FIELDS: Record<string, readonly ActionField[]> = {
  accept: ['note', 'feesPaid'],
  request_supplement: ['note', 'items'],
  refuse: ['note', 'reasons'],
  assign: ['note', 'assigneeId'],
  forward: MOVE,
  transfer: MOVE,
  return: MOVE,
  consult: MOVE,
  approve: MOVE,
  reject: [...MOVE, 'reasons'],
  reply: ['note'],
  suspend: ['note', 'reason'],
  resume: ['note'],
  withdraw: ['note', 'reason'],
  apologize: ['note', 'reason', 'newDueDate'],
  register_result: ['note', 'resultNumber', 'files'],
  return_result: ['note', 'method'],
};

/** The action form as the API's body, and the reader's input to show again after a refusal. */
export async function actionBodyOf(formData: FormData): Promise<{
  action: string;
  body: Record<string, unknown>;
  values: Record<string, string>;
}> {
  const action = String(formData.get('action') ?? '');
  const body: Record<string, unknown> = { action, expectedVersion: Number(formData.get('expectedVersion')) };
  const values: Record<string, string> = {};
  for (const field of ACTION_FIELDS[action] ?? []) {
    const raw = formData.get(field);
    if (typeof raw === 'string') values[`${action}-${field}`] = raw;
    if (field === 'feesPaid') {
      body.feesPaid = raw === 'true';
    } else if (field === 'items' || field === 'reasons') {
      body[field] = linesOf(formData, field);
    } else if (field === 'files') {
      body.files = await uploadsOf(formData, 'files');
    } else {
      const text = textOf(formData, field);
      if (text !== undefined) body[field] = text;
    }
  }
  return { action, body, values };
}

const ACTION_MESSAGES: Partial<Record<ActionField, MessageKey>> = {
  note: 'web.oneStop.action.requiredError',
  items: 'web.oneStop.action.requiredError',
  reasons: 'web.oneStop.action.requiredError',
  reason: 'web.oneStop.action.requiredError',
  resultNumber: 'web.oneStop.action.requiredError',
  newDueDate: 'web.oneStop.action.dateError',
  assigneeId: 'web.oneStop.action.assigneeError',
  files: 'web.oneStop.action.fileError',
};

type Issue = { path?: unknown };

/** The `body.…` paths of a VALIDATION_FAILED refusal, without the `body.` prefix. */
export function issuePaths(error: unknown): string[] {
  if (!isAppError(error) || error.code !== 'VALIDATION_FAILED' || !Array.isArray(error.details?.issues)) return [];
  return (error.details.issues as Issue[]).flatMap((issue) =>
    typeof issue.path === 'string' && issue.path.startsWith('body.') ? [issue.path.slice(5)] : [],
  );
}

/**
 * A refused action as the form's answer: messages by the fields of that action's form (keys `<action>-<field>`,
 * so several forms share one page), a stale version as the plain "someone else just acted" message, other refusals
 * in their own words. UNAUTHENTICATED goes to sign-in; unexpected errors propagate.
 */
export function refusedAction(
  error: unknown,
  request: Request,
  action: string,
  values: Record<string, string>,
): { status: number; state: FormState } {
  if (!isAppError(error)) throw error;
  if (error.code === 'UNAUTHENTICATED') throw redirect(signInUrl(request));
  const status = ERROR_CODES[error.code].status;
  if (error.code === 'CONFLICT') {
    return { status, state: { values: {}, errors: {}, formError: { key: 'web.oneStop.action.conflict' } } };
  }
  if (error.code === 'DOSSIER_ACTION_NOT_ALLOWED') {
    return { status, state: { values, errors: {}, formError: { key: 'web.oneStop.action.notAllowed' } } };
  }
  const errors: Record<string, MessageKey> = {};
  for (const path of issuePaths(error)) {
    const field = path.split('.')[0] as ActionField;
    const key = ACTION_MESSAGES[field];
    if (key && (ACTION_FIELDS[action] ?? []).includes(field)) errors[`${action}-${field}`] = key;
  }
  if (Object.keys(errors).length > 0) return { status, state: { values, errors } };
  const formError = error.code === 'VALIDATION_FAILED' ? 'web.oneStop.action.invalid' : `errors.${error.code}`;
  return { status, state: { values, errors: {}, formError: { key: formError } } };
}
