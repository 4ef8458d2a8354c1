import { Form, Link, useLoaderData, useLocation } from 'react-router';
import type { Route } from './+types/queue';
import { CheckboxField, SelectField, TextField } from '../../components/form.tsx';
import { DossierStatusTag, DueTime } from '../../components/dossier-tags.tsx';
import { NextPageLink, PageHeading } from '../../components/page.tsx';
import { OPEN_STATUSES } from '../../../modules/dossiers/dossier-model.ts';
import { load, requireStaff } from '../../lib/guards.server.ts';
import { useT, useTx } from '../../lib/i18n.ts';
import { timeLeftOf } from '../../lib/time-left.ts';

/**
 * The work queue of a one-stop or processing officer: the open dossiers at their units now, most urgent first, each
 * marked by its time left. A GET form, so every filtered view has its own address.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  requireStaff(context, request);
  const params = new URL(request.url).searchParams;
  const status = params.get('status') ?? '';
  const filters = {
    q: params.get('q')?.trim() ?? '',
    status: (OPEN_STATUSES as readonly string[]).includes(status) ? status : '',
    mine: params.get('assignee') === 'me',
    overdue: params.get('overdue') === 'true',
  };
  const { dossiers } = context.services;
  const [page, desks] = await load(request, () =>
    Promise.all([
      dossiers.list({
        view: 'current',
        limit: 50,
        ...(filters.q ? { q: filters.q } : {}),
        ...(filters.status ? { status: filters.status } : {}),
        ...(filters.mine ? { assignee: 'me' } : {}),
        ...(filters.overdue ? { overdue: 'true' } : {}),
        ...(params.get('cursor') ? { cursor: params.get('cursor') } : {}),
      }),
      dossiers.counterUnits(),
    ]),
  );
  const now = dossiers.now();
  return {
    filters,
    canReceive: desks.length > 0,
    nextCursor: page.nextCursor,
    items: page.items.map((d) => ({ ...d, timeLeft: timeLeftOf(d, now) })),
  };
}

export default function Queue() {
  const { filters, canReceive, items, nextCursor } = useLoaderData<typeof loader>();
  const t = useT();
  const tx = useTx();
  const location = useLocation();
  return (
    <>
      <PageHeading title={t('web.oneStop.title')}>
        <p className="lead measure">{t('web.oneStop.intro')}</p>
      </PageHeading>
      {canReceive ? (
        <p>
          <Link className="button" to="/mot-cua/tiep-nhan">
            {t('web.oneStop.receiveLink')}
          </Link>
        </p>
      ) : null}
      <Form
        method="get"
        className="search-form"
        role="search"
        aria-label={t('web.oneStop.filters')}
        key={location.search}
      >
        <TextField
          name="q"
          type="search"
          label={t('web.oneStop.q')}
          hint={t('web.oneStop.qHint')}
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
        <CheckboxField name="assignee" value="me" label={t('web.oneStop.mine')} defaultChecked={filters.mine} />
        <CheckboxField name="overdue" label={t('web.oneStop.overdueOnly')} defaultChecked={filters.overdue} />
        <button type="submit" className="button">
          {t('web.common.search')}
        </button>
      </Form>
      <p role="status">
        {items.length > 0 ? t('web.common.showing', { count: items.length }) : t('web.common.noResults')}
      </p>
      {items.length > 0 ? (
        <div className="table-wrap">
          <table className="table queue">
            <caption className="visually-hidden">{t('web.oneStop.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('web.oneStop.code')}</th>
                <th scope="col">{t('web.oneStop.procedure')}</th>
                <th scope="col">{t('web.oneStop.applicant')}</th>
                <th scope="col">{t('web.oneStop.status')}</th>
                <th scope="col">{t('web.oneStop.dueAt')}</th>
                <th scope="col">{t('web.oneStop.where')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link className="code" to={`/mot-cua/ho-so/${d.id}`}>
                      {d.code}
                    </Link>
                  </td>
                  <td>{d.procedure.name}</td>
                  <td>{d.applicantName}</td>
                  <td>
                    <DossierStatusTag status={d.status} />
                  </td>
                  <td>
                    <DueTime dueAt={d.dueAt} timeLeft={d.timeLeft} />
                  </td>
                  <td>
                    {d.currentAgencyName ?? d.currentUnitName}
                    <br />
                    <span className="secondary">{d.assignee?.fullName ?? t('web.oneStop.unassigned')}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <NextPageLink cursor={nextCursor} search={location.search} />
    </>
  );
}
