import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  DossierApi,
  agencyOfKind,
  createStaff,
  headersFor,
  ok,
  pdfBytes,
  pdfUpload,
  unitByCode,
} from '../../src/modules/dossiers/dossiers.fixtures.ts';
import type { TDossierDetail } from '../../src/modules/dossiers/dossiers.schema.ts';
import { vietnamTodayIso } from '../../src/web/lib/dates.ts';
import { launchBrowser, newPage } from './support/browser.ts';
import { DEMO_PASSWORD, startWebServer, type WebServer } from './support/server.ts';

/**
 * The whole citizen journey the issue asks for, in one walk through Chromium: a search without diacritics on the
 * public catalogue → sign in from the procedure's start button → the online submission with uploads → paying the fee
 * on the bank stand-in (the IPN settles it) → staff act through the API → the citizen sees the result, downloads it
 * and rates the service. The pieces are tested in depth elsewhere (online-submission, my-dossiers); this test is
 * about their joins: the addresses each part hands to the next.
 */

const CITIZEN = 'congdan@example.vn';
let server: WebServer;
let browser: Browser;
let upload: { declaration: string; idCard: string };

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  Object.assign(server.app.platform.config.vnpay, {
    url: `${server.baseUrl}/vnpay-sandbox/paymentv2/vpcpay.html`,
    ipnUrl: `${server.baseUrl}/api/v1/payments/vnpay/ipn`,
    returnUrl: `${server.baseUrl}/thanh-toan/ket-qua`,
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'egov-journey-'));
  const write = (name: string, bytes: Buffer) => {
    writeFileSync(path.join(dir, name), bytes);
    return path.join(dir, name);
  };
  upload = {
    declaration: write('to-khai-xac-nhan.pdf', pdfBytes('tờ khai xác nhận tình trạng hôn nhân')),
    idCard: write('can-cuoc.pdf', pdfBytes('căn cước')),
  };
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const heading = (page: Page) => page.locator('h1').first().textContent();

async function click(page: Page, name: string, url: RegExp, role: 'button' | 'link' = 'button'): Promise<void> {
  await Promise.all([page.waitForURL(url), page.getByRole(role, { name, exact: true }).first().click()]);
}

/** Staff of the ward take the dossier from acceptance to the result handed over online, through the API. */
async function staffProcess(dossierId: string): Promise<TDossierDetail> {
  const db = server.database.db;
  const ward = await unitByCode(db, '02647', vietnamTodayIso());
  const committee = await agencyOfKind(db, ward.id, 'people_committee');
  const deskId = (
    await db.selectFrom('users').select('id').where('username', '=', 'motcua.phuonglaocai').executeTakeFirstOrThrow()
  ).id;
  const desk = await headersFor(server.app, db, deskId);
  const officer = (username: string, role: 'specialist' | 'leader') =>
    createStaff(db, { username, unitId: ward.id, agencyId: committee.id, role }).then((id) =>
      headersFor(server.app, db, id),
    );
  const specialist = await officer('cv.hanhtrinh', 'specialist');
  const leader = await officer('ld.hanhtrinh', 'leader');
  const api = new DossierApi(server.app);
  let d = ok(await api.get(desk, dossierId));
  d = await api.step(desk, d, { action: 'accept' });
  d = await api.step(desk, d, { action: 'forward' });
  d = await api.step(specialist, d, { action: 'forward' });
  d = await api.step(leader, d, { action: 'approve' });
  d = await api.step(desk, d, {
    action: 'register_result',
    resultNumber: '35/2026/XNHN',
    files: [pdfUpload('giay-xac-nhan-tinh-trang-hon-nhan.pdf', 'giấy xác nhận tình trạng hôn nhân')],
  });
  return api.step(desk, d, { action: 'return_result', method: 'online' });
}

