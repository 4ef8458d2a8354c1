import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { countRows } from '../../../test/support/auth.ts';
import { manualClock } from '../../platform/clock.ts';
import { webBuildExists } from '../../platform/http/web.ts';
import { MAIL_QUEUE } from '../../platform/mail/mail-worker.ts';
import { seedDemo } from '../../seed/index.ts';
import {
  DossierApi,
  agencyOfKind,
  applicant,
  createStaff,
  headersFor,
  ok,
  problem,
  procedureByNationalCode,
  unitByCode,
} from '../dossiers/dossiers.fixtures.ts';
import type { TDossierDetail } from '../dossiers/dossiers.schema.ts';
import { sweepDeadlines } from './deadline-sweep.ts';
import { TIMELINESS_COLUMNS } from './timeliness-columns.ts';
import type { TDeadlineAlertPage, TTimelinessReport } from './dossier-deadlines.schema.ts';

/**
 * Deadlines in motion at Phường Lào Cai with Đăng ký khai sinh (4 working hours): the sweep warns the officer
 * holding a step before it is due, flags it overdue and escalates it to the commune's leader once, never twice;
 * and the timeliness report counts early, on-time and late finishes (an apology makes a finish late).
 */
describe('deadline alerts and timeliness', () => {
  // Monday 9 March 2026, 08:00 in Lào Cai.
  const clock = manualClock('2026-03-09T08:00:00+07:00');
  let t: TestApp;
  let api: DossierApi;
  let people: Record<
    'desk' | 'specialist' | 'leader' | 'admin' | 'outsider',
    { id: string; headers: Record<string, string> }
  >;
  let wardId: string;
  let provinceId: string;
  let procedure: Awaited<ReturnType<typeof procedureByNationalCode>>;
  let dossier: TDossierDetail;

  const sweep = () => sweepDeadlines(t.app.platform);
  const at = (iso: string) => clock.set(iso);
  const receive = async (name: string, personalId: string) =>
    ok(
      await api.counter(people.desk.headers, {
        procedureId: procedure.id,
        receivingUnitId: wardId,
        applicant: applicant(name, personalId),
        components: procedure.requiredComponents,
        fees: procedure.fees,
      }),
      201,
    );
  /** Desk → specialist → leader approves → result registered by the desk. */
  const finish = async (d: TDossierDetail) => {
    let x = await api.step(people.desk.headers, d, { action: 'forward' });
    x = await api.step(people.specialist.headers, x, { action: 'forward' });
    x = await api.step(people.leader.headers, x, { action: 'approve' });
    return api.step(people.desk.headers, x, {
      action: 'register_result',
      resultNumber: `${d.code}/KS`,
      files: [
        { filename: 'kq.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.7\nkq').toString('base64') },
      ],
    });
  };
  const mailsTo = async (userId: string) => {
    const email = (
      await t.database.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow()
    ).email;
    const rows = await sql<{ subject: string; text: string }>`
      select data->>'subject' as subject, data->>'text' as text from pgboss.job
      where name = ${MAIL_QUEUE} and data->>'to' = ${email} order by created_on`.execute(t.database.db);
    return rows.rows;
  };
  const alertsOf = async (headers: Record<string, string>) =>
    ok<TDeadlineAlertPage>(await t.app.inject({ method: 'GET', url: '/api/v1/me/deadline-alerts', headers }));
  const report_ = (headers: Record<string, string>, query: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/reports/dossier-timeliness?${query}`, headers });
  const report = (headers: Record<string, string>, query: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/reports/dossier-timeliness?${query}`, headers });

  beforeAll(async () => {
    t = await createTestApp(
      { deadlines: { warningWorkingHours: 0.5, sweepCron: '*/15 * * * *' } },
      undefined,
      (app) => {
        app.platform.clock = clock;
      },
    );
    await seedDemo(t.database.db);
    const db = t.database.db;
    api = new DossierApi(t.app);
    const ward = await unitByCode(db, '02647', '2026-03-09');
    wardId = ward.id;
    provinceId = (await unitByCode(db, '15', '2026-03-09')).id;
    const committee = await agencyOfKind(db, ward.id, 'people_committee');
    const byUsername = async (username: string) =>
      (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    const ids = {
      desk: await byUsername('motcua.phuonglaocai'),
      specialist: await createStaff(db, {
        username: 'cv.hotich.dl',
        unitId: ward.id,
        agencyId: committee.id,
        role: 'specialist',
      }),
      // The chairman: a leader over the whole commune, not one agency of it.
      leader: await createStaff(db, { username: 'ld.dl', unitId: ward.id, role: 'leader' }),
      admin: await byUsername('quantri'),
      outsider: await byUsername('chuyenvien.tuphap'),
    };
    people = Object.fromEntries(
      await Promise.all(
        Object.entries(ids).map(async ([k, id]) => [k, { id, headers: await headersFor(t.app, db, id) }] as const),
      ),
    ) as typeof people;
    procedure = await procedureByNationalCode(db, '1.001193');
  });
  afterAll(() => t.close());

  it('warns the officer holding a step within the warning window, once', async () => {
    dossier = await receive('Sùng Thị Dở', '010195003333');
    dossier = await api.step(people.desk.headers, dossier, { action: 'forward' });
    expect(dossier.current.assignee?.id).toBe(people.specialist.id);
    const stepDue = new Date(dossier.current.stepDueAt ?? '');
    expect(stepDue.getTime()).toBeLessThan(new Date(dossier.dueAt ?? '').getTime());

    // More than half an hour of working time left: nothing yet.
    expect(await sweep()).toEqual({ dueSoon: 0, overdue: 0, escalated: 0, mails: 0 });

    at(new Date(stepDue.getTime() - 20 * 60_000).toISOString());
    expect(await sweep()).toMatchObject({ dueSoon: 1, overdue: 0, escalated: 0, mails: 1 });
    const mails = await mailsTo(people.specialist.id);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain(dossier.code);
    expect(mails[0]?.text).toContain('sắp đến hạn bước xử lý');

    // A second sweep, or a second worker, sends nothing more.
    const before = await countRows(t.database.db, ['dossier_deadline_alerts']);
    expect(await sweep()).toEqual({ dueSoon: 0, overdue: 0, escalated: 0, mails: 0 });
    expect(await countRows(t.database.db, ['dossier_deadline_alerts'])).toEqual(before);
    expect(await mailsTo(people.specialist.id)).toHaveLength(1);
  });

  it('flags an overdue step to its holder and escalates it to the commune’s leader', async () => {
    const stepDue = new Date(dossier.current.stepDueAt ?? '');
    at(new Date(stepDue.getTime() + 10 * 60_000).toISOString());
    const result = await sweep();
    expect(result.overdue).toBeGreaterThanOrEqual(1);
    expect(result.escalated).toBeGreaterThanOrEqual(1);

    const mine = await alertsOf(people.specialist.headers);
    expect(mine.items.filter((a) => a.target === 'step').map((a) => a.kind)).toEqual(['overdue', 'due_soon']);
    expect(mine.items.every((a) => a.dossier.code === dossier.code && a.stillOpen)).toBe(true);

    const leaders = await alertsOf(people.leader.headers);
    const escalation = leaders.items.find((a) => a.target === 'step');
    expect(escalation).toMatchObject({ kind: 'escalated', stepId: dossier.current.step?.id, stillOpen: true });
    expect((await mailsTo(people.leader.id))[0]?.text).toContain('báo cáo lãnh đạo');

    // Once the step moves on, its alerts are history.
    dossier = await api.step(people.specialist.headers, dossier, { action: 'forward' });
    const after = await alertsOf(people.specialist.headers);
    expect(after.items.filter((a) => a.target === 'step').every((a) => !a.stillOpen)).toBe(true);
  });

  it('flags the dossier overdue when its appointment passes, to whoever holds it now', async () => {
    expect(dossier.current.assignee?.id).toBe(people.leader.id);
    at(new Date(new Date(dossier.dueAt ?? '').getTime() + 60_000).toISOString());
    await sweep();
    const leaders = await alertsOf(people.leader.headers);
    expect(leaders.items.some((a) => a.target === 'dossier' && a.kind === 'overdue' && a.stillOpen)).toBe(true);
    expect(await sweep()).toEqual({ dueSoon: 0, overdue: 0, escalated: 0, mails: 0 });
  });

  it('refuses the alert list to citizens and to anonymous callers', async () => {
    problem(await t.app.inject({ method: 'GET', url: '/api/v1/me/deadline-alerts' }), 401, 'UNAUTHENTICATED');
    problem(
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/me/deadline-alerts?cursor=bm9wZQ',
        headers: people.specialist.headers,
      }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('counts finishes early, on time and late per unit, an apology making a finish late', async () => {
    // Late: the first dossier, finished the next day, after its appointment.
    at('2026-03-10T08:00:00+07:00');
    dossier = await api.step(people.leader.headers, dossier, { action: 'approve' });
    dossier = await api.step(people.desk.headers, dossier, {
      action: 'register_result',
      resultNumber: 'KS-1',
      files: [
        { filename: 'kq.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.7\nkq').toString('base64') },
      ],
    });
    expect(dossier.late).toBe(true);

    // Early: received Tuesday 16:00 (due Wednesday), finished Tuesday 16:30.
    at('2026-03-10T16:00:00+07:00');
    let early = await receive('Vàng A Chứ', '010195004444');
    expect(early.dueAt?.slice(0, 10)).toBe('2026-03-11');
    at('2026-03-10T16:30:00+07:00');
    early = await finish(early);
    expect(early.late).toBe(false);

    // On time: received Wednesday 08:00, finished that day before its appointment.
    at('2026-03-11T08:00:00+07:00');
    let onTime = await receive('Lý Thị Sử', '010195005555');
    at('2026-03-11T09:00:00+07:00');
    onTime = await finish(onTime);
    expect(onTime.late).toBe(false);

    // Apologised: the appointment moved to the next day before it passed, then finished by the new date.
    at('2026-03-12T08:00:00+07:00');
    let apologised = await receive('Thào Văn Páo', '010195006666');
    apologised = await api.step(people.desk.headers, apologised, {
      action: 'apologize',
      reason: 'Chờ xác minh thông tin cư trú',
      newDueDate: '2026-03-13',
    });
    at('2026-03-13T09:00:00+07:00');
    apologised = await finish(apologised);
    expect(apologised.late).toBe(false);

    // Refused at the desk, the same week.
    at('2026-03-13T10:00:00+07:00');
    const online = ok(
      await api.counter(people.desk.headers, {
        procedureId: procedure.id,
        receivingUnitId: wardId,
        applicant: applicant('Giàng Thị Mỷ', '010195007777'),
        components: procedure.requiredComponents,
        fees: procedure.fees,
      }),
      201,
    );
    expect(online.status).toBe('received');

    const ward = ok<TTimelinessReport>(
      await report(people.leader.headers, `unitId=${wardId}&from=2026-03-01&to=2026-03-31`),
    );
    expect(ward.totals).toMatchObject({
      received: 5,
      finished: 4,
      finishedEarly: 1,
      finishedOnTime: 1,
      finishedLate: 2,
      apologized: 1,
      onTimeRate: 0.5,
    });
    expect(ward.totals.inProgress).toBeGreaterThanOrEqual(1);
    expect(ward.subUnits).toEqual([]);

    // The province sees the ward among its sub-units with the same figures, and totals that include them.
    const province = ok<TTimelinessReport>(
      await report(people.admin.headers, `unitId=${provinceId}&from=2026-03-01&to=2026-03-31`),
    );
    const row = province.subUnits.find((s) => s.unit.id === wardId);
    expect(row?.counts).toMatchObject({ received: 5, finishedEarly: 1, finishedOnTime: 1, finishedLate: 2 });
    expect(province.totals.finished).toBeGreaterThanOrEqual(4);
    const sum = province.subUnits.reduce((n, s) => n + s.counts.finished, province.own.finished);
    expect(province.totals.finished).toBe(sum);

    // A period before anything happened counts nothing finished.
    const february = ok<TTimelinessReport>(
      await report(people.leader.headers, `unitId=${wardId}&from=2026-02-01&to=2026-02-28`),
    );
    expect(february.totals).toMatchObject({ received: 0, finished: 0, onTimeRate: null });
  });

  it('exports exactly the report’s figures to Excel', async () => {
    const query = `unitId=${provinceId}&from=2026-03-01&to=2026-03-31`;
    const report = ok<TTimelinessReport>(await report_(people.admin.headers, query));
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/reports/dossier-timeliness.xlsx?${query}`,
      headers: people.admin.headers,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toContain('tien-do-giai-quyet-2026-03-01-2026-03-31.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as never);
    const sheet = book.worksheets[0];
    const rows = new Map<string, unknown[]>();
    sheet?.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1);
      rows.set(String(values[0]), values.slice(1));
    });
    const expected = (counts: TTimelinessReport['totals']) => TIMELINESS_COLUMNS.map((c) => counts[c]);
    const ward = report.subUnits.find((s) => s.unit.id === wardId);
    expect(rows.get('Tổng cộng')).toEqual(expected(report.totals));
    expect(rows.get(ward?.unit.name ?? '?')).toEqual(expected(ward?.counts ?? report.totals));
    // Title, period and header, a row per sub-unit, the province's own dossiers, the total.
    expect(rows.size).toBe(3 + report.subUnits.length + 2);
  });

  it('lists the same dossiers in the register (Mẫu 06), each with the outcome the figures count', async () => {
    const query = `unitId=${wardId}&from=2026-03-01&to=2026-03-31`;
    const figures = ok<TTimelinessReport>(await report(people.leader.headers, query));
    const response = await t.app.inject({
      url: `/api/v1/reports/dossier-register.xlsx?${query}`,
      headers: people.leader.headers,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain('so-theo-doi-ho-so-2026-03-01-2026-03-31.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as never);
    const lines: string[][] = [];
    book.worksheets[0]?.eachRow((row, n) => {
      if (n > 4) lines.push((row.values as unknown[]).slice(1).map(String));
    });
    expect(lines).toHaveLength(figures.totals.received);
    const status = (word: string) => lines.filter((l) => l[12] === word).length;
    expect(status('Trước hạn')).toBe(figures.totals.finishedEarly);
    expect(status('Đúng hạn')).toBe(figures.totals.finishedOnTime);
    expect(status('Quá hạn')).toBe(figures.totals.finishedLate);
    // In the order received, numbered, with the applicant and the desk's dates.
    expect(lines.map((l) => l[0])).toEqual(lines.map((_, i) => String(i + 1)));
    const early = lines.find((l) => l[3] === 'Vàng A Chứ');
    expect(early?.slice(7, 9)).toEqual(['10/03/2026', '11/03/2026']);
    expect(early?.[12]).toBe('Trước hạn');
    expect(lines.find((l) => l[3] === 'Thào Văn Páo')?.[12]).toBe('Quá hạn');
    // It names applicants: the same scope as the figures.
    const refused = await t.app.inject({
      url: `/api/v1/reports/dossier-register.xlsx?${query}`,
      headers: people.outsider.headers,
    });
    problem(refused, 404, 'NOT_FOUND');
  });

  it.skipIf(!webBuildExists())(
    'shows the figures on the supervision page with a server-drawn chart, without JavaScript',
    async () => {
      const page = await t.app.inject({
        method: 'GET',
        url: `/giam-sat?unitId=${wardId}&from=2026-03-01&to=2026-03-31`,
        headers: people.leader.headers,
      });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Giám sát tiến độ giải quyết hồ sơ');
      expect(page.body).toMatch(/<div role="img" aria-label="[^"]+"><svg /);
      expect(page.body).toContain(
        `/api/v1/reports/dossier-timeliness.xlsx?unitId=${wardId}&amp;from=2026-03-01&amp;to=2026-03-31`,
      );
      expect(page.body).toContain(
        `/api/v1/reports/dossier-register.xlsx?unitId=${wardId}&amp;from=2026-03-01&amp;to=2026-03-31`,
      );
      // The table row of the total: received 5, finished 4, early 1, on time 1, late 2.
      expect(page.body).toMatch(
        /Tổng cộng<\/th><td class="numeric">5<\/td><td class="numeric">4<\/td><td class="numeric">1<\/td><td class="numeric">1<\/td><td class="numeric">2<\/td>/,
      );
      // Someone with no figures to follow is told so; another unit's figures are refused.
      const desk = await t.app.inject({ method: 'GET', url: '/giam-sat', headers: people.desk.headers });
      expect(desk.body).toContain('chưa được giao theo dõi số liệu');
      const refused = await t.app.inject({
        method: 'GET',
        url: `/giam-sat?unitId=${provinceId}`,
        headers: people.leader.headers,
      });
      expect(refused.statusCode).toBe(404);
    },
  );

  it('hides other units’ figures and refuses nonsense periods', async () => {
    problem(await report(people.outsider.headers, `unitId=${wardId}`), 404, 'NOT_FOUND');
    problem(await report(people.desk.headers, `unitId=${provinceId}`), 404, 'NOT_FOUND');
    problem(
      await report(people.leader.headers, `unitId=${wardId}&from=2026-03-31&to=2026-03-01`),
      400,
      'VALIDATION_FAILED',
    );
    problem(await report(people.leader.headers, `unitId=${wardId}&from=2026-02-30`), 400, 'VALIDATION_FAILED');
    problem(await report(people.leader.headers, 'unitId=not-a-uuid'), 400, 'VALIDATION_FAILED');
  });
});
