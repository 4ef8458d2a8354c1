import { Form, Link, useLoaderData, useLocation } from 'react-router';
import type { Route } from './+types/users';
import { SelectField, TextField } from '../../components/form.tsx';
import { NextPageLink, PageHeading } from '../../components/page.tsx';
import { UserStatusTag } from '../../components/user-status.tsx';
import { load, requireStaff } from '../../lib/guards.server.ts';
import { useT } from '../../lib/i18n.ts';
import { canAnywhere, canIn, currentUnits, unitOption } from '../../lib/lists.server.ts';

/** Staff accounts of the caller's units only (the service filters by scope in SQL). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const actor = requireStaff(context, request);
  const params = new URL(request.url).searchParams;
  const filters = {
    q: params.get('q')?.trim() ?? '',
    unitId: params.get('unitId') ?? '',
    status: params.get('status') ?? '',
  };
  const [page, units] = await load(request, () =>
    Promise.all([
      context.services.users.list({
        limit: 50,
        ...(filters.q ? { q: filters.q } : {}),
        ...(filters.unitId ? { unitId: filters.unitId } : {}),
        ...(filters.status ? { status: filters.status } : {}),
        ...(params.get('cursor') ? { cursor: params.get('cursor') } : {}),
      }),
      currentUnits(context),
    ]),
  );
  return {
    filters,
    page,
    units: units.filter((u) => canIn(actor, 'users.read', u.ancestorIds)).map((u) => unitOption(context.language, u)),
    canCreate: canAnywhere(actor, 'users.manage'),
  };
}

export default function Users() {
  const { filters, page, units, canCreate } = useLoaderData<typeof loader>();
  const t = useT();
  const location = useLocation();
  return (
    <>
      <PageHeading title={t('web.admin.users.title')} />
      {canCreate ? (
        <p>
          <Link className="button button--secondary" to="/quan-tri/nguoi-dung/them">
            {t('web.admin.users.add')}
          </Link>
        </p>
      ) : null}
      <Form method="get" className="search-form" role="search" key={location.search}>
        <TextField
          name="q"
          type="search"
          label={t('web.admin.users.q')}
          hint={t('web.admin.users.qHint')}
          defaultValue={filters.q}
          width="medium"
        />
        <SelectField
          name="unitId"
          label={t('web.admin.users.homeUnit')}
          options={units}
          emptyOption={t('web.admin.agencies.anyUnit')}
          defaultValue={filters.unitId}
        />
        <SelectField
          name="status"
          label={t('web.admin.users.status')}
          options={[
            { value: 'active', label: t('people.userStatus.active') },
            { value: 'disabled', label: t('people.userStatus.disabled') },
          ]}
          emptyOption={t('web.admin.agencies.anyKind')}
          defaultValue={filters.status}
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
            <caption className="visually-hidden">{t('web.admin.users.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('web.admin.users.fullName')}</th>
                <th scope="col">{t('web.admin.users.username')}</th>
                <th scope="col">{t('web.admin.users.homeUnit')}</th>
                <th scope="col">{t('web.admin.users.status')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((user) => (
                <tr key={user.id}>
                  <td>
                    <Link to={`/quan-tri/nguoi-dung/${user.id}`}>{user.fullName}</Link>
                  </td>
                  <td>{user.username}</td>
                  <td>{user.homeUnit?.name ?? ''}</td>
                  <td>
                    <UserStatusTag user={user} />
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
