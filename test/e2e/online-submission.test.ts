import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCitizen, pdfBytes, pngBytes } from '../../src/modules/dossiers/dossiers.fixtures.ts';
import { DRAFT_LIFETIME_DAYS } from '../../src/modules/dossier-drafts/dossier-drafts.service.ts';
import { hashPassword } from '../../src/modules/people/passwords.ts';
import { DRAFT_DAYS } from '../../src/web/lib/submission-flow.ts';
import { countRows } from '../support/auth.ts';
import { type AxeFinding, axeFindings, launchBrowser, newPage, signIn } from './support/browser.ts';
import { DEMO_PASSWORD, startWebServer, type WebServer } from './support/server.ts';

/**
 * A citizen applies online for a birth registration, as a person would: finds the procedure, answers one question
 * per page, uploads files (a bad one refused), saves a draft, resumes it, checks and changes an answer, submits with
 * a double click (one dossier), and sees the code. The same journey runs with JavaScript off; every page of it is
 * checked with axe at desktop width and at 360 px.
 */

let server: WebServer;
let browser: Browser;
let files: Record<'toKhai' | 'chungSinh' | 'cccd' | 'notes', string>;

const CITIZEN = 'congdan@example.vn';
const CODE_PATTERN = /^\d{3}\.\d{2}\.\d{2}\.H38-\d{6}-\d{4}$/;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  const dir = mkdtempSync(path.join(tmpdir(), 'egov-upload-'));
  const write = (name: string, bytes: Buffer) => {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    return file;
  };
  files = {
    toKhai: write('to-khai-khai-sinh.pdf', pdfBytes('tờ khai')),
    chungSinh: write('giay-chung-sinh.png', pngBytes()),
    cccd: write('can-cuoc.pdf', pdfBytes('căn cước')),
    // Text renamed .pdf: the bytes decide, not the name.
    notes: write('ghi-chu.pdf', Buffer.from('Chỉ là văn bản, không phải PDF.\n')),
  };
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * axe at desktop width and at 360 px (and nothing wider than the screen there), on the page as it is now. axe runs
 * as a script in the page, so only the journey with JavaScript is audited; the pages are the same server-rendered
 * HTML in both.
 */
async function audit(page: Page, findings: AxeFinding[]): Promise<void> {
  findings.push(...(await axeFindings(page)));
  await page.setViewportSize({ width: 360, height: 800 });
  findings.push(...(await axeFindings(page)));
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 360)
    findings.push({ url: page.url(), id: 'overflow', impact: 'serious', help: `${width}px`, targets: [] });
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function heading(page: Page): Promise<string> {
  await page.locator('h1').first().waitFor();
  return String(await page.locator('h1').first().textContent()).trim();
}

/**
 * Clicks a button and waits for the address to change to `url` and, on another page, for that page's heading: with
 * JavaScript the address changes a moment before the new page is rendered, and pages share field labels.
 */
async function go(page: Page, name: string, url: RegExp): Promise<void> {
  const before = new URL(page.url()).pathname;
  const oldHeading = await page.locator('h1').first().textContent();
  await Promise.all([page.waitForURL(url), page.getByRole('button', { name, exact: true }).click()]);
  if (new URL(page.url()).pathname !== before) {
    await expect.poll(() => page.locator('h1').first().textContent()).not.toBe(oldHeading);
  }
}

const continueTo = (page: Page, url: RegExp) => go(page, 'Tiếp tục', url);

async function draftFiles(draftId: string): Promise<number> {
  const row = await server.database.db
    .selectFrom('dossier_drafts')
    .select('files')
    .where('id', '=', draftId)
    .executeTakeFirstOrThrow();
  return (row.files as unknown[]).length;
}

