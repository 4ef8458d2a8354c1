import { type Language, translate } from '../../platform/i18n/index.ts';
import type { TTimelinessReport } from './dossier-deadlines.schema.ts';

/** The report's figure columns, in the order the page and the workbook show them. */
export const TIMELINESS_COLUMNS = [
  'received',
  'finished',
  'finishedEarly',
  'finishedOnTime',
  'finishedLate',
  'apologized',
  'returned',
  'refused',
  'withdrawn',
  'inProgress',
  'overdue',
  'onTimeRate',
] as const satisfies readonly (keyof TTimelinessReport['totals'])[];

type Counts = TTimelinessReport['totals'];

/** The rows of the report as the page and the workbook list them: each sub-unit, the unit's own, the total. */
export function timelinessRows(
  report: TTimelinessReport,
  language: Language,
): { label: string; counts: Counts; total?: boolean }[] {
  return [
    ...report.subUnits.map((s) => ({ label: s.unit.name, counts: s.counts })),
    ...(report.subUnits.length > 0
      ? [{ label: translate(language, 'timeliness.own', { unit: report.unit.name }), counts: report.own }]
      : []),
    { label: translate(language, 'timeliness.total'), counts: report.totals, total: true },
  ];
}
