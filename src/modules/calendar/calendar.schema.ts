import { z } from 'zod';

const IsoDate = z.iso.date();

export const DueQuery = z
  .object({
    start: z.iso.datetime({ offset: true }).describe('When the dossier was received, ISO 8601 with offset'),
    workingDays: z.coerce.number().int().min(0).max(365).optional(),
    workingHours: z.coerce.number().int().min(1).max(240).optional(),
  })
  .refine((q) => (q.workingDays === undefined) !== (q.workingHours === undefined), {
    message: 'give exactly one of workingDays or workingHours',
    path: ['workingDays'],
  });
export type TDueQuery = z.infer<typeof DueQuery>;

export const DueResponse = z
  .object({
    due: z.string().describe('Due time, ISO 8601 in Vietnamese time (+07:00)'),
    receivedOn: IsoDate.describe('The working day counting starts from (the day of receipt is not counted)'),
    calendarVersion: z.string().describe('Identifies the calendar data used; stored with due times'),
  })
  .meta({ id: 'DueTime' });

export const CalendarEntry = z.object({
  day: IsoDate,
  kind: z.enum(['holiday', 'day_off', 'working_day']),
  name: z.string().trim().min(2).max(200),
});

export const CalendarDay = z.object({
  day: IsoDate,
  working: z.boolean(),
  reason: z.enum(['weekday', 'weekend', 'holiday', 'compensatory', 'day_off', 'working_day']),
  name: z.string().optional(),
});

export const CalendarYearResponse = z
  .object({
    year: z.number().int(),
    status: z.enum(['official', 'provisional']),
    entries: z.array(CalendarEntry),
    nonWorkingWeekdays: z.array(CalendarDay).describe('Every weekday off, compensatory days included'),
    workingWeekendDays: z.array(CalendarDay),
    calendarVersion: z.string(),
  })
  .meta({ id: 'CalendarYear' });
export type TCalendarYearResponse = z.infer<typeof CalendarYearResponse>;

export const YearParams = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

export const CalendarYearBody = z
  .object({
    status: z.enum(['official', 'provisional']),
    entries: z.array(CalendarEntry.strict()).max(60),
  })
  .strict();
export type TCalendarYearBody = z.infer<typeof CalendarYearBody>;
