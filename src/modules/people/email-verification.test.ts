import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { countRows } from '../../../test/support/auth.ts';
import { Browser, eventually } from '../../../test/support/browser.ts';
import { type ReceivedMail, startSmtpServer } from '../../../test/support/smtp.ts';
import { isAppError } from '../../platform/errors.ts';
import { registerMailWorker } from '../../platform/mail/mail-worker.ts';
import { VERIFY_PATH, assertEmailVerified } from './email-verification.service.ts';

const PASSWORD = 'Đỉnh Fansipan mây trắng 3143';
const TABLES = ['users', 'email_verification_tokens', 'audit_log', 'sessions'] as const;

/** Registration mails a link that proves the address; "send again" is limited; every refusal writes nothing. */
describe('e-mail verification', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({ smtpUrl: smtp.url, publicUrl: 'https://dichvucong.laocai.gov.vn' });
    await registerMailWorker(t.app.platform);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  async function mailTo(to: string, seen: number): Promise<ReceivedMail> {
    return eventually(async () => smtp.messages.slice(seen).find((m) => m.to.includes(to)));
  }

  function tokenIn(mail: ReceivedMail): string {
    const match = new RegExp(`https://dichvucong\\.laocai\\.gov\\.vn${VERIFY_PATH}\\?token=([\\w-]+)`).exec(mail.text);
    if (!match?.[1]) throw new Error(`no verification link in:\n${mail.text}`);
    return match[1];
  }

  /** Registers a citizen and signs in; returns the browser and the token of the mailed link. */
  async function register(email: string, personalId: string) {
    const seen = smtp.messages.length;
    const browser = new Browser(t.app);
    const created = await browser.post('/api/v1/registrations/citizen', {
      fullName: 'Sùng Thị Mai',
      personalId,
      phone: '0912000111',
      email,
      password: PASSWORD,
    });
    expect(created.statusCode).toBe(201);
    expect((await browser.login(email, PASSWORD)).statusCode).toBe(200);
    const mail = await mailTo(email, seen);
    return { browser, mail, token: tokenIn(mail), userId: created.json().id as string };
  }

  it('mails a single-use link on registration that proves the address', async () => {
    const { browser, mail, token } = await register('sung.mai@example.vn', '010196001111');
    expect(mail.subject).toBe('Xác minh địa chỉ thư điện tử tài khoản Chính quyền số');
    expect(mail.text).toContain('Xin chào Sùng Thị Mai');
    expect(mail.text).toContain('24 giờ');
    const stored = await t.database.db.selectFrom('email_verification_tokens').select('token_hash').execute();
    expect(stored.map((r) => r.token_hash)).not.toContain(token);
    expect((await browser.get('/api/v1/me')).json().user.emailVerified).toBe(false);
    await expect(
      assertEmailVerified(t.database.db, {
        kind: 'user',
        userId: (await browser.get('/api/v1/me')).json().user.id,
        userKind: 'citizen',
        fullName: 'x',
        grants: [],
      }),
    ).rejects.toSatisfy((error) => isAppError(error) && error.code === 'EMAIL_NOT_VERIFIED');

    const done = await new Browser(t.app).post('/api/v1/auth/email-verification/complete', { token });
    expect(done.statusCode).toBe(204);
    expect((await browser.get('/api/v1/me')).json().user.emailVerified).toBe(true);

    const before = await countRows(t.database.db, TABLES);
    const reused = await new Browser(t.app).post('/api/v1/auth/email-verification/complete', { token });
    expect(reused.statusCode).toBe(400);
    expect(reused.json()).toMatchObject({
      code: 'TOKEN_INVALID',
      title: 'Đường liên kết không hợp lệ hoặc đã hết hạn.',
    });
    expect(await countRows(t.database.db, TABLES)).toEqual(before);
  });

  it('refuses an expired link, an unknown one, and one sent to an address the account no longer has', async () => {
    const { userId, token } = await register('sung.mai2@example.vn', '010196002222');
    await t.database.db
      .updateTable('email_verification_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', userId)
      .execute();
    const before = await countRows(t.database.db, TABLES);
    for (const candidate of [token, 'x'.repeat(43)]) {
      const response = await new Browser(t.app).post('/api/v1/auth/email-verification/complete', { token: candidate });
      expect(response.json().code).toBe('TOKEN_INVALID');
    }
    expect(await countRows(t.database.db, TABLES)).toEqual(before);

    const moved = await register('sung.mai3@example.vn', '010196003333');
    await t.database.db.updateTable('users').set({ email: 'khac@example.vn' }).where('id', '=', moved.userId).execute();
    const refused = await new Browser(t.app).post('/api/v1/auth/email-verification/complete', { token: moved.token });
    expect(refused.json().code).toBe('TOKEN_INVALID');
    const row = await t.database.db
      .selectFrom('users')
      .select('email_verified_at')
      .where('id', '=', moved.userId)
      .executeTakeFirstOrThrow();
    expect(row.email_verified_at).toBeNull();
  });

  it('sends again on request, at most one a minute, and not to a proven address', async () => {
    const { browser, token } = await register('sung.mai4@example.vn', '010196004444');
    expect((await new Browser(t.app).post('/api/v1/auth/email-verification')).statusCode).toBe(401);
    // The registration mail was sent moments ago: too soon.
    const before = await countRows(t.database.db, TABLES);
    const tooSoon = await browser.post('/api/v1/auth/email-verification');
    expect(tooSoon.statusCode).toBe(429);
    expect(tooSoon.json().retryAfterSeconds).toBeGreaterThan(0);
    expect(await countRows(t.database.db, TABLES)).toEqual(before);

    await t.database.db
      .updateTable('email_verification_tokens')
      .set({ created_at: new Date(Date.now() - 120_000) })
      .where('email', '=', 'sung.mai4@example.vn')
      .execute();
    const seen = smtp.messages.length;
    const again = await browser.post('/api/v1/auth/email-verification');
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual({ sentTo: 'sung.mai4@example.vn' });
    const second = tokenIn(await mailTo('sung.mai4@example.vn', seen));
    expect(second).not.toBe(token);
    // The first link still works until one of them is used; then both are spent.
    expect((await new Browser(t.app).post('/api/v1/auth/email-verification/complete', { token })).statusCode).toBe(204);
    const spent = await new Browser(t.app).post('/api/v1/auth/email-verification/complete', { token: second });
    expect(spent.json().code).toBe('TOKEN_INVALID');
    const proven = await browser.post('/api/v1/auth/email-verification');
    expect(proven.statusCode).toBe(409);
    expect(proven.json()).toMatchObject({ code: 'CONFLICT', reason: 'alreadyVerified' });
  });

  it('refuses a registration with a taken personal ID, a bad one or a weak password, mailing nothing', async () => {
    await register('sung.mai5@example.vn', '010196005555');
    const before = await countRows(t.database.db, TABLES);
    const seen = smtp.messages.length;
    const browser = new Browser(t.app);
    const base = { fullName: 'Hầu A Lử', phone: '0912000222', email: 'hau.a.lu@example.vn', password: PASSWORD };
    const taken = await browser.post('/api/v1/registrations/citizen', { ...base, personalId: '0101 9600 5555' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'ALREADY_EXISTS', field: 'personalId' });
    const bad = await browser.post('/api/v1/registrations/citizen', { ...base, personalId: '01019600555' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0]).toMatchObject({
      path: 'body.personalId',
      message: 'Số định danh cá nhân phải gồm đúng 12 chữ số.',
    });
    const weak = await browser.post('/api/v1/registrations/citizen', {
      ...base,
      personalId: '010196006666',
      password: 'abc',
    });
    expect(weak.json()).toMatchObject({ code: 'WEAK_PASSWORD' });
    expect(await countRows(t.database.db, TABLES)).toEqual(before);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(smtp.messages.length).toBe(seen);
  });
});
