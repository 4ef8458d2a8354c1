import { isAppError } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';

/**
 * What an action answers when a form is refused: the reader's input (so nothing typed is lost), a message key
 * per field and, for refusals not about one field, a message key for the whole form. Keys are translated when
 * rendered, so the same answer works in both languages.
 */
export type FormState = {
  values: Record<string, string>;
  errors: Record<string, MessageKey>;
  formError?: { key: string; params?: Record<string, string | number> };
};

/** The named fields of a submitted form as strings (files and missing fields become ''). */
export function formValues(formData: FormData, fields: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of fields) {
    const value = formData.get(field);
    values[field] = typeof value === 'string' ? value : '';
  }
  return values;
}

type Issue = { path?: unknown; code?: unknown };

/**
 * Maps a refused service call onto the form: validation issues and "already exists" go next to their field
 * (using `fieldMessages`), other expected refusals (FORBIDDEN, NOT_FOUND, CONFLICT…) become the form's error.
 * Returns null when the error is not an expected refusal (the caller rethrows it).
 */
export function formErrorsFrom(
  error: unknown,
  values: Record<string, string>,
  fieldMessages: Record<string, MessageKey>,
): FormState | null {
  if (!isAppError(error)) {
    return null;
  }
  const errors: Record<string, MessageKey> = {};
  const details = error.details ?? {};
  if (error.code === 'VALIDATION_FAILED' && Array.isArray(details.issues)) {
    for (const issue of details.issues as Issue[]) {
      const field = typeof issue.path === 'string' ? issue.path.split('.').slice(1)[0] : undefined;
      if (field && fieldMessages[field] && !errors[field]) {
        errors[field] = fieldMessages[field];
      }
    }
  }
  if (error.code === 'ALREADY_EXISTS' && typeof details.field === 'string' && details.field in fieldMessages) {
    errors[details.field] = 'web.forms.alreadyExists';
  }
  if (Object.keys(errors).length > 0) {
    return { values, errors };
  }
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(details)) {
    if (typeof value === 'string' || typeof value === 'number') params[key] = value;
  }
  return { values, errors, formError: { key: `errors.${error.code}`, params } };
}
