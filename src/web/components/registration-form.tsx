import { Form, Link } from 'react-router';
import type { FormState } from '../lib/forms.ts';
import { useT } from '../lib/i18n.ts';
import { CsrfField, ErrorSummary, TextField } from './form.tsx';
import { PageHeading } from './page.tsx';

/** The registration form of a citizen (`kind="citizen"`) or a business: plain fields, works without JavaScript. */
export function RegistrationForm({ kind, state }: { kind: 'citizen' | 'business'; state: FormState | undefined }) {
  const t = useT();
  const citizen = kind === 'citizen';
  return (
    <>
      <ErrorSummary state={state} />
      <PageHeading title={t(citizen ? 'citizenAccess.register.citizenTitle' : 'citizenAccess.register.businessTitle')}>
        <p className="measure">
          {t(citizen ? 'citizenAccess.register.citizenIntro' : 'citizenAccess.register.businessIntro')}
        </p>
      </PageHeading>
      <p>
        <Link to={citizen ? '/dang-ky/doanh-nghiep' : '/dang-ky'}>
          {t(citizen ? 'citizenAccess.register.toBusiness' : 'citizenAccess.register.toCitizen')}
        </Link>
      </p>
      <Form method="post" className="measure" noValidate>
        <CsrfField />
        {citizen ? (
          <>
            <TextField
              name="fullName"
              label={t('citizenAccess.register.fullName')}
              hint={t('citizenAccess.register.fullNameHint')}
              state={state}
              autoComplete="name"
            />
            <TextField
              name="personalId"
              label={t('citizenAccess.register.personalId')}
              hint={t('citizenAccess.register.personalIdHint')}
              state={state}
              inputMode="numeric"
              spellCheck={false}
              width="medium"
            />
          </>
        ) : (
          <>
            <TextField
              name="businessName"
              label={t('citizenAccess.register.businessName')}
              state={state}
              autoComplete="organization"
            />
            <TextField
              name="taxCode"
              label={t('citizenAccess.register.taxCode')}
              hint={t('citizenAccess.register.taxCodeHint')}
              state={state}
              spellCheck={false}
              width="medium"
            />
          </>
        )}
        <TextField
          name="phone"
          type="tel"
          label={t('citizenAccess.register.phone')}
          hint={t('citizenAccess.register.phoneHint')}
          state={state}
          autoComplete="tel"
          width="medium"
        />
        <TextField
          name="email"
          type="email"
          label={t('citizenAccess.register.email')}
          hint={t('citizenAccess.register.emailHint')}
          state={state}
          autoComplete="email"
          spellCheck={false}
        />
        <TextField
          name="password"
          type="password"
          label={t('citizenAccess.register.password')}
          hint={t('citizenAccess.register.passwordHint')}
          state={state}
          autoComplete="new-password"
          width="medium"
        />
        <TextField
          name="confirm"
          type="password"
          label={t('citizenAccess.register.confirm')}
          state={state}
          autoComplete="new-password"
          width="medium"
        />
        <button type="submit" className="button">
          {t('citizenAccess.register.submit')}
        </button>
      </Form>
      <p>
        <Link to="/dang-nhap">{t('citizenAccess.register.haveAccount')}</Link>
      </p>
    </>
  );
}
