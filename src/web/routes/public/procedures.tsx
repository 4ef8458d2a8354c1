import { Form, Link, useLoaderData, useLocation } from 'react-router';
import type { Route } from './+types/procedures';
import { SelectField, TextField } from '../../components/form.tsx';
import { NextPageLink, PageHeading } from '../../components/page.tsx';
import { LEVELS } from '../../../modules/procedures/workflow-model.ts';
import { load } from '../../lib/guards.server.ts';
import { useLanguage, useT, useTx } from '../../lib/i18n.ts';
import { amountText, deadlineText } from '../../lib/procedure-facts.ts';
import { NO_SCRIPTS } from '../../lib/hydration.ts';

/** Plain HTML: no scripts on this page (src/web/lib/hydration.ts). */
export const handle = NO_SCRIPTS;

/**
 * The public catalogue of administrative procedures in force: a GET form (name or code, diacritics optional; level;
 * field) so every search has its own address and works without JavaScript, and cursor pages.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const params = new URL(request.url).searchParams;
  const level = params.get('level') ?? '';
  const filters = {
    q: params.get('q')?.trim().slice(0, 100) ?? '',
    level: (LEVELS as readonly string[]).includes(level) ? level : '',
    field: params.get('field')?.trim().slice(0, 40) ?? '',
  };
  const { procedures } = context.services;
  const [page, fields] = await load(request, () =>
    Promise.all([
      procedures.list({
        limit: 30,
        ...(filters.q ? { q: filters.q } : {}),
        ...(filters.level ? { level: filters.level } : {}),
        ...(filters.field ? { field: filters.field } : {}),
        ...(params.get('cursor') ? { cursor: params.get('cursor') } : {}),
      }),
      procedures.fields(),
    ]),
  );
  return {
    filters,
    fields: fields.items.filter((f) => f.procedureCount > 0).map((f) => ({ value: f.code, label: f.name })),
    items: page.items,
    nextCursor: page.nextCursor,
  };
}

export default function Procedures() {
  const { filters, fields, items, nextCursor } = useLoaderData<typeof loader>();
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
