import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, newPage, signIn } from './support/browser.ts';
import { DEMO_PASSWORD, startWebServer, type WebServer } from './support/server.ts';
import { countRows } from '../support/auth.ts';

let server: WebServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function userId(username: string): Promise<string> {
  const row = await server.database.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return row.id;
}

test("a commune administrator sees only Phường Lào Cai's accounts and cannot open a provincial one by URL", async () => {
  const { context, page } = await newPage(browser, server.baseUrl);
  try {
    await signIn(page, 'quantri.phuonglaocai', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Tài khoản cán bộ' }).first().click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Tài khoản cán bộ');
    const rows = await page.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows.join('\n')).toContain('motcua.phuonglaocai');
    expect(rows.join('\n')).toContain('quantri.phuonglaocai');
    expect(rows.every((row) => row.includes('Phường Lào Cai'))).toBe(true);
    // The unit filter offers only the administrator's own ward.
    const options = await page.getByLabel('Đơn vị công tác').locator('option').allTextContents();
    expect(options).toEqual(['Tất cả', 'Phường Lào Cai']);

    // A colleague of the ward opens normally.
    await page.getByRole('link', { name: 'Hoàng Thị Mai' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Hoàng Thị Mai');

    // The provincial administrator's page, typed by hand: not found, said in Vietnamese, nothing about them shown.
    const provincial = await userId('quantri');
    const answer = await page.goto(`/quan-tri/nguoi-dung/${provincial}`);
    expect(answer?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Không tìm thấy trang');
    expect(await page.locator('main').textContent()).toContain('Không tìm thấy nội dung yêu cầu.');
    expect(await page.content()).not.toContain('Nguyễn Văn Quản');
    // …and its edit page and actions the same.
    expect((await page.goto(`/quan-tri/nguoi-dung/${provincial}/sua`))?.status()).toBe(404);

    // Creating an agency: only the ward is offered.
    await page.goto('/quan-tri/co-quan/them');
    const units = await page.getByLabel('Đơn vị hành chính').locator('option').allTextContents();
    expect(units).toEqual(['Chọn đơn vị hành chính', 'Phường Lào Cai']);
  } finally {
    await context.close();
  }
});

test('a commune administrator posting for another unit is refused with a Vietnamese message and nothing is written', async () => {
  const { context, page } = await newPage(browser, server.baseUrl, { javaScriptEnabled: false });
  try {
    await signIn(page, 'quantri.phuonglaocai', DEMO_PASSWORD);
    await page.goto('/quan-tri/co-quan/them');
    const province = await server.database.db
      .selectFrom('units')
      .select('id')
      .where('kind', '=', 'province')
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow();
    // Tamper with the form as a hand-crafted request would: the province is not among the options.
    await page.locator('#f-unitId').evaluate((select, id) => {
      const option = document.createElement('option');
      option.value = id;
      option.textContent = 'Tỉnh Lào Cai';
      select.appendChild(option);
      (select as HTMLSelectElement).value = id;
    }, province.id);
    await page.getByLabel('Tên cơ quan').fill('Cơ quan trái phép');
    await page.getByLabel('Loại cơ quan').selectOption('office');
    const before = await countRows(server.database.db, ['agencies']);
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.error-summary').textContent()).toContain('Bạn không có quyền thực hiện thao tác này.');
    expect(await page.getByLabel('Tên cơ quan').inputValue()).toBe('Cơ quan trái phép');
    const after = await countRows(server.database.db, ['agencies']);
    expect(after).toEqual(before);
  } finally {
    await context.close();
  }
});

test('an officer without administration rights sees no user administration', async () => {
  const { context, page } = await newPage(browser, server.baseUrl);
  try {
    await signIn(page, 'motcua.phuonglaocai', DEMO_PASSWORD);
    expect(await page.getByRole('navigation', { name: 'Mục quản trị' }).textContent()).not.toContain(
      'Tài khoản cán bộ',
    );
    const answer = await page.goto('/quan-tri/nguoi-dung');
    expect(answer?.status()).toBe(403);
    expect(await page.locator('main').textContent()).toContain('Bạn không có quyền thực hiện thao tác này.');
  } finally {
    await context.close();
  }
});
