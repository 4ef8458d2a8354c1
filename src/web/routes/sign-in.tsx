import { Form, Link, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/sign-in';
import { CsrfField, ErrorSummary, TextField } from '../components/form.tsx';
import { Notice } from '../components/notice.tsx';
import { PageHeading } from '../components/page.tsx';
import { formValues } from '../lib/forms.ts';
import { invalidForm, refuseForm, safeNext } from '../lib/guards.server.ts';
import { useT } from '../lib/i18n.ts';
import { isAppError } from '../../platform/errors.ts';
import { isRefusalReason } from '../../modules/oidc-sign-in/refusal-reasons.ts';
import { NO_SCRIPTS } from '../lib/hydration.ts';

/** The address of the TOTP step, keeping where to go afterwards. */
const MFA_STEP = 'xac-thuc';

/** A plain form page: no scripts to download on a slow connection (see lib/hydration.ts). */
export const handle = NO_SCRIPTS;

/**
 * Staff sign-in: username and password, then (when the account has TOTP) the code from the authenticator app.
 * The second step is shown only while this browser holds a session waiting for it.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const next = safeNext(url.searchParams.get('next'), '');
  const actor = context.actor;
  // Sign-in through VNeID: its button when configured, and why it was refused when it came back refused.
  const reason = url.searchParams.get('vneid');
  const vneid = {
    enabled: context.services.citizenAccess.vneidEnabled(),
    refused: isRefusalReason(reason) ? reason : null,
  };
  if (actor.kind === 'user') {
    return { step: 'done' as const, next, fullName: actor.fullName, vneid };
  }
  const wantsMfa = url.searchParams.get('buoc') === MFA_STEP;
  const step = wantsMfa && (await context.services.auth.hasPendingMfa()) ? ('mfa' as const) : ('password' as const);
  return { step, next, fullName: null, vneid };
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
  const { step, next, fullName, vneid } = useLoaderData<typeof loader>();
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
      {vneid.refused ? (
        <div className="error-summary" role="alert" aria-labelledby="vneid-refused">
          <h2 id="vneid-refused" className="error-summary__title">
            {t('citizenAccess.vneid.refusedTitle')}
          </h2>
          <p>{t(`citizenAccess.vneid.refused.${vneid.refused}`)}</p>
        </div>
      ) : null}
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
      <CitizenSignIn next={next} vneidEnabled={vneid.enabled} />
    </>
  );
}

/** Citizens and businesses: sign in through VNeID (when configured), or register. */
function CitizenSignIn({ next, vneidEnabled }: { next: string; vneidEnabled: boolean }) {
  const t = useT();
  return (
    <section className="measure" aria-labelledby="citizen-sign-in">
      <h2 id="citizen-sign-in">{t('citizenAccess.vneid.heading')}</h2>
      {vneidEnabled ? (
        <>
          <p>{t('citizenAccess.vneid.intro')}</p>
          {/* A server route that redirects to the provider, not a page of this app: a plain link, full navigation. */}
          <a
            className="button button--secondary"
            href={`/dang-nhap/vneid${next ? `?next=${encodeURIComponent(next)}` : ''}`}
          >
            {t('citizenAccess.vneid.button')}
          </a>
        </>
      ) : null}
      <p>
        {t('citizenAccess.vneid.noAccount')} <Link to="/dang-ky">{t('citizenAccess.vneid.registerCitizen')}</Link>
        {' · '}
        <Link to="/dang-ky/doanh-nghiep">{t('citizenAccess.vneid.registerBusiness')}</Link>
      </p>
    </section>
  );
}
