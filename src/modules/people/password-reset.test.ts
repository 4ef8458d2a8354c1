import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { countRows } from '../../../test/support/auth.ts';
import { Browser, eventually } from '../../../test/support/browser.ts';
import { type ReceivedMail, startSmtpServer } from '../../../test/support/smtp.ts';
import { registerMailWorker } from '../../platform/mail/mail-worker.ts';
import { seedDemo } from '../../seed/index.ts';
import { DEMO_PASSWORD } from '../../seed/users.ts';
import { MAX_FAILED_LOGINS } from './auth.service.ts';
import { RESET_PATH } from './passwords.service.ts';

const NEW_PASSWORD = 'Sông Hồng chảy qua Lào Cai 2025';

/** Password reset and password change, with mail delivered by the job worker to a real SMTP server. */
describe('password reset by e-mail', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp({ smtpUrl: smtp.url, publicUrl: 'https://dichvucong.laocai.gov.vn' });
    await seedDemo(t.database.db);
    await registerMailWorker(t.app.platform);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  /** The next mail to `to` that arrives after `seen` messages. */
  async function mailTo(to: string, seen: number): Promise<ReceivedMail> {
    return eventually(async () => smtp.messages.slice(seen).find((m) => m.to.includes(to)));
  }

  function tokenIn(mail: ReceivedMail): string {
    const match = new RegExp(`https://dichvucong\\.laocai\\.gov\\.vn${RESET_PATH}\\?token=([\\w-]+)`).exec(mail.text);
    if (!match?.[1]) throw new Error(`no reset link in:\n${mail.text}`);
    return match[1];
  }

  it('e-mails a single-use link that sets a new password, ends every session and lifts a lockout', async () => {
    const email = 'quantri.plc@laocai.gov.vn';
    const victimSession = new Browser(t.app);
    await victimSession.login('quantri.phuonglaocai', DEMO_PASSWORD);
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      await new Browser(t.app).login('quantri.phuonglaocai', 'wrong-password');
    }
    expect((await new Browser(t.app).login('quantri.phuonglaocai', DEMO_PASSWORD)).json().code).toBe('ACCOUNT_LOCKED');

    const seen = smtp.messages.length;
    const requested = await new Browser(t.app).post('/api/v1/auth/password-reset', {
      email: 'QuanTri.PLC@laocai.gov.vn',
    });
    expect(requested.statusCode).toBe(202);
    expect(requested.body).toBe('');
    const mail = await mailTo(email, seen);
    expect(mail.subject).toBe('Đặt lại mật khẩu tài khoản Chính quyền số');
    expect(mail.text).toContain('Xin chào Vũ Đức Trị');
    expect(mail.text).toContain('30 phút');
    const token = tokenIn(mail);
    const stored = await t.database.db.selectFrom('password_reset_tokens').select('token_hash').execute();
    expect(stored.map((r) => r.token_hash)).not.toContain(token);

    const browser = new Browser(t.app);
    const weak = await browser.post('/api/v1/auth/password-reset/complete', { token, password: 'abc' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ code: 'WEAK_PASSWORD', reasons: expect.arrayContaining(['tooShort']) });

    // The weak attempt did not spend the link.
    const done = await browser.post('/api/v1/auth/password-reset/complete', { token, password: NEW_PASSWORD });
    expect(done.statusCode).toBe(204);
    expect((await victimSession.get('/api/v1/me')).statusCode).toBe(401);
    expect((await new Browser(t.app).login('quantri.phuonglaocai', DEMO_PASSWORD)).json().code).toBe(
      'INVALID_CREDENTIALS',
    );
    const signedIn = new Browser(t.app);
    expect((await signedIn.login('quantri.phuonglaocai', NEW_PASSWORD)).statusCode).toBe(200);

    const reused = await new Browser(t.app).post('/api/v1/auth/password-reset/complete', {
      token,
      password: `${NEW_PASSWORD}!`,
    });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().code).toBe('TOKEN_INVALID');
    const actions = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'auth.password_reset%')
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual(['auth.password_reset', 'auth.password_reset_requested']);
  });

  it('answers 202 for an unknown address too, and writes and sends nothing', async () => {
    const tables = ['password_reset_tokens', 'audit_log', 'users'] as const;
    const before = await countRows(t.database.db, tables);
    const seen = smtp.messages.length;
    const response = await new Browser(t.app).post('/api/v1/auth/password-reset', {
      email: 'khong.ton.tai@example.vn',
    });
    expect(response.statusCode).toBe(202);
    expect(await countRows(t.database.db, tables)).toEqual(before);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(smtp.messages.length).toBe(seen);
  });

  it('refuses an expired link, and an unknown one', async () => {
    const seen = smtp.messages.length;
    await new Browser(t.app).post('/api/v1/auth/password-reset', { email: 'congdan@example.vn' });
    const token = tokenIn(await mailTo('congdan@example.vn', seen));
    await t.database.db
      .updateTable('password_reset_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('used_at', 'is', null)
      .execute();
    for (const candidate of [token, 'x'.repeat(43)]) {
      const response = await new Browser(t.app).post('/api/v1/auth/password-reset/complete', {
        token: candidate,
        password: NEW_PASSWORD,
      });
      expect(response.json().code).toBe('TOKEN_INVALID');
    }
    expect((await new Browser(t.app).login('congdan@example.vn', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('limits reset requests per client address', async () => {
    const browser = new Browser(t.app);
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      codes.push((await browser.post('/api/v1/auth/password-reset', { email: `nobody${i}@example.vn` })).statusCode);
    }
    expect(codes).toEqual([202, 202, 202, 202, 202, 429]);
  });

  it('mails a new staff account without a password a link to set one', async () => {
    const admin = new Browser(t.app);
    await admin.login('quantri', DEMO_PASSWORD);
    const me = (await admin.get('/api/v1/me')).json();
    const seen = smtp.messages.length;
    const created = await admin.post('/api/v1/users', {
      username: 'canbo.moi',
      fullName: 'Đặng Thị Mới',
      email: 'canbo.moi@laocai.gov.vn',
      homeUnitId: me.user.homeUnit.id,
    });
    expect(created.statusCode).toBe(201);
    const mail = await mailTo('canbo.moi@laocai.gov.vn', seen);
    expect(mail.subject).toBe('Tài khoản Chính quyền số của bạn đã được tạo');
    expect(mail.text).toContain('canbo.moi');
    expect((await new Browser(t.app).login('canbo.moi', NEW_PASSWORD)).json().code).toBe('INVALID_CREDENTIALS');
    const set = await new Browser(t.app).post('/api/v1/auth/password-reset/complete', {
      token: tokenIn(mail),
      password: NEW_PASSWORD,
    });
    expect(set.statusCode).toBe(204);
    expect((await new Browser(t.app).login('canbo.moi', NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('lets the signed-in owner change the password, ending their other sessions but not this one', async () => {
    const here = new Browser(t.app);
    const elsewhere = new Browser(t.app);
    await here.login('vanthu.ubnd', DEMO_PASSWORD);
    await elsewhere.login('vanthu.ubnd', DEMO_PASSWORD);
    const wrong = await here.post('/api/v1/me/password', { currentPassword: 'wrong', newPassword: NEW_PASSWORD });
    expect(wrong.json().code).toBe('INVALID_CREDENTIALS');
    const weak = await here.post('/api/v1/me/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'vanthu.ubnd-2025',
    });
    expect(weak.json()).toMatchObject({ code: 'WEAK_PASSWORD', reasons: ['containsUsername'] });
    const changed = await here.post('/api/v1/me/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(changed.statusCode).toBe(204);
    expect((await here.get('/api/v1/me')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/v1/me')).statusCode).toBe(401);
    expect((await new Browser(t.app).login('vanthu.ubnd', NEW_PASSWORD)).statusCode).toBe(200);
  });
});
