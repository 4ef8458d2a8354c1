import { Form, Link, useLoaderData, useLocation } from 'react-router';
import type { Route } from './+types/agencies';
import { SelectField, TextField } from '../../components/form.tsx';
import { Notice } from '../../components/notice.tsx';
import { NextPageLink, PageHeading } from '../../components/page.tsx';
import { AGENCY_KINDS } from '../../lib/enums.ts';
import { load, requireStaff } from '../../lib/guards.server.ts';
import { useT, useTx } from '../../lib/i18n.ts';
import { canAnywhere, currentUnits, unitOption } from '../../lib/lists.server.ts';

/** Agencies: search by name or identifier code (diacritics ignored), filter by unit and kind. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const actor = requireStaff(context, request);
  const params = new URL(request.url).searchParams;
  const filters = {
    q: params.get('q')?.trim() ?? '',
    unitId: params.get('unitId') ?? '',
    kind: params.get('kind') ?? '',
  };
  const [page, units] = await load(request, () =>
    Promise.all([
      context.services.agencies.list({
        limit: 50,
        ...(filters.q ? { q: filters.q } : {}),
        ...(filters.unitId ? { unitId: filters.unitId } : {}),
        ...(filters.kind ? { kind: filters.kind } : {}),
        ...(params.get('cursor') ? { cursor: params.get('cursor') } : {}),
      }),
      currentUnits(context),
    ]),
  );
  const unitNames = Object.fromEntries(units.map((u) => [u.id, u.name]));
  return {
    filters,
    page: { ...page, items: page.items.map((a) => ({ ...a, unitName: unitNames[a.unitId] ?? '' })) },
    units: units.map((u) => unitOption(context.language, u)),
    canCreate: canAnywhere(actor, 'agencies.manage'),
  };
}

export default function Agencies() {
  const { filters, page, units, canCreate } = useLoaderData<typeof loader>();
  const t = useT();
  const tx = useTx();
  const location = useLocation();
  return (
    <>
      <Notice />
      <PageHeading title={t('web.admin.agencies.title')} />
      {canCreate ? (
        <p>
          <Link className="button button--secondary" to="/quan-tri/co-quan/them">
            {t('web.admin.agencies.add')}
          </Link>
        </p>
      ) : null}
      <Form method="get" className="search-form" role="search" key={location.search}>
        <TextField
          name="q"
          type="search"
          label={t('web.admin.agencies.q')}
          hint={t('web.admin.agencies.qHint')}
          defaultValue={filters.q}
          width="medium"
        />
        <SelectField
          name="unitId"
          label={t('web.admin.agencies.unit')}
          options={units}
          emptyOption={t('web.admin.agencies.anyUnit')}
          defaultValue={filters.unitId}
        />
        <SelectField
          name="kind"
          label={t('web.admin.agencies.kind')}
          options={AGENCY_KINDS.map((kind) => ({ value: kind, label: tx(`agencyKinds.${kind}`) }))}
          emptyOption={t('web.admin.agencies.anyKind')}
          defaultValue={filters.kind}
        />
        <button type="submit" className="button">
          {t('web.common.search')}
        </button>
      </Form>

      <p role="status">
        {page.items.length > 0 ? t('web.common.showing', { count: page.items.length }) : t('web.common.noResults')}
      </p>
      {page.items.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('web.admin.agencies.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('web.admin.agencies.name')}</th>
                <th scope="col">{t('web.admin.agencies.code')}</th>
                <th scope="col">{t('web.admin.agencies.kind')}</th>
                <th scope="col">{t('web.admin.agencies.unit')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((agency) => (
                <tr key={agency.id}>
                  <td>
                    <Link to={`/quan-tri/co-quan/${agency.id}`}>{agency.name}</Link>
                  </td>
                  <td>{agency.code ?? ''}</td>
                  <td>{tx(`agencyKinds.${agency.kind}`)}</td>
                  <td>{agency.unitName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <NextPageLink cursor={page.nextCursor} search={location.search} />
    </>
  );
}
