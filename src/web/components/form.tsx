import { type ReactNode, useEffect, useRef } from 'react';
import { useRouteLoaderData } from 'react-router';
import type { MessageKey } from '../../platform/i18n/index.ts';
import type { FormState } from '../lib/forms.ts';
import { useT, useTx } from '../lib/i18n.ts';
import type { loader as rootLoader } from '../root.tsx';

/** The hidden CSRF field every `<Form method="post">` carries; web.ts refuses posts without it. */
export function CsrfField() {
  const root = useRouteLoaderData<typeof rootLoader>('root');
  return <input type="hidden" name="_csrf" value={root?.csrfToken ?? ''} />;
}

/** The GOV.UK error summary: every problem, linked to its field, focused when it appears. */
export function ErrorSummary({ state }: { state: FormState | undefined }) {
  const t = useT();
  const tx = useTx();
  const ref = useRef<HTMLDivElement>(null);
  const fields = state ? Object.entries(state.errors) : [];
  const hasErrors = Boolean(state && (fields.length > 0 || state.formError));
  // `state` is listed on purpose: every refused submission (a new answer object) moves focus to the summary again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    if (hasErrors) {
      ref.current?.focus();
    }
  }, [hasErrors, state]);
  if (!state || !hasErrors) {
    return null;
  }
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title" className="error-summary__title">
        {t('web.forms.errorSummaryTitle')}
      </h2>
      <ul className="error-summary__list">
        {state.formError ? <li>{tx(state.formError.key, state.formError.params)}</li> : null}
        {fields.map(([field, message]) => (
          <li key={field}>
            <a href={`#f-${field}`}>{t(message)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

type FieldProps = {
  name: string;
  label: string;
  hint?: string | undefined;
  state?: FormState | undefined;
  defaultValue?: string | null | undefined;
};

function useField({ name, hint, state, defaultValue }: FieldProps) {
  const id = `f-${name}`;
  const error: MessageKey | undefined = state?.errors[name];
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const value = state?.values[name] ?? defaultValue ?? '';
  return { id, error, describedBy, value };
}

function FieldShell(props: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: MessageKey | undefined;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <div className={props.error ? 'field field--error' : 'field'}>
      <label className="label" htmlFor={props.id}>
        {props.label}
      </label>
      {props.hint ? (
        <p className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p className="error-message" id={`${props.id}-error`}>
          <span className="visually-hidden">{t('web.forms.errorPrefix')} </span>
          {t(props.error)}
        </p>
      ) : null}
      {props.children}
    </div>
  );
}

/** A labelled text input with hint and error, keeping what the reader typed after a refusal. */
export function TextField(
  props: FieldProps & {
    type?: 'text' | 'email' | 'tel' | 'password' | 'date' | 'search';
    autoComplete?: string;
    inputMode?: 'text' | 'numeric' | 'email' | 'tel';
    spellCheck?: boolean;
    width?: 'short' | 'medium' | 'full';
    required?: boolean;
  },
) {
  const { id, error, describedBy, value } = useField(props);
  const isPassword = props.type === 'password';
  return (
    <FieldShell id={id} label={props.label} hint={props.hint} error={error}>
      <input
        className={`input input--${props.width ?? 'full'}`}
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        // Passwords are never sent back to the page.
        defaultValue={isPassword ? undefined : value}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        spellCheck={props.spellCheck}
        required={props.required}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
      />
    </FieldShell>
  );
}

/** A labelled select. */
export function SelectField(
  props: FieldProps & {
    options: readonly { value: string; label: string }[];
    emptyOption?: string;
    required?: boolean;
  },
) {
  const { id, error, describedBy, value } = useField(props);
  return (
    <FieldShell id={id} label={props.label} hint={props.hint} error={error}>
      <select
        className="select"
        id={id}
        name={props.name}
        defaultValue={value}
        required={props.required}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
      >
        {props.emptyOption !== undefined ? <option value="">{props.emptyOption}</option> : null}
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** One checkbox with its label beside it. */
export function CheckboxField(props: {
  name: string;
  label: string;
  value?: string;
  defaultChecked?: boolean;
  hint?: string;
}) {
  const id = `f-${props.name}`;
  return (
    <div className="field checkbox">
      <input
        className="checkbox__input"
        type="checkbox"
        id={id}
        name={props.name}
        value={props.value ?? 'true'}
        defaultChecked={props.defaultChecked}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
      <label className="checkbox__label" htmlFor={id}>
        {props.label}
      </label>
      {props.hint ? (
        <p className="hint checkbox__hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}
