import { redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/owner';
import { ErrorSummary, TextField } from '../../components/form.tsx';
import { PageHeading } from '../../components/page.tsx';
import { QuestionForm, SubmissionBack } from '../../components/submission.tsx';
import { invalidForm } from '../../lib/guards.server.ts';
import type { FormState } from '../../lib/forms.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { useT } from '../../lib/i18n.ts';
import { isReturning, loadDraft, saveAndContinue, textField, typedValues } from '../../lib/submission-form.server.ts';
import { previousPath, resumePath } from '../../lib/submission-flow.ts';
import { NO_SCRIPTS } from '../../lib/hydration.ts';

/**
 * For whom the dossier is (chủ hồ sơ), when not for the applicant: a person (name, personal id if they have one —
 * a newborn has none — and the relationship), or a business (name, tax code, the applicant's role).
 */
const PAGE = 'chu-ho-so';
const FIELDS = ['fullName', 'personalId', 'taxCode', 'relation'] as const;

const MESSAGES = {
  other: {
    fullName: 'web.submission.owner.fullNameError',
    personalId: 'web.submission.owner.personalIdError',
    relation: 'web.submission.owner.relationError',
  },
  business: {
    fullName: 'web.submission.owner.businessNameError',
    taxCode: 'web.submission.owner.taxCodeError',
    relation: 'web.submission.owner.roleError',
  },
} as const satisfies Record<string, Partial<Record<(typeof FIELDS)[number], MessageKey>>>;

/** A plain form page: no scripts to download on a slow connection (see lib/hydration.ts). */
export const handle = NO_SCRIPTS;

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const draft = await loadDraft(context, request, params.draftId);
  const kind = draft.answers.applyingAs;
  if (kind !== 'other' && kind !== 'business') throw redirect(resumePath(draft));
  const owner = draft.answers.owner;
  return {
    kind,
    procedureName: draft.procedure.name,
    values: {
      fullName: owner?.fullName ?? '',
      personalId: owner?.personalId ?? '',
      taxCode: owner?.taxCode ?? '',
      relation: owner?.relation ?? '',
    },
    back: previousPath(draft, PAGE),
    returning: isReturning(request),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const draft = await loadDraft(context, request, params.draftId);
  const kind = draft.answers.applyingAs === 'business' ? 'business' : 'other';
  const formData = await request.formData();
  const values = typedValues(formData, FIELDS);
  const messages: Record<string, MessageKey> = MESSAGES[kind];
  // The page asks for these; the schema checks the forms of what is given.
  const required =
    kind === 'business' ? (['fullName', 'taxCode', 'relation'] as const) : (['fullName', 'relation'] as const);
  const missing = Object.fromEntries(
    required.filter((f) => !textField(formData, f)).map((f) => [f, messages[f] as MessageKey]),
  );
  if (Object.keys(missing).length > 0) return invalidForm(values, missing);
  const owner: Record<string, string> = {};
  for (const field of kind === 'business'
    ? (['fullName', 'taxCode', 'relation'] as const)
    : (['fullName', 'personalId', 'relation'] as const)) {
    const value = textField(formData, field);
    if (value !== undefined) owner[field] = value;
  }
  return saveAndContinue(context, request, {
    draftId: params.draftId,
    page: PAGE,
    formData,
    patch: { owner },
    values,
    messages,
  });
}

export default function Owner() {
  const { kind, procedureName, values, back, returning } = useLoaderData<typeof loader>();
  const state = useActionData<FormState>() ?? { values, errors: {} };
  const t = useT();
  const business = kind === 'business';
  return (
    <>
      <SubmissionBack to={back} />
      <ErrorSummary state={state} />
      <PageHeading
        title={t(business ? 'web.submission.owner.titleBusiness' : 'web.submission.owner.titleOther')}
        caption={procedureName}
      />
      <QuestionForm returning={returning}>
        <TextField
          name="fullName"
          label={t(business ? 'web.submission.owner.businessName' : 'web.submission.owner.fullName')}
          state={state}
          autoComplete="off"
        />
        {business ? (
          <TextField
            name="taxCode"
            label={t('web.submission.owner.taxCode')}
            hint={t('web.submission.owner.taxCodeHint')}
            state={state}
            inputMode="numeric"
            autoComplete="off"
            width="medium"
          />
        ) : (
          <TextField
            name="personalId"
            label={t('web.submission.owner.personalId')}
            hint={t('web.submission.owner.personalIdHint')}
            state={state}
            inputMode="numeric"
            autoComplete="off"
            width="medium"
          />
        )}
        <TextField
          name="relation"
          label={t(business ? 'web.submission.owner.role' : 'web.submission.owner.relation')}
          hint={t(business ? 'web.submission.owner.roleHint' : 'web.submission.owner.relationHint')}
          state={state}
          autoComplete="off"
          width="medium"
        />
      </QuestionForm>
    </>
  );
}
