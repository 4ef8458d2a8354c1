import { Form, Link } from 'react-router';
import type { BULK_ACTIONS } from '../../modules/dossiers/dossier-model.ts';
import type { FormState } from '../lib/forms.ts';
import { useT, useTx } from '../lib/i18n.ts';
import { CsrfField, SelectField, TextField } from './form.tsx';

/** One dossier's outcome of a bulk action, with the reason (a message key) when it was refused. */
export type BulkOutcome = {
  id: string;
  code: string | null;
  outcome: 'done' | 'refused';
  reason: { key: string; params?: Record<string, string> } | null;
};

/**
 * The controls of the queue's bulk form: the action, the officer (for assignment), a note. The rows' checkboxes
 * belong to this form through their `form` attribute, so it works without JavaScript.
 */
export function BulkActionControls(props: {
  id: string;
  actions: readonly (typeof BULK_ACTIONS)[number][];
  officers: readonly { id: string; fullName: string; unitName: string }[];
  state: FormState | undefined;
}) {
  const t = useT();
  const tx = useTx();
  return (
    <Form method="post" id={props.id} className="bulk-form" aria-labelledby="bulk-title" noValidate>
      <h2 id="bulk-title">{t('web.desk.bulkTitle')}</h2>
      <p className="hint measure">{t('web.desk.bulkHint')}</p>
      <CsrfField />
      <SelectField
        name="bulkAction"
        label={t('web.desk.bulkAction')}
        emptyOption={t('web.desk.chooseAction')}
        options={props.actions.map((a) => ({ value: a, label: tx(`dossierActions.${a}`) }))}
        state={props.state}
      />
      {props.officers.length > 0 ? (
        <SelectField
          name="assigneeId"
          label={t('web.desk.bulkAssignee')}
          emptyOption={t('web.desk.chooseOfficer')}
          options={props.officers.map((o) => ({
            value: o.id,
            label: t('web.desk.officer', { name: o.fullName, unit: o.unitName }),
          }))}
          state={props.state}
        />
      ) : null}
      {props.actions.includes('accept') ? (
        <div className="field checkbox">
          <input className="checkbox__input" type="checkbox" id="f-feesPaid" name="feesPaid" value="true" />
          <label className="checkbox__label" htmlFor="f-feesPaid">
            {t('web.desk.bulkFeesPaid')}
          </label>
        </div>
      ) : null}
      <TextField name="note" label={t('web.desk.bulkNote')} state={props.state} width="full" />
      <button type="submit" className="button">
        {t('web.desk.bulkSubmit')}
      </button>
    </Form>
  );
}

/** What a bulk action did to each dossier: done, or refused with the reason; announced to screen readers. */
export function BulkResults(props: {
  action: string;
  done: number;
  refused: number;
  outcomes: readonly BulkOutcome[];
}) {
  const t = useT();
  const tx = useTx();
  const actionLabel = tx(`dossierActions.${props.action}`);
  return (
    <section className="bulk-results" aria-labelledby="bulk-results-title">
      <h2 id="bulk-results-title">{t('web.desk.resultTitle')}</h2>
      <p role="status">{t('web.desk.resultSummary', { done: props.done, refused: props.refused })}</p>
      <ul className="bulk-results__list">
        {props.outcomes.map((o) => (
          <li key={o.id} className={o.outcome === 'done' ? 'bulk-results__done' : 'bulk-results__refused'}>
            {o.code ? (
              <Link className="code" to={`/mot-cua/ho-so/${o.id}`}>
                {o.code}
              </Link>
            ) : (
              t('web.desk.unknownDossier')
            )}
            {': '}
            {o.outcome === 'done'
              ? t('web.desk.resultDone', { action: actionLabel })
              : t('web.desk.resultRefused', { reason: o.reason ? tx(o.reason.key, o.reason.params) : '' })}
          </li>
        ))}
      </ul>
    </section>
  );
}
