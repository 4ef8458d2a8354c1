import { Form, useLoaderData } from 'react-router';
import type { Route } from './+types/supervision';
import { SelectField, TextField } from '../components/form.tsx';
import { PageHeading } from '../components/page.tsx';
import { timelinessChartSvg } from '../../modules/dossier-deadlines/timeliness-chart.server.ts';
import { TIMELINESS_COLUMNS, timelinessRows } from '../../modules/dossier-deadlines/timeliness-columns.ts';
import { load, requireStaff } from '../lib/guards.server.ts';
import { useLanguage, useT } from '../lib/i18n.ts';

/**
 * Supervision: the timeliness figures of a unit and the units below it for a period — a chart drawn on the server
 * (SVG, readable without JavaScript), the same figures in a table, and the Excel export of exactly those figures.
 * A GET form, so every view has its own address.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  requireStaff(context, request);
  const params = new URL(request.url).searchParams;
  const units = await load(request, () => context.services.reports.reportableUnits());
  const unitId = params.get('unitId') || units[0]?.id;
  if (!unitId) {
    return { units, report: null, chart: null, query: '' };
  }
  const query = {
    unitId,
    ...(params.get('from') ? { from: params.get('from') } : {}),
    ...(params.get('to') ? { to: params.get('to') } : {}),
  };
  const report = await load(request, () => context.services.reports.timeliness(query));
  const search = new URLSearchParams({ unitId: report.unit.id, from: report.from, to: report.to }).toString();
  return { units, report, chart: timelinessChartSvg(report, context.language), query: search };
}

export default function Supervision() {
  const { units, report, chart, query } = useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  if (!report) {
    return (
      <>
        <PageHeading title={t('web.supervision.title')} />
        <p>{t('web.supervision.nothing')}</p>
      </>
    );
  }
  const rows = timelinessRows(report, language);
  const number = new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB');
  const percent = new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB', {
    style: 'percent',
    maximumFractionDigits: 1,
  });
  return (
    <>
      <PageHeading title={t('web.supervision.title')} caption={report.unit.name}>
        <p className="lead measure">{t('web.supervision.intro')}</p>
      </PageHeading>
      <Form method="get" className="search-form" aria-label={t('web.supervision.filters')}>
        <SelectField
          name="unitId"
          label={t('web.supervision.unit')}
          options={units.map((u) => ({ value: u.id, label: u.name }))}
          defaultValue={report.unit.id}
        />
        <TextField name="from" type="date" label={t('web.supervision.from')} defaultValue={report.from} width="short" />
        <TextField name="to" type="date" label={t('web.supervision.to')} defaultValue={report.to} width="short" />
        <button type="submit" className="button">
          {t('web.supervision.show')}
        </button>
      </Form>
      <p>{t('timeliness.period', { from: report.from, to: report.to, asOf: report.asOf })}</p>
      <figure className="chart">
        <figcaption>{t('timeliness.chartTitle')}</figcaption>
        {/* The SVG comes from our own renderer over numbers and unit names, never from raw user input. */}
        <div
          role="img"
          aria-label={t('timeliness.chartLabel', { unit: report.unit.name, from: report.from, to: report.to })}
          // biome-ignore lint/security/noDangerouslySetInnerHtml: server-rendered chart SVG (ECharts escapes labels)
          dangerouslySetInnerHTML={{ __html: chart ?? '' }}
        />
      </figure>
      <p className="button-group">
        <a className="button button--secondary" href={`/api/v1/reports/dossier-timeliness.xlsx?${query}`} download>
          {t('web.supervision.download')}
        </a>
        <a className="button button--secondary" href={`/api/v1/reports/dossier-register.xlsx?${query}`} download>
          {t('web.supervision.downloadRegister')}
        </a>
      </p>
      {/* Wider than a phone: the region scrolls, so it takes keyboard focus and is named for screen readers. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1) */}
      <section className="table-wrap" tabIndex={0} aria-labelledby="timeliness-caption">
        <table className="table">
          <caption id="timeliness-caption">{t('web.supervision.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('timeliness.unit')}</th>
              {TIMELINESS_COLUMNS.map((c) => (
                <th scope="col" key={c} className="numeric">
                  {t(`timeliness.columns.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.label} className={row.total ? 'table__total' : undefined}>
                <th scope="row">{row.label}</th>
                {TIMELINESS_COLUMNS.map((c) => {
                  const value = row.counts[c];
                  return (
                    <td key={c} className="numeric">
                      {value === null ? '–' : c === 'onTimeRate' ? percent.format(value) : number.format(value)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
