import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium; browsers are never downloaded. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
}

/** A fresh browser profile (cookies, storage) for one journey; axe needs pages made from a context. */
export async function newPage(
  browser: Browser,
  baseURL: string,
  options: { javaScriptEnabled?: boolean; width?: number; height?: number; locale?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    locale: options.locale ?? 'vi-VN',
  });
  // Fail a step within seconds rather than after Playwright's default half minute.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  return { context, page };
}

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, username: string, password: string, next?: string): Promise<void> {
  await page.goto(next ? `/dang-nhap?next=${encodeURIComponent(next)}` : '/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/dang-nhap'),
    page.getByRole('button', { name: 'Đăng nhập' }).click(),
  ]);
  // With JavaScript the address changes a moment before the new page is rendered.
  await page.locator('.site-header__user').waitFor();
}

/** Signs out with the header's button. */
export async function signOut(page: Page): Promise<void> {
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/'),
    page.getByRole('button', { name: 'Đăng xuất' }).click(),
  ]);
  await page.locator('.site-header__user').waitFor({ state: 'detached' });
}

export type AxeFinding = {
  url: string;
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
};

/** Serious and critical WCAG 2.1 A/AA violations on the current page. */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      url: page.url(),
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
}

/** Asserts the current page has no serious or critical accessibility violations. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await axeFindings(page)).toEqual([]);
}
