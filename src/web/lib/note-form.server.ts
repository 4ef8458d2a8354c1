import { isAppError } from '../../platform/errors.ts';
import { refusedAction } from './dossier-forms.server.ts';
import type { FormState } from './forms.ts';

/** The note form's own field key (the error summary links to `#f-note-body`). */
export const NOTE_FIELD = 'note-body';

/** A refused note as the form's answer: an invalid body marks the field; other refusals as for any action. */
export function refusedNote(
  error: unknown,
  request: Request,
  values: Record<string, string>,
): { status: number; state: FormState } {
  if (isAppError(error) && error.code === 'VALIDATION_FAILED') {
    return { status: 400, state: { values, errors: { [NOTE_FIELD]: 'web.desk.noteError' } } };
  }
  return refusedAction(error, request, 'note', values);
}
