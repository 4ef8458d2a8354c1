import { useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/who';
import { ErrorSummary } from '../../components/form.tsx';
import { DocumentTitle, QuestionForm, Radios, SubmissionBack } from '../../components/submission.tsx';
import { invalidForm } from '../../lib/guards.server.ts';
import type { FormState } from '../../lib/forms.ts';
import { useT } from '../../lib/i18n.ts';
import { afterSave, isReturning, loadDraft, saveAndContinue, textField } from '../../lib/submission-form.server.ts';
import { previousPath } from '../../lib/submission-flow.ts';
import { NO_SCRIPTS } from '../../lib/hydration.ts';

/** "Bạn nộp hồ sơ cho ai?": for themselves, for another person, or for a business (one question per page). */
const PAGE = 'nguoi-nop';

/** A plain form page: no scripts to download on a slow connection (see lib/hydration.ts). */
export const handle = NO_SCRIPTS;

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const draft = await loadDraft(context, request, params.draftId);
  return {
    procedureName: draft.procedure.name,
    applyingAs: draft.answers.applyingAs,
    back: previousPath(draft, PAGE) ?? `/thu-tuc/${draft.procedure.id}`,
    returning: isReturning(request),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const draft = await loadDraft(context, request, params.draftId);
  const formData = await request.formData();
  const applyingAs = textField(formData, 'applyingAs');
  const values = { applyingAs: applyingAs ?? '' };
  if (!applyingAs) {
    // Nothing chosen yet: "Lưu và tiếp tục sau" keeps the draft as it is.
    if (formData.get('intent') === 'save') return afterSave(formData, draft, PAGE);
    return invalidForm(values, { applyingAs: 'web.submission.who.error' });
  }
  return saveAndContinue(context, request, {
    draftId: params.draftId,
    page: PAGE,
    formData,
    patch: { applyingAs },
    values,
    messages: { applyingAs: 'web.submission.who.error' },
  });
}

export default function Who() {
  const { procedureName, applyingAs, back, returning } = useLoaderData<typeof loader>();
  const state = useActionData<FormState>();
  const t = useT();
  return (
    <>
      <DocumentTitle title={t('web.submission.who.title')} />
      <SubmissionBack to={back} />
      <ErrorSummary state={state} />
      <QuestionForm returning={returning}>
        <Radios
          name="applyingAs"
          heading
          caption={procedureName}
          legend={t('web.submission.who.title')}
          value={applyingAs}
          state={state}
          options={[
            { value: 'self', label: t('web.submission.who.self') },
            { value: 'other', label: t('web.submission.who.other'), hint: t('web.submission.who.otherHint') },
            { value: 'business', label: t('web.submission.who.business') },
          ]}
        />
      </QuestionForm>
    </>
  );
}
