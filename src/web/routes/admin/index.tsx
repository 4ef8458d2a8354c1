import { Link, useRouteLoaderData } from 'react-router';
import type { Route } from './+types/index';
import { PageHeading } from '../../components/page.tsx';
import { requireStaff } from '../../lib/guards.server.ts';
import { useT } from '../../lib/i18n.ts';
import type { loader as layoutLoader } from './layout.tsx';

export async function loader({ request, context }: Route.LoaderArgs) {
  requireStaff(context, request);
  return null;
}

export default function AdminHome() {
  const t = useT();
  const layout = useRouteLoaderData<typeof layoutLoader>('routes/admin/layout');
  return (
    <>
      <PageHeading title={t('web.admin.title')}>
        <p className="lead measure">{t('web.admin.intro')}</p>
      </PageHeading>
      <ul className="card-list">
        <li>
          <h2>
            <Link to="/quan-tri/don-vi">{t('web.admin.unitsLink')}</Link>
          </h2>
          <p>{t('web.admin.unitsText')}</p>
        </li>
        <li>
          <h2>
            <Link to="/quan-tri/co-quan">{t('web.admin.agenciesLink')}</Link>
          </h2>
          <p>{t('web.admin.agenciesText')}</p>
        </li>
        {layout?.canSeeUsers ? (
          <li>
            <h2>
              <Link to="/quan-tri/nguoi-dung">{t('web.admin.usersLink')}</Link>
            </h2>
            <p>{t('web.admin.usersText')}</p>
          </li>
        ) : null}
        {layout?.canManageProcedures ? (
          <li>
            <h2>
              <Link to="/quan-tri/thu-tuc">{t('web.adminConfig.proceduresLink')}</Link>
            </h2>
            <p>{t('web.adminConfig.proceduresText')}</p>
          </li>
        ) : null}
        {layout?.canManageCalendar ? (
          <li>
            <h2>
              <Link to="/quan-tri/lich-lam-viec">{t('web.adminConfig.calendarLink')}</Link>
            </h2>
            <p>{t('web.adminConfig.calendarText')}</p>
          </li>
        ) : null}
      </ul>
    </>
  );
}
