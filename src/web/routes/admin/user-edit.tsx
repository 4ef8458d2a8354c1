import { Form, Link, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/user-edit';
import { CsrfField, ErrorSummary, TextField } from '../../components/form.tsx';
import { withNotice } from '../../components/notice.tsx';
import { BackLink, PageHeading } from '../../components/page.tsx';
import { formValues } from '../../lib/forms.ts';
import { load, refuseForm, requireStaff } from '../../lib/guards.server.ts';
import { useT } from '../../lib/i18n.ts';
import { USER_MESSAGES } from '../../lib/user-fields.ts';

const FIELDS = ['fullName', 'email', 'phone'] as const;

export async function loader({ request, context, params }: Route.LoaderArgs) {
  requireStaff(context, request);
  const user = await load(request, () => context.services.users.get(params.id));
  return { user };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  requireStaff(context, request);
  const values = formValues(await request.formData(), FIELDS);
  try {
    await context.services.users.update(params.id, values);
    return redirect(withNotice(`/quan-tri/nguoi-dung/${params.id}`, 'updated'));
  } catch (error) {
    return refuseForm(error, request, values, USER_MESSAGES);
  }
}

export default function EditUser() {
  const { user } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <BackLink to={`/quan-tri/nguoi-dung/${user.id}`}>{user.fullName}</BackLink>
      <ErrorSummary state={state} />
      <PageHeading title={t('web.admin.users.editTitle')} caption={user.username} />
      <Form method="post" className="measure" noValidate key={user.id}>
        <CsrfField />
        <TextField
          name="fullName"
          label={t('web.admin.users.fullName')}
          state={state}
          defaultValue={user.fullName}
          autoComplete="off"
        />
        <TextField
          name="email"
          type="email"
          label={t('web.admin.users.email')}
          state={state}
          defaultValue={user.email}
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          name="phone"
          type="tel"
          label={`${t('web.admin.users.phone')} ${t('web.common.optional')}`}
          state={state}
          defaultValue={user.phone}
          autoComplete="off"
          width="medium"
        />
        <div className="button-group">
          <button type="submit" className="button">
            {t('web.common.save')}
          </button>
          <Link to={`/quan-tri/nguoi-dung/${user.id}`}>{t('web.common.cancel')}</Link>
        </div>
      </Form>
    </>
  );
}
