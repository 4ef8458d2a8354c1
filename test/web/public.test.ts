import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webBuildExists } from '../../src/platform/http/web.ts';
import { seedDemo } from '../../src/seed/index.ts';
import { type TestApp, createTestApp } from '../support/app.ts';

/**
 * The public pages through inject(), anonymous: the dossier lookup (status and history in Vietnamese, personal data
 * only with the right four digits, 404 for an unknown code, a rate limit per client), the procedure catalogue's
 * accent-free search and one procedure's papers and fees. Needs `npm run build`.
 */
describe.skipIf(!webBuildExists())('public pages', () => {
  let t: TestApp;
  let dossier: { code: string; applicantName: string; phone: string; actions: string[] };
  let address = 0;
  // Each test reads from its own client address, so the lookup limit of one does not spill into another.
  const get = (url: string, remoteAddress = `10.0.0.${++address}`) => t.app.inject({ url, remoteAddress });

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db);
    const db = t.database.db;
    // A seeded dossier that has been received (so it has a history), with a phone number to verify against.
    const row = await db
      .selectFrom('dossiers as d')
      .select(['d.id', 'd.code', 'd.applicant_name', 'd.applicant_phone'])
      .where('d.applicant_phone', 'is not', null)
      .where('d.received_at', 'is not', null)
      .orderBy('d.code')
      .executeTakeFirstOrThrow();
    const actions = await db
      .selectFrom('dossier_actions')
      .select('action')
      .where('dossier_id', '=', row.id)
      .orderBy('seq')
      .execute();
    dossier = {
      code: row.code,
      applicantName: row.applicant_name,
      phone: row.applicant_phone ?? '',
      actions: actions.map((a) => a.action),
    };
  });
  afterAll(() => t?.close());

  it('asks for the code and sends the reader on to the dossier’s own address', async () => {
    const form = await get('/tra-cuu');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Tra cứu hồ sơ');
    expect(form.body).toMatch(/<form(?=[^>]*method="get")(?=[^>]*action="\/tra-cuu")[^>]*>/);
    const go = await get(`/tra-cuu?ma=${encodeURIComponent(` ${dossier.code} `)}`);
    expect(go.statusCode).toBe(302);
    expect(go.headers.location).toBe(`/tra-cuu/${encodeURIComponent(dossier.code)}`);
    const empty = await get('/tra-cuu?ma=');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('Nhập mã hồ sơ');
  });

  it('shows the status and history in Vietnamese, without personal data', async () => {
    const page = await get(`/tra-cuu/${encodeURIComponent(dossier.code)}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(dossier.code);
    expect(page.body).toContain('Trạng thái');
    expect(page.body).toContain('Quá trình xử lý');
    expect(dossier.actions).toContain('receive');
    expect(page.body).toContain('Tiếp nhận tại Bộ phận Một cửa');
    expect(page.body).toContain('Xác minh chủ hồ sơ');
    expect(page.body).not.toContain(dossier.applicantName);
    expect(page.body).not.toContain(dossier.phone);
  });

  it('shows the applicant only to a reader with the right last four digits', async () => {
    const url = `/tra-cuu/${encodeURIComponent(dossier.code)}`;
    const right = await get(`${url}?verify=${dossier.phone.slice(-4)}`);
    expect(right.statusCode).toBe(200);
    expect(right.body).toContain(dossier.applicantName);
    expect(right.body).toContain(dossier.phone);
    const wrongDigits = String((Number(dossier.phone.slice(-4)) + 1) % 10000).padStart(4, '0');
    const wrong = await get(`${url}?verify=${wrongDigits}`);
    expect(wrong.statusCode).toBe(200);
    expect(wrong.body).not.toContain(dossier.applicantName);
    expect(wrong.body).toContain('Thông tin xác minh không khớp');
  });

  it('speaks English to a reader who chose it, and lets no cache keep a verified page', async () => {
    const url = `/tra-cuu/${encodeURIComponent(dossier.code)}`;
    const english = await t.app.inject({ url, remoteAddress: '10.1.1.1', headers: { cookie: 'lang=en' } });
    expect(english.statusCode).toBe(200);
    expect(english.body).toContain('Receive at the one-stop desk');
    expect(english.body).toContain('Confirm you are the applicant');
    const verified = await get(`${url}?verify=${dossier.phone.slice(-4)}`);
    expect(verified.headers['cache-control']).toBe('private, no-store');
  });

  it('answers an unknown code with 404, a plain message and the form again', async () => {
    const page = await get('/tra-cuu/KHONG-CO-MA-NAY');
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Không tìm thấy hồ sơ');
    expect(page.body).toContain('KHONG-CO-MA-NAY');
    expect(page.body).toMatch(/name="ma"/);
  });

  it('limits lookups per client address (30 a minute), like the API', async () => {
    const url = `/tra-cuu/${encodeURIComponent(dossier.code)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      statuses.push((await get(url, '10.9.9.9')).statusCode);
    }
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
    const refused = await get(`/tra-cuu/KHONG-CO-MA-NAY`, '10.9.9.9');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('60');
    // Another reader is not held back.
    expect((await get(url, '10.9.9.10')).statusCode).toBe(200);
  });

  it('finds “Đăng ký khai sinh” searched without diacritics', async () => {
    const page = await get('/thu-tuc?q=dang+ky+khai+sinh');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Đăng ký khai sinh');
    expect(page.body).toMatch(/href="\/thu-tuc\/[0-9a-f-]{36}"/);
    const none = await get('/thu-tuc?q=khong+co+thu+tuc+nao+nhu+the');
    expect(none.body).toContain('Không có kết quả phù hợp');
    expect(none.body).not.toContain('Đăng ký khai sinh');
  });

  it('filters the catalogue by level', async () => {
    const province = await get('/thu-tuc?q=dang+ky+khai+sinh&level=province');
    expect(province.statusCode).toBe(200);
    expect(province.body).not.toContain('>Đăng ký khai sinh<');
    const commune = await get('/thu-tuc?q=dang+ky+khai+sinh&level=commune');
    expect(commune.body).toContain('>Đăng ký khai sinh<');
  });

  it('filters the catalogue by field and pages through it with a cursor', async () => {
    const db = t.database.db;
    const inForce = await db
      .selectFrom('procedures as p')
      .innerJoin('procedure_fields as f', 'f.id', 'p.field_id')
      .select(['p.name', 'f.code as field_code', 'f.name as field_name'])
      .where('p.current_version', 'is not', null)
      .orderBy('p.name')
      .execute();
    const birth = inForce.find((p) => p.name === 'Đăng ký khai sinh');
    const other = inForce.find((p) => p.field_code !== birth?.field_code);
    expect(birth && other).toBeTruthy();
    const field = await get(`/thu-tuc?field=${encodeURIComponent(birth?.field_code ?? '')}`);
    expect(field.statusCode).toBe(200);
    expect(field.body).toContain('>Đăng ký khai sinh<');
    expect(field.body).not.toContain(`>${escapeHtml(other?.name ?? '')}<`);
    // The field select offers the fields by name.
    expect(field.body).toContain(`>${escapeHtml(birth?.field_name ?? '')}</option>`);

    // Thirty a page: every procedure in force is reached once by following "Trang sau".
    const seen: string[] = [];
    let url: string | null = '/thu-tuc';
    while (url) {
      const page = await get(url);
      expect(page.statusCode).toBe(200);
      seen.push(...[...page.body.matchAll(/href="\/thu-tuc\/[0-9a-f-]{36}"[^>]*>([^<]+)</g)].map((m) => m[1] ?? ''));
      const next = /<a rel="next" href="([^"]*cursor=[^"]+)"/.exec(page.body);
      url = next ? (next[1] ?? '').replace(/&amp;/g, '&') : null;
    }
    expect(seen).toHaveLength(inForce.length);
    expect(new Set(seen).size).toBe(inForce.length);
  });

  it('filters the catalogue by where to submit and by how far online', async () => {
    const db = t.database.db;
    const ward = await db
      .selectFrom('units')
      .select(['id', 'name'])
      .where('code', '=', '02647')
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow();
    const versions = await db
      .selectFrom('procedures as p')
      .innerJoin('procedure_versions as v', (j) =>
        j.onRef('v.procedure_id', '=', 'p.id').onRef('v.version', '=', 'p.current_version'),
      )
      .select(['p.name', 'v.receiving_levels', 'v.online_level'])
      .execute();
    const atCommune = versions.filter((v) => v.receiving_levels.includes('commune'));
    const provinceOnly = versions.find((v) => !v.receiving_levels.includes('commune'));
    const fullOnline = atCommune.filter((v) => v.online_level === 'full');
    expect(provinceOnly && fullOnline.length > 0 && fullOnline.length < atCommune.length).toBe(true);

    const page = await get(`/thu-tuc?unitId=${ward.id}&onlineLevel=full&limit=200`);
    expect(page.statusCode).toBe(200);
    // The place select offers the ward by name, chosen.
    expect(page.body).toContain(`<option value="${ward.id}" selected="">${escapeHtml(ward.name)}</option>`);
    const listed = [...page.body.matchAll(/href="\/thu-tuc\/[0-9a-f-]{36}"[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(listed.sort()).toEqual(fullOnline.map((v) => escapeHtml(v.name)).sort());
    expect(listed).not.toContain(escapeHtml(provinceOnly?.name ?? ''));
    // A place that is not one of the province's units is ignored, not an error.
    const unknown = await get('/thu-tuc?unitId=01920000-0000-7000-8000-000000000000&onlineLevel=bogus');
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toContain(`>${escapeHtml(provinceOnly?.name ?? '')}<`);
  });

  it('shows a procedure’s papers and fees', async () => {
    const db = t.database.db;
    // A procedure in force with a fee and components, to check both are shown.
    const withFee = await db
      .selectFrom('procedures as p')
      .innerJoin('procedure_fees as f', (j) =>
        j.onRef('f.procedure_id', '=', 'p.id').onRef('f.version', '=', 'p.current_version'),
      )
      .select(['p.id', 'p.name', 'f.name as fee_name', 'f.amount'])
      .where('f.amount', '>', 0)
      .orderBy('p.name')
      .executeTakeFirstOrThrow();
    const components = await db
      .selectFrom('procedure_components as c')
      .innerJoin('procedures as p', (j) =>
        j.onRef('p.id', '=', 'c.procedure_id').onRef('p.current_version', '=', 'c.version'),
      )
      .select('c.name')
      .where('p.id', '=', withFee.id)
      .execute();
    const page = await get(`/thu-tuc/${withFee.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Thành phần hồ sơ');
    expect(components.length).toBeGreaterThan(0);
    for (const c of components) {
      expect(page.body).toContain(escapeHtml(c.name));
    }
    expect(page.body).toContain(escapeHtml(withFee.fee_name));
    const amount = `${Number(withFee.amount)
      .toString()
      .replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đồng`;
    expect(page.body).toContain(amount);
    expect(page.body).toMatch(/\d+ (ngày|giờ) làm việc/);
    expect((await get('/thu-tuc/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('links the public services from the home page and the main navigation, for anonymous readers', async () => {
    const home = await get('/');
    expect(home.statusCode).toBe(200);
    const nav = home.body.slice(home.body.indexOf('<nav'), home.body.indexOf('</nav>'));
    expect(nav).toContain('href="/thu-tuc"');
    expect(nav).toContain('href="/tra-cuu"');
    expect(nav).not.toContain('href="/quan-tri"');
    expect(home.body.split('href="/tra-cuu"').length).toBeGreaterThan(2);
  });
});

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
