/**
 * How dates, times and money are written on Vietnamese administrative forms. Pure; every instant is shown in
 * Asia/Ho_Chi_Minh, which has kept UTC+07:00 without daylight saving since 1975, so a fixed offset is exact.
 */

const OFFSET_MS = 7 * 60 * 60 * 1000;

const two = (n: number) => String(n).padStart(2, '0');

/** The local (UTC+07:00) calendar fields of an instant. */
export function vietnamParts(at: Date): { year: number; month: number; day: number; hour: number; minute: number } {
  const local = new Date(at.getTime() + OFFSET_MS);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
  };
}

/** `ngày 13 tháng 02 năm 2026`, as forms write dates (NĐ 30/2020 pads day and month to two digits). */
export function vietnameseDate(at: Date): string {
  const p = vietnamParts(at);
  return `ngày ${two(p.day)} tháng ${two(p.month)} năm ${p.year}`;
}

/** `14 giờ 30 phút, ngày 13 tháng 02 năm 2026`: the moment of reception or of an appointment. */
export function vietnameseDateTime(at: Date): string {
  const p = vietnamParts(at);
  return `${two(p.hour)} giờ ${two(p.minute)} phút, ${vietnameseDate(at)}`;
}

/** `13/02/2026`: the short form used inside tables and SMS. */
export function shortVietnameseDate(at: Date): string {
  const p = vietnamParts(at);
  return `${two(p.day)}/${two(p.month)}/${p.year}`;
}

/** `50.000 đồng`: integer VND with dots between thousands, as Vietnamese writes amounts. */
export function vnd(amount: number): string {
  const digits = Math.round(amount).toString();
  return `${digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đồng`;
}

/** `Lào Cai, ngày 13 tháng 02 năm 2026`: the place-and-date line under the national motto. */
export function placeAndDate(place: string, at: Date): string {
  return `${place}, ${vietnameseDate(at)}`;
}

/** `14:30 13/02/2026`: date and time in the compact form of messages (Lào Cai time). */
export function compactDateTime(at: Date): string {
  const p = vietnamParts(at);
  return `${two(p.hour)}:${two(p.minute)} ${shortVietnameseDate(at)}`;
}
