import { readFileSync } from 'node:fs';
import path from 'node:path';
import { replaceCalendarYear } from '../modules/calendar/calendar.repository.ts';
import { type HolidayFile, calendarYearsFromSeed } from '../modules/calendar/calendar-seed.ts';
import type { Tx } from '../platform/db/database.ts';
import { SEED_DIR } from './units.ts';

/** Loads Viet Nam's holidays 2024–2027 when no calendar year has been entered yet. @returns years loaded */
export async function seedCalendar(trx: Tx, file = path.join(SEED_DIR, 'calendar/vietnam-holidays.json')): Promise<number> {
  const existing = await trx.selectFrom('calendar_years').select('year').limit(1).executeTakeFirst();
  if (existing) {
    return 0;
  }
  const years = calendarYearsFromSeed(JSON.parse(readFileSync(file, 'utf8')) as HolidayFile);
  for (const year of years) {
    await replaceCalendarYear(trx, year, null);
  }
  return years.length;
}
