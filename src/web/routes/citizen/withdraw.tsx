import { Form, Link, type ShouldRevalidateFunctionArgs, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/withdraw';
import { CsrfField, ErrorSummary } from '../../components/form.tsx';
import { BackLink, PageHeading } from '../../components/page.tsx';
import { refusedApplicantAction, requireApplicant, versionOf } from '../../lib/applicant.server.ts';
import { textOf } from '../../lib/dossier-forms.server.ts';
import { load } from '../../lib/guards.server.ts';
import { useT } from '../../lib/i18n.ts';
import { NO_SCRIPTS } from '../../lib/hydration.ts';

/** Plain HTML: no scripts on this page (src/web/lib/hydration.ts). */
export const handle = NO_SCRIPTS;

/**
 * The confirmation step before the applicant withdraws a dossier: what withdrawing means, an optional reason, and
 * the button that does it at the version shown. A dossier that can no longer be withdrawn says so instead.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  requireApplicant(context, request);
  const my = await load(request, () => context.services.applicant.get(params.id));
  const d = my.dossier;
  return {
    id: d.id,
    code: d.code,
    version: d.version,
    procedureName: d.procedure.name,
    allowed: d.allowedActions.some((a) => a.action === 'withdraw'),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  requireApplicant(context, request);
  const formData = await request.formData();
  const reason = textOf(formData, 'reason');
  try {
    await context.services.applicant.act(params.id, {
      action: 'withdraw',
      expectedVersion: versionOf(formData),
      ...(reason ? { reason: reason.slice(0, 1000) } : {}),
    });
  } catch (error) {
    return refusedApplicantAction(error, request, 'withdraw', { reason: reason ?? '' });
  }
  return redirect(`/ho-so-cua-toi/${params.id}?xong=withdraw`, 303);
}

export default function Withdraw() {
  const { id, code, version, procedureName, allowed } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <BackLink to={`/ho-so-cua-toi/${id}`}>{code}</BackLink>
      <ErrorSummary state={answer?.state} />
      <PageHeading title={t('web.myDossiers.withdrawConfirmTitle', { code })} caption={procedureName} />
      {allowed ? (
        <Form method="post" className="measure" noValidate>
          <CsrfField />
          <input type="hidden" name="expectedVersion" value={version} />
          <p>{t('web.myDossiers.withdrawConfirmText')}</p>
          <div className="field">
            <label className="label" htmlFor="f-reason">
              {t('web.myDossiers.withdrawReason')}
            </label>
            <textarea
              className="textarea"
              id="f-reason"
              name="reason"
              rows={3}
              maxLength={1000}
              defaultValue={answer?.state.values.reason ?? ''}
            />
          </div>
          <div className="button-group">
            <button type="submit" className="button button--warning">
              {t('web.myDossiers.withdrawButton')}
            </button>{' '}
            <Link to={`/ho-so-cua-toi/${id}`}>{t('web.myDossiers.withdrawCancel')}</Link>
          </div>
        </Form>
      ) : (
        <>
          <p>{t('web.myDossiers.withdrawNotAllowed')}</p>
          <p>
            <Link to={`/ho-so-cua-toi/${id}`}>{t('web.myDossiers.withdrawCancel')}</Link>
          </p>
        </>
      )}
    </>
  );
}

/** After a refusal (the dossier moved meanwhile) the page shows the dossier as it now is. */
export function shouldRevalidate({ actionStatus, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return actionStatus === 409 || actionStatus === 422 ? true : defaultShouldRevalidate;
}
