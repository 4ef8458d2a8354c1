import { recordAudit } from '../../platform/audit/audit.ts';
import { scopeFor } from '../../platform/auth/scope.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './calendar.repository.ts';
import type { TCalendarYearBody, TCalendarYearResponse, TDueQuery } from './calendar.schema.ts';
import {
  CalendarGapError,
  type DayStatus,
  type WorkingCalendar,
  type WorkingTime,
  createWorkingCalendar,
  toVietnamIso,
} from './working-calendar.ts';

/**
 * The working-day calendar as a service: loaded from the database, cached (it changes a few times a year), and
 * reloaded at once after an edit in this process or within `ttlMs` after an edit in another.
 */
export function createCalendarService(options: { workingTime?: WorkingTime; ttlMs?: number } = {}) {
  const ttlMs = options.ttlMs ?? 60_000;
  let cached: { calendar: WorkingCalendar; loadedAt: number } | undefined;

  async function current(db: Queryable): Promise<WorkingCalendar> {
    if (!cached || Date.now() - cached.loadedAt > ttlMs) {
      cached = { calendar: createWorkingCalendar(await repo.loadCalendarYears(db), options.workingTime), loadedAt: Date.now() };
    }
    return cached.calendar;
  }

  function gap(error: unknown): never {
    if (error instanceof CalendarGapError) {
      throw new AppError('CALENDAR_NOT_AVAILABLE', { year: error.year });
    }
    throw error;
  }

  return {
    current,

    /** Due time for a deadline from a receipt time (public: citizens can check a promise). */
    async computeDue(ctx: ServiceContext, query: TDueQuery) {
      const calendar = await current(ctx.db);
      const start = new Date(query.start);
      try {
        const due =
          query.workingDays !== undefined
            ? calendar.dueAfterWorkingDays(start, query.workingDays)
            : calendar.dueAfterWorkingHours(start, query.workingHours ?? 0);
        return { due: toVietnamIso(due), receivedOn: calendar.receiptDay(start), calendarVersion: calendar.version };
      } catch (error) {
        return gap(error);
      }
    },

    /** One year's data and the days off it produces. @throws NOT_FOUND */
    async getYear(ctx: ServiceContext, year: number): Promise<TCalendarYearResponse> {
      const calendar = await current(ctx.db);
      const data = (await repo.loadCalendarYears(ctx.db)).find((y) => y.year === year);
      if (!data) {
        throw new AppError('NOT_FOUND', { subject: 'calendar-year' });
      }
      const nonWorkingWeekdays: (DayStatus & { day: string })[] = [];
      const workingWeekendDays: (DayStatus & { day: string })[] = [];
      for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1)) {
        const day = d.toISOString().slice(0, 10);
        const status = calendar.status(day);
        const isWeekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
        if (!isWeekend && !status.working) nonWorkingWeekdays.push({ day, ...status });
        if (isWeekend && status.working) workingWeekendDays.push({ day, ...status });
      }
      return { ...data, nonWorkingWeekdays, workingWeekendDays, calendarVersion: calendar.version };
    },

    /** Replaces a year's holidays and swaps. Needs calendar.manage held over a whole province. */
    async putYear(ctx: ServiceContext, year: number, body: TCalendarYearBody): Promise<TCalendarYearResponse> {
      const scope = scopeFor(ctx.actor, 'calendar.manage');
      if (!scope.everywhere && !(await repo.includesRootUnit(ctx.db, scope.subtreeUnitIds))) {
        throw new AppError('FORBIDDEN');
      }
      const days = new Set<string>();
      for (const [index, entry] of body.entries.entries()) {
        if (!entry.day.startsWith(`${year}-`)) {
          throw new AppError('VALIDATION_FAILED', { issues: [{ path: `body.entries.${index}.day`, message: `must be in ${year}` }] });
        }
        if (days.has(entry.day)) {
          throw new AppError('VALIDATION_FAILED', { issues: [{ path: `body.entries.${index}.day`, message: 'listed twice' }] });
        }
        days.add(entry.day);
      }
      await inTransaction(ctx.db, async (trx) => {
        await repo.replaceCalendarYear(trx, { year, status: body.status, entries: body.entries }, ctx.actor.kind === 'user' ? ctx.actor.userId : null);
        await recordAudit(trx, {
          actor: ctx.actor,
          meta: ctx.meta,
          action: 'calendar.year.replace',
          subjectType: 'calendar-year',
          subjectId: String(year),
          unitId: null,
          data: { status: body.status, entries: body.entries.length },
        });
      });
      cached = undefined;
      return this.getYear(ctx, year);
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
