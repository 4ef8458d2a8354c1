import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type HolidayFile, calendarYearsFromSeed } from '../calendar/calendar-seed.ts';
import { createWorkingCalendar } from '../calendar/working-calendar.ts';
import { SEED_DIR } from '../../seed/units.ts';
import { dueAfter, localDay, rebase, remainingAt, stepDueAfter, workingMinutesBetween } from './deadlines.ts';
import { formatDossierCode, sniffContentType } from './files.ts';

/** Deadline arithmetic on the real 2025–2026 calendar, and the small pure helpers of the module. */

const calendar = createWorkingCalendar(
  calendarYearsFromSeed(
    JSON.parse(readFileSync(path.join(SEED_DIR, 'calendar/vietnam-holidays.json'), 'utf8')) as HolidayFile,
  ),
);
const vn = (local: string) => new Date(`${local}+07:00`);

describe('dossier and step due times', () => {
  it('counts a dossier in working days from the day after acceptance, skipping holidays', () => {
    // Accepted Wednesday 29 April 2026: 30 April and 1 May are holidays.
    expect(dueAfter(calendar, vn('2026-04-29T10:00:00'), { workingDays: 2 })).toEqual(vn('2026-05-05T17:00:00'));
    // After the cut-off on a Friday: counted from Monday.
    expect(dueAfter(calendar, vn('2026-03-06T17:30:00'), { workingDays: 1 })).toEqual(vn('2026-03-10T17:00:00'));
    expect(dueAfter(calendar, vn('2026-03-02T09:00:00'), { workingHours: 4 })).toEqual(vn('2026-03-02T15:00:00'));
  });

  it('gives steps their duration in working time, half days included', () => {
    expect(stepDueAfter(calendar, vn('2026-03-02T08:00:00'), { workingDays: 0.5 })).toEqual(vn('2026-03-02T13:45:00'));
    expect(stepDueAfter(calendar, vn('2026-03-02T08:00:00'), { workingDays: 1 })).toEqual(vn('2026-03-03T08:00:00'));
    expect(stepDueAfter(calendar, vn('2026-03-06T16:00:00'), { workingHours: 2 })).toEqual(vn('2026-03-09T08:30:00'));
  });
});

describe('stopping and restarting the clock', () => {
  it('keeps the working days that remained, counted again from the restart', () => {
    const due = vn('2025-03-24T17:00:00');
    const left = remainingAt(calendar, vn('2025-03-04T10:00:00'), due, true);
    expect(left).toEqual({ workingDays: 14 });
    expect(rebase(calendar, vn('2025-03-06T14:00:00'), left)).toEqual(vn('2025-03-26T17:00:00'));
    expect(remainingAt(calendar, vn('2025-03-25T10:00:00'), due, true)).toEqual({ workingDays: 0 });
  });

  it('keeps the working minutes that remained for deadlines in hours', () => {
    const due = vn('2026-03-02T15:00:00');
    expect(workingMinutesBetween(calendar, vn('2026-03-02T10:00:00'), due)).toBe(90 + 90);
    const left = remainingAt(calendar, vn('2026-03-02T10:00:00'), due, false);
    expect(rebase(calendar, vn('2026-03-03T16:00:00'), left)).toEqual(vn('2026-03-04T09:30:00'));
  });

  it('reads local days in Asia/Ho_Chi_Minh', () => {
    expect(localDay(new Date('2026-03-01T18:30:00Z'))).toBe('2026-03-02');
  });
});

describe('codes and file types', () => {
  it('formats dossier codes with at least four digits', () => {
    expect(formatDossierCode('000.00.30.H38', '2026-03-06', 7)).toBe('000.00.30.H38-260306-0007');
    expect(formatDossierCode('000.00.30.H38', '2026-03-06', 12345)).toBe('000.00.30.H38-260306-12345');
  });

  it('recognises PDF, JPEG and PNG by their first bytes only', () => {
    expect(sniffContentType(Buffer.from('%PDF-1.7'))).toBe('application/pdf');
    expect(sniffContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffContentType(Buffer.from('89504e470d0a1a0a', 'hex'))).toBe('image/png');
    expect(sniffContentType(Buffer.from('<html>%PDF-'))).toBeNull();
    expect(sniffContentType(Buffer.alloc(0))).toBeNull();
  });
});
