import type { ReactNode } from 'react';
import { Form } from 'react-router';
import type { TAllowedAction } from '../../modules/dossiers/dossiers.schema.ts';
import { RETURN_METHODS } from '../../modules/dossiers/dossier-model.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import type { FormState } from '../lib/forms.ts';
import { useT, useTx } from '../lib/i18n.ts';
import { CsrfField } from './form.tsx';

/**
 * One action the API allows on the dossier now, as its own small POST form: the fields that action needs and the
 * dossier version the officer saw, so acting on a dossier someone else just moved is refused and changes nothing.
 * Closed in a <details> (works without JavaScript, opens with Enter or Space); open when its answer has errors.
 * Field ids are `f-<action>-<field>`, the keys the error summary links to.
 */
export function DossierActionForm(props: {
  allowed: TAllowedAction;
  version: number;
  officers: readonly { id: string; fullName: string }[];
  state: FormState | undefined;
}) {
  const t = useT();
  const tx = useTx();
  const { action, targets } = props.allowed;
  const label = tx(`dossierActions.${action}`);
  const field = (name: string) => ({ action, name, state: props.state });
  const hasFiles = action === 'register_result';
  const isMove = ['forward', 'transfer', 'return', 'consult', 'approve', 'reject'].includes(action);
  return (
    <details className="action-form" open={props.state ? true : undefined}>
      <summary className="action-form__summary">{label}</summary>
      <Form
        method="post"
        className="action-form__body measure"
        noValidate
        encType={hasFiles ? 'multipart/form-data' : undefined}
      >
        <CsrfField />
        <input type="hidden" name="action" value={action} />
        <input type="hidden" name="expectedVersion" value={props.version} />
        {isMove && targets.length > 1 ? (
          <Select
            {...field('toStepId')}
            label={t('web.oneStop.action.toStep')}
            options={targets.map((s) => ({ value: s.stepId, label: s.name }))}
          />
        ) : null}
        {isMove && targets.length === 1 ? <p>{t('web.oneStop.dossier.to', { step: targets[0]?.name ?? '' })}</p> : null}
        {action === 'assign' ? (
          <Select
            {...field('assigneeId')}
            label={t('web.oneStop.action.assignee')}
            emptyOption={t('web.oneStop.action.chooseAssignee')}
            options={props.officers.map((o) => ({ value: o.id, label: o.fullName }))}
          />
        ) : null}
        {action === 'request_supplement' ? (
          <TextArea {...field('items')} label={t('web.oneStop.action.items')} />
        ) : null}
        {action === 'refuse' || action === 'reject' ? (
          <TextArea {...field('reasons')} label={t('web.oneStop.action.reasons')} />
        ) : null}
        {action === 'suspend' || action === 'apologize' || action === 'withdraw' ? (
          <TextArea {...field('reason')} label={t('web.oneStop.action.reason')} />
        ) : null}
        {action === 'apologize' ? (
          <Input {...field('newDueDate')} type="date" label={t('web.oneStop.action.newDueDate')} />
        ) : null}
        {action === 'register_result' ? (
          <>
            <Input {...field('resultNumber')} label={t('web.oneStop.action.resultNumber')} />
            <Input {...field('files')} type="file" label={t('web.oneStop.action.resultFiles')} />
          </>
        ) : null}
        {action === 'return_result' ? (
          <Select
            {...field('method')}
            label={t('web.oneStop.action.method')}
            options={RETURN_METHODS.map((m) => ({ value: m, label: tx(`web.oneStop.returnMethods.${m}`) }))}
          />
        ) : null}
        {action === 'accept' ? (
          <div className="field checkbox">
            <input className="checkbox__input" type="checkbox" id="f-accept-feesPaid" name="feesPaid" value="true" />
            <label className="checkbox__label" htmlFor="f-accept-feesPaid">
              {t('web.oneStop.action.feesPaid')}
            </label>
          </div>
        ) : null}
        <TextArea
          {...field('note')}
          label={
            action === 'reply'
              ? t('web.oneStop.action.noteFor')
              : `${t('web.oneStop.action.note')} ${t('web.common.optional')}`
          }
        />
        <button
          type="submit"
          className={action === 'refuse' || action === 'reject' ? 'button button--warning' : 'button'}
        >
          {t('web.oneStop.action.submit', { action: label })}
        </button>
      </Form>
    </details>
  );
}

type FieldProps = { action: string; name: string; label: string; state: FormState | undefined };

function useActionField({ action, name, state }: FieldProps) {
  const key = `${action}-${name}`;
  const id = `f-${key}`;
  const error: MessageKey | undefined = state?.errors[key];
  return { id, error, value: state?.values[key] ?? '', describedBy: error ? `${id}-error` : undefined };
}

function Shell({ id, label, error, children }: { id: string; label: string; error?: MessageKey; children: ReactNode }) {
  const t = useT();
  return (
    <div className={error ? 'field field--error' : 'field'}>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      {error ? (
        <p className="error-message" id={`${id}-error`}>
          <span className="visually-hidden">{t('web.forms.errorPrefix')} </span>
          {t(error)}
        </p>
      ) : null}
      {children}
    </div>
  );
}

function TextArea(props: FieldProps) {
  const f = useActionField(props);
  return (
    <Shell id={f.id} label={props.label} error={f.error}>
      <textarea
        className="input textarea"
        id={f.id}
        name={props.name}
        rows={3}
        defaultValue={f.value}
        aria-describedby={f.describedBy}
        aria-invalid={f.error ? true : undefined}
      />
    </Shell>
  );
}

function Input(props: FieldProps & { type?: 'text' | 'date' | 'file' }) {
  const f = useActionField(props);
  const isFile = props.type === 'file';
  return (
    <Shell id={f.id} label={props.label} error={f.error}>
      <input
        className={isFile ? 'file-input' : 'input input--medium'}
        id={f.id}
        name={props.name}
        type={props.type ?? 'text'}
        defaultValue={isFile ? undefined : f.value}
        multiple={isFile ? true : undefined}
        accept={isFile ? '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png' : undefined}
        aria-describedby={f.describedBy}
        aria-invalid={f.error ? true : undefined}
      />
    </Shell>
  );
}

function Select(props: FieldProps & { options: readonly { value: string; label: string }[]; emptyOption?: string }) {
  const f = useActionField(props);
  return (
    <Shell id={f.id} label={props.label} error={f.error}>
      <select
        className="select"
        id={f.id}
        name={props.name}
        defaultValue={f.value}
        aria-describedby={f.describedBy}
        aria-invalid={f.error ? true : undefined}
      >
        {props.emptyOption !== undefined ? <option value="">{props.emptyOption}</option> : null}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Shell>
  );
}
