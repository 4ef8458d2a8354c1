import { Form, Link, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/unit-edit';
import { CsrfField, ErrorSummary, TextField } from '../../components/form.tsx';
import { withNotice } from '../../components/notice.tsx';
import { BackLink, PageHeading } from '../../components/page.tsx';
import { formValues } from '../../lib/forms.ts';
import { load, refuseForm, requireStaff } from '../../lib/guards.server.ts';
import { useT } from '../../lib/i18n.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';

const FIELDS = ['name', 'validFrom', 'validTo'] as const;
const MESSAGES: Record<string, MessageKey> = {
  name: 'web.admin.units.nameError',
  validFrom: 'web.admin.units.validFromError',
  validTo: 'web.admin.units.validToError',
};

export async function loader({ request, context, params }: Route.LoaderArgs) {
  requireStaff(context, request);
  const unit = await load(request, () => context.services.units.get(params.id));
  return { unit };
}

/** Renames a unit or changes its validity (ending it in a reorganisation); the service checks the caller's scope. */
export async function action({ request, context, params }: Route.ActionArgs) {
  requireStaff(context, request);
  const values = formValues(await request.formData(), FIELDS);
  try {
    await context.services.units.update(params.id, values);
    return redirect(withNotice(`/quan-tri/don-vi/${params.id}`, 'updated'));
  } catch (error) {
    return refuseForm(error, request, values, MESSAGES);
  }
}

export default function EditUnit() {
  const { unit } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <BackLink to={`/quan-tri/don-vi/${unit.id}`}>{unit.name}</BackLink>
      <ErrorSummary state={state} />
      <PageHeading title={t('web.admin.units.editTitle')} caption={`${unit.code} – ${unit.name}`} />
      <Form method="post" className="measure" noValidate key={unit.id}>
        <CsrfField />
        <TextField name="name" label={t('web.admin.units.name')} state={state} defaultValue={unit.name} />
        <TextField
          name="validFrom"
          type="date"
          label={`${t('web.admin.units.validFrom')} ${t('web.common.optional')}`}
          hint={t('web.forms.dateHint')}
          state={state}
          defaultValue={unit.validFrom}
          width="short"
        />
        <TextField
          name="validTo"
          type="date"
          label={`${t('web.admin.units.validTo')} ${t('web.common.optional')}`}
          hint={t('web.forms.dateHint')}
          state={state}
          defaultValue={unit.validTo}
          width="short"
        />
        <div className="button-group">
          <button type="submit" className="button">
            {t('web.common.save')}
          </button>
          <Link to={`/quan-tri/don-vi/${unit.id}`}>{t('web.common.cancel')}</Link>
        </div>
      </Form>
    </>
  );
}
