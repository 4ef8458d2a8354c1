import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CalendarYear, CalendarGapError, createWorkingCalendar, toVietnamIso } from './working-calendar.ts';
import { calendarYearsFromSeed } from './calendar-seed.ts';

const years: CalendarYear[] = calendarYearsFromSeed(JSON.parse(readFileSync('seed/calendar/vietnam-holidays.json', 'utf8')));
const calendar = createWorkingCalendar(years);
const vn = (local: string) => new Date(`${local}+07:00`);
const due = (receivedLocal: string, workingDays: number) => toVietnamIso(calendar.dueAfterWorkingDays(vn(receivedLocal), workingDays));

describe('working calendar', () => {
  it('does not count the day of receipt: 3 working days from a Monday is Thursday 17:00', () => {
    expect(due('2026-03-02T09:00:00', 3)).toBe('2026-03-05T17:00:00+07:00');
  });

  it('counts a dossier received after the cut-off or at the weekend from the next working day', () => {
    expect(due('2026-03-02T17:30:00', 1)).toBe('2026-03-04T17:00:00+07:00');
    expect(due('2026-03-07T10:00:00', 1)).toBe('2026-03-10T17:00:00+07:00');
    expect(calendar.receiptDay(vn('2026-03-08T23:59:00'))).toBe('2026-03-09');
  });

  describe('Tết Bính Ngọ 2026 (holidays Mon 16 – Fri 20 February)', () => {
    it('skips the whole Tết week', () => {
      // Received Friday 13/2; 1st working day after is Monday 23/2.
      expect(due('2026-02-13T08:00:00', 1)).toBe('2026-02-23T17:00:00+07:00');
      expect(due('2026-02-12T10:00:00', 3)).toBe('2026-02-24T17:00:00+07:00');
    });
    it('treats a dossier filed online during Tết as received on Monday 23 February', () => {
      expect(calendar.receiptDay(vn('2026-02-17T10:00:00'))).toBe('2026-02-23');
      expect(due('2026-02-17T10:00:00', 5)).toBe('2026-03-02T17:00:00+07:00');
    });
  });

  describe('Hùng Kings, 30/4 and 1/5 in 2026', () => {
    it('gives Monday 27/4 as the compensatory day for Hùng Kings day on Sunday 26/4', () => {
      expect(calendar.status('2026-04-27')).toEqual({ working: false, reason: 'compensatory', name: 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)' });
    });
    it('skips 27/4 and 30/4–1/5', () => {
      // Friday 24/4 + 3 working days: Tue 28, Wed 29, then Mon 4/5.
      expect(due('2026-04-24T09:00:00', 3)).toBe('2026-05-04T17:00:00+07:00');
      expect(due('2026-04-29T16:59:00', 1)).toBe('2026-05-04T17:00:00+07:00');
    });
  });

  describe('National Day 2026 (Tuesday 1/9 and Wednesday 2/9)', () => {
    it('skips both days', () => {
      expect(due('2026-08-31T09:00:00', 1)).toBe('2026-09-03T17:00:00+07:00');
      expect(due('2026-08-28T09:00:00', 2)).toBe('2026-09-03T17:00:00+07:00');
    });
  });

  it('applies swapped days: 2025 made Friday 2/5 a day off and Saturday 26/4 a working day', () => {
    expect(calendar.isWorkingDay('2025-05-02')).toBe(false);
    expect(calendar.isWorkingDay('2025-04-26')).toBe(true);
    expect(due('2025-04-25T09:00:00', 1)).toBe('2025-04-26T17:00:00+07:00');
  });

  it('computes two compensatory days for the two weekend days of Tết 2027, after the Tết block', () => {
    expect(calendar.status('2027-02-10').reason).toBe('compensatory');
    expect(calendar.status('2027-02-11').reason).toBe('compensatory');
    expect(calendar.isWorkingDay('2027-02-12')).toBe(true);
  });

  it('counts working hours within office periods, across lunch and nights', () => {
    const at = (local: string, hours: number) => toVietnamIso(calendar.dueAfterWorkingHours(vn(local), hours));
    expect(at('2026-03-02T08:00:00', 2)).toBe('2026-03-02T10:00:00+07:00');
    expect(at('2026-03-02T10:30:00', 2)).toBe('2026-03-02T14:30:00+07:00');
    expect(at('2026-03-02T16:00:00', 4)).toBe('2026-03-03T10:30:00+07:00');
    expect(at('2026-03-02T12:00:00', 1)).toBe('2026-03-02T14:30:00+07:00');
    expect(at('2026-03-06T16:30:00', 1)).toBe('2026-03-09T08:00:00+07:00');
  });

  it('refuses to compute into a year it has no calendar for', () => {
    expect(() => calendar.dueAfterWorkingDays(vn('2027-12-30T09:00:00'), 5)).toThrow(CalendarGapError);
  });

  it('changes version when the data changes', () => {
    const edited = years.map((y) => (y.year === 2026 ? { ...y, entries: [...y.entries, { day: '2026-11-24', kind: 'holiday' as const, name: 'Ngày Văn hóa Việt Nam' }] } : y));
    expect(createWorkingCalendar(edited).version).not.toBe(calendar.version);
    expect(createWorkingCalendar(edited).isWorkingDay('2026-11-24')).toBe(false);
  });
});
