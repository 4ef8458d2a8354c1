import { Form, Link, useLoaderData, useLocation } from 'react-router';
import type { Route } from './+types/procedures';
import { SelectField, TextField } from '../../components/form.tsx';
import { NextPageLink, PageHeading } from '../../components/page.tsx';
import { LEVELS } from '../../../modules/procedures/workflow-model.ts';
import { ONLINE_LEVELS } from '../../lib/enums.ts';
import { load } from '../../lib/guards.server.ts';
import { useLanguage, useT, useTx } from '../../lib/i18n.ts';
import { amountText, deadlineText } from '../../lib/procedure-facts.ts';
import { NO_SCRIPTS } from '../../lib/hydration.ts';

/** Plain HTML: no scripts on this page (src/web/lib/hydration.ts). */
export const handle = NO_SCRIPTS;

/**
 * The public catalogue of administrative procedures in force: a GET form (name or code, diacritics optional; where
 * to submit; level; field; how far online) so every search has its own address and works without JavaScript, and
 * cursor pages.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const params = new URL(request.url).searchParams;
  const pick = (name: string, allowed: readonly string[]) => {
    const value = params.get(name) ?? '';
    return allowed.includes(value) ? value : '';
  };
  const { procedures, units } = context.services;
  const places = await load(request, () => submissionPlaces(units));
  const filters = {
    q: params.get('q')?.trim().slice(0, 100) ?? '',
    unitId: pick(
      'unitId',
      places.map((p) => p.value),
    ),
    level: pick('level', LEVELS),
    field: params.get('field')?.trim().slice(0, 40) ?? '',
    onlineLevel: pick('onlineLevel', ONLINE_LEVELS),
  };
  const [page, fields] = await load(request, () =>
    Promise.all([
      procedures.list({
        limit: 30,
        ...(filters.q ? { q: filters.q } : {}),
        ...(filters.unitId ? { unitId: filters.unitId } : {}),
        ...(filters.level ? { level: filters.level } : {}),
        ...(filters.field ? { field: filters.field } : {}),
        ...(filters.onlineLevel ? { onlineLevel: filters.onlineLevel } : {}),
        ...(params.get('cursor') ? { cursor: params.get('cursor') } : {}),
      }),
      procedures.fields(),
    ]),
  );
  return {
    filters,
    places,
    fields: fields.items.filter((f) => f.procedureCount > 0).map((f) => ({ value: f.code, label: f.name })),
    items: page.items,
    nextCursor: page.nextCursor,
  };
}

/** Where a citizen can hand in a dossier today: the province, then its communes and wards by name. */
async function submissionPlaces(units: Route.LoaderArgs['context']['services']['units']) {
  const province = (await units.list({ kind: 'province', limit: '1' })).items[0];
  if (!province) return [];
  const below = await units.list({ parentId: province.id, limit: '200' });
  return [province, ...below.items.sort((a, b) => a.name.localeCompare(b.name, 'vi'))].map((u) => ({
    value: u.id,
    label: u.name,
  }));
}

export default function Procedures() {
  const { filters, places, fields, items, nextCursor } = useLoaderData<typeof loader>();
  const t = useT();
  const tx = useTx();
  const language = useLanguage();
  const location = useLocation();
  return (
    <>
      <PageHeading title={t('web.catalog.title')}>
        <p className="lead measure">{t('web.catalog.intro')}</p>
      </PageHeading>
      <Form
        method="get"
        className="search-form"
        role="search"
        aria-label={t('web.catalog.filters')}
        key={location.search}
      >
        <TextField
          name="q"
          type="search"
          label={t('web.catalog.q')}
          hint={t('web.catalog.qHint')}
          defaultValue={filters.q}
          width="medium"
        />
        <SelectField
          name="unitId"
          label={t('web.catalog.place')}
          options={places}
          emptyOption={t('web.catalog.anyPlace')}
          defaultValue={filters.unitId}
        />
        <SelectField
          name="level"
          label={t('web.catalog.level')}
          options={LEVELS.map((l) => ({ value: l, label: tx(`web.catalog.levels.${l}`) }))}
          emptyOption={t('web.catalog.anyLevel')}
          defaultValue={filters.level}
        />
        <SelectField
          name="field"
          label={t('web.catalog.field')}
          options={fields}
          emptyOption={t('web.catalog.anyField')}
          defaultValue={filters.field}
        />
        <SelectField
          name="onlineLevel"
          label={t('web.catalog.onlineLevel')}
          options={ONLINE_LEVELS.map((l) => ({ value: l, label: tx(`web.catalog.onlineLevels.${l}`) }))}
          emptyOption={t('web.catalog.anyOnlineLevel')}
          defaultValue={filters.onlineLevel}
        />
        <button type="submit" className="button">
          {t('web.common.search')}
        </button>
      </Form>
      <p role="status">
        {items.length > 0 ? t('web.common.showing', { count: items.length }) : t('web.common.noResults')}
      </p>
      <ul className="result-list">
        {items.map((p) => (
          <li key={p.id} className="result-list__item">
            <h2 className="result-list__title">
              <Link to={`/thu-tuc/${p.id}`}>{p.name}</Link>
            </h2>
            <p className="result-list__meta">
              {p.field.name} · {tx(`web.catalog.levels.${p.decidingLevel}`)} ·{' '}
              {tx(`web.catalog.onlineLevels.${p.onlineLevel}`)}
            </p>
            <p className="result-list__meta">
              {t('web.catalog.deadline')}: {deadlineText(tx, p.deadline)} · {t('web.catalog.fees')}:{' '}
              {p.totalFees > 0 ? amountText(language, p.totalFees) : t('web.catalog.free')}
            </p>
            <p className="result-list__meta secondary">
              <span className="code">{p.code}</span>
            </p>
          </li>
        ))}
      </ul>
      <NextPageLink cursor={nextCursor} search={location.search} />
    </>
  );
}
