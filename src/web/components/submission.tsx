import { type ReactNode, useEffect, useRef } from 'react';
import { Form, Link } from 'react-router';
import type { FormState } from '../lib/forms.ts';
import { useT, useTx } from '../lib/i18n.ts';
import { CHECK_PAGE, RETURN_PARAM } from '../lib/submission-flow.ts';
import { CsrfField } from './form.tsx';
import { BackLink } from './page.tsx';

/**
 * Parts of the online submission's question pages (GOV.UK question pages): the back link, the form with its
 * "Tiếp tục" and "Lưu và tiếp tục sau" buttons, radios whose legend is the page's heading.
 */

/** The `<title>` of a page whose heading is a legend (PageHeading renders its own). */
export function DocumentTitle({ title }: { title: string }) {
  const t = useT();
  return <title>{`${title} – ${t('app.name')} ${t('app.tenant')}`}</title>;
}

export function SubmissionBack({ to }: { to: string | null }) {
  const t = useT();
  return to ? <BackLink to={to}>{t('web.submission.back')}</BackLink> : null;
}

/** A question page's form: CSRF, where to return after a change, the page's fields, then the two buttons. */
export function QuestionForm({ returning, children }: { returning: boolean; children: ReactNode }) {
  const t = useT();
  return (
    <Form method="post" noValidate className="measure">
      <CsrfField />
      {returning ? <input type="hidden" name={RETURN_PARAM} value={CHECK_PAGE} /> : null}
      {children}
      <div className="button-group">
        <button type="submit" className="button" name="intent" value="continue">
          {t('web.submission.continue')}
        </button>
        <button type="submit" className="button button--secondary" name="intent" value="save">
          {t('web.submission.saveLater')}
        </button>
      </div>
    </Form>
  );
}

/** GOV.UK radios; with `heading`, the legend is the page's `<h1>` (one question per page). */
export function Radios(props: {
  name: string;
  legend: string;
  heading?: boolean;
  caption?: string;
  options: readonly { value: string; label: string; hint?: string }[];
  value: string | undefined;
  state: FormState | undefined;
}) {
  const t = useT();
  const error = props.state?.errors[props.name];
  const chosen = props.state?.values[props.name] ?? props.value;
  const errorId = `f-${props.name}-error`;
  return (
    <div className={error ? 'field field--error' : 'field'}>
      <fieldset aria-describedby={error ? errorId : undefined}>
        <legend className={props.heading ? 'legend-heading' : undefined}>
          {props.caption ? <span className="caption">{props.caption}</span> : null}
          {props.heading ? <h1>{props.legend}</h1> : props.legend}
        </legend>
        {error ? (
          <p className="error-message" id={errorId}>
            <span className="visually-hidden">{t('web.forms.errorPrefix')} </span>
            {t(error)}
          </p>
        ) : null}
        {props.options.map((option, i) => {
          // The first radio carries the field's id, so the error summary's link lands on the group.
          const id = i === 0 ? `f-${props.name}` : `f-${props.name}-${option.value}`;
          return (
            <div className="radios__item" key={option.value}>
              <input
                className="radios__input"
                type="radio"
                id={id}
                name={props.name}
                value={option.value}
                defaultChecked={chosen === option.value}
                aria-describedby={option.hint ? `${id}-hint` : undefined}
              />
              <label className="radios__label" htmlFor={id}>
                {option.label}
              </label>
              {option.hint ? (
                <p className="hint radios__hint" id={`${id}-hint`}>
                  {option.hint}
                </p>
              ) : null}
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}

/** The error summary of an upload: one line per bad file, each linking to the file input. */
export function FileProblemSummary({
  problems,
  field,
}: {
  problems: readonly { key: string; params?: Record<string, string> }[];
  field: string;
}) {
  const t = useT();
  const tx = useTx();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problems.length > 0) ref.current?.focus();
  }, [problems]);
  if (problems.length === 0) return null;
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title" className="error-summary__title">
        {t('web.forms.errorSummaryTitle')}
      </h2>
      <ul className="error-summary__list">
        {problems.map((p) => (
          <li key={`${p.key}:${p.params?.name ?? ''}`}>
            <a href={`#f-${field}`}>{tx(p.key, p.params)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A GOV.UK summary list whose rows may have a "Thay đổi" link back to the page that asked. */
export function CheckList({ rows }: { rows: readonly { key: string; value: ReactNode; href?: string | undefined }[] }) {
  const t = useT();
  return (
    <dl className="summary-list summary-list--changes">
      {rows.map((row) => (
        <div className="summary-list__row" key={row.key}>
          <dt className="summary-list__key">{row.key}</dt>
          <dd className="summary-list__value">{row.value}</dd>
          {row.href ? (
            <dd className="summary-list__change">
              <Link to={row.href}>
                {t('web.submission.change')}
                <span className="visually-hidden"> {row.key}</span>
              </Link>
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}
