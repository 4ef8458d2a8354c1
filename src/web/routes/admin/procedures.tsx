import { Form, Link, useLoaderData, useLocation } from 'react-router';
import type { Route } from './+types/procedures';
import { TextField } from '../../components/form.tsx';
import { NextPageLink, PageHeading } from '../../components/page.tsx';
import { requireProcedureManager } from '../../lib/admin-config.server.ts';
import { load } from '../../lib/guards.server.ts';
import { useT, useTx } from '../../lib/i18n.ts';
import { deadlineText } from '../../lib/procedure-facts.ts';

/**
 * The procedure administrators' catalogue: the public search (`GET /api/v1/procedures?q=`, diacritics ignored) with
 * links to each procedure's versions. A GET form, so results have their own address and work without JavaScript.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  requireProcedureManager(context, request);
  const params = new URL(request.url).searchParams;
  const q = params.get('q')?.trim() ?? '';
  const [page, unpublished] = await load(request, () =>
    Promise.all([
      context.services.procedures.list({
        limit: 50,
        ...(q ? { q } : {}),
        ...(params.get('cursor') ? { cursor: params.get('cursor') } : {}),
      }),
      context.services.procedureAdmin.unpublished(),
    ]),
  );
  return { q, page, unpublished: unpublished.items };
}

export default function AdminProcedures() {
  const { q, page, unpublished } = useLoaderData<typeof loader>();
  const t = useT();
  const tx = useTx();
  const location = useLocation();
  return (
    <>
      <PageHeading title={t('web.adminConfig.procedures.title')}>
        <p className="lead measure">{t('web.adminConfig.procedures.intro')}</p>
      </PageHeading>
      <p>
        <Link className="button button--secondary" to="/quan-tri/thu-tuc/them">
          {t('web.adminConfig.newProcedure.add')}
        </Link>
      </p>
      <Form method="get" className="search-form" role="search" key={location.search}>
        <TextField
          name="q"
          type="search"
          label={t('web.adminConfig.procedures.q')}
          hint={t('web.adminConfig.procedures.qHint')}
          defaultValue={q}
          width="medium"
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
            <caption className="visually-hidden">{t('web.adminConfig.procedures.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('web.adminConfig.procedures.name')}</th>
                <th scope="col">{t('web.adminConfig.procedures.code')}</th>
                <th scope="col">{t('web.adminConfig.procedures.field')}</th>
                <th scope="col">{t('web.adminConfig.procedures.deadline')}</th>
                <th scope="col">{t('web.adminConfig.procedures.currentVersion')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/quan-tri/thu-tuc/${p.id}`}>{p.name}</Link>
                  </td>
                  <td className="code">{p.code}</td>
                  <td>{p.field.name}</td>
                  <td>{deadlineText(tx, p.deadline)}</td>
                  <td>{p.currentVersion}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <NextPageLink cursor={page.nextCursor} search={location.search} />
      {unpublished.length > 0 ? (
        <section aria-labelledby="unpublished-title">
          <h2 id="unpublished-title">{t('web.adminConfig.procedures.unpublishedTitle')}</h2>
          <ul className="link-list">
            {unpublished.map((p) => (
              <li key={p.id}>
                <Link to={`/quan-tri/thu-tuc/${p.id}`}>{p.name}</Link> <span className="code">{p.code}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
