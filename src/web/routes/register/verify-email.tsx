import { Form, Link, data, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/verify-email';
import { CsrfField, ErrorSummary } from '../../components/form.tsx';
import { PageHeading, SuccessBanner } from '../../components/page.tsx';
import type { FormState } from '../../lib/forms.ts';
import { load, refuseForm } from '../../lib/guards.server.ts';
import { useT } from '../../lib/i18n.ts';
import { isAppError } from '../../../platform/errors.ts';
import { NO_SCRIPTS } from '../../lib/hydration.ts';

/** How long a link works (hours), as the mail says; kept in step with VERIFY_LINK_HOURS of the people module. */
const LINK_HOURS = 24;

/** A plain form page: no scripts to download on a slow connection (see lib/hydration.ts). */
export const handle = NO_SCRIPTS;

/**
 * Proving the e-mail address. `?token=…` (the mailed link) is consumed at once and the page reloads without it, so
 * the token never stays in the address bar or the history; then it says whether that worked. Signed in, the page
 * shows the address's state and, while unproven, "send again".
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const token = url.searchParams.get('token');
  if (token !== null) {
    try {
      await context.services.citizenAccess.completeVerification(token);
    } catch (error) {
      if (isAppError(error) && (error.code === 'TOKEN_INVALID' || error.code === 'VALIDATION_FAILED')) {
        throw redirect('/xac-minh-email?loi=1');
      }
      throw error;
    }
    throw redirect('/xac-minh-email?xong=1');
  }
  const outcome = url.searchParams.get('xong') ? 'done' : url.searchParams.get('loi') ? 'invalid' : null;
  const sent = url.searchParams.get('da-gui') === '1';
  if (context.actor.kind !== 'user') {
    return data({ outcome, sent, account: null }, { status: outcome === 'invalid' ? 400 : 200 });
  }
  const me = await load(request, () => context.services.auth.me());
  return data(
    { outcome, sent, account: { email: me.user.email, verified: me.user.emailVerified } },
    { status: outcome === 'invalid' ? 400 : 200 },
  );
}

/** "Send again" (the signed-in owner). */
export async function action({ request, context }: Route.ActionArgs) {
  try {
    await context.services.citizenAccess.requestVerification();
  } catch (error) {
    if (isAppError(error) && error.code === 'RATE_LIMITED') {
      const seconds = Number(error.details?.retryAfterSeconds ?? 60);
      const key = seconds > 3600 ? 'citizenAccess.verify.tooMany' : 'citizenAccess.verify.tooSoon';
      return data<FormState>({ values: {}, errors: {}, formError: { key, params: { seconds } } }, { status: 429 });
    }
    return refuseForm(error, request, {}, {});
  }
  return redirect('/xac-minh-email?da-gui=1');
}

export default function VerifyEmail() {
  const { outcome, sent, account } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const t = useT();
  if (outcome === 'invalid') {
    return (
      <>
        <PageHeading title={t('citizenAccess.verify.invalidTitle')} />
        <p className="measure">{t('citizenAccess.verify.invalid')}</p>
        <p>
          <Link to={account ? '/xac-minh-email' : '/dang-nhap?next=%2Fxac-minh-email'}>
            {t(account ? 'citizenAccess.verify.resend' : 'citizenAccess.verify.signIn')}
          </Link>
        </p>
      </>
    );
  }
  if (outcome === 'done') {
    return (
      <>
        <PageHeading title={t('citizenAccess.verify.doneTitle')} />
        <p className="measure">{t('citizenAccess.verify.done')}</p>
        <p>
          <Link to={account ? '/tai-khoan' : '/dang-nhap'}>
            {t(account ? 'citizenAccess.verify.account' : 'citizenAccess.verify.signIn')}
          </Link>
        </p>
      </>
    );
  }
  if (!account) {
    return (
      <>
        <PageHeading title={t('citizenAccess.verify.title')} />
        <p className="measure">{t('citizenAccess.verify.signedOut')}</p>
        <p>
          <Link to="/dang-nhap?next=%2Fxac-minh-email">{t('citizenAccess.verify.signIn')}</Link>
        </p>
      </>
    );
  }
  const email = account.email ?? '';
  return (
    <>
      <ErrorSummary state={state} />
      {sent && !account.verified ? (
        <SuccessBanner>{t('citizenAccess.verify.sent', { email, hours: LINK_HOURS })}</SuccessBanner>
      ) : null}
      <PageHeading title={t(sent ? 'citizenAccess.verify.sentTitle' : 'citizenAccess.verify.title')} />
      {account.verified ? (
        <p className="measure">{t('citizenAccess.verify.alreadyVerified', { email })}</p>
      ) : !account.email ? (
        <p className="measure">{t('citizenAccess.verify.noEmail')}</p>
      ) : (
        <>
          <p className="measure inset">{t('citizenAccess.verify.pending', { email })}</p>
          <Form method="post">
            <CsrfField />
            <button type="submit" className="button button--secondary">
              {t('citizenAccess.verify.resend')}
            </button>
          </Form>
        </>
      )}
      <p>
        <Link to="/">{t('citizenAccess.verify.home')}</Link>
      </p>
    </>
  );
}
