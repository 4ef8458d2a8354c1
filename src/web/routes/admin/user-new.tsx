import { Form, Link, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/user-new';
import { CsrfField, ErrorSummary, SelectField, TextField } from '../../components/form.tsx';
import { withNotice } from '../../components/notice.tsx';
import { BackLink, PageHeading } from '../../components/page.tsx';
import { formValues } from '../../lib/forms.ts';
import { load, refuseForm, requireStaff } from '../../lib/guards.server.ts';
import { useT } from '../../lib/i18n.ts';
import { canIn, currentUnits, unitOption } from '../../lib/lists.server.ts';
import { USER_MESSAGES } from '../../lib/user-fields.ts';

const FIELDS = ['fullName', 'username', 'email', 'phone', 'homeUnitId'] as const;

/** Units offered: those where the caller may create staff accounts. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const actor = requireStaff(context, request);
  const units = await load(request, () => currentUnits(context));
  return {
    units: units.filter((u) => canIn(actor, 'users.manage', u.ancestorIds)).map((u) => unitOption(context.language, u)),
  };
}

/** Creates the account without a password: the officer gets an e-mail with a link to set their own. */
export async function action({ request, context }: Route.ActionArgs) {
  requireStaff(context, request);
  const values = formValues(await request.formData(), FIELDS);
  try {
    const user = await context.services.users.create(values);
    return redirect(withNotice(`/quan-tri/nguoi-dung/${user.id}`, 'created'));
  } catch (error) {
    return refuseForm(error, request, values, USER_MESSAGES);
  }
}

export default function NewUser() {
  const { units } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const t = useT();
  const optional = t('web.common.optional');
  return (
    <>
      <BackLink to="/quan-tri/nguoi-dung">{t('web.admin.users.title')}</BackLink>
      <ErrorSummary state={state} />
      <PageHeading title={t('web.admin.users.newTitle')}>
        <p className="measure">{t('web.admin.users.newIntro')}</p>
      </PageHeading>
      <Form method="post" className="measure" noValidate>
        <CsrfField />
        <TextField name="fullName" label={t('web.admin.users.fullName')} state={state} autoComplete="off" />
        <TextField
          name="username"
          label={t('web.admin.users.username')}
          hint={t('web.admin.users.usernameHint')}
          state={state}
          autoComplete="off"
          spellCheck={false}
          width="medium"
        />
        <TextField
          name="email"
          type="email"
          label={t('web.admin.users.email')}
          state={state}
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          name="phone"
          type="tel"
          label={`${t('web.admin.users.phone')} ${optional}`}
          state={state}
          autoComplete="off"
          width="medium"
        />
        <SelectField
          name="homeUnitId"
          label={t('web.admin.users.homeUnit')}
          options={units}
          emptyOption={t('web.admin.users.chooseUnit')}
          state={state}
          defaultValue={units.length === 1 ? units[0]?.value : ''}
        />
        <div className="button-group">
          <button type="submit" className="button">
            {t('web.admin.users.add')}
          </button>
          <Link to="/quan-tri/nguoi-dung">{t('web.common.cancel')}</Link>
        </div>
      </Form>
    </>
  );
}
