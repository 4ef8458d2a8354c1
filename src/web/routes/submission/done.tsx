import { Link, redirect, useLoaderData } from 'react-router';
import type { Route } from './+types/done';
import { formatDateTime, useLanguage, useT, useTx } from '../../lib/i18n.ts';
import { load, requireUser } from '../../lib/guards.server.ts';
import { deadlineText } from '../../lib/procedure-facts.ts';
import { resumePath } from '../../lib/submission-flow.ts';
import { NO_SCRIPTS } from '../../lib/hydration.ts';

/** A plain form page: no scripts to download on a slow connection (see lib/hydration.ts). */
export const handle = NO_SCRIPTS;

/**
 * The confirmation (GOV.UK confirmation page): the dossier code in a panel, where it went, what happens next, the
 * time limit (and the appointment once accepted, with the receipt to download), the public lookup and the
 * applicant's own dossier page.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  requireUser(context, request);
  const { submission, dossiers } = context.services;
  const draft = await load(request, () => submission.get(params.draftId));
  if (draft.dossierId === null) throw redirect(resumePath(draft));
  const dossierId = draft.dossierId;
  const dossier = await load(request, () => dossiers.get(dossierId));
  return {
    dossier: {
      id: dossier.id,
      code: dossier.code,
      procedureName: dossier.procedure.name,
      unitName: dossier.receivingUnit.name,
      dueAt: dossier.dueAt,
      // The receipt with the appointment exists once the desk has accepted the dossier.
      receiptReady: dossier.receivedAt !== null && dossier.dueAt !== null,
    },
    deadline: draft.procedure.deadline,
  };
}

export default function Done() {
  const { dossier, deadline } = useLoaderData<typeof loader>();
  const t = useT();
  const tx = useTx();
  const language = useLanguage();
  return (
    <>
      <title>{`${t('web.submission.done.title')} – ${t('app.name')} ${t('app.tenant')}`}</title>
      <div className="panel">
        <h1 className="panel__title">{t('web.submission.done.title')}</h1>
        <p className="panel__body">
          {t('web.submission.done.codeLabel')}
          <strong className="panel__code">{dossier.code}</strong>
        </p>
      </div>
      <div className="measure">
        <p>{t('web.submission.done.sentTo', { procedure: dossier.procedureName, unit: dossier.unitName })}</p>
        <h2>{t('web.submission.done.nextTitle')}</h2>
        <p>{t('web.submission.done.next')}</p>
        <p>{t('web.submission.done.deadline', { deadline: deadlineText(tx, deadline) })}</p>
        {dossier.dueAt ? (
          <p>{t('web.submission.done.due', { date: formatDateTime(language, dossier.dueAt) })}</p>
        ) : null}
        {dossier.receiptReady ? (
          <p>
            <a href={`/api/v1/dossiers/${dossier.id}/forms/receipt`}>{t('web.submission.done.receipt')}</a>
          </p>
        ) : (
          <p>{t('web.submission.done.receiptLater')}</p>
        )}
        <ul className="link-list">
          <li>
            <Link to={`/tra-cuu/${encodeURIComponent(dossier.code)}`}>{t('web.submission.done.lookup')}</Link>
          </li>
          <li>
            {/* The applicant's own dossier pages ("hồ sơ của tôi") are their own part of the site. */}
            <a href={`/ho-so-cua-toi/${dossier.id}`}>{t('web.submission.done.mine')}</a>
          </li>
        </ul>
      </div>
    </>
  );
}
