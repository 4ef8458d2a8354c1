import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { countRows } from '../../../test/support/auth.ts';
import { Browser, cookieFrom } from '../../../test/support/browser.ts';
import { StandinAgent, pathOf, startSignIn } from '../../../test/support/oidc-agent.ts';
import { OIDC_CALLBACK_PATH } from '../../config.ts';
import { manualClock, systemClock } from '../../platform/clock.ts';
import { SESSION_COOKIE } from '../../platform/http/request-context.ts';
import { newId } from '../../platform/ids.ts';
import { TRANSACTION_COOKIE, openTransaction, sealTransaction } from './transaction.ts';
import { type RunningStandin, startVneidStandin } from './vneid-standin/standin-mount.ts';

const PUBLIC_URL = 'http://dichvucong.test';
const CLIENT = { clientId: 'chinh-quyen-so-test', clientSecret: 'test-client-secret-0123456789abcdef' };
const TABLES = ['users', 'user_identity_links', 'sessions', 'audit_log', 'email_verification_tokens'] as const;
const PAO = '010095001234';
const HOA = '010195004321';
const MINH = '010090007788';

/**
 * Sign-in through OpenID Connect against the real provider library (the VNeID stand-in on its own port), over HTTP:
 * accounts created and linked, links reused, and every refusal leaving the database as it was.
 */
