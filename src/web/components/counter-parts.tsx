import type { TComponent, TFee } from '../../modules/procedures/procedures.schema.ts';
import type { FormState } from '../lib/forms.ts';
import { useT } from '../lib/i18n.ts';
import { useMoney } from './dossier-parts.tsx';

const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

/**
 * The procedure's components on the counter form: for each, a file input and a "paper handed in" box. Ids follow
 * the error keys (`f-files:<code>`, `f-components`) so the error summary links land on them.
 */
export function ComponentFields({ components, state }: { components: readonly TComponent[]; state?: FormState }) {
  const t = useT();
  const error = state?.errors.components;
  return (
    <fieldset id="f-components" tabIndex={-1} className={error ? 'field--error' : undefined}>
      <legend>{t('web.oneStop.receive.componentsTitle')}</legend>
      <p className="hint">{t('web.oneStop.receive.componentsHint')}</p>
      {error ? (
        <p className="error-message">
          <span className="visually-hidden">{t('web.forms.errorPrefix')} </span>
          {t(error)}
        </p>
      ) : null}
      <ol className="component-list">
        {components.map((c) => {
          const key = `files:${c.code}`;
          const fileError = state?.errors[key];
          return (
            <li key={c.code} className="component-list__item">
              <p className="component-list__name">
                {c.name} {c.isRequired ? <strong>{t('web.oneStop.receive.required')}</strong> : null}
              </p>
              <p className="hint">{t('web.oneStop.receive.copies', { originals: c.originals, copies: c.copies })}</p>
              <div className={fileError ? 'field field--error' : 'field'}>
                <label className="label" htmlFor={`f-${key}`}>
                  {t('web.oneStop.receive.files', { name: c.name })}
                </label>
                {fileError ? (
                  <p className="error-message" id={`f-${key}-error`}>
                    <span className="visually-hidden">{t('web.forms.errorPrefix')} </span>
                    {t(fileError)}
                  </p>
                ) : null}
                <input
                  className="file-input"
                  type="file"
                  id={`f-${key}`}
                  name={key}
                  multiple
                  accept={ACCEPT}
                  aria-describedby={fileError ? `f-${key}-error` : undefined}
                  aria-invalid={fileError ? true : undefined}
                />
              </div>
              <div className="field checkbox">
                <input
                  className="checkbox__input"
                  type="checkbox"
                  id={`f-paper:${c.code}`}
                  name={`paper:${c.code}`}
                  value="true"
                  defaultChecked={state?.values[`paper:${c.code}`] === 'true'}
                />
                <label className="checkbox__label" htmlFor={`f-paper:${c.code}`}>
                  {t('web.oneStop.receive.paper')}
                  <span className="visually-hidden">: {c.name}</span>
                </label>
              </div>
            </li>
          );
        })}
      </ol>
    </fieldset>
  );
}

/** The fees the applicant is told about, and the box the officer ticks when they were paid at the desk. */
export function FeeChecklist({ fees, defaultPaid }: { fees: readonly TFee[]; defaultPaid: boolean }) {
  const t = useT();
  const money = useMoney();
  return (
    <fieldset>
      <legend>{t('web.oneStop.receive.feesTitle')}</legend>
      {fees.length === 0 ? (
        <p>{t('web.oneStop.receive.noFees')}</p>
      ) : (
        <>
          <ul className="fee-list">
            {fees.map((f) => (
              <li key={f.code}>
                {f.name}: <strong>{money(f.amount)}</strong>
              </li>
            ))}
          </ul>
          <div className="field checkbox">
            <input
              className="checkbox__input"
              type="checkbox"
              id="f-feesPaid"
              name="feesPaid"
              value="true"
              defaultChecked={defaultPaid}
            />
            <label className="checkbox__label" htmlFor="f-feesPaid">
              {t('web.oneStop.receive.feesPaid')}
            </label>
          </div>
        </>
      )}
    </fieldset>
  );
}
