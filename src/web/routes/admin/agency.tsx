import { Link, useLoaderData } from 'react-router';
import type { Route } from './+types/agency';
import { Notice } from '../../components/notice.tsx';
import { BackLink, PageHeading, SummaryList } from '../../components/page.tsx';
import { ValidityTag } from '../../components/status.tsx';
import { load, requireStaff } from '../../lib/guards.server.ts';
import { formatDate, useLanguage, useT, useTx } from '../../lib/i18n.ts';
import { canIn } from '../../lib/lists.server.ts';

/** One agency's facts, its unit and parent agency, and the agencies under it. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const actor = requireStaff(context, request);
  const { units, agencies } = context.services;
  return load(request, async () => {
    const agency = await agencies.get(params.id);
    const [unit, parent, siblings] = await Promise.all([
      units.get(agency.unitId),
      agency.parentId ? agencies.get(agency.parentId) : null,
      agencies.list({ unitId: agency.unitId, limit: 200 }),
    ]);
    return {
      agency,
      unit: { id: unit.id, name: unit.name },
      parent: parent ? { id: parent.id, name: parent.name } : null,
      children: siblings.items.filter((a) => a.parentId === agency.id).map((a) => ({ id: a.id, name: a.name })),
      canEdit: canIn(actor, 'agencies.manage', unit.ancestorIds, agency.id),
    };
  });
}

export default function AgencyDetail() {
  const { agency, unit, parent, children, canEdit } = useLoaderData<typeof loader>();
  const t = useT();
  const tx = useTx();
  const language = useLanguage();
  const none = t('web.common.none');
  return (
    <>
      <BackLink to="/quan-tri/co-quan">{t('web.admin.agencies.title')}</BackLink>
      <Notice />
      <PageHeading title={agency.name} caption={tx(`agencyKinds.${agency.kind}`)} />
      <SummaryList
        rows={[
          { key: t('web.admin.agencies.code'), value: agency.code ?? none },
          { key: t('web.admin.agencies.kind'), value: tx(`agencyKinds.${agency.kind}`) },
          { key: t('web.admin.agencies.unit'), value: <Link to={`/quan-tri/don-vi/${unit.id}`}>{unit.name}</Link> },
          {
            key: t('web.admin.agencies.parent'),
            value: parent ? <Link to={`/quan-tri/co-quan/${parent.id}`}>{parent.name}</Link> : none,
          },
          { key: t('web.admin.agencies.email'), value: agency.email ?? none },
          { key: t('web.admin.agencies.phone'), value: agency.phone ?? none },
          { key: t('web.admin.agencies.address'), value: agency.address ?? none },
          { key: t('web.admin.agencies.validFrom'), value: formatDate(language, agency.validFrom) || none },
          { key: t('web.admin.agencies.validTo'), value: formatDate(language, agency.validTo) || none },
          {
            key: t('web.admin.units.validity'),
            value: <ValidityTag validFrom={agency.validFrom} validTo={agency.validTo} />,
          },
        ]}
      />
      {canEdit ? (
        <div className="button-group">
          <Link className="button button--secondary" to={`/quan-tri/co-quan/${agency.id}/sua`}>
            {t('web.common.edit')}
          </Link>
          <Link
            className="button button--secondary"
            to={`/quan-tri/co-quan/them?unitId=${unit.id}&parentId=${agency.id}`}
          >
            {t('web.admin.agencies.add')}
          </Link>
        </div>
      ) : null}
      {children.length > 0 ? (
        <section aria-labelledby="children-title">
          <h2 id="children-title">{t('web.admin.agencies.children')}</h2>
          <ul>
            {children.map((child) => (
              <li key={child.id}>
                <Link to={`/quan-tri/co-quan/${child.id}`}>{child.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