describe('sign-in with VNeID (OpenID Connect)', () => {
  let t: TestApp;
  let standin: RunningStandin;

  beforeAll(async () => {
    standin = await startVneidStandin({
      clients: [{ ...CLIENT, redirectUris: [`${PUBLIC_URL}${OIDC_CALLBACK_PATH}`], name: 'Chính quyền số' }],
    });
    t = await createTestApp({
      publicUrl: PUBLIC_URL,
      oidc: {
        issuer: standin.issuer,
        ...CLIENT,
        redirectUri: `${PUBLIC_URL}${OIDC_CALLBACK_PATH}`,
        personalIdClaim: 'personal_id',
        scopes: 'openid profile email phone',
      },
    });
    // The demo citizen of the seed, registered with a password long before VNeID.
    await t.database.db
      .insertInto('users')
      .values({ id: newId(), kind: 'citizen', full_name: 'Giàng A Páo', email: 'congdan@example.vn', personal_id: PAO })
      .execute();
  });
  afterAll(async () => {
    await t.close();
    await standin.close();
  });
  beforeEach(() => {
    t.app.platform.clock = systemClock;
    t.app.platform.oidcFetch = globalThis.fetch;
  });

  /** Starts in the platform, signs in at the provider; returns the browser and the callback URL (not yet opened). */
  async function throughProvider(personalId: string, options: { consent?: boolean } = {}) {
    const browser = new Browser(t.app);
    const authorizationUrl = await startSignIn(browser);
    expect(authorizationUrl.startsWith(`${standin.issuer}/auth?`)).toBe(true);
    const params = new URL(authorizationUrl).searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('state')).toBeTruthy();
    expect(params.get('nonce')).toBeTruthy();
    const callback = await new StandinAgent().signIn(authorizationUrl, standin.issuer, personalId, options);
    expect(callback.startsWith(`${PUBLIC_URL}${OIDC_CALLBACK_PATH}?`)).toBe(true);
    return { browser, callback };
  }

  async function userByPersonalId(personalId: string) {
    return t.database.db
      .selectFrom('users')
      .selectAll()
      .where('personal_id', '=', personalId)
      .where('kind', '=', 'citizen')
      .executeTakeFirst();
  }

  it('creates a citizen account from the verified claims, links it and signs in', async () => {
    expect(await userByPersonalId(HOA)).toBeUndefined();
    const { browser, callback } = await throughProvider(HOA);
    const done = await browser.get(pathOf(callback));
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/');
    expect(cookieFrom(done, SESSION_COOKIE)).toBeTruthy();
    const me = await browser.get('/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({
      kind: 'citizen',
      fullName: 'Lò Thị Hoa',
      personalId: HOA,
      email: 'lothihoa@example.vn',
      phone: '0987654321',
      emailVerified: true,
    });
    const user = await userByPersonalId(HOA);
    expect(user?.password_hash).toBeNull();
    const links = await t.database.db
      .selectFrom('user_identity_links')
      .selectAll()
      .where('user_id', '=', user?.id ?? '')
      .execute();
    expect(links).toEqual([expect.objectContaining({ issuer: standin.issuer, subject: 'vneid-demo-0002' })]);
  });

  it('links the existing account that has the personal ID, and reuses the link next time', async () => {
    const before = await userByPersonalId(PAO);
    const first = await throughProvider(PAO);
    expect((await first.browser.get(pathOf(first.callback))).statusCode).toBe(303);
    expect((await first.browser.get('/api/v1/me')).json().user.id).toBe(before?.id);
    const counts = await countRows(t.database.db, ['users', 'user_identity_links']);

    const second = await throughProvider(PAO);
    const again = await second.browser.get(pathOf(second.callback));
    expect(again.headers.location).toBe('/');
    expect((await second.browser.get('/api/v1/me')).json().user.id).toBe(before?.id);
    expect(await countRows(t.database.db, ['users', 'user_identity_links'])).toEqual(counts);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', before?.id ?? '')
      .orderBy('occurred_at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['auth.identity_linked', 'auth.login', 'auth.login']);
  });

  it('keeps an address the provider did not verify unproven, and mails a link to prove it', async () => {
    const { browser, callback } = await throughProvider(MINH);
    expect((await browser.get(pathOf(callback))).statusCode).toBe(303);
    const user = await userByPersonalId(MINH);
    expect(user).toMatchObject({ email: 'vangseominh@example.vn', email_verified_at: null, phone: null });
    const tokens = await countRows(t.database.db, ['email_verification_tokens']);
    expect(tokens.email_verification_tokens).toBeGreaterThan(0);
  });

  /** Opens the callback and expects the refusal: back to the sign-in page with the reason, no session, no rows. */
  async function expectRefused(browser: Browser, callback: string, reason: string, signedInBefore = false) {
    const before = await countRows(t.database.db, TABLES);
    const response = await browser.get(pathOf(callback));
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/dang-nhap?vneid=${reason}`);
    expect(cookieFrom(response, SESSION_COOKIE)).toBeUndefined();
    expect((await browser.get('/api/v1/me')).statusCode).toBe(signedInBefore ? 200 : 401);
    expect(await countRows(t.database.db, TABLES)).toEqual(before);
  }

  it("refuses an answer whose state is not this browser's attempt (CSRF), or with no attempt at all", async () => {
    const { browser, callback } = await throughProvider(HOA);
    const forged = new URL(callback);
    forged.searchParams.set('state', 'attacker-chosen-state');
    await expectRefused(browser, forged.href, 'state');
    // A callback link opened in another browser (login CSRF): no attempt cookie there.
    const other = await throughProvider(HOA);
    await expectRefused(new Browser(t.app), other.callback, 'state');
  });

  it('refuses a replayed code, even with the attempt cookie copied', async () => {
    const { browser, callback } = await throughProvider(HOA);
    const stolenCookie = browser.cookies.get(TRANSACTION_COOKIE) ?? '';
    expect((await browser.get(pathOf(callback))).headers.location).toBe('/');
    // The same answer again in the same browser (still signed in from the first time): the attempt is over.
    await expectRefused(browser, callback, 'state', true);
    // With the attempt cookie copied: the provider refuses the used code.
    const replayer = new Browser(t.app);
    replayer.cookies.set(TRANSACTION_COOKIE, stolenCookie);
    await expectRefused(replayer, callback, 'grant');
  });

  it("refuses an ID token whose nonce is not the attempt's", async () => {
    const { browser, callback } = await throughProvider(HOA);
    const secret = t.config.appSecret;
    const attempt = await openTransaction(secret, browser.cookies.get(TRANSACTION_COOKIE));
    browser.cookies.set(TRANSACTION_COOKIE, await sealTransaction(secret, { ...attempt, nonce: 'another-nonce' }));
    await expectRefused(browser, callback, 'nonce');
  });

  it('refuses an ID token changed on the way (signature no longer verifies)', async () => {
    const { browser, callback } = await throughProvider(HOA);
    t.app.platform.oidcFetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input instanceof Request ? input.url : input).endsWith('/token')) return response;
      const body = (await response.json()) as { id_token: string };
      const [header, payload, signature] = body.id_token.split('.');
      const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'vneid-demo-0001' })).toString('base64url');
      return Response.json({ ...body, id_token: `${header}.${forged}.${signature}` });
    };
    await expectRefused(browser, callback, 'token');
  });

  it('refuses an expired ID token', async () => {
    const { browser, callback } = await throughProvider(HOA);
    // Two hours later on the platform's clock: the stand-in's ID tokens live one hour.
    t.app.platform.clock = manualClock(new Date(Date.now() + 2 * 3600_000));
    await expectRefused(browser, callback, 'token');
  });

  it('refuses an answer that names another issuer (mix-up)', async () => {
    const { browser, callback } = await throughProvider(HOA);
    const mixed = new URL(callback);
    mixed.searchParams.set('iss', 'https://idp.attacker.example');
    await expectRefused(browser, mixed.href, 'issuer');
  });

  it('tells the person who refused at the provider, and a disabled account', async () => {
    const refused = await throughProvider(HOA, { consent: false });
    await expectRefused(refused.browser, refused.callback, 'denied');
    await t.database.db.updateTable('users').set({ status: 'disabled' }).where('personal_id', '=', PAO).execute();
    const disabled = await throughProvider(PAO);
    await expectRefused(disabled.browser, disabled.callback, 'disabled');
    await t.database.db.updateTable('users').set({ status: 'active' }).where('personal_id', '=', PAO).execute();
  });

  it('still asks for the TOTP code of an account that has one', async () => {
    await t.database.db
      .updateTable('users')
      .set({ totp_enabled_at: new Date() })
      .where('personal_id', '=', PAO)
      .execute();
    try {
      const { browser, callback } = await throughProvider(PAO);
      const response = await browser.get(pathOf(callback));
      expect(response.headers.location).toBe('/dang-nhap?buoc=xac-thuc');
      // The session waits for its second step and grants nothing yet.
      expect(cookieFrom(response, SESSION_COOKIE)).toBeTruthy();
      expect((await browser.get('/api/v1/me')).statusCode).toBe(401);
    } finally {
      await t.database.db.updateTable('users').set({ totp_enabled_at: null }).where('personal_id', '=', PAO).execute();
    }
  });
});
