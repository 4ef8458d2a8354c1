import {
  Link,
  type ShouldRevalidateFunctionArgs,
  data,
  redirect,
  redirectDocument,
  useActionData,
  useLoaderData,
} from 'react-router';
import type { Route } from './+types/my-dossier';
import { PayPanel, RateForm, ResultFiles, SupplyForm } from '../../components/applicant-dossier.tsx';
import { DossierFiles, DossierTimeline, FeeTable } from '../../components/dossier-parts.tsx';
import { DossierStatusTag, DueTime, useMoment } from '../../components/dossier-tags.tsx';
import { ErrorSummary } from '../../components/form.tsx';
import { BackLink, PageHeading, SuccessBanner, SummaryList } from '../../components/page.tsx';
import {
  type ApplicantAnswer,
  refusedApplicantAction,
  requireApplicant,
  supplyBodyOf,
  versionOf,
} from '../../lib/applicant.server.ts';
import { textOf } from '../../lib/dossier-forms.server.ts';
import { load } from '../../lib/guards.server.ts';
import { useT, useTx } from '../../lib/i18n.ts';
import { timeLeftOf } from '../../lib/time-left.ts';
import { NO_SCRIPTS } from '../../lib/hydration.ts';

/** Plain HTML: no scripts on this page (src/web/lib/hydration.ts). */
export const handle = NO_SCRIPTS;

