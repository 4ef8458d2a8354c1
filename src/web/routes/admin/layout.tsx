import { NavLink, Outlet, redirect, useRouteLoaderData } from 'react-router';
import type { Route } from './+types/layout';
import { requireStaff } from '../../lib/guards.server.ts';
import { canAnywhere } from '../../lib/lists.server.ts';
import { useT } from '../../lib/i18n.ts';
import { ErrorMessage } from '../../root.tsx';

/** The administration area: signed-in staff only; sections shown by what the caller may do. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const actor = requireStaff(context, request);
  if (context.settings.staffMfa === 'required') {
    // Roles stay dormant until the officer enrols TOTP (the session resolver sees to that); send them to do it.
    const me = await context.services.auth.me();
    if (me.mustEnrollMfa) {
      throw redirect('/tai-khoan?batbuoc=mfa');
    }
  }
  return {
    canSeeUsers: canAnywhere(actor, 'users.read'),
    canManageProcedures: canAnywhere(actor, 'procedures.manage'),
    canManageCalendar: canAnywhere(actor, 'calendar.manage'),
  };
}

function AdminNav() {
  const t = useT();
  const data = useRouteLoaderData<typeof loader>('routes/admin/layout');
  return (
    <nav className="admin-nav" aria-label={t('web.admin.nav')}>
      <ul className="admin-nav__list">
        <li>
          <NavLink to="/quan-tri/don-vi">{t('web.admin.unitsLink')}</NavLink>
        </li>
        <li>
          <NavLink to="/quan-tri/co-quan">{t('web.admin.agenciesLink')}</NavLink>
        </li>
        {data?.canSeeUsers ? (
          <li>
            <NavLink to="/quan-tri/nguoi-dung">{t('web.admin.usersLink')}</NavLink>
          </li>
        ) : null}
        {data?.canManageProcedures ? (
          <li>
            <NavLink to="/quan-tri/thu-tuc">{t('web.adminConfig.proceduresLink')}</NavLink>
          </li>
        ) : null}
        {data?.canManageCalendar ? (
          <li>
            <NavLink to="/quan-tri/lich-lam-viec">{t('web.adminConfig.calendarLink')}</NavLink>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

export default function AdminLayout() {
  return (
    <>
      <AdminNav />
      <Outlet />
    </>
  );
}

/** Refusals inside the area (FORBIDDEN, NOT_FOUND) keep the area's navigation. */
export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  return (
    <>
      <AdminNav />
      <ErrorMessage error={error} />
    </>
  );
}
