import { Form, Link, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/forgot-password';
import { CsrfField, ErrorSummary, TextField } from '../components/form.tsx';
import { PageHeading } from '../components/page.tsx';
import { formValues } from '../lib/forms.ts';
import { invalidForm, refuseForm } from '../lib/guards.server.ts';
import { useT } from '../lib/i18n.ts';
import { NO_SCRIPTS } from '../lib/hydration.ts';

/** A plain form page: no scripts to download on a slow connection (see lib/hydration.ts). */
export const handle = NO_SCRIPTS;

/** "Forgotten password": asks for the account's e-mail and always answers the same, revealing no accounts. */
export async function loader({ request }: Route.LoaderArgs) {
  return { sent: new URL(request.url).searchParams.get('da-gui') === '1' };
}

export async function action({ request, context }: Route.ActionArgs) {
  const values = formValues(await request.formData(), ['email']);
  if (!values.email?.trim()) {
    return invalidForm(values, { email: 'web.auth.forgot.emailRequired' });
  }
  try {
    await context.services.auth.requestPasswordReset(values);
  } catch (error) {
    return refuseForm(error, request, values, { email: 'web.auth.forgot.emailInvalid' });
  }
  return redirect('/quen-mat-khau?da-gui=1');
}

export default function ForgotPassword() {
  const { sent } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const t = useT();
  if (sent) {
    return (
      <>
        <PageHeading title={t('web.auth.forgot.sentTitle')} />
        <p className="measure">{t('web.auth.forgot.sent')}</p>
        <p>
          <Link to="/dang-nhap">{t('web.auth.forgot.backToSignIn')}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <ErrorSummary state={state} />
      <PageHeading title={t('web.auth.forgot.title')}>
        <p className="measure">{t('web.auth.forgot.intro')}</p>
      </PageHeading>
      <Form method="post" className="measure" noValidate>
        <CsrfField />
        <TextField
          name="email"
          type="email"
          label={t('web.auth.forgot.email')}
          state={state}
          autoComplete="email"
          spellCheck={false}
        />
        <button type="submit" className="button">
          {t('web.auth.forgot.submit')}
        </button>
      </Form>
      <p>
        <Link to="/dang-nhap">{t('web.auth.forgot.backToSignIn')}</Link>
      </p>
    </>
  );
}
