import { VIETNAM_OFFSET_MINUTES, type WorkingCalendar, toVietnamIso } from '../calendar/working-calendar.ts';
import type { Duration } from '../procedures/workflow-model.ts';

/**
 * Deadline arithmetic of dossiers over the working-day calendar. Pure: the calendar is passed in.
 *
 * - The dossier's due time counts from acceptance: the receipt day is not counted, and a dossier accepted after
 *   the cut-off or on a non-working day counts from the next working day (the calendar's rules).
 * - A step's due time is its duration in working time from when the step began (ISO process charts give half
 *   days; a day is a day's working hours).
 * - While the clock is stopped (a supplement asked for during processing, a suspension), nothing is counted: when
 *   it restarts, the due time is re-based on what remained: whole working days after the day it stopped, up to the
 *   due day (deadlines in days), or working minutes (deadlines in hours).
 */

const DAY_MS = 86_400_000;

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** The local (Asia/Ho_Chi_Minh) day of an instant. */
export function localDay(at: Date): string {
  return toVietnamIso(at).slice(0, 10);
}

/** The instant of a local time on a local day. */
function instantOn(day: string, minute: number): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + (minute - VIETNAM_OFFSET_MINUTES) * 60_000);
}

/** End of the working hours of a local day: the due time of a deadline that ends that day. */
export function endOfWorkingDay(calendar: WorkingCalendar, day: string): Date {
  return instantOn(day, Math.max(...calendar.workingTime.periods.map((p) => minutesOf(p.end))));
}

/** Due time of the dossier's legal deadline from acceptance at `start` (whole working days, or working hours). */
export function dueAfter(calendar: WorkingCalendar, start: Date, deadline: Duration): Date {
  return 'workingHours' in deadline
    ? calendar.dueAfterWorkingHours(start, deadline.workingHours)
    : calendar.dueAfterWorkingDays(start, deadline.workingDays);
}

/** Working hours in one working day (7.5 with Lào Cai's office hours). */
export function workingHoursPerDay(calendar: WorkingCalendar): number {
  return calendar.workingTime.periods.reduce((sum, p) => sum + (minutesOf(p.end) - minutesOf(p.start)), 0) / 60;
}

/**
 * Due time of a workflow step entered at `start`: its duration counted as working time from that moment (a day
 * being a day's working hours), so half days need no special case and the steps of the main path, taken back to
 * back, end no later than the dossier's own due time.
 */
export function stepDueAfter(calendar: WorkingCalendar, start: Date, duration: Duration): Date {
  const hours =
    'workingHours' in duration ? duration.workingHours : duration.workingDays * workingHoursPerDay(calendar);
  return calendar.dueAfterWorkingHours(start, hours);
}

/** What is left of a deadline when the clock stops: whole working days, or working minutes. */
export type Remaining = { workingDays: number } | { workingMinutes: number };

/**
 * What remains between the moment the clock stopped and the due time.
 * @param inDays whether the deadline is counted in working days (else in working hours)
 */
export function remainingAt(calendar: WorkingCalendar, stoppedAt: Date, dueAt: Date, inDays: boolean): Remaining {
  if (dueAt.getTime() <= stoppedAt.getTime()) {
    return inDays ? { workingDays: 0 } : { workingMinutes: 0 };
  }
  if (inDays) {
    // The working days after the day the clock stopped, up to and including the due day.
    const dueDay = localDay(dueAt);
    let day = localDay(stoppedAt);
    let count = 0;
    for (;;) {
      day = calendar.nextWorkingDay(day);
      if (day > dueDay) break;
      count += 1;
    }
    return { workingDays: count };
  }
  return { workingMinutes: workingMinutesBetween(calendar, stoppedAt, dueAt) };
}

/** Working minutes (inside working periods of working days) between two instants. */
export function workingMinutesBetween(calendar: WorkingCalendar, from: Date, to: Date): number {
  const periods = calendar.workingTime.periods.map((p) => ({ start: minutesOf(p.start), end: minutesOf(p.end) }));
  let total = 0;
  let day = localDay(from);
  const lastDay = localDay(to);
  while (day <= lastDay) {
    if (calendar.isWorkingDay(day)) {
      const dayStart = Date.parse(`${day}T00:00:00Z`) - VIETNAM_OFFSET_MINUTES * 60_000;
      for (const period of periods) {
        const start = Math.max(dayStart + period.start * 60_000, from.getTime());
        const end = Math.min(dayStart + period.end * 60_000, to.getTime());
        if (end > start) total += (end - start) / 60_000;
      }
    }
    day = new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  }
  return Math.round(total);
}

/** The new due time when the clock restarts at `restartAt` with `remaining` left. */
export function rebase(calendar: WorkingCalendar, restartAt: Date, remaining: Remaining): Date {
  if ('workingDays' in remaining) {
    return calendar.dueAfterWorkingDays(restartAt, remaining.workingDays);
  }
  return calendar.dueAfterWorkingHours(restartAt, remaining.workingMinutes / 60);
}
