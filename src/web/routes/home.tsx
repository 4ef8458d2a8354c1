import { Link, useLoaderData } from 'react-router';
import type { Route } from './+types/home';
import { PageHeading } from '../components/page.tsx';
import { useT } from '../lib/i18n.ts';
import { listAll } from '../lib/lists.server.ts';
import { Notice } from '../components/notice.tsx';
import { NO_SCRIPTS } from '../lib/hydration.ts';

/** Plain HTML: no scripts on this page (src/web/lib/hydration.ts). */
export const handle = NO_SCRIPTS;

/** The public front page: what the platform is, the tenant's units in force, and the way in for officers. */
export async function loader({ context }: Route.LoaderArgs) {
  const { units, agencies } = context.services;
  const provinces = await units.list({ kind: 'province', limit: 5 });
  const province = provinces.items[0] ?? null;
  let stats = null;
  if (province) {
    const [children, provincial] = await Promise.all([
      listAll((page) => units.list({ ...page, parentId: province.id })),
      listAll((page) => agencies.list({ ...page, unitId: province.id })),
    ]);
    stats = {
      communeLevel: children.length,
      wards: children.filter((u) => u.kind === 'ward').length,
      communes: children.filter((u) => u.kind === 'commune').length,
      provincialAgencies: provincial.length,
    };
  }
  const actor = context.actor;
  return {
    stats,
    isStaff: actor.kind === 'user' && actor.userKind === 'staff',
    isApplicant: actor.kind === 'user' && actor.userKind !== 'staff',
  };
}

export default function Home() {
  const { stats, isStaff, isApplicant } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <Notice />
      <PageHeading title={t('web.home.title')} documentTitle={t('web.home.title')}>
        <p className="lead measure">{t('web.home.lead')}</p>
      </PageHeading>

      <section aria-labelledby="citizen-title">
        <h2 id="citizen-title">{t('web.home.citizenTitle')}</h2>
        <ul className="link-list measure">
          {isApplicant ? (
            <li>
              <Link to="/ho-so-cua-toi">{t('web.myDossiers.homeLink')}</Link>
              <p className="secondary">{t('web.myDossiers.homeLinkText')}</p>
            </li>
          ) : null}
          <li>
            <Link to="/thu-tuc">{t('web.home.citizenProcedures')}</Link>
            <p className="secondary">{t('web.home.citizenProceduresText')}</p>
          </li>
          <li>
            <Link to="/tra-cuu">{t('web.home.citizenLookup')}</Link>
            <p className="secondary">{t('web.home.citizenLookupText')}</p>
          </li>
        </ul>
      </section>

      {stats ? (
        <section aria-labelledby="units-title">
          <h2 id="units-title">{t('web.home.unitsTitle')}</h2>
          <p className="measure">{t('web.home.unitsIntro')}</p>
          <ul className="stats">
            <li>
              <span className="stats__number">{stats.communeLevel}</span> {t('web.home.statCommuneLevel')}
            </li>
            <li>
              <span className="stats__number">{stats.wards}</span> {t('web.home.statWards')}
            </li>
            <li>
              <span className="stats__number">{stats.communes}</span> {t('web.home.statCommunes')}
            </li>
            <li>
              <span className="stats__number">{stats.provincialAgencies}</span> {t('web.home.statProvincialAgencies')}
            </li>
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="services-title">
        <h2 id="services-title">{t('web.home.servicesTitle')}</h2>
        <ul className="measure">
          <li>{t('web.home.services.procedures')}</li>
          <li>{t('web.home.services.documents')}</li>
          <li>{t('web.home.services.exchange')}</li>
          <li>{t('web.home.services.portal')}</li>
        </ul>
      </section>

      <section aria-labelledby="staff-title">
        <h2 id="staff-title">{t('web.home.staffTitle')}</h2>
        <p className="measure">{t('web.home.staffText')}</p>
        {isStaff ? (
          <Link className="button" to="/quan-tri">
            {t('web.home.staffAdmin')}
          </Link>
        ) : (
          <Link className="button" to="/dang-nhap">
            {t('web.home.staffSignIn')}
          </Link>
        )}
      </section>
    </>
  );
}
