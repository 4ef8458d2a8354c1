import ExcelJS from 'exceljs';
import type { Clock } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { shortVietnameseDate } from '../../platform/i18n/vietnamese-format.ts';
import type { TTimelinessQuery } from './dossier-deadlines.schema.ts';
import { type RegisterRow, listRegister } from './dossier-register.repository.ts';
import { reportPeriod, reportableUnit } from './timeliness.ts';

/**
 * The "Sổ theo dõi hồ sơ" (Mẫu 06, TT 01/2018/TT-VPCP) of a unit and the units below it for a period: one line per
 * dossier received, with when it was handed on, finished and returned, and how the finish compared with the
 * appointment (the same rule as the timeliness report). The column names are the form's, in Vietnamese. It names
 * applicants, so it needs the same reports.read scope over the whole subtree as the figures.
 */

const COLUMNS = [
  { header: 'STT', width: 6 },
  { header: 'Mã hồ sơ', width: 28 },
  { header: 'Tên thủ tục hành chính', width: 40 },
  { header: 'Tên cá nhân, tổ chức', width: 24 },
  { header: 'Địa chỉ, số điện thoại', width: 32 },
  { header: 'Nơi tiếp nhận', width: 22 },
  { header: 'Cơ quan chủ trì giải quyết', width: 30 },
  { header: 'Nhận hồ sơ', width: 12 },
  { header: 'Hẹn trả kết quả', width: 12 },
  { header: 'Chuyển hồ sơ đến cơ quan giải quyết', width: 14 },
  { header: 'Có kết quả giải quyết', width: 12 },
  { header: 'Trả kết quả', width: 12 },
  { header: 'Tình trạng', width: 16 },
] as const;

/** Before, on or after the appointment, as the timeliness report counts it; what is still open, in words. */
export function registerStatus(row: RegisterRow, now: Date): string {
  const day = (d: Date) => shortVietnameseDate(d).split('/').reverse().join('');
  if (row.status === 'withdrawn') return 'Rút hồ sơ';
  if (row.completed_at && row.due_at) {
    if (row.is_late || row.apologized) return 'Quá hạn';
    return day(row.completed_at) < day(row.due_at) ? 'Trước hạn' : 'Đúng hạn';
  }
  if (row.due_at && row.due_at.getTime() < now.getTime()) return 'Đang quá hạn';
  return 'Đang giải quyết';
}

const date = (d: Date | null) => (d ? shortVietnameseDate(d) : '');

/** The register as rows of cells, in the workbook's column order. */
export function registerLines(rows: readonly RegisterRow[], now: Date): string[][] {
  return rows.map((r, i) => [
    String(i + 1),
    r.code,
    r.procedure_name,
    r.applicant_name,
    [r.applicant_address, r.applicant_phone].filter(Boolean).join('; '),
    r.receiving_unit_name,
    r.deciding_agency_name ?? '',
    date(r.received_at),
    date(r.due_at),
    date(r.handed_on_at),
    date(r.completed_at),
    date(r.returned_at),
    registerStatus(r, now),
  ]);
}

/**
 * The register as an Excel workbook.
 * @throws NOT_FOUND, VALIDATION_FAILED as the timeliness report
 */
export async function dossierRegisterWorkbook(
  ctx: ServiceContext,
  clock: Clock,
  query: TTimelinessQuery,
): Promise<{ file: Buffer; from: string; to: string }> {
  const now = clock.now();
  const { from, to } = reportPeriod(query, now);
  const { unit } = await reportableUnit(ctx, query.unitId, from);
  const rows = await listRegister(ctx.db, { unitId: unit.id, from, to });
  const book = new ExcelJS.Workbook();
  book.creator = 'Chính quyền số';
  book.created = now;
  book.modified = now;
  const sheet = book.addWorksheet('Sổ theo dõi hồ sơ');
  sheet.addRow([`SỔ THEO DÕI HỒ SƠ — ${unit.name}`]).font = { bold: true, size: 14 };
  sheet.addRow([
    `Hồ sơ tiếp nhận từ ngày ${date(new Date(`${from}T00:00:00+07:00`))} đến ngày ${date(new Date(`${to}T00:00:00+07:00`))}`,
  ]);
  sheet.addRow([]);
  const header = sheet.addRow(COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  for (const line of registerLines(rows, now)) sheet.addRow(line);
  COLUMNS.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c.width;
  });
  sheet.views = [{ state: 'frozen', ySplit: 4, xSplit: 2 }];
  return { file: Buffer.from(await book.xlsx.writeBuffer()), from, to };
}
