import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  DossierApi,
  agencyOfKind,
  applicant,
  createCitizen,
  createStaff,
  headersFor,
  ok,
  pdfUpload,
  pngBytes,
  procedureByNationalCode,
  unitByCode,
} from '../../src/modules/dossiers/dossiers.fixtures.ts';
import type { TDossierDetail } from '../../src/modules/dossiers/dossiers.schema.ts';
import { hashPassword } from '../../src/modules/people/passwords.ts';
import { vietnamTodayIso } from '../../src/web/lib/dates.ts';
import { axeFindings, launchBrowser, newPage, signIn } from './support/browser.ts';
import { DEMO_PASSWORD, startWebServer, type WebServer } from './support/server.ts';

/**
 * The demo citizen after submitting online, in Chromium: finds the dossier in "Hồ sơ của tôi", pays the fee on the
 * bank stand-in (the IPN settles it, the page shows the e-receipt), answers the desk's supplement request by
 * uploading a file (without JavaScript), downloads the result once staff returned it, and rates the service;
 * withdraws another dossier after the confirmation step (without JavaScript); another citizen gets 404. Every page
 * passes axe at desktop width and at 360 px.
 */

const CITIZEN = 'congdan@example.vn';
let server: WebServer;
let browser: Browser;
let api: DossierApi;
let staff: { desk: Record<string, string>; specialist: Record<string, string>; leader: Record<string, string> };
let citizenApi: Record<string, string>;
let submitBody: object;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  const db = server.database.db;
  // The gateway stand-in, our IPN and the return page on the live port.
  Object.assign(server.app.platform.config.vnpay, {
    url: `${server.baseUrl}/vnpay-sandbox/paymentv2/vpcpay.html`,
    ipnUrl: `${server.baseUrl}/api/v1/payments/vnpay/ipn`,
    returnUrl: `${server.baseUrl}/thanh-toan/ket-qua`,
  });
  api = new DossierApi(server.app);
  const ward = await unitByCode(db, '02647', vietnamTodayIso());
  const committee = await agencyOfKind(db, ward.id, 'people_committee');
  const id = async (username: string) =>
    (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  staff = {
    desk: await headersFor(server.app, db, await id('motcua.phuonglaocai')),
    specialist: await headersFor(
      server.app,
      db,
      await createStaff(db, { username: 'cv.plc.e2e', unitId: ward.id, agencyId: committee.id, role: 'specialist' }),
    ),
    leader: await headersFor(
      server.app,
      db,
      await createStaff(db, { username: 'ld.plc.e2e', unitId: ward.id, agencyId: committee.id, role: 'leader' }),
    ),
  };
  const citizenId = (await db.selectFrom('users').select('id').where('email', '=', CITIZEN).executeTakeFirstOrThrow())
    .id;
  citizenApi = await headersFor(server.app, db, citizenId);
  // Cấp Giấy xác nhận tình trạng hôn nhân at Phường Lào Cai: online, lệ phí 10.000 đồng.
  const procedure = await procedureByNationalCode(db, '1.004873');
  submitBody = {
    procedureId: procedure.id,
    receivingUnitId: ward.id,
    applicant: applicant('Giàng A Páo', '010095001234'),
    components: procedure.requiredComponents,
    fees: procedure.fees,
  };
  // A second citizen with a password, to try the first one's address.
  const otherId = await createCitizen(db, { fullName: 'Lý Thị Khác', personalId: '010190003333' });
  await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(DEMO_PASSWORD) })
    .where('id', '=', otherId)
    .execute();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The demo citizen submits online through the API, as the portal's submission pages do. */
async function submit(): Promise<TDossierDetail> {
  return ok(await api.submit(citizenApi, submitBody), 201);
}

/** No serious or critical axe finding on the page as it is, at desktop width and at 360 px. */
async function expectAccessibleBothWidths(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  expect(await axeFindings(page)).toEqual([]);
  await page.setViewportSize({ width: 360, height: 800 });
  expect(await axeFindings(page)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 900 });
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

