import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  agencyOfKind,
  createStaff,
  pdfBytes,
  procedureByNationalCode,
  unitByCode,
} from '../../src/modules/dossiers/dossiers.fixtures.ts';
import { hashPassword } from '../../src/modules/people/passwords.ts';
import { vietnamTodayIso } from '../../src/web/lib/dates.ts';
import { launchBrowser, newPage, signIn, signOut } from './support/browser.ts';
import { DEMO_PASSWORD, startWebServer, type WebServer } from './support/server.ts';

let server: WebServer;
let browser: Browser;
let requiredCodes: string[];

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  const db = server.database.db;
  const ward = await unitByCode(db, '02647', vietnamTodayIso());
  const committee = await agencyOfKind(db, ward.id, 'people_committee');
  // The seed has the ward's desk officer only; its civil-status specialist and its leader are made here.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const [username, fullName, role] of [
    ['chuyenvien.phuonglaocai', 'Lò Văn Hộ', 'specialist'],
    ['lanhdao.phuonglaocai', 'Sùng A Lãnh', 'leader'],
  ] as const) {
    const id = await createStaff(db, { username, fullName, unitId: ward.id, agencyId: committee.id, role });
    await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
  }
  requiredCodes = (await procedureByNationalCode(db, '1.001193')).requiredComponents.map((c) => c.code);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens an action's form with the keyboard (its <details> summary takes Enter), then confirms it. */
async function act(page: Page, action: string, fill?: (form: Locator) => Promise<unknown>): Promise<void> {
  const summary = page.locator('summary', { hasText: action });
  await summary.focus();
  await page.keyboard.press('Enter');
  const form = page.locator('details[open]', { has: summary });
  await fill?.(form);
  const confirm = form.getByRole('button', { name: `Xác nhận: ${action}` });
  await confirm.focus();
  await Promise.all([page.waitForURL(/da-xu-ly=/), page.keyboard.press('Enter')]);
  await expect.poll(() => page.getByRole('status').first().textContent()).toContain(`Đã thực hiện: ${action}`);
}

