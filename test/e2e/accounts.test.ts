import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, newPage, signIn, signOut } from './support/browser.ts';
import { DEMO_PASSWORD, startWebServer, waitForMail, type WebServer } from './support/server.ts';

let server: WebServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

/** The path and query of the link in a mail (the mail carries the configured public address). */
function linkIn(text: string): string {
  const match = text.match(/https?:\/\/\S+/);
  if (!match) throw new Error(`no link in mail:\n${text}`);
  const url = new URL(match[0]);
  return `${url.pathname}${url.search}`;
}

const NEW_PASSWORD = 'Rừng-Hoàng-Liên-2025';

test('an administrator creates an officer, who sets a password from the welcome mail, enrols TOTP and signs in with it', async () => {
  const admin = await newPage(browser, server.baseUrl);
  const officer = await newPage(browser, server.baseUrl);
  try {
    const page = admin.page;
    await signIn(page, 'quantri', DEMO_PASSWORD, '/quan-tri/nguoi-dung/them');
    await expect.poll(() => h1(page)).toBe('Tạo tài khoản cán bộ');
    // Invalid first: username with diacritics and a malformed e-mail address.
    await page.getByLabel('Họ và tên').fill('Lò Văn Sáng');
    await page.getByLabel('Tên đăng nhập').fill('lò.sáng');
    await page.getByLabel('Thư điện tử').fill('sang@');
    await page.getByRole('button', { name: 'Tạo tài khoản cán bộ' }).click();
    await expect
      .poll(() => page.locator('.error-summary').textContent())
      .toContain('Nhập tên đăng nhập gồm 3 đến 60 ký tự');
    expect(await page.locator('.error-summary').textContent()).toContain('Nhập địa chỉ thư điện tử đúng định dạng');
    expect(await page.locator('.error-summary').textContent()).toContain('Chọn đơn vị công tác');
    expect(await page.getByLabel('Họ và tên').inputValue()).toBe('Lò Văn Sáng');

    await page.getByLabel('Tên đăng nhập').fill('losang.phuonglaocai');
    await page.getByLabel('Thư điện tử').fill('losang@laocai.gov.vn');
    await page.getByLabel('Đơn vị công tác').selectOption({ label: 'Phường Lào Cai' });
    await page.getByRole('button', { name: 'Tạo tài khoản cán bộ' }).click();
    await page.waitForURL(/\/quan-tri\/nguoi-dung\/[0-9a-f-]{36}\?thongbao=created/);
    await expect.poll(() => h1(page)).toBe('Lò Văn Sáng');
    const officerUrl = new URL(page.url()).pathname;

    // Grant a role in the ward, then revoke it.
    await page.getByLabel('Vai trò', { exact: true }).selectOption({ label: 'Cán bộ một cửa' });
    await page.getByLabel('Đơn vị', { exact: true }).selectOption({ label: 'Phường Lào Cai' });
    await page.getByRole('button', { name: 'Cấp vai trò' }).click();
    await expect
      .poll(() => page.locator('section', { hasText: 'Vai trò được cấp' }).first().textContent())
      .toContain('Cán bộ một cửa');
    await page.getByRole('button', { name: /Thu hồi vai trò Cán bộ một cửa/ }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Đã thu hồi vai trò');
    expect(await page.locator('section', { hasText: 'Vai trò được cấp' }).first().textContent()).toContain(
      'Chưa được cấp vai trò nào',
    );

    // The welcome mail's link sets the first password.
    const welcome = await waitForMail(server.mails, 'losang@laocai.gov.vn');
    await officer.page.goto(linkIn(welcome.text));
    await officer.page.getByLabel('Mật khẩu mới', { exact: true }).fill(NEW_PASSWORD);
    await officer.page.getByLabel('Nhập lại mật khẩu mới').fill('khác hẳn');
    await officer.page.getByRole('button', { name: 'Đặt mật khẩu' }).click();
    await expect
      .poll(() => officer.page.locator('.error-summary').textContent())
      .toContain('Hai mật khẩu không giống nhau');
    await officer.page.getByLabel('Mật khẩu mới', { exact: true }).fill('12345');
    await officer.page.getByLabel('Nhập lại mật khẩu mới').fill('12345');
    await officer.page.getByRole('button', { name: 'Đặt mật khẩu' }).click();
    await expect
      .poll(() => officer.page.locator('.error-summary').textContent())
      .toContain('Mật khẩu phải có ít nhất 10 ký tự');
    await officer.page.getByLabel('Mật khẩu mới', { exact: true }).fill(NEW_PASSWORD);
    await officer.page.getByLabel('Nhập lại mật khẩu mới').fill(NEW_PASSWORD);
    await officer.page.getByRole('button', { name: 'Đặt mật khẩu' }).click();
    await officer.page.waitForURL(/\/dang-nhap\?thongbao=passwordReset/);
    expect(await officer.page.getByRole('status').first().textContent()).toContain('Đã đặt mật khẩu mới');

    // Sign in, enrol TOTP from the account page, sign out.
    await signIn(officer.page, 'losang.phuonglaocai', NEW_PASSWORD, '/tai-khoan');
    await expect.poll(() => h1(officer.page)).toBe('Tài khoản của tôi');
    await officer.page.getByRole('button', { name: 'Bật xác thực hai lớp' }).click();
    const secret = (await officer.page.getByTestId('totp-secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await officer.page.getByTestId('totp-uri').textContent()).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    await officer.page.getByLabel('Mã xác thực').fill('000000');
    await officer.page.getByRole('button', { name: 'Xác nhận và bật' }).click();
    await expect.poll(() => officer.page.locator('.error-summary').textContent()).toContain('Mã xác thực không đúng');
    expect(await officer.page.getByTestId('totp-secret').textContent()).toBe(secret);
    await officer.page.getByLabel('Mã xác thực').fill(await generate({ secret }));
    await officer.page.getByRole('button', { name: 'Xác nhận và bật' }).click();
    await expect
      .poll(() => officer.page.getByRole('status').first().textContent())
      .toContain('Đã bật xác thực hai lớp');
    await signOut(officer.page);

    // Signing in now asks for the code; a code works once, so use the next time step's.
    await officer.page.goto('/dang-nhap');
    await officer.page.getByLabel('Tên đăng nhập').fill('losang.phuonglaocai');
    await officer.page.getByLabel('Mật khẩu').fill(NEW_PASSWORD);
    await officer.page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => h1(officer.page)).toBe('Nhập mã xác thực');
    // Half signed in grants nothing.
    expect(await officer.page.getByRole('link', { name: 'Đăng nhập' }).first().isVisible()).toBe(true);
    await officer.page
      .getByLabel('Mã xác thực')
      .fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await officer.page.getByRole('button', { name: 'Xác nhận' }).click();
    await officer.page.waitForURL((url) => url.pathname === '/quan-tri');
    await expect.poll(() => officer.page.locator('.site-header__user').textContent()).toBe('Lò Văn Sáng');

    // The administrator disables the account: the officer's session ends at once; enabling restores sign-in.
    await page.goto(officerUrl);
    await page.getByRole('button', { name: 'Vô hiệu hóa tài khoản' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Đã vô hiệu hóa tài khoản');
    await officer.page.goto('/quan-tri');
    expect(new URL(officer.page.url()).pathname).toBe('/dang-nhap');
    await page.getByRole('button', { name: 'Kích hoạt lại tài khoản' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Đã kích hoạt lại tài khoản');
  } finally {
    await admin.context.close();
    await officer.context.close();
  }
});

test('forgotten password: the mailed link sets a new one; lockout after wrong passwords is lifted by an administrator', async () => {
  const { context, page } = await newPage(browser, server.baseUrl, { javaScriptEnabled: false });
  const admin = await newPage(browser, server.baseUrl);
  try {
    await page.goto('/dang-nhap');
    await page.getByRole('link', { name: 'Quên mật khẩu?' }).click();
    await page.getByLabel('Địa chỉ thư điện tử').fill('vanthu@laocai.gov.vn');
    await page.getByRole('button', { name: 'Gửi đường liên kết' }).click();
    expect(await h1(page)).toBe('Hãy kiểm tra hộp thư');
    const mail = await waitForMail(server.mails, 'vanthu@laocai.gov.vn');
    await page.goto(linkIn(mail.text));
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Đặt mật khẩu' }).click();
    await page.waitForURL(/thongbao=passwordReset/);
    // The link works once.
    await page.goto(linkIn(mail.text));
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Đặt mật khẩu' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('Đường liên kết không hợp lệ hoặc đã hết hạn');

    // Five wrong passwords lock the account; even the right one is then refused.
    for (let i = 0; i < 5; i++) {
      await page.goto('/dang-nhap');
      await page.getByLabel('Tên đăng nhập').fill('vanthu.ubnd');
      await page.getByLabel('Mật khẩu').fill(`sai-${i}-mat-khau`);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
    }
    expect(await page.locator('.error-summary').textContent()).toContain(
      'Tài khoản tạm khóa do đăng nhập sai nhiều lần',
    );
    await page.getByLabel('Mật khẩu').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('Tài khoản tạm khóa');

    await signIn(admin.page, 'quantri', DEMO_PASSWORD, '/quan-tri/nguoi-dung?q=vanthu');
    await admin.page.getByRole('link', { name: 'Lê Thị Thư' }).click();
    await expect.poll(() => admin.page.locator('.summary-list').textContent()).toContain('Đang tạm khóa đến');
    await admin.page.getByRole('button', { name: 'Mở khóa đăng nhập' }).click();
    await expect.poll(() => admin.page.getByRole('status').first().textContent()).toContain('Đã mở khóa tài khoản');

    await signIn(page, 'vanthu.ubnd', NEW_PASSWORD);
    expect(await page.locator('.site-header__user').textContent()).toBe('Lê Thị Thư');

    // Changing the password on the account page needs the current one.
    await page.goto('/tai-khoan');
    await page.getByLabel('Mật khẩu hiện tại').fill('không phải mật khẩu');
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(`${NEW_PASSWORD}-2`);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(`${NEW_PASSWORD}-2`);
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('Mật khẩu hiện tại không đúng');
    await page.getByLabel('Mật khẩu hiện tại').fill(NEW_PASSWORD);
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(`${NEW_PASSWORD}-2`);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(`${NEW_PASSWORD}-2`);
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('Đã đổi mật khẩu');
    // This browser stays signed in.
    expect(await page.locator('.site-header__user').textContent()).toBe('Lê Thị Thư');
  } finally {
    await context.close();
    await admin.context.close();
  }
});
