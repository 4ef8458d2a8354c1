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

async function agencyCount(): Promise<number> {
  return (await countRows(server.database.db, ['agencies'])).agencies ?? 0;
}

test('a signed-in POST without the CSRF token (document or data request) is refused and changes nothing', async () => {
  const { context, page } = await newPage(browser, server.baseUrl);
  try {
    await signIn(page, 'quantri', DEMO_PASSWORD);
    const unit = await server.database.db
      .selectFrom('units')
      .select('id')
      .where('code', '=', '02647')
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow();
    const form = { unitId: unit.id, name: 'Cơ quan giả mạo', kind: 'office' };
    const before = await agencyCount();
    for (const [path, extra] of [
      ['/quan-tri/co-quan/them', {}],
      ['/quan-tri/co-quan/them.data', {}],
      ['/quan-tri/co-quan/them', { _csrf: 'not-the-token' }],
    ] as const) {
      const answer = await context.request.post(path, { form: { ...form, ...extra }, maxRedirects: 0 });
      expect(answer.status(), path).toBe(403);
      expect(await answer.text()).toContain('Phiên làm việc của biểu mẫu đã hết hạn');
    }
    // Sign-out is a form too: without the token the session survives.
    expect((await context.request.post('/dang-xuat', { form: {}, maxRedirects: 0 })).status()).toBe(403);
    expect(await agencyCount()).toBe(before);
    await page.goto('/quan-tri');
    expect(new URL(page.url()).pathname).toBe('/quan-tri');

    // The same form with the page's token goes through.
    const token = await page.locator('input[name="_csrf"]').first().inputValue();
    const accepted = await context.request.post('/quan-tri/co-quan/them', {
      form: { ...form, _csrf: token },
      maxRedirects: 0,
    });
    expect(accepted.status()).toBe(302);
    expect(await agencyCount()).toBe(before + 1);
  } finally {
    await context.close();
  }
});

test("another site's form cannot act for a signed-in officer", async () => {
  const { context, page } = await newPage(browser, server.baseUrl);
  try {
    await signIn(page, 'quantri', DEMO_PASSWORD);
    // The staff page signed in to loads its scripts after the HTML; let them finish before the page is replaced, or
    // their late start can swallow the navigation below.
    await page.waitForLoadState('networkidle');
    // A page from elsewhere (about:blank here) auto-submitting a form to our sign-out.
    await page.setContent(`<form id="f" method="post" action="${server.baseUrl}/dang-xuat"></form>`);
    const [answer] = await Promise.all([
      page.waitForNavigation(),
      page.locator('#f').evaluate((f) => (f as HTMLFormElement).submit()),
    ]);
    expect(answer?.status()).toBe(403);
    await page.goto('/quan-tri');
    expect(new URL(page.url()).pathname).toBe('/quan-tri');
  } finally {
    await context.close();
  }
});

test('pages carry a nonce CSP that every script obeys, and the session cookie is HttpOnly and SameSite', async () => {
  const { context, page } = await newPage(browser, server.baseUrl);
  try {
    // A page that keeps its scripts (the not-found page, like the staff pages; public and sign-in pages have none).
    const answer = await page.goto('/khong-co-trang-nay');
    const csp = answer?.headers()['content-security-policy'] ?? '';
    const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await answer?.text();
    const inlineScripts = [...(html ?? '').matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    expect(inlineScripts.length).toBeGreaterThan(0);
    for (const [, attributes] of inlineScripts) {
      expect(attributes).toContain(`nonce="${nonce}"`);
    }
    expect(html).not.toMatch(/\sstyle="/);
    // Another load gets another nonce.
    const again = await page.goto('/khong-co-trang-nay');
    expect(again?.headers()['content-security-policy']).not.toContain(nonce);

    await signIn(page, 'quantri', DEMO_PASSWORD);
    const session = (await context.cookies()).find((c) => c.name === 'egov_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');
  } finally {
    await context.close();
  }
});
