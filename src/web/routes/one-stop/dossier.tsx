import { type ShouldRevalidateFunctionArgs, data, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/dossier';
import { DossierActionForm } from '../../components/dossier-action-form.tsx';
import { DossierNotes } from '../../components/dossier-notes.tsx';
import { DossierFiles, DossierTimeline, FeeTable } from '../../components/dossier-parts.tsx';
import { DossierStatusTag, DueTime, useMoment } from '../../components/dossier-tags.tsx';
import { ErrorSummary } from '../../components/form.tsx';
import { BackLink, PageHeading, SuccessBanner, SummaryList } from '../../components/page.tsx';
import { actionBodyOf, refusedAction, textOf } from '../../lib/dossier-forms.server.ts';
import { refusedNote } from '../../lib/note-form.server.ts';
import type { FormState } from '../../lib/forms.ts';
import { load, requireStaff } from '../../lib/guards.server.ts';
import { useT, useTx } from '../../lib/i18n.ts';
import { timeLeftOf } from '../../lib/time-left.ts';

/**
 * One dossier for the officers: its facts, files, fees and history, the forms it has reached for printing, and
 * one form for each action the API allows the caller now. A dossier outside the caller's sight is NOT_FOUND, even
 * when the address is typed by hand.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  requireStaff(context, request);
  const { dossiers } = context.services;
  const dossier = await load(request, () => dossiers.get(params.id));
  const canAssign = dossier.allowedActions.some((a) => a.action === 'assign');
  const officers = canAssign ? await load(request, () => dossiers.stepOfficers(params.id)) : [];
  const notes = await load(request, () => dossiers.notes(params.id));
  const search = new URL(request.url).searchParams;
  const done = search.get('da-xu-ly');
  return {
    dossier,
    officers,
    notes,
    noteAdded: search.get('ghi-chu') === '1',
    timeLeft: timeLeftOf({ ...dossier, paused: dossier.pausedAt !== null }, dossiers.now()),
    received: search.get('tiep-nhan') === '1',
    done: dossier.timeline.some((e) => e.action === done) ? done : null,
  };
}

type Answer = { action: string; state: FormState };

export async function action({ request, context, params }: Route.ActionArgs) {
  requireStaff(context, request);
  const formData = await request.formData();
  if (formData.get('intent') === 'note') {
    return addNote(context, params.id, request, textOf(formData, 'body'));
  }
  const { action, body, values } = await actionBodyOf(formData);
  try {
    await context.services.dossiers.act(params.id, body);
    return redirect(`/mot-cua/ho-so/${params.id}?da-xu-ly=${encodeURIComponent(action)}`);
  } catch (error) {
    const { status, state } = refusedAction(error, request, action, values);
    return data<Answer>({ action, state }, { status });
  }
}

/** An internal note: added and shown at once, or its field marked when empty or too long (nothing written). */
async function addNote(context: Route.ActionArgs['context'], id: string, request: Request, body: string | undefined) {
  const values = { 'note-body': body ?? '' };
  try {
    // An empty body goes to the service too, which refuses it like the API does.
    await context.services.dossiers.addNote(id, { body: body ?? '' });
    return redirect(`/mot-cua/ho-so/${id}?ghi-chu=1#notes-title`);
  } catch (error) {
    const { status, state } = refusedNote(error, request, values);
    return data<Answer>({ action: 'note', state }, { status });
  }
}

/** After a stale-version refusal the page must show the dossier as it now is, with or without JavaScript. */
export function shouldRevalidate({ actionStatus, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return actionStatus === 409 ? true : defaultShouldRevalidate;
}

export default function Dossier() {
  const { dossier: d, officers, notes, noteAdded, timeLeft, received, done } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const tx = useTx();
  const moment = useMoment();
  const none = t('web.common.none');
  const at = (iso: string | null) => (iso ? moment(iso) : none);
  const forms = `/api/v1/dossiers/${d.id}/forms`;
  const has = (action: string) => d.timeline.some((e) => e.action === action);
  const owner = d.onBehalfOf as { fullName?: string; relation?: string } | null;
  return (
    <>
      <BackLink to="/mot-cua">{t('web.oneStop.title')}</BackLink>
      {received ? (
        <SuccessBanner>
          {t('web.oneStop.dossier.received', { code: d.code })}{' '}
          <a href={`${forms}/receipt`}>{t('web.oneStop.dossier.printNow')}</a>
        </SuccessBanner>
      ) : null}
      {noteAdded ? <SuccessBanner>{t('web.desk.noteAdded')}</SuccessBanner> : null}
      {done && !received ? (
        <SuccessBanner>{t('web.oneStop.dossier.done', { action: tx(`dossierActions.${done}`) })}</SuccessBanner>
      ) : null}
      <ErrorSummary state={answer?.state} />
      <PageHeading title={d.code} caption={d.procedure.name} />
      <SummaryList
        rows={[
          { key: t('web.oneStop.dossier.status'), value: <DossierStatusTag status={d.status} /> },
          { key: t('web.oneStop.dueAt'), value: <DueTime dueAt={d.dueAt} timeLeft={timeLeft} /> },
          { key: t('web.oneStop.procedure'), value: `${d.procedure.name} (${d.procedure.code})` },
          { key: t('web.oneStop.applicant'), value: d.applicant.fullName },
          {
            key: t('web.oneStop.dossier.identity'),
            value: [d.applicant.personalId, d.applicant.taxCode].filter(Boolean).join(' / ') || none,
          },
          {
            key: t('web.oneStop.dossier.contact'),
            value: [d.applicant.phone, d.applicant.email, d.applicant.address].filter(Boolean).join(' · ') || none,
          },
          ...(owner?.fullName
            ? [
                {
                  key: t('web.oneStop.dossier.onBehalfOf'),
                  value: owner.relation ? `${owner.fullName} (${owner.relation})` : owner.fullName,
                },
              ]
            : []),
          { key: t('web.oneStop.dossier.channel'), value: tx(`web.oneStop.channel.${d.channel}`) },
          { key: t('web.oneStop.dossier.receivingUnit'), value: `${d.receivingAgency.name}, ${d.receivingUnit.name}` },
          { key: t('web.oneStop.dossier.submittedAt'), value: at(d.submittedAt) },
          { key: t('web.oneStop.dossier.receivedAt'), value: at(d.receivedAt) },
          { key: t('web.oneStop.dossier.step'), value: d.current.step?.name ?? none },
          {
            key: t('web.oneStop.where'),
            value: d.current.agency ? `${d.current.agency.name}, ${d.current.unit.name}` : d.current.unit.name,
          },
          { key: t('web.oneStop.assignee'), value: d.current.assignee?.fullName ?? t('web.oneStop.unassigned') },
          { key: t('web.oneStop.dossier.stepDueAt'), value: at(d.current.stepDueAt) },
          ...(d.decision
            ? [{ key: t('web.oneStop.dossier.decision'), value: t(`web.oneStop.dossier.${d.decision}`) }]
            : []),
          ...(d.resultNumber ? [{ key: t('web.oneStop.dossier.resultNumber'), value: d.resultNumber }] : []),
          ...(d.returnedAt ? [{ key: t('web.oneStop.dossier.returnedAt'), value: at(d.returnedAt) }] : []),
        ]}
      />
      {d.receivedAt || has('request_supplement') || has('apologize') || d.status === 'refused' ? (
        <section aria-labelledby="print-title">
          <h2 id="print-title">{t('web.oneStop.dossier.printTitle')}</h2>
          <ul className="link-list">
            {d.receivedAt ? (
              <li>
                <a href={`${forms}/receipt`}>{t('web.oneStop.dossier.printReceipt')}</a>
              </li>
            ) : null}
            {has('request_supplement') ? (
              <li>
                <a href={`${forms}/supplement-request`}>{t('web.oneStop.dossier.printSupplement')}</a>
              </li>
            ) : null}
            {has('apologize') ? (
              <li>
                <a href={`${forms}/apology`}>{t('web.oneStop.dossier.printApology')}</a>
              </li>
            ) : null}
            {d.status === 'refused' ? (
              <li>
                <a href={`${forms}/refusal`}>{t('web.oneStop.dossier.printRefusal')}</a>
              </li>
            ) : null}
            {d.receivedAt ? (
              <li>
                <a href={`${forms}/control-sheet`}>{t('web.oneStop.dossier.printControlSheet')}</a>
              </li>
            ) : null}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="actions-title">
        <h2 id="actions-title">{t('web.oneStop.dossier.actionsTitle')}</h2>
        {d.allowedActions.length === 0 ? <p>{t('web.oneStop.dossier.noActions')}</p> : null}
        {d.allowedActions.map((allowed) => (
          <DossierActionForm
            key={`${allowed.action}-${d.version}`}
            allowed={allowed}
            version={d.version}
            officers={officers}
            state={answer?.action === allowed.action ? answer.state : undefined}
          />
        ))}
      </section>
      <DossierNotes notes={notes} state={answer?.action === 'note' ? answer.state : undefined} />
      <DossierFiles dossier={d} />
      <FeeTable fees={d.fees} />
      <DossierTimeline timeline={d.timeline} />
    </>
  );
}
