import { Form, Link, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/agency-edit';
import { AGENCY_FIELDS, AGENCY_MESSAGES, AgencyFields } from '../../components/agency-fields.tsx';
import { CsrfField, ErrorSummary } from '../../components/form.tsx';
import { withNotice } from '../../components/notice.tsx';
import { BackLink, PageHeading } from '../../components/page.tsx';
import { formValues } from '../../lib/forms.ts';
import { load, refuseForm, requireStaff } from '../../lib/guards.server.ts';
import { useT } from '../../lib/i18n.ts';

export async function loader({ request, context, params }: Route.LoaderArgs) {
  requireStaff(context, request);
  const agency = await load(request, () => context.services.agencies.get(params.id));
  return { agency };
}

/** Saves every field of the form; an emptied optional field clears it. The service checks the caller's scope. */
export async function action({ request, context, params }: Route.ActionArgs) {
  requireStaff(context, request);
  const values = formValues(await request.formData(), AGENCY_FIELDS);
  try {
    await context.services.agencies.update(params.id, values);
    return redirect(withNotice(`/quan-tri/co-quan/${params.id}`, 'updated'));
  } catch (error) {
    return refuseForm(error, request, values, AGENCY_MESSAGES);
  }
}

export default function EditAgency() {
  const { agency } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <BackLink to={`/quan-tri/co-quan/${agency.id}`}>{agency.name}</BackLink>
      <ErrorSummary state={state} />
      <PageHeading title={t('web.admin.agencies.editTitle')} caption={agency.name} />
      <Form method="post" className="measure" noValidate key={agency.id}>
        <CsrfField />
        <AgencyFields state={state} defaults={agency} />
        <div className="button-group">
          <button type="submit" className="button">
            {t('web.common.save')}
          </button>
          <Link to={`/quan-tri/co-quan/${agency.id}`}>{t('web.common.cancel')}</Link>
        </div>
      </Form>
    </>
  );
}
