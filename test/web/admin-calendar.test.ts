import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/modules/people/sessions.ts';
import { CSRF_COOKIE } from '../../src/platform/http/csrf.ts';
import { SESSION_COOKIE } from '../../src/platform/http/request-context.ts';
import { webBuildExists } from '../../src/platform/http/web.ts';
import { seedDemo } from '../../src/seed/index.ts';
import { countRows } from '../support/auth.ts';
import { type TestApp, createTestApp } from '../support/app.ts';

type Browser = { cookie: string; token: string };

/**
 * The working-calendar administration page through inject(): a year's holidays and computed days off, adding and
 * removing days with Vietnamese refusals that change nothing, the due-date checker moving with the calendar (whose
 * version changes with every save), creating a missing year, and refusals for staff without calendar.manage.
 * Needs `npm run build`.
 */
describe.skipIf(!webBuildExists())('working calendar administration page', () => {
  let t: TestApp;
  let admin: Browser;
  let desk: Browser;
  const page2027 = '/quan-tri/lich-lam-viec/2027';
  // Monday 4 October 2027, five working days: the following Monday at the end of the working day.
  const check = 'start=2027-10-04&days=5';

  const browserFor = async (username: string): Promise<Browser> => {
    const user = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    const { token } = await createSession(t.database.db, {
      userId: user.id,
      mfaPending: false,
      ip: null,
      userAgent: 'test',
    });
    return {
      cookie: `${SESSION_COOKIE}=${token}; ${CSRF_COOKIE}=calendar-${username}`,
      token: t.app.platform.csrf.tokenForBrowser(`calendar-${username}`),
    };
  };
  const get = (browser: Browser | null, url: string) =>
    t.app.inject({ url, headers: browser ? { cookie: browser.cookie } : {} });
  const post = (browser: Browser, url: string, fields: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: browser.token, ...fields }).toString(),
    });
  const versionOn = (html: string) => html.match(/data-testid="calendar-version">([0-9a-f]+)</)?.[1];
  const dueOn = (html: string) => html.match(/data-testid="due-result".*?<strong>([^<]+)<\/strong>/s)?.[1];

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db);
    admin = await browserFor('quantri');
    desk = await browserFor('motcua.phuonglaocai');
  });
  afterAll(() => t?.close());

  it('refuses anonymous readers and staff without calendar.manage, and changes nothing', async () => {
    const anonymous = await get(null, page2027);
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toBe('/dang-nhap?next=%2Fquan-tri%2Flich-lam-viec%2F2027');
    expect((await get(desk, page2027)).statusCode).toBe(403);
    const before = await countRows(t.database.db, ['calendar_days', 'audit_log']);
    const refused = await post(desk, page2027, { intent: 'add', day: '2027-10-06', kind: 'holiday', name: 'Ngày thử' });
    expect(refused.statusCode).toBe(403);
    expect(await countRows(t.database.db, ['calendar_days', 'audit_log'])).toEqual(before);
  });

  it('opens on this year and lists a year’s holidays and the days off they give', async () => {
    const start = await get(admin, '/quan-tri/lich-lam-viec');
    expect(start.statusCode).toBe(302);
    expect(start.headers.location).toMatch(/^\/quan-tri\/lich-lam-viec\/20\d\d$/);
    const page = await get(admin, page2027);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Lịch làm việc năm 2027');
    expect(page.body).toContain('Quốc khánh (ngày liền kề)');
    expect(page.body).toContain('Dự kiến');
    // 1 May 2027 is a Saturday: the compensatory day off is Monday 3 May, computed, never typed in.
    expect(page.body).toMatch(/03\/05\/2027<\/td><td>Thứ Hai<\/td><td>Nghỉ bù<\/td>/);
    expect((await get(admin, '/quan-tri/lich-lam-viec/1999')).statusCode).toBe(404);
  });

  it('refuses a day outside the year, a day already listed and a missing name, and saves nothing', async () => {
    const before = await countRows(t.database.db, ['calendar_days', 'audit_log']);
    const outside = await post(admin, page2027, {
      intent: 'add',
      day: '2026-10-06',
      kind: 'holiday',
      name: 'Ngày thử',
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.body).toContain('Ngày phải thuộc năm của lịch đang xem');
    const twice = await post(admin, page2027, {
      intent: 'add',
      day: '2027-09-02',
      kind: 'holiday',
      name: 'Quốc khánh',
    });
    expect(twice.body).toContain('Ngày này đã có trong lịch');
    const nameless = await post(admin, page2027, { intent: 'add', day: '2027-10-06', kind: 'holiday', name: ' ' });
    expect(nameless.body).toContain('Nhập tên gọi, từ 2 đến 200 ký tự');
    expect(nameless.body).toContain('value="2027-10-06"');
    const garbled = await post(admin, page2027, {
      intent: 'add',
      day: '06/10/2027',
      kind: 'holiday',
      name: 'Ngày thử',
    });
    expect(garbled.body).toContain('Nhập ngày đúng định dạng năm-tháng-ngày');
    expect(await countRows(t.database.db, ['calendar_days', 'audit_log'])).toEqual(before);
  });

  it('moves the checked due date when a holiday is added and back when it is removed', async () => {
    const first = await get(admin, `${page2027}?${check}`);
    expect(dueOn(first.body)).toBe('17:00 11/10/2027');
    const version = versionOn(first.body);
    expect(version).toMatch(/^[0-9a-f]{16}$/);

    const before = await countRows(t.database.db, ['calendar_days']);
    const added = await post(admin, page2027, {
      intent: 'add',
      day: '2027-10-06',
      kind: 'holiday',
      name: 'Ngày nghỉ thử nghiệm',
      'keep.start': '2027-10-04',
      'keep.days': '5',
    });
    expect(added.statusCode).toBe(302);
    expect(added.headers.location).toBe(`${page2027}?${check}&thongbao=entryAdded`);
    expect((await countRows(t.database.db, ['calendar_days'])).calendar_days).toBe((before.calendar_days ?? 0) + 1);
    const after = await get(admin, added.headers.location as string);
    expect(after.body).toContain('Đã thêm ngày vào lịch');
    expect(after.body).toContain(`action="${page2027}?${check.replace('&', '&amp;')}"`);
    expect(dueOn(after.body)).toBe('17:00 12/10/2027');
    expect(versionOn(after.body)).not.toBe(version);
    // The public API counts with the same calendar.
    const api = await t.app.inject({
      url: `/api/v1/calendar/due?start=${encodeURIComponent('2027-10-04T08:00:00+07:00')}&workingDays=5`,
    });
    expect(api.json()).toMatchObject({ due: '2027-10-12T17:00:00+07:00', calendarVersion: versionOn(after.body) });

    const removed = await post(admin, page2027, {
      intent: 'remove',
      day: '2027-10-06',
      'keep.start': '2027-10-04',
      'keep.days': '5',
    });
    expect(removed.statusCode).toBe(302);
    const back = await get(admin, removed.headers.location as string);
    expect(dueOn(back.body)).toBe('17:00 11/10/2027');
    expect(back.body).not.toContain('Ngày nghỉ thử nghiệm');
  });

  it('creates a missing year and explains a checker input it cannot use', async () => {
    const missing = await get(admin, '/quan-tri/lich-lam-viec/2031');
    expect(missing.body).toContain('Chưa có lịch làm việc năm 2031');
    const gap = await get(admin, '/quan-tri/lich-lam-viec/2031?start=2031-03-02&days=3');
    expect(gap.body).toContain('Chưa có lịch làm việc của năm 2031, chưa thể tính hạn.');
    const badDays = await get(admin, `${page2027}?start=2027-10-04&days=abc`);
    expect(badDays.body).toContain('Nhập số ngày làm việc là số nguyên từ 0 đến 365');
    const before = await countRows(t.database.db, ['calendar_years']);
    const created = await post(admin, '/quan-tri/lich-lam-viec/2031', { intent: 'create' });
    expect(created.statusCode).toBe(302);
    expect((await countRows(t.database.db, ['calendar_years'])).calendar_years).toBe((before.calendar_years ?? 0) + 1);
    const page = await get(admin, '/quan-tri/lich-lam-viec/2031');
    expect(page.body).toContain('Năm này chưa có ngày nghỉ lễ nào.');
    const status = await post(admin, '/quan-tri/lich-lam-viec/2031', { intent: 'status', status: 'official' });
    expect(status.statusCode).toBe(302);
    const row = await t.database.db
      .selectFrom('calendar_years')
      .select('status')
      .where('year', '=', 2031)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('official');
  });
});
