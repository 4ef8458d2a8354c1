import { Link, useLoaderData } from 'react-router';
import type { Route } from './+types/unit';
import { Notice } from '../../components/notice.tsx';
import { BackLink, PageHeading, SummaryList } from '../../components/page.tsx';
import { ValidityTag } from '../../components/status.tsx';
import { load, requireStaff } from '../../lib/guards.server.ts';
import { formatDate, useLanguage, useT, useTx } from '../../lib/i18n.ts';
import { canIn } from '../../lib/lists.server.ts';

const CHILDREN_SHOWN = 100;

/** One unit: its facts, what it was formed from and merged into (the 2025 reform), units below, agencies. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const actor = requireStaff(context, request);
  const { units, agencies } = context.services;
  return load(request, async () => {
    const unit = await units.get(params.id);
    const [parent, children, unitAgencies] = await Promise.all([
      unit.parentId ? units.get(unit.parentId) : null,
      units.list({ parentId: unit.id, all: 'true', limit: CHILDREN_SHOWN }),
      agencies.list({ unitId: unit.id, limit: 100 }),
    ]);
    return {
      unit,
      parent: parent ? { id: parent.id, name: parent.name } : null,
      children,
      agencies: unitAgencies.items,
      canEdit: canIn(actor, 'units.manage', unit.ancestorIds),
    };
  });
}

export default function UnitDetail() {
  const { unit, parent, children, agencies, canEdit } = useLoaderData<typeof loader>();
  const t = useT();
  const tx = useTx();
  const language = useLanguage();
  return (
    <>
      <BackLink to="/quan-tri/don-vi">{t('web.admin.units.title')}</BackLink>
      <Notice />
      <PageHeading title={unit.name} caption={tx(`unitKinds.${unit.kind}`)} />
      <SummaryList
        rows={[
          { key: t('web.admin.units.code'), value: unit.code },
          { key: t('web.admin.units.kind'), value: tx(`unitKinds.${unit.kind}`) },
          {
            key: t('web.admin.units.parentUnit'),
            value: parent ? (
              <Link to={`/quan-tri/don-vi/${parent.id}`}>{parent.name}</Link>
            ) : (
              t('web.admin.units.noParent')
            ),
          },
          { key: t('web.admin.units.validFrom'), value: formatDate(language, unit.validFrom) || t('web.common.none') },
          { key: t('web.admin.units.validTo'), value: formatDate(language, unit.validTo) || t('web.common.none') },
          {
            key: t('web.admin.units.validity'),
            value: <ValidityTag validFrom={unit.validFrom} validTo={unit.validTo} />,
          },
        ]}
      />
      {canEdit ? (
        <div className="button-group">
          <Link className="button button--secondary" to={`/quan-tri/don-vi/${unit.id}/sua`}>
            {t('web.common.edit')}
          </Link>
          <Link className="button button--secondary" to={`/quan-tri/don-vi/them?parentId=${unit.id}`}>
            {t('web.admin.units.addChild')}
          </Link>
        </div>
      ) : null}

      {unit.predecessors.length > 0 ? (
        <section aria-labelledby="predecessors-title">
          <h2 id="predecessors-title">{t('web.admin.units.predecessors')}</h2>
          <ul>
            {unit.predecessors.map((p) => (
              <li key={p.unitId}>
                <Link to={`/quan-tri/don-vi/${p.unitId}`}>{p.name}</Link> ({p.code};{' '}
                {p.isWhole ? t('web.admin.units.whole') : t('web.admin.units.part')},{' '}
                {t('web.admin.units.effectiveOn', { date: formatDate(language, p.effectiveOn) })})
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {unit.successors.length > 0 ? (
        <section aria-labelledby="successors-title">
          <h2 id="successors-title">{t('web.admin.units.successors')}</h2>
          <ul>
            {unit.successors.map((s) => (
              <li key={s.unitId}>
                <Link to={`/quan-tri/don-vi/${s.unitId}`}>{s.name}</Link> ({s.code};{' '}
                {s.isWhole ? t('web.admin.units.whole') : t('web.admin.units.part')},{' '}
                {t('web.admin.units.effectiveOn', { date: formatDate(language, s.effectiveOn) })})
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {unit.childCount > 0 ? (
        <section aria-labelledby="children-title">
          <h2 id="children-title">{t('web.admin.units.children', { count: unit.childCount })}</h2>
          <ul className="columns">
            {children.items.map((child) => (
              <li key={child.id}>
                <Link to={`/quan-tri/don-vi/${child.id}`}>{child.name}</Link>
              </li>
            ))}
          </ul>
          {children.nextCursor ? (
            <p>
              <Link to={`/quan-tri/don-vi?parentId=${unit.id}&all=true`}>{t('web.admin.units.allChildren')}</Link>
            </p>
          ) : null}
        </section>
      ) : null}

      {agencies.length > 0 ? (
        <section aria-labelledby="agencies-title">
          <h2 id="agencies-title">{t('web.admin.units.agencies')}</h2>
          <ul>
            {agencies.map((agency) => (
              <li key={agency.id}>
                <Link to={`/quan-tri/co-quan/${agency.id}`}>{agency.name}</Link>
                {agency.code ? <> ({agency.code})</> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
