import { useEffect, useRef } from 'react';
import { CheckboxField, SelectField, TextField } from './form.tsx';
import { useT, useTx } from '../lib/i18n.ts';
import type { DraftForm } from '../lib/procedure-draft.ts';

/** A refusal as the page shows it: the sentence and the element it points at. */
export type ShownProblem = { anchor: string; text: string; step?: number };

const FEE_KINDS = ['fee', 'charge'] as const;
const REGISTRY_KINDS = ['population', 'civil_status', 'business', 'land', 'beneficiary'] as const;

/**
 * The GOV.UK error summary for the draft editor: one sentence per problem (already in the reader's language, with
 * the step it concerns), each linking to the field or step; focused when it appears, as ErrorSummary is.
 */
export function ProblemSummary({ title, problems }: { title: string; problems: readonly ShownProblem[] }) {
  const t = useT();
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
      <p>{title}</p>
      <ul className="error-summary__list">
        {problems.map((p) => (
          <li key={`${p.anchor}-${p.text}`}>
            <a href={`#${p.anchor}`}>{p.text}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The deadline, fees (integer VND) and required documents of a draft, with add and remove buttons. */
export function DraftFacts({ form }: { form: DraftForm }) {
  const t = useT();
  const tx = useTx();
  return (
    <section aria-labelledby="facts-title">
      <h2 id="facts-title">{t('web.adminConfig.procedures.factsTitle')}</h2>
      <fieldset>
        <legend>{t('web.adminConfig.procedures.deadline')}</legend>
        <TextField
          name="deadline"
          label={t('web.adminConfig.procedures.deadline')}
          defaultValue={form.deadline}
          width="short"
          inputMode="numeric"
        />
        <SelectField
          name="deadlineUnit"
          label={t('web.adminConfig.procedures.deadlineUnit')}
          defaultValue={form.deadlineUnit}
          options={[
            { value: 'workingDays', label: t('web.adminConfig.procedures.days') },
            { value: 'workingHours', label: t('web.adminConfig.procedures.hours') },
          ]}
        />
      </fieldset>

      <h3>{t('web.adminConfig.procedures.feesTitle')}</h3>
      <input type="hidden" name="feesCount" value={form.fees.length} />
      {form.fees.length === 0 ? <p>{t('web.adminConfig.procedures.noFees')}</p> : null}
      {form.fees.map((fee, i) => {
        const n = i + 1;
        return (
          <fieldset
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional (their fields are named by index) and the whole form is re-mounted with every server answer
            key={`fee-${i}-${fee.code}`}
            id={`fees-${i}`}
            className="inset"
          >
            <legend>{t('web.adminConfig.procedures.feeLegend', { n })}</legend>
            <TextField
              name={`fees.${i}.code`}
              label={t('web.adminConfig.procedures.feeCode')}
              defaultValue={fee.code}
              width="medium"
            />
            <TextField
              name={`fees.${i}.name`}
              label={t('web.adminConfig.procedures.feeName')}
              defaultValue={fee.name}
            />
            <TextField
              name={`fees.${i}.amount`}
              label={t('web.adminConfig.procedures.feeAmount')}
              hint={t('web.adminConfig.procedures.feeAmountHint')}
              defaultValue={fee.amount}
              width="medium"
              inputMode="numeric"
            />
            <SelectField
              name={`fees.${i}.kind`}
              label={t('web.adminConfig.procedures.feeKind')}
              defaultValue={fee.kind}
              options={FEE_KINDS.map((k) => ({ value: k, label: tx(`web.procedure.feeKinds.${k}`) }))}
            />
            <button type="submit" className="button button--secondary" name="intent" value={`removeFee:${i}`}>
              {t('web.adminConfig.procedures.removeFee', { n })}
            </button>
          </fieldset>
        );
      })}
      <p>
        <button type="submit" className="button button--secondary" name="intent" value="addFee">
          {t('web.adminConfig.procedures.addFee')}
        </button>
      </p>

      <h3>{t('web.adminConfig.procedures.componentsTitle')}</h3>
      <input type="hidden" name="componentsCount" value={form.components.length} />
      {form.components.map((c, i) => {
        const n = i + 1;
        return (
          <fieldset
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional (their fields are named by index) and the whole form is re-mounted with every server answer
            key={`component-${i}-${c.code}`}
            id={`components-${i}`}
            className="inset"
          >
            <legend>{t('web.adminConfig.procedures.componentLegend', { n })}</legend>
            <TextField
              name={`components.${i}.code`}
              label={t('web.adminConfig.procedures.componentCode')}
              defaultValue={c.code}
              width="medium"
            />
            <TextField
              name={`components.${i}.name`}
              label={t('web.adminConfig.procedures.componentName')}
              defaultValue={c.name}
            />
            <TextField
              name={`components.${i}.originals`}
              label={t('web.adminConfig.procedures.originals')}
              defaultValue={c.originals}
              width="short"
              inputMode="numeric"
            />
            <TextField
              name={`components.${i}.copies`}
              label={t('web.adminConfig.procedures.copies')}
              defaultValue={c.copies}
              width="short"
              inputMode="numeric"
            />
            <CheckboxField
              name={`components.${i}.isRequired`}
              label={t('web.adminConfig.procedures.required')}
              defaultChecked={c.isRequired === 'true'}
            />
            <TextField
              name={`components.${i}.templateFile`}
              label={t('web.adminConfig.procedures.templateFile')}
              defaultValue={c.templateFile}
            />
            <SelectField
              name={`components.${i}.registryKind`}
              label={t('web.adminConfig.procedures.registryKind')}
              defaultValue={c.registryKind}
              emptyOption={t('web.adminConfig.procedures.noRegistry')}
              options={REGISTRY_KINDS.map((k) => ({
                value: k,
                label: tx(`web.adminConfig.procedures.registries.${k}`),
              }))}
            />
            <button type="submit" className="button button--secondary" name="intent" value={`removeComponent:${i}`}>
              {t('web.adminConfig.procedures.removeComponent', { n })}
            </button>
          </fieldset>
        );
      })}
      <p>
        <button type="submit" className="button button--secondary" name="intent" value="addComponent">
          {t('web.adminConfig.procedures.addComponent')}
        </button>
      </p>
    </section>
  );
}
