import { Form, Link, useLoaderData, useLocation } from 'react-router';
import type { Route } from './+types/units';
import { CheckboxField, SelectField, TextField } from '../../components/form.tsx';
import { NextPageLink, PageHeading } from '../../components/page.tsx';
import { ValidityTag } from '../../components/status.tsx';
import { load, requireStaff } from '../../lib/guards.server.ts';
import { useT, useTx } from '../../lib/i18n.ts';
import { canAnywhere, parentUnits, unitOption } from '../../lib/lists.server.ts';

/**
 * The unit list: search by name or code ignoring diacritics (the service's `q`), filter by parent, and
 * optionally include units ended by the 2025 reorganisation. A GET form, so it works without JavaScript and
 * every result list has its own address.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const actor = requireStaff(context, request);
  const params = new URL(request.url).searchParams;
  const filters = {
    q: params.get('q')?.trim() ?? '',
    parentId: params.get('parentId') ?? '',
    all: params.get('all') === 'true',
  };
  const [page, parents] = await load(request, () =>
    Promise.all([
      context.services.units.list({
        limit: 50,
        ...(filters.q ? { q: filters.q } : {}),
        ...(filters.parentId ? { parentId: filters.parentId } : {}),
        ...(filters.all ? { all: 'true' } : {}),
        ...(params.get('cursor') ? { cursor: params.get('cursor') } : {}),
      }),
      parentUnits(context, filters.all),
    ]),
  );
  return {
    filters,
    page,
    parents: parents.map((unit) => unitOption(context.language, unit)),
    canCreate: canAnywhere(actor, 'units.manage'),
  };
}

export default function Units() {
  const { filters, page, parents, canCreate } = useLoaderData<typeof loader>();
  const t = useT();
  const tx = useTx();
  const location = useLocation();
  return (
    <>
      <PageHeading title={t('web.admin.units.title')} />
      {canCreate ? (
        <p>
          <Link className="button button--secondary" to="/quan-tri/don-vi/them">
            {t('web.admin.units.add')}
          </Link>
        </p>
      ) : null}
      <Form method="get" className="search-form" role="search" key={location.search}>
        <TextField
          name="q"
          type="search"
          label={t('web.admin.units.q')}
          hint={t('web.admin.units.qHint')}
          defaultValue={filters.q}
          width="medium"
        />
        <SelectField
          name="parentId"
          label={t('web.admin.units.parent')}
          options={parents}
          emptyOption={t('web.admin.units.anyParent')}
          defaultValue={filters.parentId}
        />
        <CheckboxField name="all" label={t('web.admin.units.history')} defaultChecked={filters.all} />
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
            <caption className="visually-hidden">{t('web.admin.units.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('web.admin.units.code')}</th>
                <th scope="col">{t('web.admin.units.name')}</th>
                <th scope="col">{t('web.admin.units.kind')}</th>
                <th scope="col">{t('web.admin.units.validity')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((unit) => (
                <tr key={unit.id}>
                  <td>{unit.code}</td>
                  <td>
                    <Link to={`/quan-tri/don-vi/${unit.id}`}>{unit.name}</Link>
                  </td>
                  <td>{tx(`unitKinds.${unit.kind}`)}</td>
                  <td>
                    <ValidityTag validFrom={unit.validFrom} validTo={unit.validTo} />
                  </td>
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
