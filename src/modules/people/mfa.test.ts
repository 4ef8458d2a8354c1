import { generate } from 'otplib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { Browser } from '../../../test/support/browser.ts';
import { createSecretBox } from '../../platform/auth/secret-box.ts';
import { SESSION_COOKIE } from '../../platform/http/request-context.ts';
import { seedDemo } from '../../seed/index.ts';
import { DEMO_PASSWORD } from '../../seed/users.ts';
import { MAX_FAILED_LOGINS } from './auth.service.ts';

/**
 * The TOTP second factor end to end, with codes computed from the enrolled secret as an authenticator app does.
 * A code works once, so the clock (Date only) is moved on by one 30-second step between uses.
 */
describe('TOTP second factor', () => {
  let t: TestApp;
  let now = 0;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db);
  });
  afterAll(() => t.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Freezes Date at the start of a fresh 30-second step, so each test's codes are predictable. */
  function startClock(): void {
    now = Math.ceil(Date.now() / 30_000) * 30_000 + 1_000;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
  }
  function nextStep(): void {
    now += 30_000;
    vi.setSystemTime(now);
  }
  const code = (secret: string, offsetSteps = 0) =>
    generate({ secret, epoch: Math.floor(now / 1000) + offsetSteps * 30 });

  async function enrol(browser: Browser, username: string): Promise<string> {
    await browser.login(username, DEMO_PASSWORD);
    const started = await browser.post('/api/v1/me/totp');
    expect(started.statusCode).toBe(200);
    const { secret, uri } = started.json();
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(uri).toContain(`secret=${secret}`);
    expect(decodeURIComponent(uri)).toContain(username);
    const confirmed = await browser.post('/api/v1/me/totp/confirm', { code: await code(secret) });
    expect(confirmed.statusCode).toBe(204);
    return secret;
  }

  it('enrols: the secret is stored sealed, bound to the account, and a wrong code does not confirm', async () => {
    startClock();
    const browser = new Browser(t.app);
    await browser.login('vanthu.ubnd', DEMO_PASSWORD);
    const { secret } = (await browser.post('/api/v1/me/totp')).json();
    const row = await t.database.db
      .selectFrom('users')
      .select(['id', 'totp_secret', 'totp_enabled_at'])
      .where('username', '=', 'vanthu.ubnd')
      .executeTakeFirstOrThrow();
    expect(row.totp_enabled_at).toBeNull();
    expect(row.totp_secret).toMatch(/^v1\./);
    expect(row.totp_secret).not.toContain(secret);
    const box = createSecretBox(t.config.appSecret, 'totp');
    expect(box.open(row.totp_secret as string, row.id)).toBe(secret);
    expect(() => box.open(row.totp_secret as string, 'another-user-id')).toThrow();

    const wrong = await browser.post('/api/v1/me/totp/confirm', {
      code: (Number(await code(secret)) ^ 1).toString().padStart(6, '0'),
    });
    expect(wrong.json().code).toBe('MFA_INVALID');
    expect((await browser.post('/api/v1/me/totp/confirm', { code: await code(secret) })).statusCode).toBe(204);
    expect((await browser.get('/api/v1/me')).json().user.totpEnabled).toBe(true);
    // Enrolling again while enrolled is a conflict, not a silent secret swap.
    expect((await browser.post('/api/v1/me/totp')).json().code).toBe('CONFLICT');
  });

  it('signs in in two steps; the pending session grants nothing and is replaced by a new one', async () => {
    startClock();
    const secret = await enrol(new Browser(t.app), 'lanhdao.tuphap');
    nextStep();

    const browser = new Browser(t.app);
    const first = await browser.login('lanhdao.tuphap', DEMO_PASSWORD);
    expect(first.json()).toMatchObject({ mfaRequired: true });
    const pendingToken = browser.sessionToken as string;
    expect((await browser.get('/api/v1/me')).statusCode).toBe(401);
    expect((await browser.get('/api/v1/users')).statusCode).toBe(401);

    const wrong = await browser.post('/api/v1/auth/mfa', {
      code: '000000' === (await code(secret)) ? '111111' : '000000',
    });
    expect(wrong.json().code).toBe('MFA_INVALID');

    const second = await browser.post('/api/v1/auth/mfa', { code: await code(secret) });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ mfaRequired: false, user: { fullName: 'Phạm Quốc Đạo' } });
    expect(browser.sessionToken).not.toBe(pendingToken);
    expect((await browser.get('/api/v1/me')).statusCode).toBe(200);
    const old = await t.app.inject({ url: '/api/v1/me', headers: { cookie: `${SESSION_COOKIE}=${pendingToken}` } });
    expect(old.statusCode).toBe(401);

    // The same code cannot be used again, even within its 30 seconds.
    const replay = new Browser(t.app);
    await replay.login('lanhdao.tuphap', DEMO_PASSWORD);
    expect((await replay.post('/api/v1/auth/mfa', { code: await code(secret) })).json().code).toBe('MFA_INVALID');
    // A code from one step ahead (a phone clock running fast) is accepted.
    expect((await replay.post('/api/v1/auth/mfa', { code: await code(secret, 1) })).statusCode).toBe(200);
  });

  it('refuses /auth/mfa without a pending session', async () => {
    const anonymous = await new Browser(t.app).post('/api/v1/auth/mfa', { code: '123456' });
    expect(anonymous.json().code).toBe('UNAUTHENTICATED');
    const full = new Browser(t.app);
    await full.login('quantri', DEMO_PASSWORD);
    expect((await full.post('/api/v1/auth/mfa', { code: '123456' })).json().code).toBe('UNAUTHENTICATED');
  });

  it('counts wrong codes towards the lockout, and a correct password does not reset that count', async () => {
    startClock();
    const secret = await enrol(new Browser(t.app), 'chuyenvien.tuphap');
    nextStep();
    const attacker = new Browser(t.app);
    const answers: string[] = [];
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      // Knowing the password, an attacker signs in again before each guess.
      await attacker.login('chuyenvien.tuphap', DEMO_PASSWORD);
      answers.push((await attacker.post('/api/v1/auth/mfa', { code: String(100000 + i) })).json().code);
    }
    expect(answers.at(-1)).toBe('ACCOUNT_LOCKED');
    expect(answers.slice(0, -1).every((a) => a === 'MFA_INVALID')).toBe(true);
    // Locked: neither the password step nor the right code gets through.
    expect((await attacker.login('chuyenvien.tuphap', DEMO_PASSWORD)).json().code).toBe('ACCOUNT_LOCKED');
    expect((await attacker.post('/api/v1/auth/mfa', { code: await code(secret) })).json().code).toBe('UNAUTHENTICATED');
  });

  it('switches TOTP off only with a current code', async () => {
    startClock();
    const browser = new Browser(t.app);
    const secret = await enrol(browser, 'motcua.phuonglaocai');
    nextStep();
    expect(
      (
        await browser.delete('/api/v1/me/totp', { code: '999999' === (await code(secret)) ? '888888' : '999999' })
      ).json().code,
    ).toBe('MFA_INVALID');
    expect((await browser.delete('/api/v1/me/totp', { code: await code(secret) })).statusCode).toBe(204);
    const again = new Browser(t.app);
    expect((await again.login('motcua.phuonglaocai', DEMO_PASSWORD)).json().mfaRequired).toBe(false);
    expect((await browser.delete('/api/v1/me/totp', { code: await code(secret) })).json().code).toBe('CONFLICT');
  });
});
