import { Form, Link, data, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/account';
import { CsrfField, ErrorSummary, TextField } from '../components/form.tsx';
import { Notice, withNotice } from '../components/notice.tsx';
import { PageHeading, SummaryList } from '../components/page.tsx';
import { GrantScope } from '../components/grants.tsx';
import type { FormState } from '../lib/forms.ts';
import { formErrorsFrom, formValues } from '../lib/forms.ts';
import { load, requireUser, signInUrl } from '../lib/guards.server.ts';
import { useT, useTx } from '../lib/i18n.ts';
import { weakPasswordMessage } from '../lib/passwords.ts';
import { isAppError } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';

type Intent = 'password' | 'totpStart' | 'totpConfirm' | 'totpDisable';
type AccountAnswer = { intent: Intent; state?: FormState; enrolment?: { secret: string; uri: string } };

/** My account: details and roles, change of password, TOTP enrolment (secret and otpauth URI) and switching it off. */
export async function loader({ request, context }: Route.LoaderArgs) {
  requireUser(context, request);
  const me = await load(request, () => context.services.auth.me());
  return { me };
}

function answer(body: AccountAnswer, status = 200) {
  return data(body, { status });
}

function fieldError(
  intent: Intent,
  values: Record<string, string>,
  errors: Record<string, MessageKey>,
  extra: Partial<AccountAnswer> = {},
) {
  return answer({ intent, state: { values, errors }, ...extra }, 400);
}

export async function action({ request, context }: Route.ActionArgs) {
  requireUser(context, request);
  const formData = await request.formData();
  const intent = formData.get('intent') as Intent;
  const auth = context.services.auth;
  try {
    if (intent === 'password') {
      const v = formValues(formData, ['currentPassword', 'newPassword', 'confirmPassword']);
      const errors: Record<string, MessageKey> = {};
      if (!v.currentPassword) errors.currentPassword = 'web.account.currentPasswordRequired';
      if (!v.newPassword) errors.newPassword = 'web.auth.reset.passwordRequired';
      else if (v.newPassword !== v.confirmPassword) errors.confirmPassword = 'web.auth.reset.mismatch';
      if (Object.keys(errors).length > 0) {
        return fieldError(intent, {}, errors);
      }
      try {
        await auth.changePassword({ currentPassword: v.currentPassword, newPassword: v.newPassword });
      } catch (error) {
        if (isAppError(error) && error.code === 'INVALID_CREDENTIALS') {
          return fieldError(intent, {}, { currentPassword: 'web.account.currentPasswordWrong' });
        }
        if (isAppError(error) && error.code === 'WEAK_PASSWORD') {
          return fieldError(intent, {}, { newPassword: weakPasswordMessage(error.details) });
        }
        throw error;
      }
      return redirect(withNotice('/tai-khoan', 'passwordChanged'));
    }
    if (intent === 'totpStart') {
      return answer({ intent, enrolment: await auth.startTotp() });
    }
    if (intent === 'totpConfirm') {
      const v = formValues(formData, ['code', 'secret', 'uri']);
      const enrolment = { secret: v.secret ?? '', uri: v.uri ?? '' };
      if (!/^\s*\d{6}\s*$/.test(v.code ?? '')) {
        return fieldError(intent, { code: v.code ?? '' }, { code: 'web.auth.mfa.codeRequired' }, { enrolment });
      }
      try {
        await auth.confirmTotp({ code: v.code });
      } catch (error) {
        if (isAppError(error) && error.code === 'MFA_INVALID') {
          return fieldError(intent, {}, { code: 'web.account.mfaCodeWrong' }, { enrolment });
        }
        throw error;
      }
      return redirect(withNotice('/tai-khoan', 'mfaEnabled'));
    }
    if (intent === 'totpDisable') {
      const v = formValues(formData, ['disableCode']);
      if (!/^\s*\d{6}\s*$/.test(v.disableCode ?? '')) {
        return fieldError(intent, {}, { disableCode: 'web.auth.mfa.codeRequired' });
      }
      try {
        await auth.disableTotp({ code: v.disableCode });
      } catch (error) {
        if (isAppError(error) && error.code === 'MFA_INVALID') {
          return fieldError(intent, {}, { disableCode: 'web.account.mfaCodeWrong' });
        }
        throw error;
      }
      return redirect(withNotice('/tai-khoan', 'mfaDisabled'));
    }
    return answer({ intent: 'password' }, 400);
  } catch (error) {
    if (isAppError(error) && error.code === 'UNAUTHENTICATED') {
      throw redirect(signInUrl(request));
    }
    const state = formErrorsFrom(error, {}, {});
    if (!state || !isAppError(error)) {
      throw error;
    }
    return answer({ intent, state }, error.code === 'CONFLICT' ? 409 : 400);
  }
}

export default function Account() {
  const { me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const tx = useTx();
  const stateFor = (...intents: Intent[]) => (result && intents.includes(result.intent) ? result.state : undefined);
  const enrolment = result?.enrolment;
  return (
    <>
      <Notice />
      <ErrorSummary state={result?.state} />
      <PageHeading title={t('web.account.title')} />
      {me.mustEnrollMfa ? (
        <div className="inset" role="note">
          <h2 className="no-top">{t('web.auth.mfa.enrolTitle')}</h2>
          <p>{t('web.auth.mfa.enrolIntro')}</p>
        </div>
      ) : null}
      {me.user.kind !== 'staff' && me.user.email && !me.user.emailVerified ? (
        <div className="inset" role="note">
          <p className="no-top">
            {t('citizenAccess.verify.banner')} <Link to="/xac-minh-email">{t('citizenAccess.verify.bannerLink')}</Link>
          </p>
        </div>
      ) : null}

      <h2>{t('web.account.details')}</h2>
      <SummaryList
        rows={[
          { key: t('web.account.fullName'), value: me.user.fullName },
          ...(me.user.username ? [{ key: t('web.account.username'), value: me.user.username }] : []),
          { key: t('web.account.email'), value: me.user.email ?? t('web.common.none') },
          ...(me.user.homeUnit ? [{ key: t('web.admin.users.homeUnit'), value: me.user.homeUnit.name }] : []),
          {
            key: t('web.account.roles'),
            value:
              me.grants.length === 0 ? (
                t('web.account.noRoles')
              ) : (
                <ul className="plain-list">
                  {me.grants.map((g) => (
                    <li key={g.id}>
                      {tx(`roles.${g.role}`)} – <GrantScope grant={g} />
                    </li>
                  ))}
                </ul>
              ),
          },
        ]}
      />

      <section aria-labelledby="password-title">
        <h2 id="password-title">{t('web.account.changePassword')}</h2>
        <Form method="post" className="measure" noValidate>
          <CsrfField />
          <input type="hidden" name="intent" value="password" />
          <TextField
            name="currentPassword"
            type="password"
            label={t('web.account.currentPassword')}
            state={stateFor('password')}
            autoComplete="current-password"
            width="medium"
          />
          <TextField
            name="newPassword"
            type="password"
            label={t('web.account.newPassword')}
            hint={t('web.auth.reset.passwordHint')}
            state={stateFor('password')}
            autoComplete="new-password"
            width="medium"
          />
          <TextField
            name="confirmPassword"
            type="password"
            label={t('web.account.confirmPassword')}
            state={stateFor('password')}
            autoComplete="new-password"
            width="medium"
          />
          <button type="submit" className="button">
            {t('web.account.changePasswordSubmit')}
          </button>
        </Form>
      </section>

      <section aria-labelledby="mfa-title">
        <h2 id="mfa-title">{t('web.account.mfaTitle')}</h2>
        {me.user.totpEnabled ? (
          <>
            <p className="measure">
              <span className="tag">{t('web.account.mfaOnTag')}</span> {t('web.account.mfaOn')}
            </p>
            <Form method="post" className="measure" noValidate>
              <CsrfField />
              <input type="hidden" name="intent" value="totpDisable" />
              <TextField
                name="disableCode"
                label={t('web.auth.mfa.code')}
                hint={t('web.account.mfaDisableHint')}
                state={stateFor('totpDisable')}
                autoComplete="one-time-code"
                inputMode="numeric"
                width="short"
              />
              <button type="submit" className="button button--warning">
                {t('web.account.mfaDisable')}
              </button>
            </Form>
          </>
        ) : enrolment ? (
          <>
            <p className="measure">{t('web.account.mfaSetupIntro')}</p>
            <SummaryList
              rows={[
                { key: t('web.account.mfaSecret'), value: <code data-testid="totp-secret">{enrolment.secret}</code> },
                { key: t('web.account.mfaUri'), value: <code data-testid="totp-uri">{enrolment.uri}</code> },
              ]}
            />
            <Form method="post" className="measure" noValidate>
              <CsrfField />
              <input type="hidden" name="intent" value="totpConfirm" />
              <input type="hidden" name="secret" value={enrolment.secret} />
              <input type="hidden" name="uri" value={enrolment.uri} />
              <TextField
                name="code"
                label={t('web.auth.mfa.code')}
                hint={t('web.auth.mfa.codeHint')}
                state={stateFor('totpConfirm')}
                autoComplete="one-time-code"
                inputMode="numeric"
                width="short"
              />
              <button type="submit" className="button">
                {t('web.account.mfaConfirm')}
              </button>
            </Form>
          </>
        ) : (
          <>
            <p className="measure">{t('web.account.mfaOff')}</p>
            <Form method="post" noValidate>
              <CsrfField />
              <input type="hidden" name="intent" value="totpStart" />
              <button type="submit" className="button">
                {t('web.account.mfaStart')}
              </button>
            </Form>
          </>
        )}
      </section>
    </>
  );
}
