import { Form, Link, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/reset-password';
import { CsrfField, ErrorSummary, TextField } from '../components/form.tsx';
import { withNotice } from '../components/notice.tsx';
import { PageHeading } from '../components/page.tsx';
import { formValues } from '../lib/forms.ts';
import { invalidForm, refuseForm, refuseWhole } from '../lib/guards.server.ts';
import { useT } from '../lib/i18n.ts';
import { weakPasswordMessage } from '../lib/passwords.ts';
import { isAppError } from '../../platform/errors.ts';
import { NO_SCRIPTS } from '../lib/hydration.ts';

/** A plain form page: no scripts to download on a slow connection (see lib/hydration.ts). */
export const handle = NO_SCRIPTS;

/** Setting a new password from an e-mailed link (`?token=…`): a reset, or a new account's first password. */
export async function loader({ request }: Route.LoaderArgs) {
  return { token: new URL(request.url).searchParams.get('token') ?? '' };
}

export async function action({ request, context }: Route.ActionArgs) {
  const values = formValues(await request.formData(), ['token', 'password', 'confirm']);
  const kept = { token: values.token ?? '' };
  if (!values.password) {
    return invalidForm(kept, { password: 'web.auth.reset.passwordRequired' });
  }
  if (values.password !== values.confirm) {
    return invalidForm(kept, { confirm: 'web.auth.reset.mismatch' });
  }
  try {
    await context.services.auth.completePasswordReset({ token: values.token, password: values.password });
  } catch (error) {
    if (isAppError(error) && error.code === 'WEAK_PASSWORD') {
      return invalidForm(kept, { password: weakPasswordMessage(error.details) });
    }
    if (isAppError(error) && (error.code === 'VALIDATION_FAILED' || error.code === 'TOKEN_INVALID')) {
      return refuseWhole(kept, 'web.auth.reset.invalidLink');
    }
    return refuseForm(error, request, kept, {});
  }
  return redirect(withNotice('/dang-nhap', 'passwordReset'));
}

export default function ResetPassword() {
  const { token } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const t = useT();
  const linkBroken = state?.formError?.key === 'web.auth.reset.invalidLink' || !token;
  return (
    <>
      <ErrorSummary state={state} />
      <PageHeading title={t('web.auth.reset.title')} />
      {linkBroken && !state ? <p className="measure">{t('web.auth.reset.invalidLink')}</p> : null}
      {linkBroken ? (
        <p>
          <Link to="/quen-mat-khau">{t('web.auth.reset.requestAgain')}</Link>
        </p>
      ) : (
        <Form method="post" className="measure" noValidate>
          <CsrfField />
          <input type="hidden" name="token" value={token} />
          <TextField
            name="password"
            type="password"
            label={t('web.auth.reset.password')}
            hint={t('web.auth.reset.passwordHint')}
            state={state}
            autoComplete="new-password"
            width="medium"
          />
          <TextField
            name="confirm"
            type="password"
            label={t('web.auth.reset.confirm')}
            state={state}
            autoComplete="new-password"
            width="medium"
          />
          <button type="submit" className="button">
            {t('web.auth.reset.submit')}
          </button>
        </Form>
      )}
    </>
  );
}
