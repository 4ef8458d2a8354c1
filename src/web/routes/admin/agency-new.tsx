import { Form, Link, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/agency-new';
import { AGENCY_FIELDS, AGENCY_MESSAGES, AgencyFields } from '../../components/agency-fields.tsx';
import { CsrfField, ErrorSummary, SelectField } from '../../components/form.tsx';
import { withNotice } from '../../components/notice.tsx';
import { BackLink, PageHeading } from '../../components/page.tsx';
import { formValues } from '../../lib/forms.ts';
import { load, refuseForm, requireStaff } from '../../lib/guards.server.ts';
import { useT } from '../../lib/i18n.ts';
import { canIn, currentUnits, unitOption } from '../../lib/lists.server.ts';

const FIELDS = ['unitId', 'parentId', ...AGENCY_FIELDS] as const;

/** Units offered: those in force where the caller may manage agencies. `?unitId=&parentId=` preselect. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const actor = requireStaff(context, request);
  const params = new URL(request.url).searchParams;
  return load(request, async () => {
    const units = (await currentUnits(context)).filter((u) => canIn(actor, 'agencies.manage', u.ancestorIds));
    const parentId = params.get('parentId') ?? '';
    const parent = parentId ? await context.services.agencies.get(parentId) : null;
    return {
      units: units.map((u) => unitOption(context.language, u)),
      unitId: parent?.unitId ?? params.get('unitId') ?? '',
      parent: parent ? { id: parent.id, name: parent.name } : null,
    };
  });
}

export async function action({ request, context }: Route.ActionArgs) {
  requireStaff(context, request);
  const values = formValues(await request.formData(), FIELDS);
  try {
    const agency = await context.services.agencies.create(values);
    return redirect(withNotice(`/quan-tri/co-quan/${agency.id}`, 'created'));
  } catch (error) {
    return refuseForm(error, request, values, AGENCY_MESSAGES);
  }
}

export default function NewAgency() {
  const { units, unitId, parent } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <BackLink to="/quan-tri/co-quan">{t('web.admin.agencies.title')}</BackLink>
      <ErrorSummary state={state} />
      <PageHeading
        title={t('web.admin.agencies.newTitle')}
        caption={parent ? `${t('web.admin.agencies.parent')}: ${parent.name}` : undefined}
      />
      <Form method="post" className="measure" noValidate>
        <CsrfField />
        <input type="hidden" name="parentId" value={parent?.id ?? ''} />
        <SelectField
          name="unitId"
          label={t('web.admin.agencies.unit')}
          options={units}
          emptyOption={t('web.admin.agencies.chooseUnit')}
          state={state}
          defaultValue={unitId}
        />
        <AgencyFields state={state} />
        <div className="button-group">
          <button type="submit" className="button">
            {t('web.common.save')}
          </button>
          <Link to="/quan-tri/co-quan">{t('web.common.cancel')}</Link>
        </div>
      </Form>
    </>
  );
}
