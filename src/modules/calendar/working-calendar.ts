import { createHash } from 'node:crypto';

/**
 * The working-day calendar of state agencies and the deadline arithmetic of administrative procedures.
 * Pure: built from the calendar data (holidays, swapped days) and the working-time settings, no I/O.
 *
 * Rules (reference §6; Labour Code Art. 112; Civil Code Art. 147–148):
 * - working days are Monday–Friday, minus holidays and swapped days off, plus swapped working weekend days;
 * - a holiday on a weekend gives a compensatory day off on the next working day (computed, never typed in);
 * - the day of receipt is not counted: the due date is the n-th working day after it;
 * - a dossier received on a non-working day, or after the day's cut-off, counts as received on the next working day;
 * - the due time is the end of the due date's working hours.
 * Viet Nam keeps UTC+7 all year (no daylight saving since 1975), so local time is UTC shifted by 7 hours.
 */
export const VIETNAM_OFFSET_MINUTES = 7 * 60;

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDay = string;

export type CalendarDayKind = 'holiday' | 'day_off' | 'working_day';

export type CalendarEntry = { day: IsoDay; kind: CalendarDayKind; name: string };

export type CalendarYear = { year: number; status: 'official' | 'provisional'; entries: CalendarEntry[] };

/** Working periods within a day and the receipt cut-off, as `HH:mm` local times. */
export type WorkingTime = {
  periods: readonly { start: string; end: string }[];
  /** Dossiers received at or after this time count from the next working day. */
  receiptCutoff: string;
};

/** Lào Cai's usual office hours; configurable per tenant. */
export const DEFAULT_WORKING_TIME: WorkingTime = {
  periods: [
    { start: '07:30', end: '11:30' },
    { start: '13:30', end: '17:00' },
  ],
  receiptCutoff: '17:00',
};

export class CalendarGapError extends Error {
  constructor(readonly year: number) {
    super(`no working-day calendar for ${year}`);
    this.name = 'CalendarGapError';
  }
}

const DAY_MS = 86_400_000;

function dayNumber(day: IsoDay): number {
  return Date.parse(`${day}T00:00:00Z`) / DAY_MS;
}

