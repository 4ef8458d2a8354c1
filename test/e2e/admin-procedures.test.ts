import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AxeFinding, axeFindings, launchBrowser, newPage, signIn, signOut } from './support/browser.ts';
import { DEMO_PASSWORD, startWebServer, type WebServer } from './support/server.ts';

let server: WebServer;
let browser: Browser;
let procedureId: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  const row = await server.database.db
    .selectFrom('procedures')
    .select('id')
    .where('national_code', '=', '1.001193')
    .executeTakeFirstOrThrow();
  procedureId = row.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const storedWorkflow = async (version: number) =>
  await server.database.db
    .selectFrom('procedure_versions')
    .select(['workflow', 'updated_at', 'status'])
    .where('procedure_id', '=', procedureId)
    .where('version', '=', version)
    .executeTakeFirstOrThrow();

/** A field of the step editor by its form name (ids carry dots, so no CSS shorthand). */
const field = (page: Page, name: string) => page.locator(`[name="${name}"]`);

/** Presses Tab until the element matching `selector` has the focus (at most `max` times). */
async function tabTo(page: Page, selector: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`could not reach ${selector} with the keyboard`);
}

async function auditPage(page: Page, findings: AxeFinding[], overflow: string[]): Promise<void> {
  findings.push(...(await axeFindings(page)));
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > (page.viewportSize()?.width ?? 0)) overflow.push(`${page.url()}: ${width}px`);
}

