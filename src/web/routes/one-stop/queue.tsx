import { Form, Link, data, useActionData, useLoaderData, useLocation } from 'react-router';
import type { Route } from './+types/queue';
import { type BulkOutcome, BulkActionControls, BulkResults } from '../../components/bulk-actions.tsx';
import { ErrorSummary, SelectField, TextField } from '../../components/form.tsx';
import { NextPageLink, PageHeading } from '../../components/page.tsx';
import { QueueTable } from '../../components/queue-table.tsx';
import { type BULK_ACTIONS, OPEN_STATUSES, TIME_LEFT_FILTERS } from '../../../modules/dossiers/dossier-model.ts';
import { bulkBodyOf, bulkFormErrors, refusalReason, refusedBulk } from '../../lib/bulk-form.server.ts';
import type { FormState } from '../../lib/forms.ts';
import { load, requireStaff } from '../../lib/guards.server.ts';
import { useT, useTx } from '../../lib/i18n.ts';
import { timeLeftOf } from '../../lib/time-left.ts';

/**
 * The work queue of one-stop and processing officers and of their leaders: the open dossiers at their units now
 * (a leader's grant reaches the units below), most urgent first, each marked by its time left. Tabs for all, mine
 * and overdue (most late first); a GET form of filters, so every view has its own address; and a POST form that
 * applies one action to the ticked dossiers, each on its own.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOUR_MS = 3_600_000;
const BULK_FORM = 'bulk-form';

export async function loader({ request, context }: Route.LoaderArgs) {
  requireStaff(context, request);
  const params = new URL(request.url).searchParams;
  const pick = (name: string, allowed: readonly string[]) => {
    const value = params.get(name) ?? '';
    return allowed.includes(value) ? value : '';
  };
  const id = (name: string) => (UUID.test(params.get(name) ?? '') ? (params.get(name) as string) : '');
  const filters = {
    q: params.get('q')?.trim().slice(0, 100) ?? '',
    status: pick('status', OPEN_STATUSES),
    procedureId: id('procedureId'),
    unitId: id('unitId'),
    // `overdue=true` is the address older links and alert mails use.
    timeLeft: params.get('overdue') === 'true' ? 'overdue' : pick('timeLeft', TIME_LEFT_FILTERS),
    mine: params.get('assignee') === 'me',
  };
  const { dossiers } = context.services;
  const [page, desks, choices] = await load(request, () =>
    Promise.all([
      dossiers.list({
        view: 'current',
        limit: 50,
        ...Object.fromEntries(
          Object.entries({
            q: filters.q,
            status: filters.status,
            procedureId: filters.procedureId,
            unitId: filters.unitId,
            timeLeft: filters.timeLeft,
          }).filter(([, v]) => v !== ''),
        ),
        ...(filters.mine ? { assignee: 'me' } : {}),
        ...(params.get('cursor') ? { cursor: params.get('cursor') } : {}),
      }),
      dossiers.counterUnits(),
      dossiers.queueChoices(),
    ]),
  );
  const now = dossiers.now();
  const leads = choices.officers.length > 0;
  const bulkActions: (typeof BULK_ACTIONS)[number][] = [
    ...(leads ? (['assign'] as const) : []),
    ...(desks.length > 0 ? (['accept'] as const) : []),
    'forward',
    ...(leads ? (['approve'] as const) : []),
  ];
  return {
    filters,
    choices,
    bulkActions,
    canReceive: desks.length > 0,
    nextCursor: page.nextCursor,
    items: page.items.map((d) => {
      const lateMs = d.overdue && d.dueAt ? now.getTime() - new Date(d.dueAt).getTime() : null;
      return {
        ...d,
        timeLeft: timeLeftOf(d, now),
        lateBy:
          lateMs === null
            ? null
            : { days: Math.floor(lateMs / (24 * HOUR_MS)), hours: Math.floor((lateMs % (24 * HOUR_MS)) / HOUR_MS) },
      };
    }),
  };
}

type Answer =
  | { state: FormState; bulk?: undefined }
  | { state?: undefined; bulk: { action: string; done: number; refused: number; outcomes: BulkOutcome[] } };

export async function action({ request, context }: Route.ActionArgs) {
  requireStaff(context, request);
  const { body, values } = bulkBodyOf(await request.formData());
  const errors = bulkFormErrors(body);
  if (Object.keys(errors).length > 0) {
    return data<Answer>({ state: { values, errors } }, { status: 400 });
  }
  try {
    const result = await context.services.dossiers.bulk(body);
    const action = String(body.action);
    return data<Answer>({
      bulk: {
        action,
        done: result.done,
        refused: result.refused,
        outcomes: result.results.map((r) => ({
          id: r.id,
          code: r.code,
          outcome: r.outcome,
          reason: r.problem ? refusalReason(r.problem, action) : null,
        })),
      },
    });
  } catch (error) {
    const state = refusedBulk(error, request, values);
    return data<Answer>({ state }, { status: 400 });
  }
}

export default function Queue() {
  const { filters, choices, bulkActions, canReceive, items, nextCursor } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const tx = useTx();
  const location = useLocation();
  const tab = filters.timeLeft === 'overdue' ? 'overdue' : filters.mine ? 'mine' : 'all';
  const tabs = [
    { key: 'all', to: '/mot-cua', label: t('web.desk.tabAll') },
    { key: 'mine', to: '/mot-cua?assignee=me', label: t('web.desk.tabMine') },
    { key: 'overdue', to: '/mot-cua?timeLeft=overdue', label: t('web.desk.tabOverdue') },
  ];
  const title = tab === 'overdue' ? t('web.desk.tabOverdue') : tab === 'mine' ? t('web.desk.tabMine') : '';
  return (
    <>
      <PageHeading title={t('web.oneStop.title')}>
        <p className="lead measure">{tab === 'overdue' ? t('web.desk.overdueIntro') : t('web.oneStop.intro')}</p>
      </PageHeading>
      {canReceive ? (
        <p>
          <Link className="button" to="/mot-cua/tiep-nhan">
            {t('web.oneStop.receiveLink')}
          </Link>
        </p>
      ) : null}
      <nav className="tabs" aria-label={t('web.desk.tabsLabel')}>
        <ul className="tabs__list">
          {tabs.map((x) => (
            <li key={x.key} className="tabs__item">
              <Link className="tabs__link" to={x.to} aria-current={x.key === tab ? 'page' : undefined}>
                {x.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <ErrorSummary state={answer?.state} />
      {answer?.bulk ? <BulkResults {...answer.bulk} /> : null}
      <Form
        method="get"
        className="search-form"
        role="search"
        aria-label={t('web.oneStop.filters')}
        key={location.search}
      >
        {filters.mine ? <input type="hidden" name="assignee" value="me" /> : null}
        <TextField
          name="q"
          type="search"
          label={t('web.desk.q')}
          hint={t('web.desk.qHint')}
          defaultValue={filters.q}
          width="medium"
        />
        <SelectField
          name="status"
          label={t('web.oneStop.status')}
          options={OPEN_STATUSES.map((s) => ({ value: s, label: tx(`dossierStatuses.${s}`) }))}
          emptyOption={t('web.oneStop.anyStatus')}
          defaultValue={filters.status}
        />
        <SelectField
          name="procedureId"
          label={t('web.desk.procedure')}
          options={choices.procedures.map((p) => ({ value: p.id, label: p.name }))}
          emptyOption={t('web.desk.anyProcedure')}
          defaultValue={filters.procedureId}
        />
        <SelectField
          name="unitId"
          label={t('web.desk.unit')}
          options={choices.units.map((u) => ({ value: u.id, label: u.name }))}
          emptyOption={t('web.desk.anyUnit')}
          defaultValue={filters.unitId}
        />
        <SelectField
          name="timeLeft"
          label={t('web.desk.timeLeft')}
          options={TIME_LEFT_FILTERS.map((m) => ({ value: m, label: tx(`web.oneStop.timeLeft.${m}`) }))}
          emptyOption={t('web.desk.anyTimeLeft')}
          defaultValue={filters.timeLeft}
        />
        <button type="submit" className="button">
          {t('web.common.search')}
        </button>
      </Form>
      <p role="status">
        {items.length > 0 ? t('web.common.showing', { count: items.length }) : t('web.common.noResults')}
      </p>
      {items.length > 0 ? (
        <>
          <QueueTable
            items={items}
            caption={title ? `${t('web.oneStop.title')}: ${title}` : t('web.oneStop.title')}
            selectable
            formId={BULK_FORM}
            state={answer?.state}
          />
          <NextPageLink cursor={nextCursor} search={location.search} />
          <BulkActionControls id={BULK_FORM} actions={bulkActions} officers={choices.officers} state={answer?.state} />
        </>
      ) : (
        <NextPageLink cursor={nextCursor} search={location.search} />
      )}
    </>
  );
}
