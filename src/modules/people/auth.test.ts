import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { countRows } from '../../../test/support/auth.ts';
import { Browser } from '../../../test/support/browser.ts';
import { NO_REQUEST, ANONYMOUS } from '../../platform/auth/actor.ts';
import { SESSION_COOKIE } from '../../platform/http/request-context.ts';
import { seedDemo } from '../../seed/index.ts';
import { DEMO_PASSWORD } from '../../seed/users.ts';
import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS, getMe, login } from './auth.service.ts';

const WRITTEN_TABLES = ['users', 'role_grants', 'sessions', 'audit_log', 'password_reset_tokens'] as const;

describe('signing in and out', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db);
  });
  afterAll(() => t.close());

  const auditActions = async (subjectId: string) =>
    (
      await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('subject_id', '=', subjectId)
        .orderBy('id')
        .execute()
    ).map((r) => r.action);

  const userId = async (username: string) =>
    (await t.database.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow())
      .id;

  it('signs staff in with an HttpOnly, SameSite=Lax session cookie and shows who they are', async () => {
    const browser = new Browser(t.app);
    const response = await browser.login('quantri', DEMO_PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      mfaRequired: false,
      mustEnrollMfa: false,
      user: { kind: 'staff', fullName: 'Nguyễn Văn Quản' },
    });
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();

    const me = await browser.get('/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({
      username: 'quantri',
      totpEnabled: false,
      homeUnit: { name: 'Tỉnh Lào Cai' },
    });
    expect(me.json().grants).toEqual([
      expect.objectContaining({ role: 'admin', unitName: 'Tỉnh Lào Cai', includesSubUnits: true, agencyId: null }),
    ]);
    // Only the token's hash is stored.
    const stored = await t.database.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(browser.sessionToken);
    expect(await auditActions(me.json().user.id)).toContain('auth.login');
  });

  it('accepts the username in any case, and answers the same way for a wrong password and an unknown name', async () => {
    const browser = new Browser(t.app);
    expect((await browser.login('QuanTri', DEMO_PASSWORD)).statusCode).toBe(200);
    const wrong = await new Browser(t.app).login('vanthu.ubnd', 'not-the-password');
    const unknown = await new Browser(t.app).login('nobody.here', 'not-the-password');
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({
        code: 'INVALID_CREDENTIALS',
        title: 'Tên đăng nhập hoặc mật khẩu không đúng.',
      });
      expect(response.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
    }
    expect(Object.keys(wrong.json()).sort()).toEqual(Object.keys(unknown.json()).sort());
    expect(await auditActions(await userId('vanthu.ubnd'))).toContain('auth.login_failed');
  });

  it('signs a citizen in by e-mail or by personal id, but never a staff member by e-mail', async () => {
    expect((await new Browser(t.app).login('CongDan@example.vn', DEMO_PASSWORD)).statusCode).toBe(200);
    const byId = await new Browser(t.app).login('010095001234', DEMO_PASSWORD);
    expect(byId.statusCode).toBe(200);
    expect(byId.json().user).toMatchObject({ kind: 'citizen', fullName: 'Giàng A Páo' });
    expect((await new Browser(t.app).login('quantri@laocai.gov.vn', DEMO_PASSWORD)).json().code).toBe(
      'INVALID_CREDENTIALS',
    );
  });

  it(`locks an account for ${LOCKOUT_MINUTES} minutes after ${MAX_FAILED_LOGINS} failures in a row, even to the right password`, async () => {
    const browser = new Browser(t.app);
    const id = await userId('chuyenvien.tuphap');
    const answers: string[] = [];
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      answers.push((await browser.login('chuyenvien.tuphap', `wrong-${i}`)).json().code);
    }
    expect(answers).toEqual([...Array(MAX_FAILED_LOGINS - 1).fill('INVALID_CREDENTIALS'), 'ACCOUNT_LOCKED']);
    const locked = await browser.login('chuyenvien.tuphap', DEMO_PASSWORD);
    expect(locked.statusCode).toBe(423);
    const lockedUntil = new Date(locked.json().lockedUntil).getTime();
    expect(lockedUntil - Date.now()).toBeGreaterThan((LOCKOUT_MINUTES - 1) * 60_000);
    expect(lockedUntil - Date.now()).toBeLessThanOrEqual(LOCKOUT_MINUTES * 60_000 + 5_000);
    expect(locked.json().title).toContain(locked.json().lockedUntil);
    expect(await auditActions(id)).toContain('auth.locked');

    // An administrator of the province lifts the lock; the full number of tries is back.
    const admin = new Browser(t.app);
    await admin.login('quantri', DEMO_PASSWORD);
    const unlocked = await admin.post(`/api/v1/users/${id}/unlock`);
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.json().lockedUntil).toBeNull();
    expect((await browser.login('chuyenvien.tuphap', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('restarts the failure count after a successful sign-in', async () => {
    const browser = new Browser(t.app);
    for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) {
      await browser.login('lanhdao.tuphap', 'wrong');
    }
    expect((await browser.login('lanhdao.tuphap', DEMO_PASSWORD)).statusCode).toBe(200);
    expect((await browser.login('lanhdao.tuphap', 'wrong')).json().code).toBe('INVALID_CREDENTIALS');
  });

  it('refuses a disabled account, and only tells so to someone who knows the password', async () => {
    const victim = new Browser(t.app);
    expect((await victim.login('motcua.phuonglaocai', DEMO_PASSWORD)).statusCode).toBe(200);
    const admin = new Browser(t.app);
    await admin.login('quantri.phuonglaocai', DEMO_PASSWORD);
    const id = await userId('motcua.phuonglaocai');
    const disabled = await admin.patch(`/api/v1/users/${id}`, { status: 'disabled' });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().status).toBe('disabled');

    // Disabling ended the open session at once.
    expect((await victim.get('/api/v1/me')).statusCode).toBe(401);
    expect((await new Browser(t.app).login('motcua.phuonglaocai', DEMO_PASSWORD)).json().code).toBe('ACCOUNT_DISABLED');
    expect((await new Browser(t.app).login('motcua.phuonglaocai', 'wrong')).json().code).toBe('INVALID_CREDENTIALS');

    await admin.patch(`/api/v1/users/${id}`, { status: 'active' });
    expect((await new Browser(t.app).login('motcua.phuonglaocai', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('signs out: the session ends on the server and the cookie is cleared', async () => {
    const browser = new Browser(t.app);
    await browser.login('vanthu.ubnd', DEMO_PASSWORD);
    const token = browser.sessionToken as string;
    const response = await browser.post('/api/v1/auth/logout');
    expect(response.statusCode).toBe(204);
    expect(browser.sessionToken).toBeUndefined();
    const replay = await t.app.inject({ url: '/api/v1/me', headers: { cookie: `${SESSION_COOKIE}=${token}` } });
    expect(replay.statusCode).toBe(401);
  });

  it('replaces the session a browser already had when it signs in again', async () => {
    const browser = new Browser(t.app);
    await browser.login('vanthu.ubnd', DEMO_PASSWORD);
    const first = browser.sessionToken as string;
    await browser.login('vanthu.ubnd', DEMO_PASSWORD);
    expect(browser.sessionToken).not.toBe(first);
    const old = await t.app.inject({ url: '/api/v1/me', headers: { cookie: `${SESSION_COOKIE}=${first}` } });
    expect(old.statusCode).toBe(401);
  });

  it('refuses an unsafe call riding on a session cookie without the CSRF token, and writes nothing', async () => {
    const browser = new Browser(t.app);
    await browser.login('quantri', DEMO_PASSWORD);
    const target = await userId('vanthu.ubnd');
    const before = await countRows(t.database.db, WRITTEN_TABLES);
    const calls = [
      () => browser.request('PATCH', `/api/v1/users/${target}`, { fullName: 'Đổi Tên' }, { 'x-csrf-token': '' }),
      () => browser.request('POST', '/api/v1/me/totp', {}, { 'x-csrf-token': 'forged' }),
      () => browser.request('POST', `/api/v1/users/${target}/unlock`, {}, { 'x-csrf-token': 'forged' }),
    ];
    for (const call of calls) {
      const response = await call();
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('CSRF_INVALID');
    }
    expect(await countRows(t.database.db, WRITTEN_TABLES)).toEqual(before);
    const row = await t.database.db
      .selectFrom('users')
      .select(['full_name', 'totp_secret'])
      .where('id', '=', target)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ full_name: 'Lê Thị Thư', totp_secret: null });
    // With the token, the same call goes through.
    expect((await browser.patch(`/api/v1/users/${target}`, { phone: '0912 000 111' })).json().phone).toBe('0912000111');
  });

  it('limits sign-in attempts per client address', async () => {
    const browser = new Browser(t.app);
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) {
      codes.push((await browser.post('/api/v1/auth/login', { username: 'nobody', password: 'x' })).statusCode);
    }
    expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
    const limited = await browser.post('/api/v1/auth/login', { username: 'nobody', password: 'x' });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
    // Another address is not affected.
    expect((await new Browser(t.app).login('quantri', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('tells staff without TOTP to enrol when the tenant requires it (service call, as the web pages make it)', async () => {
    const deps = { config: { ...t.config, staffMfa: 'required' as const }, jobs: t.app.platform.jobs };
    const ctx = { actor: ANONYMOUS, meta: NO_REQUEST, db: t.database.db };
    const staff = await login(ctx, deps, { username: 'vanthu.ubnd', password: DEMO_PASSWORD });
    expect(staff).toMatchObject({ mfaRequired: false, mustEnrollMfa: true });
    expect(staff.token).toMatch(/^[\w-]{43}$/);
    const citizen = await login(ctx, deps, { username: '010095001234', password: DEMO_PASSWORD });
    expect(citizen.mustEnrollMfa).toBe(false);

    const resolved = await t.app.inject({ url: '/api/v1/me', headers: { cookie: `${SESSION_COOKIE}=${staff.token}` } });
    expect(resolved.json().mustEnrollMfa).toBe(false); // this app runs with STAFF_MFA=optional
    const me = await getMe(
      { ...ctx, actor: { kind: 'user', userId: staff.user.id, userKind: 'staff', fullName: '', grants: [] } },
      deps,
    );
    expect(me.mustEnrollMfa).toBe(true);
  });

  it('answers /me and the account routes with 401 to anonymous callers', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/me'],
      ['POST', '/api/v1/me/totp'],
      ['POST', '/api/v1/me/password'],
    ] as const) {
      const response = await new Browser(t.app).request(
        method,
        url,
        method === 'GET' ? undefined : { currentPassword: 'a', newPassword: 'b' },
      );
      expect(response.statusCode, `${method} ${url}`).toBe(401);
    }
  });
});
