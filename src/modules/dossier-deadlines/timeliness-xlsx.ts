import ExcelJS from 'exceljs';
import { type Language, translate } from '../../platform/i18n/index.ts';
import type { TTimelinessReport } from './dossier-deadlines.schema.ts';
import { TIMELINESS_COLUMNS, timelinessRows } from './timeliness-columns.ts';

/**
 * The timeliness report as an Excel workbook: a title, the period, then one row per unit with the same figures as
 * the page (the rate as a percentage cell, so the sheet can compute with it).
 */
export async function timelinessWorkbook(report: TTimelinessReport, language: Language): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) => translate(language, key, params);
  const book = new ExcelJS.Workbook();
  book.creator = 'Chính quyền số';
  // A fixed date keeps the bytes of a re-export identical for the same figures.
  book.created = new Date(report.asOf);
  book.modified = new Date(report.asOf);
  const sheet = book.addWorksheet(t('timeliness.sheet'));
  sheet.addRow([`${t('timeliness.title')} — ${report.unit.name}`]).font = { bold: true, size: 14 };
  sheet.addRow([t('timeliness.period', { from: report.from, to: report.to, asOf: report.asOf })]);
  sheet.addRow([]);
  const header = sheet.addRow([t('timeliness.unit'), ...TIMELINESS_COLUMNS.map((c) => t(`timeliness.columns.${c}`))]);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  for (const row of timelinessRows(report, language)) {
    const added = sheet.addRow([row.label, ...TIMELINESS_COLUMNS.map((c) => row.counts[c])]);
    if (row.total) added.font = { bold: true };
  }
  sheet.getColumn(1).width = 42;
  for (let i = 2; i <= TIMELINESS_COLUMNS.length + 1; i += 1) sheet.getColumn(i).width = 13;
  sheet.getColumn(TIMELINESS_COLUMNS.length + 1).numFmt = '0.0%';
  sheet.views = [{ state: 'frozen', ySplit: 4, xSplit: 1 }];
  return Buffer.from(await book.xlsx.writeBuffer());
}
