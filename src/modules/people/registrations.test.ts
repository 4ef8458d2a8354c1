import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { countRows } from '../../../test/support/auth.ts';
import { Browser } from '../../../test/support/browser.ts';
import { taxCodeCheckDigit } from '../identifiers/identifiers.ts';

const PASSWORD = 'Ruộng bậc thang Mù Cang Chải';
const TABLES = ['users', 'audit_log'] as const;

/** A valid tax code: nine digits and the check digit computed by the rule (a remainder of 10 is skipped). */
function validTaxCode(seed: number): string {
  for (let n = seed; ; n++) {
    const nine = String(n).padStart(9, '0');
    const check = taxCodeCheckDigit(nine);
    if (check < 10) return `${nine}${check}`;
  }
}

describe('citizen and business self-registration', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const citizen = (over: Record<string, string> = {}) => ({
    fullName: 'Lý Thị Mỷ',
    personalId: '010195004321',
    phone: '0987 654 321',
    email: 'ly.thi.my@example.vn',
    password: PASSWORD,
    ...over,
  });

  it('opens a citizen account that signs in by e-mail or personal id', async () => {
    const response = await new Browser(t.app).post('/api/v1/registrations/citizen', citizen());
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ kind: 'citizen', fullName: 'Lý Thị Mỷ' });
    const row = await t.database.db
      .selectFrom('users')
      .select(['personal_id', 'phone', 'email', 'email_verified_at', 'password_hash'])
      .where('id', '=', response.json().id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      personal_id: '010195004321',
      phone: '0987654321',
      email: 'ly.thi.my@example.vn',
      email_verified_at: null,
    });
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect((await new Browser(t.app).login('ly.thi.my@example.vn', PASSWORD)).statusCode).toBe(200);
    expect((await new Browser(t.app).login('0101 9500 4321', PASSWORD)).statusCode).toBe(200);
  });

  it('refuses bad input with the reasons, and writes nothing', async () => {
    const before = await countRows(t.database.db, TABLES);
    const browser = new Browser(t.app);
    const badId = await browser.post(
      '/api/v1/registrations/citizen',
      citizen({ personalId: '12345', email: 'a1@example.vn' }),
    );
    expect(badId.statusCode).toBe(400);
    expect(badId.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [
        {
          path: 'body.personalId',
          code: 'personalId.notTwelveDigits',
          message: 'Số định danh cá nhân phải gồm đúng 12 chữ số.',
        },
      ],
    });
    const weak = await browser.post(
      '/api/v1/registrations/citizen',
      citizen({ personalId: '010195009999', email: 'a2@example.vn', password: 'aaaaaaaaaaaa' }),
    );
    expect(weak.json()).toMatchObject({ code: 'WEAK_PASSWORD', reasons: ['tooSimple'] });
    const takenEmail = await browser.post(
      '/api/v1/registrations/citizen',
      citizen({ personalId: '010195009999', email: 'LY.THI.MY@example.vn' }),
    );
    expect(takenEmail.json()).toMatchObject({ code: 'ALREADY_EXISTS', field: 'email' });
    const takenId = await browser.post('/api/v1/registrations/citizen', citizen({ email: 'other@example.vn' }));
    expect(takenId.json()).toMatchObject({ code: 'ALREADY_EXISTS', field: 'personalId' });
    const badPhone = await browser.post(
      '/api/v1/registrations/citizen',
      citizen({ personalId: '010195009999', email: 'a3@example.vn', phone: '12' }),
    );
    expect(badPhone.json().code).toBe('VALIDATION_FAILED');
    expect(await countRows(t.database.db, TABLES)).toEqual(before);
  });

  it('opens a business account that signs in by tax code, with or without the branch hyphen', async () => {
    const taxCode = validTaxCode(530_000_001);
    const browser = new Browser(t.app);
    const created = await browser.post('/api/v1/registrations/business', {
      businessName: 'Công ty TNHH Chè Shan Tuyết Lào Cai',
      taxCode: `${taxCode}001`,
      email: 'lienhe@chelaocai.vn',
      phone: '+84 214 3820 000',
      password: PASSWORD,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ kind: 'business', fullName: 'Công ty TNHH Chè Shan Tuyết Lào Cai' });
    const login = await new Browser(t.app).login(`${taxCode}-001`, PASSWORD);
    expect(login.statusCode).toBe(200);
    expect(login.json().user.kind).toBe('business');

    const wrongCheck = `${taxCode.slice(0, 9)}${(Number(taxCode[9]) + 1) % 10}`;
    const refused = await browser.post('/api/v1/registrations/business', {
      businessName: 'Sai Mã',
      taxCode: wrongCheck,
      email: 'saima@example.vn',
      phone: '0912000000',
      password: PASSWORD,
    });
    expect(refused.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: 'body.taxCode', code: 'taxCode.badCheckDigit' }],
    });
    const again = await browser.post('/api/v1/registrations/business', {
      businessName: 'Trùng Mã',
      taxCode: `${taxCode}-001`,
      email: 'trung@example.vn',
      phone: '0912000000',
      password: PASSWORD,
    });
    expect(again.json()).toMatchObject({ code: 'ALREADY_EXISTS', field: 'taxCode' });
  });

  it('creates one account for a retried request with the same Idempotency-Key', async () => {
    const body = citizen({ personalId: '015300001111', email: 'retry@example.vn' });
    const first = await new Browser(t.app).post('/api/v1/registrations/citizen', body, {
      'idempotency-key': 'reg-retry-0001',
    });
    const second = await new Browser(t.app).post('/api/v1/registrations/citizen', body, {
      'idempotency-key': 'reg-retry-0001',
    });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    const rows = await t.database.db.selectFrom('users').select('id').where('email', '=', 'retry@example.vn').execute();
    expect(rows).toHaveLength(1);
  });
});
