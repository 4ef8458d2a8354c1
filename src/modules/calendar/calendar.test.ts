import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../seed/index.ts';
import { countRows, signInAs } from '../../../test/support/auth.ts';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';

describe('calendar API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db);
  });
  afterAll(() => t.close());

  const due = (query: string) => t.app.inject({ url: `/api/v1/calendar/due?${query}` });

  it('answers the due time of a promise across Tết 2026', async () => {
    const response = await due(`start=${encodeURIComponent('2026-02-13T08:00:00+07:00')}&workingDays=1`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ due: '2026-02-23T17:00:00+07:00', receivedOn: '2026-02-13' });
    expect(response.json().calendarVersion).toMatch(/^[0-9a-f]{16}$/);
  });

  it('accepts UTC input and working hours', async () => {
    const response = await due(`start=${encodeURIComponent('2026-03-02T01:00:00Z')}&workingHours=2`);
    expect(response.json().due).toBe('2026-03-02T10:00:00+07:00');
  });

  it.each([
    ['a nonsense date', 'start=2026-02-30T08:00:00%2B07:00&workingDays=1'],
    ['no offset', 'start=2026-02-13T08:00:00&workingDays=1'],
    ['words', 'start=tomorrow&workingDays=1'],
    ['a negative count', `start=${encodeURIComponent('2026-02-13T08:00:00+07:00')}&workingDays=-1`],
    ['both counts', `start=${encodeURIComponent('2026-02-13T08:00:00+07:00')}&workingDays=1&workingHours=2`],
    ['no count', `start=${encodeURIComponent('2026-02-13T08:00:00+07:00')}`],
  ])('refuses %s with VALIDATION_FAILED', async (_name, query) => {
    const response = await due(query);
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('VALIDATION_FAILED');
  });

  it('refuses to promise a date in a year without a calendar', async () => {
    const response = await due(`start=${encodeURIComponent('2030-03-01T08:00:00+07:00')}&workingDays=3`);
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'CALENDAR_NOT_AVAILABLE', year: 2030 });
  });

  it('lists a year with computed compensatory days', async () => {
    const response = await t.app.inject({ url: '/api/v1/calendar/years/2026' });
    expect(response.statusCode).toBe(200);
    const days = response.json().nonWorkingWeekdays.map((d: { day: string; reason: string }) => `${d.day}:${d.reason}`);
    expect(days).toEqual(expect.arrayContaining(['2026-02-16:holiday', '2026-04-27:compensatory', '2026-09-01:holiday']));
  });

  it('lets the provincial administrator add a holiday, changing the next answer and the version', async () => {
    const admin = await signInAs(t.app, t.database.db, 'quantri');
    const before = (await t.app.inject({ url: '/api/v1/calendar/years/2026' })).json();
    const entries = [...before.entries, { day: '2026-11-24', kind: 'holiday', name: 'Ngày Văn hóa Việt Nam' }];
    const put = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/years/2026', headers: admin.headers, payload: { status: 'official', entries } });
    expect(put.statusCode).toBe(200);
    expect(put.json().calendarVersion).not.toBe(before.calendarVersion);
    const after = await due(`start=${encodeURIComponent('2026-11-23T09:00:00+07:00')}&workingDays=1`);
    expect(after.json().due).toBe('2026-11-25T17:00:00+07:00');
  });

  it('refuses a commune administrator and an entry outside the year, writing nothing', async () => {
    const communeAdmin = await signInAs(t.app, t.database.db, 'quantri.phuonglaocai');
    const admin = await signInAs(t.app, t.database.db, 'quantri');
    const before = await countRows(t.database.db, ['calendar_days', 'calendar_years', 'audit_log']);
    const body = { status: 'official', entries: [{ day: '2026-12-31', kind: 'holiday', name: 'Ngày thử' }] };
    const forbidden = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/years/2026', headers: communeAdmin.headers, payload: body });
    expect(forbidden.statusCode).toBe(403);
    const wrongYear = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/calendar/years/2027',
      headers: admin.headers,
      payload: body,
    });
    expect(wrongYear.statusCode).toBe(400);
    expect(await countRows(t.database.db, ['calendar_days', 'calendar_years', 'audit_log'])).toEqual(before);
  });
});