describe.each([
  { js: true, label: 'with JavaScript' },
  { js: false, label: 'without JavaScript' },
])('online submission of a birth registration, $label', ({ js }) => {
  test('search, answer, upload, save, resume, check, change, submit once, confirmation', {
    timeout: 300_000,
  }, async () => {
    const findings: AxeFinding[] = [];
    const { context, page } = await newPage(browser, server.baseUrl, { javaScriptEnabled: js });
    const check = () => (js ? audit(page, findings) : Promise.resolve());
    const uploadsByScript: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'xhr' && r.method() === 'POST') uploadsByScript.push(r.url());
    });
    const scriptProblems: string[] = [];
    page.on('pageerror', (error) => scriptProblems.push(String(error)));
    try {
      await signIn(page, CITIZEN, DEMO_PASSWORD, '/thu-tuc');

      // The catalogue: accent-free search, then the procedure page with its start button.
      await page.getByLabel('Tên hoặc mã thủ tục').fill('dang ky khai sinh');
      await go(page, 'Tìm kiếm', /q=dang\+ky\+khai\+sinh/);
      await check();
      await Promise.all([
        page.waitForURL(/\/thu-tuc\/[0-9a-f-]{36}$/),
        page.getByRole('link', { name: 'Đăng ký khai sinh', exact: true }).click(),
      ]);
      await expect.poll(() => heading(page)).toBe('Đăng ký khai sinh');
      await check();
      await Promise.all([
        page.waitForURL(/\/nop-ho-so\/bat-dau\//),
        page.getByRole('button', { name: 'Nộp hồ sơ trực tuyến' }).click(),
      ]);
      await expect.poll(() => heading(page)).toBe('Trước khi bắt đầu');
      await check();
      await go(page, 'Bắt đầu', /\/nguoi-nop$/);
      const draftId = String(/\/nop-ho-so\/([0-9a-f-]{36})\//.exec(page.url())?.[1]);

      // Who applies: a missing answer is a message, then "for someone else".
      await page.getByRole('button', { name: 'Tiếp tục', exact: true }).click();
      await expect.poll(() => page.locator('.error-summary').textContent()).toContain('Hãy chọn bạn nộp hồ sơ cho ai');
      await check();
      await page.getByLabel('Cho người khác').check();
      await continueTo(page, /\/chu-ho-so$/);

      // For whom: the newborn has no personal id yet.
      await check();
      await page.getByLabel('Họ và tên').fill('Giàng A Lử');
      await page.getByLabel('Quan hệ của bạn với người này').fill('cha');
      await continueTo(page, /\/thong-tin$/);

      // The applicant's details come from the account; only the address is new.
      expect(await page.getByLabel('Họ và tên').inputValue()).toBe('Giàng A Páo');
      expect(await page.getByLabel('Số định danh cá nhân').inputValue()).toBe('010095001234');
      expect(await page.getByLabel(/Số điện thoại/).inputValue()).toBe('0912345678');
      expect(await page.getByLabel(/Thư điện tử/).inputValue()).toBe(CITIZEN);
      await check();
      await page.getByLabel('Địa chỉ liên hệ').fill('Tổ 5, phường Lào Cai, tỉnh Lào Cai');
      await continueTo(page, /\/noi-nop$/);

      await check();
      await page.getByLabel('Xã, phường tiếp nhận hồ sơ').selectOption({ label: 'Phường Lào Cai' });
      await continueTo(page, /\/giay-to\/to-khai$/);

      // A text file named .pdf is refused by its bytes, by name, and nothing is kept.
      await check();
      await page.getByLabel(/Chọn tệp/).setInputFiles(files.notes);
      await page.getByRole('button', { name: 'Tải lên', exact: true }).click();
      await expect
        .poll(() => page.locator('.error-summary').textContent())
        .toContain('Tệp ghi-chu.pdf không phải PDF, JPG hoặc PNG');
      await check();
      expect(await draftFiles(draftId)).toBe(0);
      await page.getByLabel(/Chọn tệp/).setInputFiles(files.toKhai);
      await continueTo(page, /\/giay-to\/giay-chung-sinh$/);
      expect(await draftFiles(draftId)).toBe(1);

      // Upload, then save the draft and leave.
      await page.getByLabel(/Chọn tệp/).setInputFiles(files.chungSinh);
      await go(page, 'Tải lên', /\/giay-to\/giay-chung-sinh\?da-tai=1$/);
      expect(await page.locator('.file-list__item').textContent()).toContain('giay-chung-sinh.png');
      await check();
      await go(page, 'Lưu và tiếp tục sau', /\/nop-ho-so\/ban-nhap\?da-luu=/);
      expect(await page.getByRole('status').first().textContent()).toContain('Đã lưu bản nháp');
      await check();

      // Later: the drafts list resumes where it was left, with the file still there.
      await page.goto('/');
      await page.goto('/nop-ho-so/ban-nhap');
      await Promise.all([
        page.waitForURL(/\/giay-to\/giay-chung-sinh$/),
        page
          .getByRole('link', { name: /^Tiếp tục\s*:\s*Đăng ký khai sinh$/ })
          .first()
          .click(),
      ]);
      expect(await page.locator('.file-list__item').textContent()).toContain('giay-chung-sinh.png');
      await continueTo(page, /\/giay-to\/giay-to-tuy-than$/);
      await page.getByLabel(/Chọn tệp/).setInputFiles(files.cccd);
      await continueTo(page, /\/giay-to\/uy-quyen$/);
      // Optional: going on without a file is fine.
      await continueTo(page, /\/kiem-tra$/);

      // Check answers, change one through its link, come back to the summary.
      await expect.poll(() => heading(page)).toBe('Kiểm tra hồ sơ trước khi gửi');
      const summary = String(await page.locator('main').textContent());
      for (const text of [
        'Cho người khác',
        'Giàng A Lử',
        'cha',
        'Phường Lào Cai',
        'to-khai-khai-sinh.pdf',
        'can-cuoc.pdf',
      ]) {
        expect(summary).toContain(text);
      }
      await check();
      await Promise.all([
        page.waitForURL(/\/thong-tin\?quay-lai=kiem-tra$/),
        page.getByRole('link', { name: 'Thay đổi Địa chỉ liên hệ' }).click(),
      ]);
      await page.getByLabel('Địa chỉ liên hệ').fill('Số 8 đường Hoàng Liên, phường Lào Cai');
      await continueTo(page, /\/kiem-tra$/);
      expect(await page.locator('main').textContent()).toContain('Số 8 đường Hoàng Liên, phường Lào Cai');

      // A double click sends twice; one dossier is made.
      const before = await countRows(server.database.db, ['dossiers']);
      await Promise.all([
        page.waitForURL(/\/da-nop$/),
        page.getByRole('button', { name: 'Đồng ý và gửi hồ sơ' }).dblclick(),
      ]);
      await page.locator('.panel__code').waitFor();
      expect(await countRows(server.database.db, ['dossiers'])).toEqual({ dossiers: (before.dossiers ?? 0) + 1 });
      const code = String(await page.locator('.panel__code').textContent()).trim();
      expect(code).toMatch(CODE_PATTERN);
      const dossier = await server.database.db
        .selectFrom('dossiers')
        .select(['id', 'applicant_name', 'applicant_address', 'on_behalf_of', 'channel'])
        .where('code', '=', code)
        .executeTakeFirstOrThrow();
      expect(dossier).toMatchObject({
        applicant_name: 'Giàng A Páo',
        applicant_address: 'Số 8 đường Hoàng Liên, phường Lào Cai',
        on_behalf_of: { fullName: 'Giàng A Lử', relation: 'cha' },
        channel: 'online',
      });
      await expect.poll(() => heading(page)).toBe('Đã gửi hồ sơ');
      expect(await page.locator('main').textContent()).toContain('Giấy tiếp nhận và hẹn trả kết quả sẽ có ở đây');
      expect(await page.getByRole('link', { name: 'Tra cứu tình trạng hồ sơ' }).getAttribute('href')).toBe(
        `/tra-cuu/${encodeURIComponent(code)}`,
      );
      expect(await page.getByRole('link', { name: 'Xem hồ sơ này trong mục hồ sơ của tôi' }).getAttribute('href')).toBe(
        `/ho-so-cua-toi/${dossier.id}`,
      );
      await check();
      // The consumed draft is no longer in the list; its pages lead to the confirmation.
      await page.goto(`/nop-ho-so/${draftId}/kiem-tra`);
      expect(page.url()).toMatch(/\/da-nop$/);

      if (js) {
        // The uploads went through the enhancement (XMLHttpRequest, with progress).
        expect(uploadsByScript.some((u) => u.includes('/giay-to/'))).toBe(true);
        expect(scriptProblems).toEqual([]);
      } else {
        expect(uploadsByScript).toEqual([]);
      }
      expect(findings).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

test('another citizen’s draft and a made-up address are not found, and nothing changes', async () => {
  const db = server.database.db;
  const owner = await db.selectFrom('users').select('id').where('email', '=', CITIZEN).executeTakeFirstOrThrow();
  const procedure = await db
    .selectFrom('procedures')
    .select(['id', 'unit_id', 'current_version'])
    .where('national_code', '=', '1.001193')
    .executeTakeFirstOrThrow();
  const draftId = '01900000-0000-7000-8000-00000000d1af';
  await db
    .insertInto('dossier_drafts')
    .values({
      id: draftId,
      owner_id: owner.id,
      unit_id: procedure.unit_id,
      procedure_id: procedure.id,
      procedure_version: procedure.current_version ?? 1,
      expires_at: new Date(Date.now() + 86_400_000),
    })
    .execute();
  const otherId = await createCitizen(db, { fullName: 'Lò Thị Hoa', personalId: '010196007777' });
  await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(DEMO_PASSWORD) })
    .where('id', '=', otherId)
    .execute();
  const { context, page } = await newPage(browser, server.baseUrl);
  try {
    await signIn(page, '010196007777@example.vn', DEMO_PASSWORD, '/nop-ho-so/ban-nhap');
    expect(await page.locator('main').textContent()).toContain('Bạn chưa có bản nháp nào.');
    const before = await countRows(db, ['dossier_drafts', 'dossiers']);
    for (const address of [
      `/nop-ho-so/${draftId}/nguoi-nop`,
      `/nop-ho-so/${draftId}/kiem-tra`,
      `/nop-ho-so/${draftId}`,
      '/nop-ho-so/khong-phai-ma/nguoi-nop',
    ]) {
      expect((await page.goto(address))?.status(), address).toBe(404);
    }
    // Posting to another's draft (with this reader's own CSRF token) changes nothing either.
    await page.goto('/nop-ho-so/ban-nhap');
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    for (const [page_, form] of [
      ['nguoi-nop', { applyingAs: 'business' }],
      ['kiem-tra', {}],
    ] as const) {
      const response = await page.request.post(`/nop-ho-so/${draftId}/${page_}`, { form: { _csrf: csrf, ...form } });
      expect(response.status()).toBe(404);
    }
    expect(await countRows(db, ['dossier_drafts', 'dossiers'])).toEqual(before);
    const row = await db.selectFrom('dossier_drafts').select('answers').where('id', '=', draftId).executeTakeFirst();
    expect(row?.answers).toEqual({});
  } finally {
    await context.close();
  }
});

test('the pages tell the same draft lifetime as the drafts module keeps', () => {
  expect(DRAFT_DAYS).toBe(DRAFT_LIFETIME_DAYS);
});
