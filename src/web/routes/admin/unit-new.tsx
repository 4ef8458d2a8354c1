import { Form, Link, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/unit-new';
import { CsrfField, ErrorSummary, SelectField, TextField } from '../../components/form.tsx';
import { withNotice } from '../../components/notice.tsx';
import { BackLink, PageHeading } from '../../components/page.tsx';
import { UNIT_KINDS } from '../../lib/enums.ts';
import { formValues } from '../../lib/forms.ts';
import { load, refuseForm, requireStaff } from '../../lib/guards.server.ts';
import { useT, useTx } from '../../lib/i18n.ts';
import { canManageSubtree, parentUnits, unitOption } from '../../lib/lists.server.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';

const FIELDS = ['code', 'name', 'kind', 'parentId', 'validFrom', 'validTo'] as const;
const MESSAGES: Record<string, MessageKey> = {
  code: 'web.admin.units.codeError',
  name: 'web.admin.units.nameError',
  kind: 'web.admin.units.kindError',
  parentId: 'web.admin.units.parentError',
  validFrom: 'web.admin.units.validFromError',
  validTo: 'web.admin.units.validToError',
};

/** Parents offered: units the caller administers with everything below them. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const actor = requireStaff(context, request);
  const preset = new URL(request.url).searchParams.get('parentId') ?? '';
  return load(request, async () => {
    const units = await parentUnits(context, false);
    if (preset && !units.some((u) => u.id === preset)) {
      units.push(await context.services.units.get(preset));
    }
    const allowed = units.filter((u) => canManageSubtree(actor, u.ancestorIds));
    return { parents: allowed.map((u) => unitOption(context.language, u)), preset };
  });
}

export async function action({ request, context }: Route.ActionArgs) {
  requireStaff(context, request);
  const values = formValues(await request.formData(), FIELDS);
  try {
    const unit = await context.services.units.create(values);
    return redirect(withNotice(`/quan-tri/don-vi/${unit.id}`, 'created'));
  } catch (error) {
    return refuseForm(error, request, values, MESSAGES);
  }
}

export default function NewUnit() {
  const { parents, preset } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const t = useT();
  const tx = useTx();
  return (
    <>
      <BackLink to="/quan-tri/don-vi">{t('web.admin.units.title')}</BackLink>
      <ErrorSummary state={state} />
      <PageHeading title={t('web.admin.units.newTitle')} />
      <Form method="post" className="measure" noValidate>
        <CsrfField />
        <TextField
          name="code"
          label={t('web.admin.units.codeLabel')}
          hint={t('web.admin.units.codeHint')}
          state={state}
          width="short"
          inputMode="numeric"
        />
        <TextField name="name" label={t('web.admin.units.name')} hint={t('web.admin.units.nameHint')} state={state} />
        <SelectField
          name="kind"
          label={t('web.admin.units.kind')}
          options={UNIT_KINDS.map((kind) => ({ value: kind, label: tx(`unitKinds.${kind}`) }))}
          emptyOption={t('web.admin.units.chooseKind')}
          state={state}
        />
        <SelectField
          name="parentId"
          label={t('web.admin.units.parentUnit')}
          options={parents}
          state={state}
          defaultValue={preset}
        />
        <TextField
          name="validFrom"
          type="date"
          label={`${t('web.admin.units.validFrom')} ${t('web.common.optional')}`}
          hint={t('web.forms.dateHint')}
          state={state}
          width="short"
        />
        <TextField
          name="validTo"
          type="date"
          label={`${t('web.admin.units.validTo')} ${t('web.common.optional')}`}
          hint={t('web.forms.dateHint')}
          state={state}
          width="short"
        />
        <div className="button-group">
          <button type="submit" className="button">
            {t('web.common.save')}
          </button>
          <Link to="/quan-tri/don-vi">{t('web.common.cancel')}</Link>
        </div>
      </Form>
    </>
  );
}