describe('the citizen after submitting: my dossiers', () => {
  let dossier: TDossierDetail;
  let dossierUrl: string;

  test('finds the dossier, pays the fee on the bank stand-in, and sees it paid with the e-receipt', async () => {
    dossier = await submit();
    dossierUrl = `/ho-so-cua-toi/${dossier.id}`;
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await signIn(page, CITIZEN, DEMO_PASSWORD, '/');
      await page
        .getByRole('navigation', { name: 'Điều hướng chính' })
        .getByRole('link', { name: 'Hồ sơ của tôi' })
        .click();
      await page.waitForURL((url) => url.pathname === '/ho-so-cua-toi');
      await expect.poll(() => heading(page)).toBe('Hồ sơ của tôi');
      const row = page.locator('tr', { has: page.getByRole('link', { name: dossier.code }) });
      expect(await row.textContent()).toContain('Chờ tiếp nhận');
      expect(await row.textContent()).toContain('Nộp phí, lệ phí');
      await expectAccessibleBothWidths(page);

      await page.getByRole('link', { name: dossier.code }).click();
      await page.waitForURL((url) => url.pathname === dossierUrl);
      await expect.poll(() => heading(page)).toBe(dossier.code);
      expect(await page.locator('#pay-title').locator('..').textContent()).toContain('10.000 ₫');
      await expectAccessibleBothWidths(page);

      await Promise.all([
        page.waitForURL((url) => url.pathname === '/vnpay-sandbox/paymentv2/vpcpay.html'),
        page.getByRole('button', { name: 'Nộp phí trực tuyến' }).click(),
      ]);
      await page.getByLabel('Thanh toán thành công').check();
      await Promise.all([
        page.waitForURL((url) => url.pathname === '/thanh-toan/ket-qua'),
        page.getByRole('button', { name: 'Xác nhận' }).click(),
      ]);
      await expect.poll(() => heading(page)).toBe('Kết quả thanh toán');
      expect(await page.getByRole('status').textContent()).toContain('Thanh toán thành công');
      await expectAccessibleBothWidths(page);

      await page.getByRole('link', { name: 'Quay lại hồ sơ' }).click();
      await page.waitForURL((url) => url.pathname === dossierUrl);
      const pay = page.locator('section', { has: page.locator('#pay-title') });
      expect(await pay.textContent()).toContain('Đã nộp đủ phí, lệ phí.');
      expect(await pay.textContent()).toContain('Đã thanh toán');
      expect(await page.getByRole('button', { name: 'Nộp phí trực tuyến' }).count()).toBe(0);
      const receipt = await page.getByRole('link', { name: /^Biên lai .+ \(PDF\)$/ }).getAttribute('href');
      const pdf = await page.request.get(String(receipt));
      expect(pdf.status()).toBe(200);
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      await expectAccessibleBothWidths(page);
    } finally {
      await context.close();
    }
  });

  test('answers the supplement request by uploading a file, without JavaScript', async () => {
    dossier = await api.step(staff.desk, ok(await api.get(staff.desk, dossier.id)), {
      action: 'request_supplement',
      items: ['Ảnh chụp rõ nét giấy tờ tùy thân'],
    });
    const { context, page } = await newPage(browser, server.baseUrl, { javaScriptEnabled: false, width: 360 });
    try {
      await signIn(page, CITIZEN, DEMO_PASSWORD, '/ho-so-cua-toi');
      expect(await page.locator('tbody').textContent()).toContain('Bổ sung hồ sơ');
      await page.getByRole('link', { name: dossier.code }).click();
      const supply = page.locator('section', { has: page.locator('#supply-title') });
      expect(await supply.textContent()).toContain('Ảnh chụp rõ nét giấy tờ tùy thân');
      // Nothing chosen: refused in Vietnamese, nothing recorded.
      await supply.getByRole('button', { name: 'Gửi hồ sơ bổ sung' }).click();
      expect(await page.getByRole('alert').textContent()).toContain('Chọn ít nhất một tệp để bổ sung');
      // A file whose bytes are not a picture, though named like one.
      const input = page.locator('input[type="file"]').first();
      await input.setInputFiles({ name: 'anh.png', mimeType: 'image/png', buffer: Buffer.from('MZ not a picture') });
      await page.getByRole('button', { name: 'Gửi hồ sơ bổ sung' }).click();
      expect(await page.getByRole('alert').textContent()).toContain('Tệp phải là PDF, JPG hoặc PNG');
      expect(ok(await api.get(staff.desk, dossier.id)).status).toBe('supplement_requested');

      await page
        .locator('input[type="file"]')
        .first()
        .setInputFiles({ name: 'giay-to.png', mimeType: 'image/png', buffer: pngBytes() });
      await page.getByLabel('Ghi chú gửi cơ quan (không bắt buộc)').fill('Đã chụp lại rõ nét.');
      await Promise.all([
        page.waitForURL(/xong=supply$/),
        page.getByRole('button', { name: 'Gửi hồ sơ bổ sung' }).click(),
      ]);
      expect(await page.getByRole('status').textContent()).toContain('Đã gửi hồ sơ bổ sung.');
      expect(await page.locator('#files-title').locator('..').textContent()).toContain('giay-to.png');
      const after = ok(await api.get(staff.desk, dossier.id));
      expect(after.status).toBe('submitted');
      expect(after.files.filter((f) => f.kind === 'supplement').map((f) => f.filename)).toEqual(['giay-to.png']);
    } finally {
      await context.close();
    }
  });

  test('downloads the result once staff returned it, and rates the service once', async () => {
    let d = ok(await api.get(staff.desk, dossier.id));
    d = await api.step(staff.desk, d, { action: 'accept' });
    d = await api.step(staff.desk, d, { action: 'forward' });
    d = await api.step(staff.specialist, d, { action: 'forward', note: 'Ghi chú nội bộ: trình ký.' });
    d = await api.step(staff.leader, d, { action: 'approve' });
    d = await api.step(staff.desk, d, {
      action: 'register_result',
      resultNumber: '21/2026/XNHN',
      files: [pdfUpload('giay-xac-nhan.pdf', 'giấy xác nhận tình trạng hôn nhân')],
    });
    d = await api.step(staff.desk, d, { action: 'return_result', method: 'online' });
    expect(d.status).toBe('returned');

    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await signIn(page, CITIZEN, DEMO_PASSWORD, dossierUrl);
      await page.waitForURL((url) => url.pathname === dossierUrl);
      expect(await page.locator('.summary-list').textContent()).toContain('Đã trả kết quả');
      // The applicant's timeline: what happened, not what officers wrote to each other.
      expect(await page.locator('.timeline').textContent()).not.toContain('Ghi chú nội bộ');
      const result = page.getByRole('link', { name: 'Tải kết quả giay-xac-nhan.pdf' });
      const download = await page.request.get(String(await result.getAttribute('href')));
      expect(download.status()).toBe(200);
      expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');
      expect(await page.locator('#results-title').locator('..').textContent()).toContain('Tệp không có chữ ký số.');
      const receipt = await page
        .getByRole('link', { name: /Giấy tiếp nhận hồ sơ và hẹn trả kết quả/ })
        .getAttribute('href');
      expect((await page.request.get(String(receipt))).headers()['content-type']).toBe('application/pdf');
      await expectAccessibleBothWidths(page);

      await page.getByLabel('Hài lòng', { exact: true }).check();
      await page.getByLabel('Góp ý (không bắt buộc)').fill('Cán bộ hướng dẫn tận tình.');
      await Promise.all([page.waitForURL(/xong=rate$/), page.getByRole('button', { name: 'Gửi đánh giá' }).click()]);
      expect(await page.getByRole('status').textContent()).toContain('Cảm ơn bạn đã đánh giá.');
      expect(await page.locator('.summary-list').textContent()).toContain('Bạn đã đánh giá: Hài lòng.');
      expect(await page.getByRole('button', { name: 'Gửi đánh giá' }).count()).toBe(0);
      const rows = await server.database.db
        .selectFrom('dossier_actions')
        .select('seq')
        .where('dossier_id', '=', dossier.id)
        .where('action', '=', 'rate')
        .execute();
      expect(rows).toHaveLength(1);
      expect(ok(await api.get(staff.desk, dossier.id))).toMatchObject({ rating: 4 });
    } finally {
      await context.close();
    }
  });

  test('withdraws another dossier after the confirmation step, without JavaScript', async () => {
    const other = await submit();
    const { context, page } = await newPage(browser, server.baseUrl, { javaScriptEnabled: false });
    try {
      await signIn(page, CITIZEN, DEMO_PASSWORD, `/ho-so-cua-toi/${other.id}`);
      await page.getByRole('link', { name: 'Rút hồ sơ này' }).click();
      await page.waitForURL((url) => url.pathname === `/ho-so-cua-toi/${other.id}/rut-ho-so`);
      await expect.poll(() => heading(page)).toBe(`Rút hồ sơ ${other.code}?`);
      await page.getByLabel('Lý do rút hồ sơ (không bắt buộc)').fill('Nộp nhầm thủ tục.');
      await Promise.all([
        page.waitForURL(/xong=withdraw$/),
        page.getByRole('button', { name: 'Xác nhận rút hồ sơ' }).click(),
      ]);
      expect(await page.getByRole('status').textContent()).toContain('Đã rút hồ sơ.');
      expect(await page.locator('.summary-list').textContent()).toContain('Đã rút hồ sơ');
      expect(await page.getByRole('link', { name: 'Rút hồ sơ này' }).count()).toBe(0);
      // The confirmation page opened again (an old tab): it says so, and offers nothing.
      await page.goto(`/ho-so-cua-toi/${other.id}/rut-ho-so`);
      expect(await page.locator('main').textContent()).toContain('Hồ sơ này không còn rút được.');
      expect(ok(await api.get(staff.desk, other.id)).status).toBe('withdrawn');
    } finally {
      await context.close();
    }
    // axe runs as a script in the page: the confirmation page of a third dossier, checked with JavaScript on.
    const third = await submit();
    const checked = await newPage(browser, server.baseUrl);
    try {
      await signIn(checked.page, CITIZEN, DEMO_PASSWORD, `/ho-so-cua-toi/${third.id}/rut-ho-so`);
      await checked.page.waitForURL((url) => url.pathname === `/ho-so-cua-toi/${third.id}/rut-ho-so`);
      await expect.poll(() => heading(checked.page)).toBe(`Rút hồ sơ ${third.code}?`);
      await expectAccessibleBothWidths(checked.page);
    } finally {
      await checked.context.close();
    }
  });

  test('another citizen gets 404 for the address of the first one’s dossier', async () => {
    const { context, page } = await newPage(browser, server.baseUrl, { javaScriptEnabled: false });
    try {
      await signIn(page, '010190003333@example.vn', DEMO_PASSWORD, '/ho-so-cua-toi');
      expect(await page.locator('main').textContent()).toContain('Bạn chưa có hồ sơ nào.');
      const answer = await page.goto(dossierUrl);
      expect(answer?.status()).toBe(404);
      await expect.poll(() => heading(page)).toBe('Không tìm thấy trang');
      expect(await page.locator('main').textContent()).not.toContain(dossier.code);
      expect((await page.goto(`${dossierUrl}/rut-ho-so`))?.status()).toBe(404);
    } finally {
      await context.close();
    }
  });
});
