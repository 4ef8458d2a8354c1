import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agencyOfKind,
  createCitizen,
  createStaff,
  pdfBytes,
  procedureByNationalCode,
  unitByCode,
} from '../../src/modules/dossiers/dossiers.fixtures.ts';
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
 * The officers' one-stop pages through inject(): the queue, counter reception with a real multipart upload (the
 * CSRF token in the body, as a plain HTML form sends it), the dossier page with one form per allowed action, the
 * stale-version refusal, and sight limited to the officer's units. Needs `npm run build`.
 */
describe.skipIf(!webBuildExists())('one-stop pages', () => {
  // Monday 2 March 2026, 08:00 in Lào Cai.
  const clock = manualClock('2026-03-02T08:00:00+07:00');
  let t: TestApp;
  let desk: Browser;
  let specialist: Browser;
  let otherDesk: Browser;
  let citizen: Browser;
  let wardId: string;
  let procedure: Awaited<ReturnType<typeof procedureByNationalCode>>;
  let dossierId: string;

  const browserFor = async (userId: string): Promise<Browser> => {
    const { token } = await createSession(t.database.db, { userId, mfaPending: false, ip: null, userAgent: 'test' });
    const browserId = `one-stop-${userId}`;
    return {
      cookie: `${SESSION_COOKIE}=${token}; ${CSRF_COOKIE}=${browserId}`,
      token: t.app.platform.csrf.tokenForBrowser(browserId),
    };
  };
  const get = (browser: Browser | null, url: string) =>
    t.app.inject({ url, headers: browser ? { cookie: browser.cookie } : {} });
  const postForm = (browser: Browser, url: string, fields: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: browser.token, ...fields }).toString(),
    });
  /** A multipart body exactly as a browser builds it from a form with files. */
  const postMultipart = async (browser: Browser, url: string, form: FormData) => {
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    return t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: browser.cookie, 'content-type': String(request.headers.get('content-type')) },
      payload: Buffer.from(await request.arrayBuffer()),
    });
  };
  const versionOf = async (id: string) =>
    (await t.database.db.selectFrom('dossiers').select('version').where('id', '=', id).executeTakeFirstOrThrow())
      .version;

  beforeAll(async () => {
    t = await createTestApp({}, undefined, (app) => {
      app.platform.clock = clock;
    });
    await seedDemo(t.database.db);
    const db = t.database.db;
    const ward = await unitByCode(db, '02647', '2026-03-02');
    wardId = ward.id;
    const committee = await agencyOfKind(db, ward.id, 'people_committee');
    const deskUser = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'motcua.phuonglaocai')
      .executeTakeFirstOrThrow();
    desk = await browserFor(deskUser.id);
    specialist = await browserFor(
      await createStaff(db, {
        username: 'cv.web.plc',
        fullName: 'Lù Văn Chuyên',
        unitId: ward.id,
        agencyId: committee.id,
        role: 'specialist',
      }),
    );
    // A one-stop officer of another commune-level unit.
    const other = await db
      .selectFrom('units')
      .select('id')
      .where('kind', 'in', ['commune', 'ward'])
      .where('valid_to', 'is', null)
      .where('id', '!=', ward.id)
      .executeTakeFirstOrThrow();
    const otherDeskAgency = await agencyOfKind(db, other.id, 'one_stop').catch(() => null);
    otherDesk = await browserFor(
      await createStaff(db, {
        username: 'motcua.khac',
        unitId: other.id,
        agencyId: otherDeskAgency?.id ?? null,
        role: 'one_stop_officer',
      }),
    );
    citizen = await browserFor(await createCitizen(db, { fullName: 'Lò Thị Mai', personalId: '010190001111' }));
    procedure = await procedureByNationalCode(db, '1.001193');
  });
  afterAll(() => t?.close());

  it('sends anonymous readers to sign in and refuses citizens', async () => {
    const anonymous = await get(null, '/mot-cua');
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toBe('/dang-nhap?next=%2Fmot-cua');
    const refused = await get(citizen, '/mot-cua/tiep-nhan');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Không có quyền truy cập');
  });

  it('receives a dossier at the counter from a multipart form with a file and a paper component', async () => {
    const page = await get(desk, `/mot-cua/tiep-nhan?unitId=${wardId}&procedureId=${procedure.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Đăng ký khai sinh');
    expect(page.body).toMatch(/enctype="multipart\/form-data"/i);
    const [first, ...rest] = procedure.requiredComponents;
    const before = await countRows(t.database.db, ['dossiers', 'dossier_files']);
    const form = new FormData();
    form.set('_csrf', desk.token);
    form.set('procedureId', procedure.id);
    form.set('receivingUnitId', wardId);
    form.set('kind', 'citizen');
    form.set('fullName', 'Giàng Thị Dở');
    form.set('personalId', '010195007777');
    form.set('phone', '0912345678');
    form.set(
      `files:${first?.code}`,
      new File([new Uint8Array(pdfBytes('tờ khai'))], 'to-khai.pdf', { type: 'application/pdf' }),
    );
    for (const c of rest) form.set(`paper:${c.code}`, 'true');
    form.set('feesPaid', 'true');
    const response = await postMultipart(desk, '/mot-cua/tiep-nhan', form);
    expect(response.statusCode, response.body.slice(0, 2000)).toBe(302);
    const location = String(response.headers.location);
    expect(location).toMatch(/^\/mot-cua\/ho-so\/[0-9a-f-]{36}\?tiep-nhan=1$/);
    dossierId = location.split('/')[3]?.split('?')[0] ?? '';
    expect(await countRows(t.database.db, ['dossiers', 'dossier_files'])).toEqual({
      dossiers: (before.dossiers ?? 0) + 1,
      dossier_files: (before.dossier_files ?? 0) + 1,
    });

    const dossier = await get(desk, location);
    expect(dossier.statusCode).toBe(200);
    expect(dossier.body).toContain('Đã tiếp nhận hồ sơ');
    expect(dossier.body).toContain(`/api/v1/dossiers/${dossierId}/forms/receipt`);
    expect(dossier.body).toContain('to-khai.pdf');
    expect(dossier.body).toContain('Chuyển bước tiếp theo');
    // 4 working hours from 08:00 on Monday 2 March 2026 (dd/mm/yyyy, Vietnam time).
    // 4 working hours from 08:00: 3.5 h until 11:30, then 0.5 h from 13:30.
    expect(dossier.body).toContain('14:00 02/03/2026');
    const receipt = await get(desk, `/api/v1/dossiers/${dossierId}/forms/receipt`);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers['content-type']).toBe('application/pdf');
    // The control sheet of hand-overs can be printed from reception on.
    expect(dossier.body).toContain(`/api/v1/dossiers/${dossierId}/forms/control-sheet`);
    const sheet = await get(desk, `/api/v1/dossiers/${dossierId}/forms/control-sheet`);
    expect(sheet.statusCode).toBe(200);
    expect(sheet.headers['content-type']).toBe('application/pdf');
  });

  it('finds the applicant’s account by ID number, fills the form from it, and links the dossier to it', async () => {
    const base = `/mot-cua/tiep-nhan?unitId=${wardId}&procedureId=${procedure.id}`;
    const invalid = await get(desk, `${base}&nguoiNop=12345`);
    expect(invalid.body).toContain('Số định danh cá nhân gồm 12 chữ số');
    const missing = await get(desk, `${base}&nguoiNop=010095009999`);
    expect(missing.body).toContain('Không có tài khoản với số này');
    expect(missing.body).not.toContain('name="applicantUserId"');

    const page = await get(desk, `${base}&nguoiNop=010095001234`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Đã tìm thấy tài khoản của Giàng A Páo');
    expect(page.body).toContain('value="Giàng A Páo"');
    expect(page.body).toContain('value="congdan@example.vn"');
    const account = /name="applicantUserId" value="([0-9a-f-]{36})"/.exec(page.body)?.[1];
    expect(account).toBeDefined();

    const form = new FormData();
    form.set('_csrf', desk.token);
    form.set('procedureId', procedure.id);
    form.set('receivingUnitId', wardId);
    form.set('applicantUserId', account ?? '');
    form.set('kind', 'citizen');
    form.set('fullName', 'Giàng A Páo');
    form.set('personalId', '010095001234');
    for (const c of procedure.requiredComponents) form.set(`paper:${c.code}`, 'true');
    const response = await postMultipart(desk, `${base}&nguoiNop=010095001234`, form);
    expect(response.statusCode, response.body.slice(0, 2000)).toBe(302);
    const id = String(response.headers.location).split('/')[3]?.split('?')[0] ?? '';
    const linked = await t.database.db
      .selectFrom('dossiers')
      .select('applicant_user_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(linked.applicant_user_id).toBe(account);
  });

  it('refuses a counter form without the required components or with a bad ID, keeping the input, writing nothing', async () => {
    const before = await countRows(t.database.db, ['dossiers', 'dossier_actions']);
    const form = (personalId: string) => {
      const f = new FormData();
      f.set('_csrf', desk.token);
      f.set('procedureId', procedure.id);
      f.set('receivingUnitId', wardId);
      f.set('fullName', 'Giàng Thị Dở');
      f.set('personalId', personalId);
      return f;
    };
    // A form posts to its page's address, the chosen procedure included.
    const page = `/mot-cua/tiep-nhan?unitId=${wardId}&procedureId=${procedure.id}`;
    const missing = await postMultipart(desk, page, form('010195007777'));
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Nộp đủ các thành phần bắt buộc');
    expect(missing.body).toContain('value="Giàng Thị Dở"');
    const badId = await postMultipart(desk, page, form('12345'));
    expect(badId.statusCode).toBe(400);
    expect(badId.body).toContain('Nhập số định danh cá nhân gồm 12 chữ số');
    expect(badId.body).toContain('href="#f-personalId"');
    expect(await countRows(t.database.db, ['dossiers', 'dossier_actions'])).toEqual(before);
  });

  it('lists the new dossier in the queue, found by the applicant name without diacritics', async () => {
    const queue = await get(desk, '/mot-cua?q=giang+thi+do');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(`/mot-cua/ho-so/${dossierId}`);
    expect(queue.body).toContain('Giàng Thị Dở');
    expect(queue.body).toMatch(/class="tag[^"]*">(Còn hạn|Sắp đến hạn)</);
    expect(queue.body).toContain('href="/mot-cua"');
    const none = await get(desk, '/mot-cua?q=khong+co+ai+ten+nay');
    expect(none.body).toContain('Không có kết quả phù hợp.');
  });

  it('takes an allowed action from its own form, then refuses the same version again with a clear message', async () => {
    const seen = await versionOf(dossierId);
    const forwarded = await postForm(desk, `/mot-cua/ho-so/${dossierId}`, {
      action: 'forward',
      expectedVersion: String(seen),
      note: 'Chuyển cán bộ hộ tịch.',
    });
    expect(forwarded.statusCode).toBe(302);
    expect(forwarded.headers.location).toBe(`/mot-cua/ho-so/${dossierId}?da-xu-ly=forward`);
    expect(await versionOf(dossierId)).toBe(seen + 1);

    const before = await countRows(t.database.db, ['dossier_actions', 'audit_log']);
    const stale = await postForm(desk, `/mot-cua/ho-so/${dossierId}`, {
      action: 'forward',
      expectedVersion: String(seen),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Hồ sơ vừa được người khác xử lý');
    // The page shows the dossier as it is now: with the specialist, the desk's forward form gone.
    expect(stale.body).toContain('Lù Văn Chuyên');
    expect(await countRows(t.database.db, ['dossier_actions', 'audit_log'])).toEqual(before);

    const page = await get(specialist, `/mot-cua/ho-so/${dossierId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`name="expectedVersion" value="${seen + 1}"`);
    expect(page.body).toContain('Chuyển cán bộ hộ tịch.');
  });

  it('shows field messages for an action refused by validation and writes nothing', async () => {
    const before = await countRows(t.database.db, ['dossier_actions']);
    const response = await postForm(specialist, `/mot-cua/ho-so/${dossierId}`, {
      action: 'request_supplement',
      expectedVersion: String(await versionOf(dossierId)),
      items: '   ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('href="#f-request_supplement-items"');
    expect(await countRows(t.database.db, ['dossier_actions'])).toEqual(before);
  });

  it('answers 404 to an officer of another unit who types the dossier’s address', async () => {
    const page = await get(otherDesk, `/mot-cua/ho-so/${dossierId}`);
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain('Giàng Thị Dở');
    const before = await countRows(t.database.db, ['dossier_actions']);
    const act = await postForm(otherDesk, `/mot-cua/ho-so/${dossierId}`, {
      action: 'forward',
      expectedVersion: String(await versionOf(dossierId)),
    });
    expect(act.statusCode).toBe(404);
    expect(await countRows(t.database.db, ['dossier_actions'])).toEqual(before);
    expect((await get(otherDesk, '/mot-cua?q=giang+thi+do')).body).not.toContain(dossierId);
  });
});
