import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, newPage, signIn } from './support/browser.ts';
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

describe.each([
  { js: true, label: 'with JavaScript' },
  { js: false, label: 'without JavaScript' },
])('language switch $label', ({ js }) => {
  test('Vietnamese first; English on request, remembered across pages; back to Vietnamese', async () => {
    const { context, page } = await newPage(browser, server.baseUrl, { javaScriptEnabled: js, locale: 'vi-VN' });
    try {
      await signIn(page, 'quantri', DEMO_PASSWORD, '/quan-tri/don-vi');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Đơn vị hành chính');
      expect(await page.locator('html').getAttribute('lang')).toBe('vi');

      // The switch comes back to the same page (filters included), now in English.
      await page.goto('/quan-tri/don-vi?q=lao+cai');
      await page.getByRole('link', { name: 'English' }).click();
      await page.waitForURL((url) => url.pathname === '/quan-tri/don-vi' && url.searchParams.get('q') === 'lao cai');
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Administrative units');
      expect(await page.getByLabel('Search by name or code').inputValue()).toBe('lao cai');
      const cookies = await context.cookies();
      expect(cookies.find((c) => c.name === 'lang')?.value).toBe('en');

      // Remembered on the next page; unit names stay as they are officially written.
      await page.getByRole('link', { name: 'Agencies' }).first().click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Agencies');
      expect(await page.locator('table').textContent()).toContain('Sở Tư pháp tỉnh Lào Cai');
      expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);

      await page.getByRole('link', { name: 'Tiếng Việt' }).click();
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('vi');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Cơ quan, đơn vị');
      expect((await context.cookies()).find((c) => c.name === 'lang')?.value).toBe('vi');
    } finally {
      await context.close();
    }
  });
});

test('a browser asking for English gets English until it chooses otherwise; the switch never leaves the site', async () => {
  const { context, page } = await newPage(browser, server.baseUrl, { locale: 'en-GB' });
  try {
    await context.setExtraHTTPHeaders({ 'accept-language': 'en-GB,en;q=0.9' });
    await page.goto('/');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Lào Cai Digital Government');

    const answer = await page.request.get('/ngon-ngu?lang=vi&next=//evil.example/', { maxRedirects: 0 });
    expect(answer.status()).toBe(302);
    expect(answer.headers().location).toBe('/');
  } finally {
    await context.close();
  }
});