function dayFromNumber(n: number): IsoDay {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** 0 = Sunday … 6 = Saturday. */
function weekday(dayNo: number): number {
  return (((dayNo + 4) % 7) + 7) % 7;
}

export type DayStatus = { working: boolean; reason: 'weekday' | 'weekend' | 'holiday' | 'compensatory' | 'day_off' | 'working_day'; name?: string };

export type WorkingCalendar = {
  /** Changes whenever any calendar data changes; stored with every due time computed from it. */
  version: string;
  years: readonly number[];
  status(day: IsoDay): DayStatus;
  isWorkingDay(day: IsoDay): boolean;
  /** The first working day strictly after `day`. */
  nextWorkingDay(day: IsoDay): IsoDay;
  /** The n-th working day after `day` (n = 0 gives `day` itself). */
  addWorkingDays(day: IsoDay, n: number): IsoDay;
  /** The local day on which a dossier received at `at` starts counting. */
  receiptDay(at: Date): IsoDay;
  /** Due time for a deadline of `n` working days from receipt at `at`. */
  dueAfterWorkingDays(at: Date, n: number): Date;
  /** Due time for a deadline of `n` working hours from receipt at `at`. */
  dueAfterWorkingHours(at: Date, n: number): Date;
  workingTime: WorkingTime;
};

/**
 * Builds the calendar from yearly data.
 * @throws CalendarGapError from the computations when they reach a year without data: a deadline is never computed
 * on a guessed calendar.
 */
export function createWorkingCalendar(years: readonly CalendarYear[], workingTime: WorkingTime = DEFAULT_WORKING_TIME): WorkingCalendar {
  const entries = new Map<number, CalendarEntry>();
  const known = new Set<number>();
  for (const year of years) {
    known.add(year.year);
    for (const entry of year.entries) {
      entries.set(dayNumber(entry.day), entry);
    }
  }
  const compensatory = computeCompensatoryDays(entries);
  const version = createHash('sha256')
    .update(JSON.stringify({ years: [...years].sort((a, b) => a.year - b.year), workingTime }))
    .digest('hex')
    .slice(0, 16);

  const assertKnown = (dayNo: number) => {
    const year = Number(dayFromNumber(dayNo).slice(0, 4));
    if (!known.has(year)) {
      throw new CalendarGapError(year);
    }
  };

  const statusOf = (dayNo: number): DayStatus => {
    assertKnown(dayNo);
    const entry = entries.get(dayNo);
    if (entry?.kind === 'working_day') return { working: true, reason: 'working_day', name: entry.name };
    if (entry?.kind === 'holiday') return { working: false, reason: 'holiday', name: entry.name };
    if (entry?.kind === 'day_off') return { working: false, reason: 'day_off', name: entry.name };
    const compensation = compensatory.get(dayNo);
    if (compensation) return { working: false, reason: 'compensatory', name: compensation };
    const wd = weekday(dayNo);
    return wd === 0 || wd === 6 ? { working: false, reason: 'weekend' } : { working: true, reason: 'weekday' };
  };
  const isWorking = (dayNo: number) => statusOf(dayNo).working;
  const nextWorking = (dayNo: number) => {
    let n = dayNo + 1;
    while (!isWorking(n)) n += 1;
    return n;
  };

  const periods = workingTime.periods.map((p) => ({ start: minutesOf(p.start), end: minutesOf(p.end) }));
  const dayEnd = Math.max(...periods.map((p) => p.end));
  const cutoff = minutesOf(workingTime.receiptCutoff);
  const local = (at: Date) => {
    const shifted = at.getTime() + VIETNAM_OFFSET_MINUTES * 60_000;
    const dayNo = Math.floor(shifted / DAY_MS);
    return { dayNo, minute: (shifted - dayNo * DAY_MS) / 60_000 };
  };
  const instant = (dayNo: number, minute: number) => new Date(dayNo * DAY_MS + (minute - VIETNAM_OFFSET_MINUTES) * 60_000);
  const receiptDayNo = (at: Date) => {
    const { dayNo, minute } = local(at);
    return isWorking(dayNo) && minute < cutoff ? dayNo : nextWorking(dayNo);
  };
  const addDays = (dayNo: number, n: number) => {
    let current = dayNo;
    for (let i = 0; i < n; i++) current = nextWorking(current);
    return current;
  };

  return {
    version,
    years: [...known].sort(),
    workingTime,
    status: (day) => statusOf(dayNumber(day)),
    isWorkingDay: (day) => isWorking(dayNumber(day)),
    nextWorkingDay: (day) => dayFromNumber(nextWorking(dayNumber(day))),
    addWorkingDays: (day, n) => dayFromNumber(addDays(dayNumber(day), n)),
    receiptDay: (at) => dayFromNumber(receiptDayNo(at)),
    dueAfterWorkingDays(at, n) {
      return instant(addDays(receiptDayNo(at), n), dayEnd);
    },
    dueAfterWorkingHours(at, n) {
      let remaining = n * 60;
      const { dayNo: startDay, minute: startMinute } = local(at);
      let dayNo = startDay;
      let minute = startMinute;
      if (!isWorking(dayNo) || minute >= cutoff) {
        dayNo = nextWorking(dayNo);
        minute = 0;
      }
      for (;;) {
        for (const period of periods) {
          const from = Math.max(minute, period.start);
          if (from >= period.end) continue;
          const available = period.end - from;
          if (remaining <= available) {
            return instant(dayNo, from + remaining);
          }
          remaining -= available;
        }
        dayNo = nextWorking(dayNo);
        minute = 0;
      }
    },
  };
}

/**
 * Art. 112(3): each holiday on a weekend moves to the next day that is a weekday and not itself a holiday,
 * a swapped day off or an earlier compensatory day.
 */
function computeCompensatoryDays(entries: Map<number, CalendarEntry>): Map<number, string> {
  const compensatory = new Map<number, string>();
  const holidays = [...entries.entries()].filter(([, e]) => e.kind === 'holiday').sort(([a], [b]) => a - b);
  for (const [dayNo, holiday] of holidays) {
    const wd = weekday(dayNo);
    if (wd !== 0 && wd !== 6) continue;
    let candidate = dayNo + 1;
    // A day already set apart (swapped working day, holiday, day off, earlier compensation) cannot take it.
    while (weekday(candidate) === 0 || weekday(candidate) === 6 || entries.has(candidate) || compensatory.has(candidate)) {
      candidate += 1;
    }
    compensatory.set(candidate, `Nghỉ bù ${holiday.name}`);
  }
  return compensatory;
}

/** Formats an instant as ISO 8601 in Vietnamese local time, e.g. `2026-02-23T17:00:00+07:00`. */
export function toVietnamIso(at: Date): string {
  const shifted = new Date(at.getTime() + VIETNAM_OFFSET_MINUTES * 60_000);
  return `${shifted.toISOString().slice(0, 19)}+07:00`;
}