async function openDossier(page: Page, code: string, mine: boolean): Promise<void> {
  await page.goto(mine ? '/mot-cua?assignee=me' : '/mot-cua');
  await page.getByRole('link', { name: code }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(code);
}

describe('a birth registration at the counter of Phường Lào Cai, from reception to the result handed over', () => {
  test('desk receives → specialist forwards → leader approves → desk registers and returns the result', async () => {
    const { context, page } = await newPage(browser, server.baseUrl);
    const scriptProblems: string[] = [];
    page.on('pageerror', (error) => scriptProblems.push(String(error)));
    try {
      await signIn(page, 'motcua.phuonglaocai', DEMO_PASSWORD, '/mot-cua');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Hồ sơ một cửa');
      expect(await page.getByRole('navigation', { name: 'Điều hướng chính' }).textContent()).toContain('Một cửa');

      // Choose the procedure: search without diacritics, then pick it from the list.
      await page.getByRole('link', { name: 'Tiếp nhận hồ sơ tại quầy' }).click();
      await page.getByLabel('Tìm thủ tục theo tên hoặc mã').fill('dang ky khai sinh');
      await page.getByRole('button', { name: 'Tìm kiếm' }).click();
      await page.waitForURL(/q=dang\+ky\+khai\+sinh/);
      await page.getByLabel('Thủ tục hành chính').selectOption({ label: 'Đăng ký khai sinh' });
      await page.getByRole('button', { name: 'Chọn', exact: true }).click();
      await page.waitForURL(/procedureId=/);

      // The applicant, one component as a file and the others on paper, fees confirmed.
      await page.getByLabel('Họ và tên (hoặc tên tổ chức)').fill('Thào Thị Nhung');
      await page.getByLabel('Số định danh cá nhân (12 chữ số)').fill('010196008888');
      await page.getByLabel(/Số điện thoại/).fill('0987654321');
      const [first, ...others] = requiredCodes;
      await page.locator(`input[name="files:${first}"]`).setInputFiles({
        name: 'to-khai-khai-sinh.pdf',
        mimeType: 'application/pdf',
        buffer: pdfBytes('tờ khai khai sinh'),
      });
      for (const code of others) {
        await page.locator(`input[name="paper:${code}"]`).check();
      }
      await page.getByLabel('Người nộp đã nộp phí, lệ phí tại quầy').check();
      await Promise.all([
        page.waitForURL(/\/mot-cua\/ho-so\/[0-9a-f-]{36}\?tiep-nhan=1$/),
        page.getByRole('button', { name: 'Tiếp nhận hồ sơ' }).click(),
      ]);
      const codePattern = /^\d{3}\.\d{2}\.\d{2}\.H38-\d{6}-\d{4}$/;
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(codePattern);
      const code = String(await page.getByRole('heading', { level: 1 }).textContent());
      expect(await page.getByRole('status').first().textContent()).toContain(`Đã tiếp nhận hồ sơ ${code}`);
      expect(await page.locator('table').first().textContent()).toContain('to-khai-khai-sinh.pdf');

      // The receipt link answers a PDF (with the same session as the page).
      const receiptHref = await page
        .getByRole('link', { name: 'In giấy tiếp nhận và hẹn trả kết quả' })
        .getAttribute('href');
      const receipt = await page.request.get(String(receiptHref));
      expect(receipt.status()).toBe(200);
      expect(receipt.headers()['content-type']).toBe('application/pdf');
      expect((await receipt.body()).subarray(0, 5).toString()).toBe('%PDF-');

      await act(page, 'Chuyển bước tiếp theo');
      expect(await page.locator('.summary-list').textContent()).toContain('Lò Văn Hộ');
      await signOut(page);

      // The specialist finds it in their own queue and proposes it to the leader.
      await signIn(page, 'chuyenvien.phuonglaocai', DEMO_PASSWORD, '/mot-cua');
      await openDossier(page, code, true);
      await act(page, 'Chuyển bước tiếp theo', (form) =>
        form.getByLabel('Ghi chú (không bắt buộc)').fill('Hồ sơ hợp lệ, đề nghị lãnh đạo ký.'),
      );
      await signOut(page);

      // The leader signs.
      await signIn(page, 'lanhdao.phuonglaocai', DEMO_PASSWORD, '/mot-cua');
      await openDossier(page, code, false);
      expect(await page.locator('.timeline').textContent()).toContain('Hồ sơ hợp lệ, đề nghị lãnh đạo ký.');
      await act(page, 'Phê duyệt, ký');
      await signOut(page);

      // Back at the desk: the result is registered with its file, then handed over.
      await signIn(page, 'motcua.phuonglaocai', DEMO_PASSWORD, '/mot-cua');
      await openDossier(page, code, false);
      await act(page, 'Vào sổ kết quả', async (form) => {
        await form.getByLabel('Số, ký hiệu văn bản kết quả').fill('15/2026/TLKS');
        await form.getByLabel('Tệp kết quả (PDF, JPG hoặc PNG)').setInputFiles({
          name: 'giay-khai-sinh.pdf',
          mimeType: 'application/pdf',
          buffer: pdfBytes('giấy khai sinh'),
        });
      });
      expect(await page.locator('.summary-list').textContent()).toContain('15/2026/TLKS');
      await act(page, 'Trả kết quả', async (form) => {
        await form.getByLabel('Hình thức trả kết quả').selectOption({ label: 'Trả tại Bộ phận Một cửa' });
      });
      expect(await page.locator('.summary-list').textContent()).toContain('Đã trả kết quả');
      expect(await page.locator('.timeline').textContent()).toContain('Trả kết quả');
      expect(await page.getByRole('link', { name: /giay-khai-sinh\.pdf/ }).count()).toBe(1);
      expect(scriptProblems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
