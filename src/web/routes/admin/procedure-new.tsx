import { Form, Link, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/procedure-new';
import { withConfigNotice } from '../../components/config-notice.tsx';
import { CsrfField, ErrorSummary, SelectField, TextField } from '../../components/form.tsx';
import { BackLink, PageHeading } from '../../components/page.tsx';
import { requireProcedureManager } from '../../lib/admin-config.server.ts';
import { formValues } from '../../lib/forms.ts';
import { invalidForm, load, refuseForm } from '../../lib/guards.server.ts';
import { useT, useTx } from '../../lib/i18n.ts';
import { listAll } from '../../lib/lists.server.ts';
import { templateWorkflow } from '../../lib/procedure-template.ts';
import { canManageProcedures } from '../../../modules/procedures/procedures.policy.ts';
import { LEVELS, type Level } from '../../../modules/procedures/workflow-model.ts';
import { type MessageKey, translate } from '../../../platform/i18n/index.ts';

const ONLINE_LEVELS = ['full', 'partial', 'none'] as const;
const RESULT_KINDS = [
  'certificate',
  'licence',
  'extract',
  'certification',
  'decision',
  'confirmation',
  'other',
] as const;
const FIELDS = [
  'unitId',
  'nationalCode',
  'code',
  'name',
  'fieldCode',
  'decidingLevel',
  'receivingLevel',
  'onlineLevel',
  'deadlineUnit',
  'deadline',
  'resultKind',
  'resultName',
  'legalBasis',
] as const;
const MESSAGES: Record<string, MessageKey> = {
  unitId: 'web.adminConfig.newProcedure.unitError',
  nationalCode: 'web.adminConfig.newProcedure.nationalCodeError',
  code: 'web.adminConfig.newProcedure.codeError',
  name: 'web.adminConfig.newProcedure.nameError',
  fieldCode: 'web.adminConfig.newProcedure.fieldError',
  version: 'web.adminConfig.newProcedure.versionError',
};

/** Provinces (units at the top of the tree) whose procedures the caller manages, and the fields. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const actor = requireProcedureManager(context, request);
  return load(request, async () => {
    const [units, fields] = await Promise.all([
      listAll((page) => context.services.units.list({ ...page, kind: 'province' }), 200),
      context.services.procedures.fields(),
    ]);
    return {
      provinces: units
        .filter((u) => u.parentId === null && canManageProcedures(actor, u.ancestorIds))
        .map((u) => ({ value: u.id, label: u.name })),
      fields: fields.items.map((f) => ({ value: f.code, label: f.name })),
    };
  });
}

/**
 * Creates the procedure through the procedures service (POST /procedures) with version 1 as a draft: the facts
 * typed here, no fees or documents yet, and the model workflow sharing out the deadline.
 */
export async function action({ request, context }: Route.ActionArgs) {
  requireProcedureManager(context, request);
  const values = formValues(await request.formData(), FIELDS);
  const inDays = values.deadlineUnit !== 'workingHours';
  const amount = /^\d{1,3}$/.test(values.deadline?.trim() ?? '') ? Number(values.deadline) : Number.NaN;
  const level = (
    (LEVELS as readonly string[]).includes(values.decidingLevel ?? '') ? values.decidingLevel : 'commune'
  ) as Level;
  const deadline = inDays ? { workingDays: amount } : { workingHours: amount };
  const tr = (key: string) => translate(context.language, key);
  const workflow =
    Number.isInteger(amount) && amount <= (inDays ? 365 : 240)
      ? templateWorkflow(level, deadline, {
          receive: tr('web.adminConfig.newProcedure.steps.receive'),
          process: tr('web.adminConfig.newProcedure.steps.process'),
          sign: tr('web.adminConfig.newProcedure.steps.sign'),
          give: tr('web.adminConfig.newProcedure.steps.give'),
        })
      : null;
  const errors: Record<string, MessageKey> = {};
  if (!workflow) errors.deadline = 'web.adminConfig.newProcedure.deadlineError';
  if (!values.resultName?.trim()) errors.resultName = 'web.adminConfig.newProcedure.resultNameError';
  if (!values.legalBasis?.trim()) errors.legalBasis = 'web.adminConfig.newProcedure.legalBasisError';
  if (Object.keys(errors).length > 0 || !workflow) return invalidForm(values, errors);
  try {
    const procedure = await context.services.procedureAdmin.create({
      unitId: values.unitId,
      nationalCode: values.nationalCode,
      code: values.code,
      name: values.name,
      fieldCode: values.fieldCode,
      version: {
        decidingLevel: values.decidingLevel,
        receivingLevels: [values.receivingLevel],
        onlineLevel: values.onlineLevel,
        deadline,
        result: { kind: values.resultKind, name: values.resultName },
        legalBasis: values.legalBasis,
        fees: [],
        components: [],
        workflow,
      },
    });
    return redirect(withConfigNotice(`/quan-tri/thu-tuc/${procedure.id}/phien-ban/1`, 'procedureCreated'));
  } catch (error) {
    return refuseForm(error, request, values, MESSAGES);
  }
}

export default function NewProcedure() {
  const { provinces, fields } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const t = useT();
  const tx = useTx();
  const levels = LEVELS.map((l) => ({ value: l, label: tx(`web.catalog.levels.${l}`) }));
  return (
    <>
      <BackLink to="/quan-tri/thu-tuc">{t('web.adminConfig.procedures.title')}</BackLink>
      <ErrorSummary state={state} />
      <PageHeading title={t('web.adminConfig.newProcedure.title')}>
        <p className="measure">{t('web.adminConfig.newProcedure.intro')}</p>
      </PageHeading>
      <Form method="post" className="measure" noValidate>
        <CsrfField />
        <SelectField name="unitId" label={t('web.adminConfig.newProcedure.unit')} options={provinces} state={state} />
        <TextField
          name="nationalCode"
          label={t('web.adminConfig.newProcedure.nationalCode')}
          hint={t('web.adminConfig.newProcedure.nationalCodeHint')}
          state={state}
          width="medium"
        />
        <TextField
          name="code"
          label={t('web.adminConfig.newProcedure.code')}
          hint={t('web.adminConfig.newProcedure.codeHint')}
          state={state}
          width="medium"
        />
        <TextField name="name" label={t('web.adminConfig.newProcedure.name')} state={state} />
        <SelectField
          name="fieldCode"
          label={t('web.adminConfig.newProcedure.field')}
          options={fields}
          emptyOption={t('web.adminConfig.newProcedure.chooseField')}
          state={state}
        />
        <SelectField
          name="decidingLevel"
          label={t('web.adminConfig.newProcedure.decidingLevel')}
          options={levels}
          defaultValue="commune"
          state={state}
        />
        <SelectField
          name="receivingLevel"
          label={t('web.adminConfig.newProcedure.receivingLevel')}
          options={levels}
          defaultValue="commune"
          state={state}
        />
        <SelectField
          name="onlineLevel"
          label={t('web.adminConfig.newProcedure.onlineLevel')}
          options={ONLINE_LEVELS.map((l) => ({ value: l, label: tx(`web.catalog.onlineLevels.${l}`) }))}
          state={state}
        />
        <TextField
          name="deadline"
          label={t('web.adminConfig.procedures.deadline')}
          state={state}
          width="short"
          inputMode="numeric"
        />
        <SelectField
          name="deadlineUnit"
          label={t('web.adminConfig.procedures.deadlineUnit')}
          options={[
            { value: 'workingDays', label: t('web.adminConfig.procedures.days') },
            { value: 'workingHours', label: t('web.adminConfig.procedures.hours') },
          ]}
          state={state}
        />
        <SelectField
          name="resultKind"
          label={t('web.adminConfig.newProcedure.resultKind')}
          options={RESULT_KINDS.map((k) => ({ value: k, label: tx(`web.adminConfig.newProcedure.resultKinds.${k}`) }))}
          state={state}
        />
        <TextField name="resultName" label={t('web.adminConfig.newProcedure.resultName')} state={state} />
        <TextField name="legalBasis" label={t('web.adminConfig.newProcedure.legalBasis')} state={state} />
        <div className="button-group">
          <button type="submit" className="button">
            {t('web.adminConfig.newProcedure.create')}
          </button>
          <Link to="/quan-tri/thu-tuc">{t('web.common.cancel')}</Link>
        </div>
      </Form>
    </>
  );
}
