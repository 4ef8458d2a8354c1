import type { FormWriter } from './pdf-form.ts';
import type { FormApplicant, IssuingAgency, LegalDeadline } from './print-model.ts';
import { placeAndDate } from '../../platform/i18n/vietnamese-format.ts';

/** The parts every one-stop form shares: the two-column header, the title, the signature row. */

const LEFT = { x: -20, width: 200 };

/** Side of the lookup QR code, in points. */
export const QR_SIZE = 86;

/** The QR code in the top-right corner of the body, with the dossier code under it. */
export async function lookupQr(w: FormWriter, url: string, code: string): Promise<void> {
  await w.qr(url, { size: QR_SIZE, caption: ['Quét để tra cứu', code] });
}

/** Width left for text beside the QR code. */
export function besideQr(w: FormWriter): number {
  return w.contentWidth - QR_SIZE - 10;
}

/** Header: the issuing body on the left, the national motto on the right, then place and date. */
export function header(w: FormWriter, agency: IssuingAgency, at: Date): void {
  const right = { x: LEFT.width - 10, width: w.contentWidth - LEFT.width + 30 };
  const size = w.baseSize;
  const top = w.cursor;
  w.columns([
    {
      ...LEFT,
      lines: [
        ...(agency.parentName ? [{ text: agency.parentName.toLocaleUpperCase('vi'), size }] : []),
        { text: agency.name.toLocaleUpperCase('vi'), style: 'bold' as const, size },
      ],
    },
  ]);
  w.rule(LEFT.x, LEFT.width, 60);
  const leftBottom = w.cursor;
  w.cursor = top;
  w.columns([
    {
      ...right,
      lines: [
        { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', style: 'bold', size },
        { text: 'Độc lập - Tự do - Hạnh phúc', style: 'bold', size: size + 1 },
      ],
    },
  ]);
  w.rule(right.x, right.width, 160);
  w.space(6);
  w.paragraph(placeAndDate(agency.place, at), { style: 'italic', x: right.x, width: right.width, align: 'center' });
  w.cursor = Math.min(w.cursor, leftBottom);
  w.space(14);
}

/** The form's name in bold capitals, centred, with optional lines under it. */
export function title(w: FormWriter, text: string, below: string[] = []): void {
  w.paragraph(text, { style: 'bold', size: w.baseSize + 2, align: 'center' });
  for (const line of below) {
    w.paragraph(line, { align: 'center' });
  }
  w.space(8);
}

/** `Label: value` lines for the applicant, skipping what is unknown; `width` keeps them clear of the QR code. */
export function applicantLines(w: FormWriter, applicant: FormApplicant, width?: number, label = 'Ông/Bà'): void {
  const opts = width === undefined ? {} : { width };
  w.paragraph(`${label}: ${applicant.fullName}`, opts);
  const ids = [
    applicant.personalId ? `Số định danh cá nhân: ${applicant.personalId}` : null,
    applicant.taxCode ? `Mã số thuế: ${applicant.taxCode}` : null,
  ].filter(Boolean);
  if (ids.length > 0) w.paragraph(ids.join('; '), opts);
  if (applicant.address) w.paragraph(`Địa chỉ: ${applicant.address}`, opts);
  const contact = [
    applicant.phone ? `Số điện thoại: ${applicant.phone}` : null,
    applicant.email ? `Thư điện tử: ${applicant.email}` : null,
  ].filter(Boolean);
  if (contact.length > 0) w.paragraph(contact.join('; '), opts);
}

/** Signature blocks side by side: a title in bold capitals, a hint in italics, room to sign, the name. */
export function signatures(w: FormWriter, blocks: { title: string; hint: string; name?: string | null }[]): void {
  w.space(10);
  const width = w.contentWidth / blocks.length;
  w.columns(
    blocks.map((b, i) => ({
      x: i * width,
      width,
      lines: [
        { text: b.title, style: 'bold' as const },
        { text: b.hint, style: 'italic' as const, after: 48 },
        ...(b.name ? [{ text: b.name, style: 'bold' as const }] : []),
      ],
    })),
  );
}

/** `05 ngày làm việc` or `04 giờ làm việc`. */
export function deadlineText(deadline: LegalDeadline): string {
  const n = 'workingDays' in deadline ? deadline.workingDays : deadline.workingHours;
  return `${String(n).padStart(2, '0')} ${'workingDays' in deadline ? 'ngày' : 'giờ'} làm việc`;
}
