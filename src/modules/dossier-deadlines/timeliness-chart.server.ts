import * as echarts from 'echarts';
import { type Language, translate } from '../../platform/i18n/index.ts';
import type { TTimelinessReport } from './dossier-deadlines.schema.ts';
import { timelinessRows } from './timeliness-columns.ts';

/**
 * The timeliness report as a stacked bar chart (early, on time, late per unit), rendered on the server to an SVG
 * string by ECharts' server-side renderer: it shows without JavaScript, weighs a few kilobytes, and the page puts the
 * same figures in a table beside it for screen readers.
 */
export function timelinessChartSvg(report: TTimelinessReport, language: Language): string {
  const t = (key: string, params?: Record<string, string | number>) => translate(language, key, params);
  // The total would dwarf its parts; the chart compares the units.
  const rows = timelinessRows(report, language).filter((r) => !r.total);
  const height = Math.max(220, 60 + rows.length * 28);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 720, height });
  try {
    chart.setOption({
      animation: false,
      // Colours that keep their contrast on white and stay distinct for the common colour-vision deficiencies.
      color: ['#1b6e3c', '#2f5fa7', '#b3261e'],
      textStyle: { fontFamily: 'system-ui, sans-serif', fontSize: 12 },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.label) },
      series: (['finishedEarly', 'finishedOnTime', 'finishedLate'] as const).map((key) => ({
        type: 'bar',
        stack: 'finished',
        name: t(`timeliness.columns.${key}`),
        data: rows.map((r) => r.counts[key]),
      })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
