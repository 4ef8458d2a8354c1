import { useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/place';
import { ErrorSummary, SelectField } from '../../components/form.tsx';
import { PageHeading } from '../../components/page.tsx';
import { QuestionForm, SubmissionBack } from '../../components/submission.tsx';
import { invalidForm, load } from '../../lib/guards.server.ts';
import type { FormState } from '../../lib/forms.ts';
import { useT } from '../../lib/i18n.ts';
import { afterSave, isReturning, loadDraft, saveAndContinue, textField } from '../../lib/submission-form.server.ts';
import { previousPath } from '../../lib/submission-flow.ts';
import { NO_SCRIPTS } from '../../lib/hydration.ts';

/** Where the dossier goes: a commune or ward (at the procedure's receiving levels) whose desk receives online. */
const PAGE = 'noi-nop';

/** A plain form page: no scripts to download on a slow connection (see lib/hydration.ts). */
export const handle = NO_SCRIPTS;

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const draft = await loadDraft(context, request, params.draftId);
  const units = await load(request, () => context.services.submission.receivingUnits(draft.id));
  return {
    procedureName: draft.procedure.name,
    units: units.map((u) => ({ value: u.id, label: u.name })),
    receivingUnitId: draft.answers.receivingUnitId ?? '',
    back: previousPath(draft, PAGE),
    returning: isReturning(request),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const draft = await loadDraft(context, request, params.draftId);
  const formData = await request.formData();
  const receivingUnitId = textField(formData, 'receivingUnitId');
  const values = { receivingUnitId: receivingUnitId ?? '' };
  if (!receivingUnitId) {
    // Nothing chosen yet: "Lưu và tiếp tục sau" keeps the draft as it is.
    if (formData.get('intent') === 'save') return afterSave(formData, draft, PAGE);
    return invalidForm(values, { receivingUnitId: 'web.submission.place.error' });
  }
  return saveAndContinue(context, request, {
    draftId: params.draftId,
    page: PAGE,
    formData,
    patch: { receivingUnitId },
    values,
    messages: { receivingUnitId: 'web.submission.place.error' },
  });
}

export default function Place() {
  const { procedureName, units, receivingUnitId, back, returning } = useLoaderData<typeof loader>();
  const state = useActionData<FormState>();
  const t = useT();
  return (
    <>
      <SubmissionBack to={back} />
      <ErrorSummary state={state} />
      <PageHeading title={t('web.submission.place.title')} caption={procedureName} />
      {units.length === 0 ? (
        <p>{t('web.submission.place.none')}</p>
      ) : (
        <QuestionForm returning={returning}>
          <SelectField
            name="receivingUnitId"
            label={t('web.submission.place.label')}
            hint={t('web.submission.place.hint')}
            options={units}
            emptyOption={t('web.submission.place.choose')}
            defaultValue={receivingUnitId}
            state={state}
          />
        </QuestionForm>
      )}
    </>
  );
}
