import type { CalendarEntry, CalendarYear } from './working-calendar.ts';

/** The shape of `seed/calendar/*.json`. */
export type HolidayFile = {
  years: {
    year: number;
    status: 'official' | 'provisional';
    holidays: { date: string; name: string }[];
    swaps: { dayOff: string; workingSaturday: string }[];
  }[];
};

/** Turns the seed file into calendar years: holidays, and each swap as a day off plus a working weekend day. */
export function calendarYearsFromSeed(file: HolidayFile): CalendarYear[] {
  return file.years.map((year) => ({
    year: year.year,
    status: year.status,
    entries: [
      ...year.holidays.map((h): CalendarEntry => ({ day: h.date, kind: 'holiday', name: h.name })),
      ...year.swaps.flatMap((s): CalendarEntry[] => [
        { day: s.dayOff, kind: 'day_off', name: `Nghỉ hoán đổi (làm bù ${s.workingSaturday})` },
        { day: s.workingSaturday, kind: 'working_day', name: `Làm bù cho ngày ${s.dayOff}` },
      ]),
    ],
  }));
}