/**
 * One of the signed-in citizen's dossiers: status, due time, papers, files, fees and the history as the applicant
 * sees it (officers' notes hidden by the engine), and the forms for what the engine allows them now — pay the fees
 * online, answer a supplement request with files, rate the result; withdrawing has its own confirmation page.
 * Another applicant's dossier is NOT_FOUND, as in the API.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  requireApplicant(context, request);
  const { applicant, dossiers } = context.services;
  const my = await load(request, () => applicant.get(params.id));
  const done = new URL(request.url).searchParams.get('xong');
  const d = my.dossier;
  return {
    my,
    timeLeft: timeLeftOf({ ...d, paused: d.pausedAt !== null }, dossiers.now()),
    done:
      done && ['supply', 'withdraw', 'rate'].includes(done) && d.timeline.some((e) => e.action === done) ? done : null,
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  requireApplicant(context, request);
  const { applicant } = context.services;
  const formData = await request.formData();
  const intent = String(formData.get('intent') ?? '');
  const doneUrl = (what: string) => `/ho-so-cua-toi/${params.id}?xong=${what}`;
  if (intent === 'pay') {
    try {
      const started = await applicant.pay(params.id);
      // The gateway is another site (or the stand-in outside the app's routes): a full document navigation.
      return redirectDocument(started.paymentUrl, 303);
    } catch (error) {
      return refusedApplicantAction(error, request, 'pay', {});
    }
  }
  if (intent === 'supply') {
    const my = await load(request, () => applicant.get(params.id));
    const { body, sentCodes, values } = await supplyBodyOf(
      formData,
      my.components.map((c) => c.code),
    );
    if (body.components.length === 0) {
      return data<ApplicantAnswer>(
        { form: 'supply', state: { values, errors: { files: 'web.myDossiers.supplyNoFiles' } } },
        { status: 400 },
      );
    }
    try {
      await applicant.act(params.id, body);
      return redirect(doneUrl('supply'), 303);
    } catch (error) {
      return refusedApplicantAction(error, request, 'supply', values, sentCodes);
    }
  }
  if (intent === 'rate') {
    const rating = String(formData.get('rating') ?? '');
    const comment = textOf(formData, 'comment');
    const values = { rating, comment: comment ?? '' };
    if (!/^[1-5]$/.test(rating)) {
      return data<ApplicantAnswer>(
        { form: 'rate', state: { values, errors: { rating: 'web.myDossiers.rateRequired' } } },
        { status: 400 },
      );
    }
    try {
      await applicant.act(params.id, {
        action: 'rate',
        expectedVersion: versionOf(formData),
        rating: Number(rating),
        ...(comment ? { comment } : {}),
      });
      return redirect(doneUrl('rate'), 303);
    } catch (error) {
      return refusedApplicantAction(error, request, 'rate', values);
    }
  }
  return data<ApplicantAnswer>(
    { form: 'pay', state: { values: {}, errors: {}, formError: { key: 'web.oneStop.action.invalid' } } },
    { status: 400 },
  );
}

/** After a refusal the page must show the dossier as it now is, with or without JavaScript. */
export function shouldRevalidate({ actionStatus, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return actionStatus === 409 || actionStatus === 422 ? true : defaultShouldRevalidate;
}

export default function MyDossier() {
  const { my, timeLeft, done } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const tx = useTx();
  const moment = useMoment();
  const d = my.dossier;
  const may = (action: string) => d.allowedActions.some((a) => a.action === action);
  const has = (action: string) => d.timeline.some((e) => e.action === action);
  const forms = `/api/v1/dossiers/${d.id}/forms`;
  const state = (form: ApplicantAnswer['form']) => (answer?.form === form ? answer.state : undefined);
  return (
    <>
      <BackLink to="/ho-so-cua-toi">{t('web.myDossiers.back')}</BackLink>
      {done ? <SuccessBanner>{tx(`web.myDossiers.done.${done}`)}</SuccessBanner> : null}
      <ErrorSummary state={answer?.state} />
      <PageHeading title={d.code} caption={d.procedure.name} />
      <SummaryList
        rows={[
          { key: t('web.myDossiers.status'), value: <DossierStatusTag status={d.status} /> },
          { key: t('web.myDossiers.dueAt'), value: <DueTime dueAt={d.dueAt} timeLeft={timeLeft} /> },
          { key: t('web.myDossiers.agency'), value: `${d.receivingAgency.name}, ${d.receivingUnit.name}` },
          { key: t('web.myDossiers.submittedAt'), value: moment(d.submittedAt) },
          ...(d.resultNumber ? [{ key: t('web.myDossiers.resultNumber'), value: d.resultNumber }] : []),
          ...(d.rating !== null
            ? [
                {
                  key: t('web.myDossiers.rateTitle'),
                  value: t('web.myDossiers.rated', { level: tx(`web.myDossiers.rateLevels.${d.rating}`) }),
                },
              ]
            : []),
        ]}
      />
      <section aria-labelledby="todo-title">
        <h2 id="todo-title">{t('web.myDossiers.todoTitle')}</h2>
        {my.todos.length === 0 ? <p>{t('web.myDossiers.nothingNow')}</p> : null}
        {my.todos.length > 0 ? (
          <ul>
            {my.todos.map((todo) => (
              <li key={todo}>{tx(`web.myDossiers.todos.${todo}`)}</li>
            ))}
          </ul>
        ) : null}
      </section>
      {my.todos.includes('pay') || my.payments.length > 0 ? <PayPanel my={my} /> : null}
      {may('supply') ? <SupplyForm my={my} state={state('supply')} /> : null}
      {may('rate') ? <RateForm my={my} state={state('rate')} /> : null}
      <ResultFiles my={my} />
      {d.receivedAt || has('request_supplement') || has('apologize') ? (
        <section aria-labelledby="papers-title">
          <h2 id="papers-title">{t('web.myDossiers.papersTitle')}</h2>
          <ul className="link-list">
            {d.receivedAt ? (
              <li>
                <a href={`${forms}/receipt`} type="application/pdf">
                  {t('web.myDossiers.receipt')}
                </a>
              </li>
            ) : null}
            {has('request_supplement') ? (
              <li>
                <a href={`${forms}/supplement-request`} type="application/pdf">
                  {t('web.myDossiers.supplementForm')}
                </a>
              </li>
            ) : null}
            {has('apologize') ? (
              <li>
                <a href={`${forms}/apology`} type="application/pdf">
                  {t('web.myDossiers.apologyForm')}
                </a>
              </li>
            ) : null}
          </ul>
        </section>
      ) : null}
      <DossierFiles dossier={d} />
      <FeeTable fees={d.fees} />
      <DossierTimeline timeline={d.timeline} />
      {may('withdraw') ? (
        <section aria-labelledby="withdraw-title">
          <h2 id="withdraw-title">{t('web.myDossiers.withdrawTitle')}</h2>
          <p className="measure">{t('web.myDossiers.withdrawText')}</p>
          <Link className="button button--warning" to={`/ho-so-cua-toi/${d.id}/rut-ho-so`}>
            {t('web.myDossiers.withdrawLink')}
          </Link>
        </section>
      ) : null}
    </>
  );
}
