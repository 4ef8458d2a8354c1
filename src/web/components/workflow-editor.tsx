import { SelectField, TextField } from './form.tsx';
import type { ShownProblem } from './draft-editor.tsx';
import { AGENCY_KINDS } from '../lib/enums.ts';
import { useT, useTx } from '../lib/i18n.ts';
import type { DraftForm } from '../lib/procedure-draft.ts';
import { STEP_KINDS, STEP_PLACES, WORKFLOW_ROLES } from '../../modules/procedures/workflow-model.ts';

/**
 * The workflow of a draft as plain form fields, one fieldset per step (id, name, kind, who acts where, for how long,
 * where it may lead), with "add step" and "remove step" buttons that post and come back re-rendered: it works
 * without JavaScript. The problems of a step are shown inside its fieldset, so the reader sees which one is wrong.
 */
export function WorkflowEditor({ form, problems }: { form: DraftForm; problems: readonly ShownProblem[] }) {
  const t = useT();
  const tx = useTx();
  const ids = form.steps.map((s) => s.id).filter(Boolean);
  return (
    <section aria-labelledby="workflow-title">
      <h2 id="workflow-title">{t('web.adminConfig.procedures.stepsTitle')}</h2>
      <p className="hint measure">{t('web.adminConfig.procedures.transitionsHint')}</p>
      <SelectField
        name="start"
        label={t('web.adminConfig.procedures.startStep')}
        defaultValue={form.start}
        options={[...new Set([form.start, ...ids])].filter(Boolean).map((id) => ({ value: id, label: id }))}
      />
      <input type="hidden" name="stepsCount" value={form.steps.length} />
      {form.steps.map((step, i) => {
        const n = i + 1;
        const own = problems.filter((p) => p.step === i);
        return (
          <fieldset
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional (their fields are named by index) and the whole form is re-mounted with every server answer
            key={`step-${i}-${step.id}`}
            id={`step-${i}`}
            className={own.length > 0 ? 'inset field--error' : 'inset'}
            aria-describedby={own.length > 0 ? `step-${i}-problems` : undefined}
          >
            <legend>
              {t('web.adminConfig.procedures.stepLegend', { n })}
              {step.name ? `: ${step.name}` : ''}
            </legend>
            {own.length > 0 ? (
              <div className="error-message" id={`step-${i}-problems`}>
                <span className="visually-hidden">{t('web.adminConfig.procedures.stepProblems')}: </span>
                <ul>
                  {own.map((p) => (
                    <li key={p.text}>{p.text}</li>
                  ))}
                </ul>
              </div>
            ) : null}
            <TextField
              name={`steps.${i}.id`}
              label={t('web.adminConfig.procedures.stepId')}
              hint={t('web.adminConfig.procedures.stepIdHint')}
              defaultValue={step.id}
              width="medium"
              spellCheck={false}
            />
            <TextField
              name={`steps.${i}.name`}
              label={t('web.adminConfig.procedures.stepName')}
              defaultValue={step.name}
            />
            <SelectField
              name={`steps.${i}.kind`}
              label={t('web.adminConfig.procedures.stepKind')}
              defaultValue={step.kind}
              options={STEP_KINDS.map((k) => ({ value: k, label: tx(`web.adminConfig.procedures.kinds.${k}`) }))}
            />
            <SelectField
              name={`steps.${i}.role`}
              label={t('web.adminConfig.procedures.stepRole')}
              defaultValue={step.role}
              options={[
                ...((WORKFLOW_ROLES as readonly string[]).includes(step.role)
                  ? []
                  : [{ value: step.role, label: step.role }]),
                ...WORKFLOW_ROLES.map((r) => ({ value: r, label: tx(`roles.${r}`) })),
              ]}
            />
            <SelectField
              name={`steps.${i}.at`}
              label={t('web.adminConfig.procedures.stepAt')}
              defaultValue={step.at}
              options={STEP_PLACES.map((p) => ({ value: p, label: tx(`web.adminConfig.procedures.places.${p}`) }))}
            />
            <SelectField
              name={`steps.${i}.agencyKind`}
              label={t('web.adminConfig.procedures.agencyKindLabel')}
              defaultValue={step.agencyKind}
              emptyOption={t('web.adminConfig.procedures.anyAgencyKind')}
              options={AGENCY_KINDS.map((k) => ({ value: k, label: tx(`agencyKinds.${k}`) }))}
            />
            <TextField
              name={`steps.${i}.agencyCode`}
              label={t('web.adminConfig.procedures.agencyCodeLabel')}
              defaultValue={step.agencyCode}
              width="medium"
            />
            <TextField
              name={`steps.${i}.duration`}
              label={`${t('web.adminConfig.procedures.stepDuration')} (${
                form.deadlineUnit === 'workingDays'
                  ? t('web.adminConfig.procedures.days')
                  : t('web.adminConfig.procedures.hours')
              })`}
              hint={t('web.adminConfig.procedures.durationHint')}
              defaultValue={step.duration}
              width="short"
            />
            <TextField
              name={`steps.${i}.transitions`}
              label={t('web.adminConfig.procedures.transitionsLabel')}
              hint={t('web.adminConfig.procedures.transitionsShortHint')}
              defaultValue={step.transitions}
              spellCheck={false}
            />
            <button type="submit" className="button button--secondary" name="intent" value={`removeStep:${i}`}>
              {t('web.adminConfig.procedures.removeStep', { n })}
            </button>
          </fieldset>
        );
      })}
      <p>
        <button type="submit" className="button button--secondary" name="intent" value="addStep">
          {t('web.adminConfig.procedures.addStep')}
        </button>
      </p>
    </section>
  );
}
