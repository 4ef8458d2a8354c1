import { Link, useLoaderData, useLocation } from 'react-router';
import type { Route } from './+types/my-dossiers';
import { DossierStatusTag, DueTime } from '../../components/dossier-tags.tsx';
import { PageHeading } from '../../components/page.tsx';
import { load } from '../../lib/guards.server.ts';
import { requireApplicant } from '../../lib/applicant.server.ts';
import { useT, useTx } from '../../lib/i18n.ts';
import { timeLeftOf } from '../../lib/time-left.ts';
import { NO_SCRIPTS } from '../../lib/hydration.ts';

/** Plain HTML: no scripts on this page (src/web/lib/hydration.ts). */
export const handle = NO_SCRIPTS;

/**
 * The signed-in citizen's own dossiers, newest first, a page at a time: code, procedure, status in words, due time
 * and what each is waiting for from them (pay, supplement, rate). Staff are sent away: they work dossiers at /mot-cua.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  requireApplicant(context, request);
  const search = new URL(request.url).searchParams;
  const cursor = search.get('cursor');
  const { applicant, dossiers } = context.services;
  const page = await load(request, () => applicant.list({ limit: 20, ...(cursor ? { cursor } : {}) }));
  const now = dossiers.now();
  return {
    items: page.items.map((d) => ({ ...d, timeLeft: timeLeftOf(d, now) })),
    nextCursor: page.nextCursor,
    paged: cursor !== null,
  };
}

export default function MyDossiers() {
  const { items, nextCursor, paged } = useLoaderData<typeof loader>();
  const t = useT();
  const tx = useTx();
  const location = useLocation();
  const next = new URLSearchParams(location.search);
  if (nextCursor) next.set('cursor', nextCursor);
  return (
    <>
      <PageHeading title={t('web.myDossiers.title')}>
        <p className="lead measure">{t('web.myDossiers.intro')}</p>
      </PageHeading>
      {items.length === 0 ? <p>{t('web.myDossiers.empty')}</p> : null}
      {items.length > 0 ? (
        <div className="table-wrap">
          <table className="table queue">
            <caption className="visually-hidden">{t('web.myDossiers.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('web.myDossiers.code')}</th>
                <th scope="col">{t('web.myDossiers.procedure')}</th>
                <th scope="col">{t('web.myDossiers.status')}</th>
                <th scope="col">{t('web.myDossiers.dueAt')}</th>
                <th scope="col">{t('web.myDossiers.todo')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link className="code" to={`/ho-so-cua-toi/${d.id}`}>
                      {d.code}
                    </Link>
                  </td>
                  <td>
                    {d.procedureName}
                    <br />
                    <span className="secondary">{d.agencyName}</span>
                  </td>
                  <td>
                    <DossierStatusTag status={d.status} />
                  </td>
                  <td>
                    <DueTime dueAt={d.dueAt} timeLeft={d.timeLeft} />
                  </td>
                  <td>
                    {d.todos.length === 0 ? (
                      <span className="secondary">{t('web.myDossiers.nothingToDo')}</span>
                    ) : (
                      <ul className="todo-list">
                        {d.todos.map((todo) => (
                          <li key={todo}>
                            <strong>{tx(`web.myDossiers.todos.${todo}`)}</strong>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {nextCursor || paged ? (
        <nav className="pagination" aria-label={t('web.common.pagination')}>
          {nextCursor ? (
            <Link to={`?${next.toString()}`} rel="next">
              {t('web.myDossiers.next')}
            </Link>
          ) : null}{' '}
          {paged ? <Link to="/ho-so-cua-toi">{t('web.myDossiers.first')}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
