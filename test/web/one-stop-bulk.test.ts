import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DossierApi,
  agencyOfKind,
  applicant,
  createStaff,
  headersFor,
  ok,
  procedureByNationalCode,
  unitByCode,
} from '../../src/modules/dossiers/dossiers.fixtures.ts';
import type { TDossierDetail } from '../../src/modules/dossiers/dossiers.schema.ts';
import { createSession } from '../../src/modules/people/sessions.ts';
import { manualClock } from '../../src/platform/clock.ts';
import { CSRF_COOKIE } from '../../src/platform/http/csrf.ts';
import { SESSION_COOKIE } from '../../src/platform/http/request-context.ts';
import { webBuildExists } from '../../src/platform/http/web.ts';
import { seedDemo } from '../../src/seed/index.ts';
import { countRows } from '../support/auth.ts';
import { type TestApp, createTestApp } from '../support/app.ts';

type Browser = { cookie: string; token: string };

/**
 * The queue's bulk form and filters as a plain HTML form posts them (no JavaScript): per-dossier results, a stale
 * row refused on its own, refusals of the whole form writing nothing, and the leader's choices. Needs the build.
 */
describe.skipIf(!webBuildExists())('one-stop queue: bulk form and filters', () => {
  const clock = manualClock('2026-03-02T08:00:00+07:00');
  let t: TestApp;
  let leader: Browser;
  let specialist: Browser;
  let officerId: string;
  const dossiers: TDossierDetail[] = [];

  const browserFor = async (userId: string): Promise<Browser> => {
    const { token } = await createSession(t.database.db, { userId, mfaPending: false, ip: null, userAgent: 'test' });
    const browserId = `bulk-${userId}`;
    return {
      cookie: `${SESSION_COOKIE}=${token}; ${CSRF_COOKIE}=${browserId}`,
      token: t.app.platform.csrf.tokenForBrowser(browserId),
    };
  };
  const get = (browser: Browser, url: string) => t.app.inject({ url, headers: { cookie: browser.cookie } });
  const postBulk = (browser: Browser, fields: [string, string][]) =>
    t.app.inject({
      method: 'POST',
      url: '/mot-cua',
      headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([['_csrf', browser.token], ...fields]).toString(),
    });
  const pick = (d: TDossierDetail, version = d.version): [string, string] => ['pick', `${d.id}:${version}`];

  beforeAll(async () => {
    t = await createTestApp({}, undefined, (app) => {
      app.platform.clock = clock;
    });
    await seedDemo(t.database.db);
    const db = t.database.db;
    const ward = await unitByCode(db, '02647', '2026-03-02');
    const committee = await agencyOfKind(db, ward.id, 'people_committee');
    const staff = (username: string, fullName: string, role: 'specialist' | 'leader') =>
      createStaff(db, { username, fullName, unitId: ward.id, agencyId: committee.id, role });
    officerId = await staff('cv.bulkweb', 'Thào Văn Chọn', 'specialist');
    leader = await browserFor(await staff('ld.bulkweb', 'Sùng Thị Lãnh', 'leader'));
    specialist = await browserFor(officerId);
    const desk = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'motcua.phuonglaocai')
      .executeTakeFirstOrThrow();
    const deskHeaders = await headersFor(t.app, db, desk.id);
    const api = new DossierApi(t.app);
    const birth = await procedureByNationalCode(db, '1.001193');
    for (const [i, name] of ['Sần Thị Một', 'Sần Văn Hai'].entries()) {
      const received = ok(
        await api.counter(deskHeaders, {
          procedureId: birth.id,
          receivingUnitId: ward.id,
          applicant: applicant(name, `01019700330${i}`),
          components: birth.requiredComponents,
          fees: birth.fees,
          feesPaid: true,
        }),
        201,
      );
      dossiers.push(await api.step(deskHeaders, received, { action: 'forward' }));
    }
  });
  afterAll(() => t.close());

  it('shows a leader the row checkboxes, the officers to assign to and the filters; a specialist no officers', async () => {
    const page = await get(leader, '/mot-cua');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`value="${dossiers[0]?.id}:${dossiers[0]?.version}"`);
    expect(page.body).toContain(`<option value="${officerId}">Thào Văn Chọn – Phường Lào Cai</option>`);
    expect(page.body).toContain('name="timeLeft"');
    expect(page.body).toContain('Đăng ký khai sinh');
    const own = await get(specialist, '/mot-cua');
    expect(own.body).not.toContain('name="assigneeId"');
    // Found by the applicant's whole ID number.
    const found = await get(leader, '/mot-cua?q=010197003301');
    expect(found.body).toContain(String(dossiers[1]?.code));
    expect(found.body).not.toContain(String(dossiers[0]?.code));
  });

  it('assigns each ticked dossier on its own: a stale row is refused with the reason, the other is done', async () => {
    const [a, b] = dossiers as [TDossierDetail, TDossierDetail];
    const before = await countRows(t.database.db, ['dossier_actions', 'audit_log']);
    const answer = await postBulk(leader, [
      pick(a),
      pick(b, b.version - 1),
      ['bulkAction', 'assign'],
      ['assigneeId', officerId],
    ]);
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('Đã thực hiện 1 hồ sơ, không thực hiện 1 hồ sơ.');
    expect(answer.body).toContain('Đã thực hiện: Phân công xử lý');
    expect(answer.body).toContain('Không thực hiện: hồ sơ vừa được người khác xử lý');
    const after = await countRows(t.database.db, ['dossier_actions', 'audit_log']);
    expect(after).toEqual({
      dossier_actions: (before.dossier_actions ?? 0) + 1,
      audit_log: (before.audit_log ?? 0) + 1,
    });
  });

  it('refuses the whole form without rows, an action or an officer, and writes nothing', async () => {
    const [a] = dossiers as [TDossierDetail];
    const before = await countRows(t.database.db, ['dossier_actions', 'audit_log']);
    const none = await postBulk(leader, [['bulkAction', 'forward']]);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Chọn ít nhất một hồ sơ trong bảng');
    const noOfficer = await postBulk(leader, [pick(a), ['bulkAction', 'assign']]);
    expect(noOfficer.statusCode).toBe(400);
    expect(noOfficer.body).toContain('href="#f-assigneeId"');
    const noAction = await postBulk(leader, [pick(a)]);
    expect(noAction.statusCode).toBe(400);
    expect(noAction.body).toContain('Chọn thao tác cần thực hiện');
    const bogus = await postBulk(leader, [
      ['pick', 'not-a-dossier:1'],
      ['bulkAction', 'forward'],
    ]);
    expect(bogus.statusCode).toBe(400);
    expect(await countRows(t.database.db, ['dossier_actions', 'audit_log'])).toEqual(before);
  });

  it('adds an internal note from the dossier page, and refuses an empty one writing nothing', async () => {
    const [a] = dossiers as [TDossierDetail];
    const postNote = (body: string) =>
      t.app.inject({
        method: 'POST',
        url: `/mot-cua/ho-so/${a.id}`,
        headers: { cookie: specialist.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: specialist.token, intent: 'note', body }).toString(),
      });
    const added = await postNote('Người nộp hẹn bổ sung bản sao vào thứ Tư.');
    expect(added.statusCode).toBe(302);
    expect(added.headers.location).toBe(`/mot-cua/ho-so/${a.id}?ghi-chu=1#notes-title`);
    const page = await get(leader, `/mot-cua/ho-so/${a.id}?ghi-chu=1`);
    expect(page.body).toContain('Người nộp hẹn bổ sung bản sao vào thứ Tư.');
    expect(page.body).toContain('Thào Văn Chọn, Phường Lào Cai');
    const before = await countRows(t.database.db, ['dossier_notes', 'dossier_actions', 'audit_log']);
    const empty = await postNote('  ');
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#f-note-body"');
    expect(empty.body).toContain('Nhập nội dung ghi chú');
    expect(await countRows(t.database.db, ['dossier_notes', 'dossier_actions', 'audit_log'])).toEqual(before);
  });
});
