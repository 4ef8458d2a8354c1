import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../seed/index.ts';
import { countRows, signInAs } from '../../../test/support/auth.ts';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';

describe('STAFF_MFA=required', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ staffMfa: 'required' });
    await seedDemo(t.database.db);
  });
  afterAll(() => t.close());

  it('keeps an officer without TOTP signed in but powerless until enrolment', async () => {
    const admin = await signInAs(t.app, t.database.db, 'quantri');
    const province = (await t.app.inject({ url: '/api/v1/units?kind=province' })).json().items[0];
    const attempt = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/agencies',
        headers: admin.headers,
        payload: { unitId: province.id, name: 'Ban Quản lý thử nghiệm', kind: 'other' },
      });
    const before = await countRows(t.database.db, ['agencies', 'audit_log']);
    const refused = await attempt();
    expect(refused.statusCode).toBe(403);
    expect(await countRows(t.database.db, ['agencies', 'audit_log'])).toEqual(before);
    expect((await t.app.inject({ url: '/api/v1/me', headers: admin.headers })).statusCode).toBe(200);

    await sql`UPDATE users SET totp_enabled_at = now() WHERE username = 'quantri'`.execute(t.database.db);
    expect((await attempt()).statusCode).toBe(201);
  });
});
