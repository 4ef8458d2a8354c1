import { Form } from 'react-router';
import type { TDossierNote } from '../../modules/dossiers/dossiers.schema.ts';
import type { FormState } from '../lib/forms.ts';
import { useT } from '../lib/i18n.ts';
import { useMoment } from './dossier-tags.tsx';
import { CsrfField } from './form.tsx';

/**
 * The officers' internal notes on a dossier, oldest first, and a form to add one. A note carries no version: it
 * changes nothing on the dossier, so it is never refused as stale. The field's id is `f-note-body`.
 */
export function DossierNotes({ notes, state }: { notes: readonly TDossierNote[]; state: FormState | undefined }) {
  const t = useT();
  const moment = useMoment();
  const error = state?.errors['note-body'];
  return (
    <section aria-labelledby="notes-title">
      <h2 id="notes-title">{t('web.desk.notesTitle')}</h2>
      <p className="hint">{t('web.desk.notesHint')}</p>
      {notes.length === 0 ? (
        <p>{t('web.desk.noNotes')}</p>
      ) : (
        <ol className="timeline">
          {notes.map((n) => (
            <li key={n.id} className="timeline__item">
              <p className="timeline__head">
                <strong>{t('web.desk.noteBy', { name: n.author.fullName, unit: n.unitName })}</strong>{' '}
                <time dateTime={n.createdAt}>{moment(n.createdAt)}</time>
              </p>
              <p className="timeline__note pre-line">{n.body}</p>
            </li>
          ))}
        </ol>
      )}
      <Form method="post" className="measure" noValidate>
        <CsrfField />
        <input type="hidden" name="intent" value="note" />
        <div className={error ? 'field field--error' : 'field'}>
          <label className="label" htmlFor="f-note-body">
            {t('web.desk.noteBody')}
          </label>
          {error ? (
            <p className="error-message" id="f-note-body-error">
              <span className="visually-hidden">{t('web.forms.errorPrefix')} </span>
              {t(error)}
            </p>
          ) : null}
          <textarea
            className="input textarea"
            id="f-note-body"
            name="body"
            rows={3}
            defaultValue={state?.values['note-body'] ?? ''}
            aria-describedby={error ? 'f-note-body-error' : undefined}
            aria-invalid={error ? true : undefined}
          />
        </div>
        <button type="submit" className="button button--secondary">
          {t('web.desk.noteSubmit')}
        </button>
      </Form>
    </section>
  );
}