describe('procedure and calendar administration', () => {
  test('a non-admin officer is refused both sections', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    try {
      await signIn(page, 'motcua.phuonglaocai', DEMO_PASSWORD);
      for (const path of ['/quan-tri/thu-tuc', `/quan-tri/thu-tuc/${procedureId}`, '/quan-tri/lich-lam-viec/2027']) {
        const response = await page.goto(path);
        expect(response?.status()).toBe(403);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Không có quyền truy cập');
      }
      const nav = page.getByRole('navigation', { name: 'Mục quản trị' });
      expect(await nav.getByRole('link', { name: 'Lịch làm việc' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  test('the administrator versions a procedure: keyboard search, new draft, refused workflow, fix, publish', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    const scriptProblems: string[] = [];
    page.on('pageerror', (error) => scriptProblems.push(String(error)));
    try {
      await signIn(page, 'quantri', DEMO_PASSWORD);
      await page
        .getByRole('navigation', { name: 'Mục quản trị' })
        .getByRole('link', { name: 'Thủ tục hành chính' })
        .click();
      await page.waitForURL(/\/quan-tri\/thu-tuc$/);

      // Keyboard only: Tab to the search field, type without diacritics, Enter; Tab to the result, Enter.
      await tabTo(page, 'input[name="q"]');
      await page.keyboard.type('dang ky khai sinh');
      await page.keyboard.press('Enter');
      await page.waitForURL(/q=dang\+ky\+khai\+sinh/);
      await expect.poll(() => page.locator('table tbody').textContent()).toContain('Đăng ký khai sinh');
      await tabTo(page, `a[href="/quan-tri/thu-tuc/${procedureId}"]`);
      await page.keyboard.press('Enter');
      await page.waitForURL(new RegExp(`/quan-tri/thu-tuc/${procedureId}$`));
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Đăng ký khai sinh');
      expect(await page.locator('#versions-title + .table-wrap').textContent()).toContain('Đang áp dụng');

      // A new version, also by keyboard: the button posts the form.
      await tabTo(page, 'button[value="newVersion"]');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/phien-ban\/2\?thongbao=versionCreated$/);
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Đã tạo bản nháp');
      const before = await storedWorkflow(2);
      expect(before.status).toBe('draft');

      // "Add a step" comes back with one more step; "remove" takes it away. Nothing is saved meanwhile.
      await page.getByRole('button', { name: 'Thêm bước' }).click();
      await expect.poll(() => field(page, 'steps.4.id').count()).toBe(1);
      await page.getByRole('button', { name: 'Xóa bước 5' }).click();
      await expect.poll(() => field(page, 'steps.4.id').count()).toBe(0);

      // A next step that does not exist: refused, in Vietnamese, at step 2, and the database is unchanged.
      await field(page, 'steps.1.transitions').fill('forward:khong-co, return:receive');
      await page.getByRole('button', { name: 'Lưu bản nháp' }).first().click();
      await page.locator('.error-summary').waitFor();
      const summary = await page.locator('.error-summary').textContent();
      expect(summary).toContain('Bước 2 (process): bước "khong-co" được chuyển tới không có trong quy trình');
      expect(await page.locator('#step-1 .error-message').textContent()).toContain('khong-co');
      expect(await field(page, 'steps.1.transitions').inputValue()).toBe('forward:khong-co, return:receive');
      // Durations not adding up to the legal deadline are refused too.
      await field(page, 'steps.1.transitions').fill('forward:sign, return:receive');
      await field(page, 'steps.1.duration').fill('3');
      await page.getByRole('button', { name: 'Lưu bản nháp' }).first().click();
      await expect
        .poll(() => page.locator('.error-summary').textContent())
        .toContain('tổng thời gian các bước trên đường chính là 6 giờ làm việc');
      const unchanged = await storedWorkflow(2);
      expect(unchanged.workflow).toEqual(before.workflow);
      expect(unchanged.updated_at).toEqual(before.updated_at);

      // Fixed: the legal deadline becomes 6 working hours, matching the steps.
      await page.getByLabel('Thời hạn giải quyết', { exact: true }).fill('6');
      await page.getByRole('button', { name: 'Lưu bản nháp' }).first().click();
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Đã lưu bản nháp');
      const saved = await storedWorkflow(2);
      expect((saved.workflow as { steps: { duration: unknown }[] }).steps[1]?.duration).toEqual({ workingHours: 3 });

      await page.getByRole('button', { name: 'Công bố phiên bản 2' }).click();
      await page.waitForURL(new RegExp(`/quan-tri/thu-tuc/${procedureId}\\?thongbao=published$`));
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Đã công bố phiên bản');
      expect(await page.locator('#current-title').textContent()).toContain('phiên bản 2');
      expect((await storedWorkflow(1)).status).toBe('retired');
      expect(scriptProblems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('the administrator adds a holiday to 2027 and sees the due-date checker move', async () => {
    const { context, page } = await newPage(browser, server.baseUrl, { javaScriptEnabled: false });
    try {
      await signIn(page, 'quantri', DEMO_PASSWORD);
      await page.goto('/quan-tri/lich-lam-viec/2027');
      await page.getByLabel('Ngày tiếp nhận').fill('2027-10-04');
      await page.getByLabel('Số ngày làm việc').fill('5');
      await page.getByRole('button', { name: 'Tính hạn' }).click();
      await page.waitForURL(/start=2027-10-04&days=5/);
      const due = page.getByTestId('due-result').locator('strong');
      expect(await due.textContent()).toBe('17:00 11/10/2027');
      const version = await page.getByTestId('calendar-version').textContent();

      // A day of another year is refused and nothing is added.
      await page.getByLabel('Ngày', { exact: true }).fill('2026-10-06');
      await page.getByLabel('Tên gọi').fill('Ngày nghỉ thử nghiệm');
      await page.getByRole('button', { name: 'Thêm ngày' }).click();
      await page.locator('.error-summary').waitFor();
      expect(await page.locator('.error-summary').textContent()).toContain('Ngày phải thuộc năm của lịch đang xem');

      await page.goto('/quan-tri/lich-lam-viec/2027?start=2027-10-04&days=5');
      await page.getByLabel('Ngày', { exact: true }).fill('2027-10-06');
      await page.getByLabel('Tên gọi').fill('Ngày nghỉ thử nghiệm');
      await page.getByRole('button', { name: 'Thêm ngày' }).click();
      await page.waitForURL(/thongbao=entryAdded/);
      expect(await page.getByRole('status').first().textContent()).toContain('Đã thêm ngày vào lịch');
      expect(await due.textContent()).toBe('17:00 12/10/2027');
      expect(await page.getByTestId('calendar-version').textContent()).not.toBe(version);
      expect(await page.locator('#entries-title + .table-wrap').textContent()).toContain('Ngày nghỉ thử nghiệm');
      await signOut(page);
    } finally {
      await context.close();
    }
  });

  test.each([
    { width: 1280, label: 'desktop' },
    { width: 360, label: 'phone (360 px)' },
  ])('every new page passes axe and fits on $label', async ({ width }) => {
    const findings: AxeFinding[] = [];
    const overflow: string[] = [];
    const { context, page } = await newPage(browser, server.baseUrl, { width, height: 800 });
    try {
      await signIn(page, 'quantri', DEMO_PASSWORD);
      for (const path of [
        '/quan-tri',
        '/quan-tri/thu-tuc',
        '/quan-tri/thu-tuc?q=dang+ky+khai+sinh',
        '/quan-tri/thu-tuc/them',
        `/quan-tri/thu-tuc/${procedureId}`,
        `/quan-tri/thu-tuc/${procedureId}/phien-ban/1`,
        '/quan-tri/lich-lam-viec/2027',
        '/quan-tri/lich-lam-viec/2027?start=2027-10-04&days=5',
        '/quan-tri/lich-lam-viec/2035',
      ]) {
        await page.goto(path);
        await auditPage(page, findings, overflow);
      }
      // The draft editor, open and refused (a draft is created by the first run and reused by the second).
      await page.goto(`/quan-tri/thu-tuc/${procedureId}`);
      const open = page.getByRole('link', { name: /Sửa bản nháp phiên bản/ });
      if ((await open.count()) > 0) await open.click();
      else await page.getByRole('button', { name: 'Tạo phiên bản mới' }).click();
      await page.waitForURL(/\/phien-ban\/\d+/);
      await page.locator('details').evaluate((d) => d.setAttribute('open', ''));
      await auditPage(page, findings, overflow);
      await field(page, 'steps.1.transitions').fill('forward:khong-co');
      await page.getByRole('button', { name: 'Lưu bản nháp' }).first().click();
      await page.locator('.error-summary').waitFor();
      await auditPage(page, findings, overflow);
      // The new-procedure form, refused.
      await page.goto('/quan-tri/thu-tuc/them');
      await page.getByRole('button', { name: 'Tạo thủ tục' }).click();
      await page.locator('.error-summary').waitFor();
      await auditPage(page, findings, overflow);
      // The calendar's refused form.
      await page.goto('/quan-tri/lich-lam-viec/2027');
      await page.getByRole('button', { name: 'Thêm ngày' }).click();
      await page.locator('.error-summary').waitFor();
      await auditPage(page, findings, overflow);
      expect(findings).toEqual([]);
      expect(overflow).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
