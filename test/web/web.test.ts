import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/modules/people/sessions.ts';
import { CSRF_COOKIE } from '../../src/platform/http/csrf.ts';
import { SESSION_COOKIE } from '../../src/platform/http/request-context.ts';
import { WEB_BUILD_DIR, webBuildExists } from '../../src/platform/http/web.ts';
import { seedDemo } from '../../src/seed/index.ts';
import { DEMO_PASSWORD } from '../../src/seed/users.ts';
import { countRows } from '../support/auth.ts';
import { type TestApp, createTestApp } from '../support/app.ts';

/**
 * The web mount (src/platform/http/web.ts) through inject(): security headers, CSRF refusal before any route code
 * runs, the body cap, static assets, and that the API keeps its own answers. Needs `npm run build` (the test
 * script builds before the suites).
 */
describe.skipIf(!webBuildExists())('web mount', () => {
  let t: TestApp;
  let browser: { cookie: string; token: string };
  let wardId: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db);
    const user = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'quantri')
      .executeTakeFirstOrThrow();
    const { token } = await createSession(t.database.db, {
      userId: user.id,
      mfaPending: false,
      ip: null,
      userAgent: 'test',
    });
    const browserId = 'web-test-browser-0123456789';
    browser = {
      cookie: `${SESSION_COOKIE}=${token}; ${CSRF_COOKIE}=${browserId}`,
      token: t.app.platform.csrf.tokenForBrowser(browserId),
    };
    const ward = await t.database.db
      .selectFrom('units')
      .select('id')
      .where('code', '=', '02647')
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow();
    wardId = ward.id;
  });
  afterAll(() => t?.close());

  const agencyForm = (extra: Record<string, string> = {}) =>
    new URLSearchParams({ unitId: wardId, name: 'Phòng thử nghiệm web', kind: 'office', ...extra }).toString();

  it('renders pages in Vietnamese with a per-request nonce CSP that the inline scripts carry', async () => {
    // The public, citizen and sign-in pages ship no scripts (src/web/lib/hydration.ts); the not-found page keeps
    // them, like the staff pages, so it shows the nonce the inline scripts must carry.
    const first = await t.app.inject({ url: '/khong-co-trang-nay' });
    expect(first.statusCode).toBe(404);
    expect(first.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(first.body).toContain('<html lang="vi">');
    expect(first.body).toContain('Chính quyền số');
    expect(first.body).toContain('Không tìm thấy trang');
    const csp = String(first.headers['content-security-policy']);
    const nonce = csp.match(/'nonce-([A-Za-z0-9+/=]+)'/)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(first.body).toContain(`<script nonce="${nonce}"`);
    expect(first.headers['referrer-policy']).toBe('same-origin');
    expect(first.headers['cache-control']).toBe('private, no-store');
    const second = await t.app.inject({ url: '/khong-co-trang-nay' });
    expect(second.headers['content-security-policy']).not.toBe(csp);
    // A page without scripts still carries the policy, and no script at all.
    const signIn = await t.app.inject({ url: '/dang-nhap' });
    expect(signIn.body).toContain('Mật khẩu');
    expect(signIn.headers['content-security-policy']).toContain("script-src 'self' 'nonce-");
    expect(signIn.body).not.toContain('<script');
  });

  it('refuses a POST without a valid _csrf with a Vietnamese 403 page before any action runs', async () => {
    const before = await countRows(t.database.db, ['agencies', 'audit_log']);
    for (const payload of [agencyForm(), agencyForm({ _csrf: 'forged' })]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/quan-tri/co-quan/them',
        headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload,
      });
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('Phiên làm việc của biểu mẫu đã hết hạn');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    }
    // React Router's data requests and multipart bodies are held to the same rule.
    const data = await t.app.inject({
      method: 'POST',
      url: '/quan-tri/co-quan/them.data',
      headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: agencyForm(),
    });
    expect(data.statusCode).toBe(403);
    const multipart = await t.app.inject({
      method: 'POST',
      url: '/quan-tri/co-quan/them',
      headers: { cookie: browser.cookie, 'content-type': 'multipart/form-data; boundary=x' },
      payload: `--x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${browser.token}\r\n--x--\r\n`,
    });
    expect(multipart.statusCode).toBe(403);
    expect(await countRows(t.database.db, ['agencies', 'audit_log'])).toEqual(before);
  });

  it('lets a POST with the form token through to the action', async () => {
    const before = await countRows(t.database.db, ['agencies']);
    const response = await t.app.inject({
      method: 'POST',
      url: '/quan-tri/co-quan/them',
      headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: agencyForm({ _csrf: browser.token }),
    });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toMatch(/^\/quan-tri\/co-quan\/[0-9a-f-]{36}\?thongbao=created$/);
    expect(await countRows(t.database.db, ['agencies'])).toEqual({ agencies: (before.agencies ?? 0) + 1 });
  });

  it('shows validation errors next to the fields, keeping the input, with status 400', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/quan-tri/co-quan/them',
      headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: agencyForm({ _csrf: browser.token, code: 'H38', kind: '' }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Nhập mã định danh theo dạng 000.00.00.H38');
    expect(response.body).toContain('Chọn loại cơ quan');
    expect(response.body).toContain('value="Phòng thử nghiệm web"');
  });

  it('caps the form body and answers in HTML', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/dang-nhap',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `username=${'a'.repeat(300 * 1024)}`,
    });
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain('Nội dung gửi lên quá lớn.');
  });

  it('rate-limits the sign-in form per client address', async () => {
    const post = () =>
      t.app.inject({
        method: 'POST',
        url: '/dang-nhap',
        remoteAddress: '10.9.8.7',
        headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${encodeURIComponent(browser.token)}&username=&password=`,
      });
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await post()).statusCode);
    expect(statuses.slice(0, 20).every((s) => s !== 429)).toBe(true);
    const refused = await post();
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.body).toContain('Bạn thao tác quá nhanh');
  });

  it('serves built assets as immutable and keeps problem+json for unknown API paths', async () => {
    const css = readdirSync(path.join(WEB_BUILD_DIR, 'client/assets')).find((f) => f.endsWith('.css'));
    const asset = await t.app.inject({ url: `/assets/${css}` });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const api = await t.app.inject({ url: '/api/v1/khong-co' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(api.json().code).toBe('ROUTE_NOT_FOUND');
  });

  it('answers unknown pages with a Vietnamese 404 and sends anonymous readers of admin pages to sign in', async () => {
    const missing = await t.app.inject({ url: '/khong-co-trang-nay' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Không tìm thấy trang');
    const admin = await t.app.inject({ url: '/quan-tri/don-vi?q=lao' });
    expect(admin.statusCode).toBe(302);
    expect(admin.headers.location).toBe(`/dang-nhap?next=${encodeURIComponent('/quan-tri/don-vi?q=lao')}`);
  });

  it('remembers the language in a cookie and only ever redirects within the site', async () => {
    const english = await t.app.inject({ url: '/ngon-ngu?lang=en&next=/quan-tri' });
    expect(english.statusCode).toBe(302);
    expect(english.headers.location).toBe('/quan-tri');
    expect(english.cookies.find((c) => c.name === 'lang')).toMatchObject({
      value: 'en',
      maxAge: 31536000,
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
    });
    for (const next of ['//evil.example', 'https://evil.example', '/\\evil.example']) {
      const response = await t.app.inject({ url: `/ngon-ngu?lang=vi&next=${encodeURIComponent(next)}` });
      expect(response.headers.location).toBe('/');
    }
    const page = await t.app.inject({ url: '/', cookies: { lang: 'en' } });
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain('Lào Cai Digital Government');
  });
});

describe.skipIf(!webBuildExists())('web sign-in where staff must use TOTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ staffMfa: 'required' });
    await seedDemo(t.database.db);
  });
  afterAll(() => t?.close());

  it('sends an officer without TOTP from sign-in and from the admin area to enrol on the account page', async () => {
    const page = await t.app.inject({ url: '/dang-nhap' });
    const csrf = page.cookies.find((c) => c.name === CSRF_COOKIE)?.value ?? '';
    const token = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
    const signedIn = await t.app.inject({
      method: 'POST',
      url: '/dang-nhap',
      cookies: { [CSRF_COOKIE]: csrf },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, username: 'quantri', password: DEMO_PASSWORD }).toString(),
    });
    expect(signedIn.statusCode).toBe(302);
    expect(signedIn.headers.location).toBe('/tai-khoan?batbuoc=mfa');
    const session = signedIn.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const cookies = { [CSRF_COOKIE]: csrf, [SESSION_COOKIE]: session?.value ?? '' };

    const admin = await t.app.inject({ url: '/quan-tri/don-vi', cookies });
    expect(admin.statusCode).toBe(302);
    expect(admin.headers.location).toBe('/tai-khoan?batbuoc=mfa');
    const account = await t.app.inject({ url: '/tai-khoan?batbuoc=mfa', cookies });
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('Bật xác thực hai lớp để tiếp tục');
  });
});
