import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, newPage, signIn, signOut } from './support/browser.ts';
import { DEMO_PASSWORD, startWebServer, type WebServer } from './support/server.ts';

let server: WebServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * The provincial administrator's round trip, run twice: with JavaScript (hydrated, client-side navigation and
 * fetch submissions) and without it (plain HTML forms and full page loads). Both must reach the same result.
 */
describe.each([
  { js: true, label: 'with JavaScript', agency: 'Phòng Chuyển đổi số thử nghiệm' },
  { js: false, label: 'without JavaScript', agency: 'Tổ công nghệ thông tin không JS' },
])('provincial administrator $label', ({ js, agency }) => {
  test('home → sign in → units (search without diacritics, history) → create an agency → sign out', async () => {
    const { context, page } = await newPage(browser, server.baseUrl, { javaScriptEnabled: js });
    const documents: string[] = [];
    const scriptProblems: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'document') documents.push(request.url());
    });
    page.on('pageerror', (error) => scriptProblems.push(String(error)));
    page.on('console', (message) => {
      if (/Content Security Policy|hydrat/i.test(message.text())) scriptProblems.push(message.text());
    });
    try {
      await page.goto('/');
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('Chính quyền số tỉnh Lào Cai');
      await page.getByRole('link', { name: 'Đăng nhập' }).first().click();
      await page.waitForURL(/\/dang-nhap/);

      // A wrong password keeps the username, says what is wrong, and signs nobody in.
      await page.getByLabel('Tên đăng nhập').fill('quantri');
      await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await expect
        .poll(() => page.locator('.error-summary').textContent())
        .toContain('Tên đăng nhập hoặc mật khẩu không đúng');
      expect(await page.getByLabel('Tên đăng nhập').inputValue()).toBe('quantri');

      await signIn(page, 'quantri', DEMO_PASSWORD);
      expect(new URL(page.url()).pathname).toBe('/quan-tri');
      expect(await page.locator('.site-header__user').textContent()).toBe('Nguyễn Văn Quản');

      // Units: search without diacritics finds the ward. With JavaScript the app is hydrated: navigating loads
      // data, not a new document; without it, every step is a plain page load.
      const documentsBefore = documents.length;
      await page
        .getByRole('navigation', { name: 'Mục quản trị' })
        .getByRole('link', { name: 'Đơn vị hành chính' })
        .click();
      await page.waitForURL(/\/quan-tri\/don-vi$/);
      expect(documents.length - documentsBefore).toBe(js ? 0 : 1);
      await page.getByLabel('Tìm theo tên hoặc mã').fill('lao cai');
      await page.getByRole('button', { name: 'Tìm kiếm' }).click();
      await page.waitForURL(/q=lao\+cai/);
      const current = page.locator('table tbody tr');
      await expect
        .poll(() => current.allTextContents())
        .toEqual(
          expect.arrayContaining([expect.stringContaining('Phường Lào Cai'), expect.stringContaining('Tỉnh Lào Cai')]),
        );
      const currentCount = await current.count();
      expect(await page.locator('table').textContent()).not.toContain('Kết thúc ngày');

      // History: units ended by the 2025 reorganisation appear, marked as ended.
      await page.getByLabel(/Hiện cả đơn vị đã kết thúc/).check();
      await page.getByRole('button', { name: 'Tìm kiếm' }).click();
      await page.waitForURL(/all=true/);
      await expect.poll(() => page.locator('table').textContent()).toContain('Kết thúc ngày 30/06/2025');
      expect(await current.count()).toBeGreaterThan(currentCount);
      expect(await page.locator('table').textContent()).toContain('Thành phố Lào Cai');

      // The ward in force today (the old ward of the same name is listed too, ended) shows what it was formed from.
      await page
        .locator('tbody tr', { hasText: 'Phường Lào Cai' })
        .filter({ hasText: 'Đang hoạt động' })
        .getByRole('link')
        .click();
      await page.waitForURL(/\/quan-tri\/don-vi\/[0-9a-f-]{36}$/);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Phường Lào Cai');
      const formedFrom = await page
        .locator('section', { has: page.getByRole('heading', { name: 'Hình thành từ' }) })
        .textContent();
      expect(formedFrom).toContain('Phường Cốc Lếu');

      // Create an agency: first an invalid submission keeps the input and explains each problem.
      await page.goto('/quan-tri/co-quan/them');
      await page.getByLabel('Tên cơ quan').fill(agency);
      await page.getByLabel(/Mã định danh điện tử/).fill('12345');
      await page.getByRole('button', { name: 'Lưu' }).click();
      await expect.poll(() => page.locator('.error-summary').isVisible()).toBe(true);
      const summary = await page.locator('.error-summary').textContent();
      expect(summary).toContain('Chọn đơn vị hành chính');
      expect(summary).toContain('Nhập mã định danh theo dạng 000.00.00.H38');
      expect(summary).toContain('Chọn loại cơ quan');
      expect(await page.getByLabel('Tên cơ quan').inputValue()).toBe(agency);
      expect(await page.locator('#f-code').getAttribute('aria-invalid')).toBe('true');

      await page.getByLabel('Đơn vị hành chính').selectOption({ label: 'Phường Lào Cai' });
      await page.getByLabel(/Mã định danh điện tử/).fill('');
      await page.getByLabel('Loại cơ quan').selectOption({ label: 'Phòng, văn phòng' });
      await page.getByLabel(/Thư điện tử/).fill('cds@laocai.gov.vn');
      await page.getByRole('button', { name: 'Lưu' }).click();
      await page.waitForURL(/\/quan-tri\/co-quan\/[0-9a-f-]{36}\?thongbao=created$/);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(agency);
      expect(await page.getByRole('status').first().textContent()).toContain('Đã thêm mới thành công');
      expect(await page.locator('.summary-list').textContent()).toContain('Phường Lào Cai');

      // It is in the list now, found without diacritics.
      await page.goto(
        `/quan-tri/co-quan?q=${encodeURIComponent(agency.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd'))}`,
      );
      expect(await page.locator('table').textContent()).toContain(agency);

      await signOut(page);
      expect(await page.getByRole('link', { name: 'Đăng nhập' }).first().isVisible()).toBe(true);
      await page.goto('/quan-tri/don-vi');
      expect(new URL(page.url()).pathname).toBe('/dang-nhap');
      expect(new URL(page.url()).searchParams.get('next')).toBe('/quan-tri/don-vi');
      // No script was blocked by the CSP and hydration did not fail.
      expect(scriptProblems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
