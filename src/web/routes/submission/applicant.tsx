import { useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/applicant';
import { ErrorSummary, TextField } from '../../components/form.tsx';
import { PageHeading } from '../../components/page.tsx';
import { QuestionForm, SubmissionBack } from '../../components/submission.tsx';
import { invalidForm, load } from '../../lib/guards.server.ts';
import type { FormState } from '../../lib/forms.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { useT } from '../../lib/i18n.ts';
import { isReturning, loadDraft, saveAndContinue, textField, typedValues } from '../../lib/submission-form.server.ts';
import { previousPath } from '../../lib/submission-flow.ts';
import { NO_SCRIPTS } from '../../lib/hydration.ts';

/**
 * The applicant's own details, prefilled from the account (no redundant entry, WCAG 2.2 SC 3.3.7); the address is
 * asked here because accounts do not hold one. A business account applies under its tax code.
 */
const PAGE = 'thong-tin';
const FIELDS = ['fullName', 'personalId', 'taxCode', 'phone', 'email', 'address'] as const;
const MESSAGES: Record<string, MessageKey> = {
  fullName: 'web.submission.applicant.fullNameError',
  personalId: 'web.submission.applicant.personalIdError',
  taxCode: 'web.submission.applicant.taxCodeError',
  phone: 'web.submission.applicant.phoneError',
  email: 'web.submission.applicant.emailError',
  address: 'web.submission.applicant.addressError',
};

/** A plain form page: no scripts to download on a slow connection (see lib/hydration.ts). */
export const handle = NO_SCRIPTS;

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const draft = await loadDraft(context, request, params.draftId);
  const account = await load(request, () => context.services.submission.prefill());
  const saved = draft.answers.applicant;
  return {
    business: account.kind === 'business',
    procedureName: draft.procedure.name,
    prefilled: saved === undefined,
    values: {
      fullName: saved?.fullName ?? account.fullName,
      personalId: saved?.personalId ?? account.personalId ?? '',
      taxCode: saved?.taxCode ?? account.taxCode ?? '',
      phone: saved?.phone ?? account.phone ?? '',
      email: saved?.email ?? account.email ?? '',
      address: saved?.address ?? '',
    },
    back: previousPath(draft, PAGE),
    returning: isReturning(request),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  await loadDraft(context, request, params.draftId);
  const account = await load(request, () => context.services.submission.prefill());
  const business = account.kind === 'business';
  const formData = await request.formData();
  const values = typedValues(formData, FIELDS);
  const asked = business
    ? (['fullName', 'taxCode', 'phone', 'email', 'address'] as const)
    : (['fullName', 'personalId', 'phone', 'email', 'address'] as const);
  const required = ['fullName', business ? 'taxCode' : 'personalId', 'address'];
  const missing = Object.fromEntries(
    required.filter((f) => !textField(formData, f)).map((f) => [f, MESSAGES[f] as MessageKey]),
  );
  if (Object.keys(missing).length > 0) return invalidForm(values, missing);
  const applicant: Record<string, string> = {};
  for (const field of asked) {
    const value = textField(formData, field);
    if (value !== undefined) applicant[field] = value;
  }
  return saveAndContinue(context, request, {
    draftId: params.draftId,
    page: PAGE,
    formData,
    patch: { applicant },
    values,
    messages: MESSAGES,
  });
}

export default function Applicant() {
  const { business, procedureName, prefilled, values, back, returning } = useLoaderData<typeof loader>();
  const state = useActionData<FormState>() ?? { values, errors: {} };
  const t = useT();
  const optional = t('web.common.optional');
  return (
    <>
      <SubmissionBack to={back} />
      <ErrorSummary state={state} />
      <PageHeading title={t('web.submission.applicant.title')} caption={procedureName}>
        {prefilled ? <p className="lead">{t('web.submission.applicant.prefilled')}</p> : null}
      </PageHeading>
      <QuestionForm returning={returning}>
        <TextField
          name="fullName"
          label={t(business ? 'web.submission.applicant.businessName' : 'web.submission.applicant.fullName')}
          state={state}
          autoComplete={business ? 'organization' : 'name'}
        />
        {business ? (
          <TextField
            name="taxCode"
            label={t('web.submission.applicant.taxCode')}
            state={state}
            inputMode="numeric"
            width="medium"
          />
        ) : (
          <TextField
            name="personalId"
            label={t('web.submission.applicant.personalId')}
            hint={t('web.submission.applicant.personalIdHint')}
            state={state}
            inputMode="numeric"
            autoComplete="off"
            width="medium"
          />
        )}
        <TextField
          name="phone"
          type="tel"
          label={`${t('web.submission.applicant.phone')} ${optional}`}
          state={state}
          autoComplete="tel"
          width="medium"
        />
        <TextField
          name="email"
          type="email"
          label={`${t('web.submission.applicant.email')} ${optional}`}
          state={state}
          autoComplete="email"
          spellCheck={false}
        />
        <TextField
          name="address"
          label={t('web.submission.applicant.address')}
          hint={t('web.submission.applicant.addressHint')}
          state={state}
          autoComplete="street-address"
        />
      </QuestionForm>
    </>
  );
}
