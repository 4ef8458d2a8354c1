import { Form, Link, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/sign-in';
import { CsrfField, ErrorSummary, TextField } from '../components/form.tsx';
import { Notice } from '../components/notice.tsx';
import { PageHeading } from '../components/page.tsx';
import { formValues } from '../lib/forms.ts';
import { invalidForm, refuseForm, safeNext } from '../lib/guards.server.ts';
import { useT } from '../lib/i18n.ts';
import { isAppError } from '../../platform/errors.ts';

/** The address of the TOTP step, keeping where to go afterwards. */
const MFA_STEP = 'xac-thuc';

/**
 * Staff sign-in: username and password, then (when the account has TOTP) the code from the authenticator app.
 * The second step is shown only while this browser holds a session waiting for it.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const next = safeNext(url.searchParams.get('next'), '');
  const actor = context.actor;
  if (actor.kind === 'user') {
    return { step: 'done' as const, next, fullName: actor.fullName };
  }
  const wantsMfa = url.searchParams.get('buoc') === MFA_STEP;
  const step = wantsMfa && (await context.services.auth.hasPendingMfa()) ? ('mfa' as const) : ('password' as const);
  return { step, next, fullName: null };
}

function afterSignIn(next: string, kind: string, mustEnrollMfa: boolean): string {
  if (mustEnrollMfa) {
    return '/tai-khoan?batbuoc=mfa';
  }
  return next || (kind === 'staff' ? '/quan-tri' : '/');
}

export async function action({ request, context }: Route.ActionArgs) {
  const formData = await request.formData();
  const next = safeNext(formData.get('next'), '');
  if (formData.get('intent') === 'mfa') {
    const values = formValues(formData, ['code']);
    if (!values.code?.trim()) {
      return invalidForm(values, { code: 'web.auth.mfa.codeRequired' });
    }
    try {
      const result = await context.services.auth.completeMfa(values);
      context.cookies.startSession(result.token);
      return redirect(afterSignIn(next, result.user.kind, result.mustEnrollMfa));
    } catch (error) {
      if (isAppError(error) && error.code === 'UNAUTHENTICATED') {
        // The half-open session expired or was ended: start again.
        return redirect('/dang-nhap');
      }
      return refuseForm(error, request, values, { code: 'web.auth.mfa.codeRequired' });
    }
  }
  const values = formValues(formData, ['username', 'password']);
  const missing = {
    ...(values.username?.trim() ? {} : { username: 'web.auth.signIn.usernameRequired' as const }),
    ...(values.password ? {} : { password: 'web.auth.signIn.passwordRequired' as const }),
  };
  // The password is never sent back to the page.
  const kept = { username: values.username ?? '' };
  if (Object.keys(missing).length > 0) {
    return invalidForm(kept, missing);
  }
  try {
    const result = await context.services.auth.login(values);
    context.cookies.startSession(result.token);
    if (result.mfaRequired) {
      return redirect(`/dang-nhap?buoc=${MFA_STEP}${next ? `&next=${encodeURIComponent(next)}` : ''}`);
    }
    return redirect(afterSignIn(next, result.user.kind, result.mustEnrollMfa));
  } catch (error) {
    return refuseForm(error, request, kept, {});
  }
}

export default function SignIn() {
  const { step, next, fullName } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const t = useT();
  if (step === 'done') {
    return (
      <>
        <PageHeading title={t('web.auth.signIn.title')} />
        <p>{t('web.auth.signIn.alreadySignedIn', { name: fullName ?? '' })}</p>
        <p>
          <Link to={next || '/'}>{t('web.layout.home')}</Link>
        </p>
      </>
    );
  }
  if (step === 'mfa') {
    return (
      <>
        <ErrorSummary state={state} />
        <PageHeading title={t('web.auth.mfa.title')}>
          <p className="measure">{t('web.auth.mfa.intro')}</p>
        </PageHeading>
        <Form method="post" className="measure" noValidate key="mfa">
          <CsrfField />
          <input type="hidden" name="intent" value="mfa" />
          <input type="hidden" name="next" value={next} />
          <TextField
            name="code"
            label={t('web.auth.mfa.code')}
            hint={t('web.auth.mfa.codeHint')}
            state={state}
            autoComplete="one-time-code"
            inputMode="numeric"
            width="short"
            spellCheck={false}
          />
          <button type="submit" className="button">
            {t('web.auth.mfa.submit')}
          </button>
        </Form>
        <p>
          <Link to="/dang-nhap">{t('web.auth.mfa.restart')}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <Notice />
      <ErrorSummary state={state} />
      <PageHeading title={t('web.auth.signIn.title')} />
      <Form method="post" className="measure" noValidate key="password">
        <CsrfField />
        <input type="hidden" name="next" value={next} />
        <TextField
          name="username"
          label={t('web.auth.signIn.username')}
          state={state}
          autoComplete="username"
          spellCheck={false}
          width="medium"
        />
        <TextField
          name="password"
          type="password"
          label={t('web.auth.signIn.password')}
          state={state}
          autoComplete="current-password"
          width="medium"
        />
        <button type="submit" className="button">
          {t('web.auth.signIn.submit')}
        </button>
      </Form>
      <p>
        <Link to="/quen-mat-khau">{t('web.auth.signIn.forgot')}</Link>
      </p>
    </>
  );
}