test('search without diacritics → sign in → submit with uploads → pay → result downloaded and rated', {
  timeout: 300_000,
}, async () => {
  const { context, page } = await newPage(browser, server.baseUrl);
  try {
    // Anonymous: the catalogue finds the procedure typed without accents.
    await page.goto('/thu-tuc');
    await page.getByLabel('Tên hoặc mã thủ tục').fill('xac nhan tinh trang hon nhan');
    await click(page, 'Tìm kiếm', /q=xac\+nhan\+tinh\+trang\+hon\+nhan/);
    await click(page, 'Cấp Giấy xác nhận tình trạng hôn nhân', /\/thu-tuc\/[0-9a-f-]{36}$/, 'link');
    await expect.poll(() => heading(page)).toBe('Cấp Giấy xác nhận tình trạng hôn nhân');

    // The start button asks for sign-in first and comes back to the start page.
    await click(page, 'Nộp hồ sơ trực tuyến', /\/dang-nhap\?next=/);
    await page.getByLabel('Tên đăng nhập').fill(CITIZEN);
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await click(page, 'Đăng nhập', /\/nop-ho-so\/bat-dau\//);
    await expect.poll(() => heading(page)).toBe('Trước khi bắt đầu');

    // One question per page.
    await click(page, 'Bắt đầu', /\/nguoi-nop$/);
    await page.getByLabel('Cho bản thân tôi').check();
    await click(page, 'Tiếp tục', /\/thong-tin$/);
    expect(await page.getByLabel('Họ và tên').inputValue()).toBe('Giàng A Páo');
    await page.getByLabel('Địa chỉ liên hệ').fill('Tổ 3, phường Lào Cai, tỉnh Lào Cai');
    await click(page, 'Tiếp tục', /\/noi-nop$/);
    await page.getByLabel('Xã, phường tiếp nhận hồ sơ').selectOption({ label: 'Phường Lào Cai' });
    await click(page, 'Tiếp tục', /\/giay-to\/to-khai$/);
    await page.getByLabel(/Chọn tệp/).setInputFiles(upload.declaration);
    await click(page, 'Tiếp tục', /\/giay-to\/ly-hon$/);
    await click(page, 'Tiếp tục', /\/giay-to\/xac-nhan-cu$/);
    await click(page, 'Tiếp tục', /\/giay-to\/giay-to-tuy-than$/);
    await page.getByLabel(/Chọn tệp/).setInputFiles(upload.idCard);
    await click(page, 'Tiếp tục', /\/kiem-tra$/);
    const summary = String(await page.locator('main').textContent());
    expect(summary).toContain('to-khai-xac-nhan.pdf');
    expect(summary).toContain('can-cuoc.pdf');
    await click(page, 'Đồng ý và gửi hồ sơ', /\/da-nop$/);
    const code = String(await page.locator('.panel__code').textContent()).trim();

    // The confirmation leads to the dossier in "my dossiers", where the fee is paid on the bank stand-in.
    await click(page, 'Xem hồ sơ này trong mục hồ sơ của tôi', /\/ho-so-cua-toi\/[0-9a-f-]{36}$/, 'link');
    const dossierUrl = new URL(page.url()).pathname;
    const dossierId = dossierUrl.split('/')[2] ?? '';
    await expect.poll(() => heading(page)).toBe(code);
    await click(page, 'Nộp phí trực tuyến', /\/vnpay-sandbox\/paymentv2\/vpcpay\.html/);
    await page.getByLabel('Thanh toán thành công').check();
    await click(page, 'Xác nhận', /\/thanh-toan\/ket-qua/);
    expect(await page.getByRole('status').textContent()).toContain('Thanh toán thành công');
    await click(page, 'Quay lại hồ sơ', new RegExp(`${dossierUrl}$`), 'link');
    expect(await page.locator('section', { has: page.locator('#pay-title') }).textContent()).toContain(
      'Đã nộp đủ phí, lệ phí.',
    );

    // Staff do their part through the API; the citizen sees the result, downloads it and rates the service.
    expect((await staffProcess(dossierId)).status).toBe('returned');
    await page.goto(dossierUrl);
    expect(await page.locator('.summary-list').textContent()).toContain('Đã trả kết quả');
    const result = page.getByRole('link', { name: 'Tải kết quả giay-xac-nhan-tinh-trang-hon-nhan.pdf' });
    const download = await page.request.get(String(await result.getAttribute('href')));
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await page.getByLabel('Rất hài lòng', { exact: true }).check();
    await click(page, 'Gửi đánh giá', /xong=rate$/);
    expect(await page.getByRole('status').textContent()).toContain('Cảm ơn bạn đã đánh giá.');

    const row = await server.database.db
      .selectFrom('dossiers')
      .select(['status', 'rating', 'channel', 'applicant_user_id'])
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'returned', rating: 5, channel: 'online' });
    const paid = await server.database.db
      .selectFrom('dossier_fees')
      .select('paid_at')
      .where('dossier_id', '=', dossierId)
      .execute();
    expect(paid.length).toBeGreaterThan(0);
    expect(paid.every((f) => f.paid_at !== null)).toBe(true);
  } finally {
    await context.close();
  }
});
