import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../seed/index.ts';
import { countRows, signInAs } from '../../../test/support/auth.ts';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';

const WRITTEN_TABLES = ['units', 'unit_successions', 'agencies', 'audit_log', 'idempotency_keys'] as const;

describe('units and agencies API', () => {
  let t: TestApp;
  let provinceId: string;
  let communeId: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db);
    const province = await t.app.inject({ url: '/api/v1/units?kind=province' });
    provinceId = province.json().items[0].id;
    const commune = await t.app.inject({ url: '/api/v1/units?q=02647' });
    communeId = commune.json().items[0].id;
  });
  afterAll(() => t.close());

  it('lists only the units in force today by default: the new province and its 99 communes', async () => {
    const provinces = await t.app.inject({ url: '/api/v1/units?kind=province' });
    expect(provinces.json().items).toHaveLength(1);
    expect(provinces.json().items[0]).toMatchObject({ code: '15', name: 'Tỉnh Lào Cai', validFrom: '2025-07-01' });
    const communes = await t.app.inject({ url: `/api/v1/units?parentId=${provinceId}&limit=200` });
    expect(communes.json().items).toHaveLength(99);
  });

  it('shows the three-level history on the day before the reform', async () => {
    const provinces = await t.app.inject({ url: '/api/v1/units?kind=province&at=2025-06-30' });
    expect(provinces.json().items.map((u: { name: string }) => u.name).sort()).toEqual(['Tỉnh Lào Cai', 'Tỉnh Yên Bái']);
    const districts = await t.app.inject({ url: '/api/v1/units?at=2025-06-30&kind=district&limit=200' });
    expect(districts.json().items.length).toBeGreaterThan(10);
  });

  it('keeps a re-used code apart by validity: 02647 was Phường Kim Tân, is now Phường Lào Cai', async () => {
    const all = await t.app.inject({ url: '/api/v1/units?q=02647&all=true' });
    expect(all.json().items.map((u: { name: string }) => u.name).sort()).toEqual(['Phường Kim Tân', 'Phường Lào Cai']);
  });

  it('finds units ignoring diacritics and case, đ matching d', async () => {
    const result = await t.app.inject({ url: `/api/v1/units?q=${encodeURIComponent('phuong lao cai')}` });
    expect(result.json().items.map((u: { name: string }) => u.name)).toContain('Phường Lào Cai');
    const withD = await t.app.inject({ url: `/api/v1/units?q=${encodeURIComponent('duong')}&all=true&limit=200` });
    expect(withD.json().items.some((u: { name: string }) => u.name.includes('Đường'))).toBe(true);
  });

  it('links a merged commune to every old commune it was formed from', async () => {
    const detail = await t.app.inject({ url: `/api/v1/units/${communeId}` });
    expect(detail.statusCode).toBe(200);
    const names = detail.json().predecessors.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['Phường Duyên Hải', 'Phường Kim Tân', 'Xã Vạn Hoà']));
    expect(detail.json().predecessors.every((p: { effectiveOn: string }) => p.effectiveOn === '2025-07-01')).toBe(true);
  });

  it('pages through units with a cursor without repeating or skipping', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/api/v1/units?parentId=${provinceId}&limit=40${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await t.app.inject({ url: query });
      for (const unit of page.json().items) {
        expect(seen.has(unit.id)).toBe(false);
        seen.add(unit.id);
      }
      cursor = page.json().nextCursor;
      pages += 1;
    } while (cursor);
    expect(seen.size).toBe(99);
    expect(pages).toBe(3);
  });

  it('refuses a forged cursor with a problem, not a crash', async () => {
    const response = await t.app.inject({ url: '/api/v1/units?cursor=bm9wZQ' });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('VALIDATION_FAILED');
  });

  it('answers 404 NOT_FOUND for an unknown unit and 400 for a malformed id', async () => {
    expect((await t.app.inject({ url: '/api/v1/units/01920000-0000-7000-8000-000000000000' })).json().code).toBe('NOT_FOUND');
    expect((await t.app.inject({ url: '/api/v1/units/not-a-uuid' })).statusCode).toBe(400);
  });

  it('lets the provincial administrator create a commune-level agency, audited', async () => {
    const admin = await signInAs(t.app, t.database.db, 'quantri');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/agencies',
      headers: admin.headers,
      payload: { unitId: communeId, name: 'Công an Phường Lào Cai', kind: 'other' },
    });
    expect(response.statusCode).toBe(201);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'agency.create')
      .where('subject_id', '=', response.json().id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: admin.userId, unit_id: communeId, request_id: response.headers['x-request-id'] });
  });

  it('refuses the commune administrator outside the commune and writes nothing', async () => {
    const communeAdmin = await signInAs(t.app, t.database.db, 'quantri.phuonglaocai');
    const before = await countRows(t.database.db, WRITTEN_TABLES);
    const attempts = [
      { method: 'POST' as const, url: '/api/v1/agencies', payload: { unitId: provinceId, name: 'Sở Mới', kind: 'department' } },
      { method: 'POST' as const, url: '/api/v1/units', payload: { code: '99999', name: 'Xã Mới', kind: 'commune', parentId: provinceId } },
      { method: 'PATCH' as const, url: `/api/v1/units/${provinceId}`, payload: { name: 'Tỉnh Khác' } },
    ];
    for (const attempt of attempts) {
      const response = await t.app.inject({ ...attempt, headers: { ...communeAdmin.headers, 'idempotency-key': `refused-${attempt.url}` } });
      expect(response.statusCode, attempt.url).toBe(403);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().code).toBe('FORBIDDEN');
    }
    expect(await countRows(t.database.db, WRITTEN_TABLES)).toEqual(before);
  });

  it('lets the commune administrator manage its own commune', async () => {
    const communeAdmin = await signInAs(t.app, t.database.db, 'quantri.phuonglaocai');
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/units/${communeId}`,
      headers: communeAdmin.headers,
      payload: { name: 'Phường Lào Cai' },
    });
    expect(response.statusCode).toBe(200);
  });

  it('refuses anonymous writes with 401 and citizens with 403', async () => {
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/agencies', payload: { unitId: communeId, name: 'X Y', kind: 'other' } });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe('UNAUTHENTICATED');
  });

  it('refuses an unsafe call riding on a session cookie without the CSRF header, writing nothing', async () => {
    const admin = await signInAs(t.app, t.database.db, 'quantri');
    const before = await countRows(t.database.db, WRITTEN_TABLES);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/agencies',
      headers: { cookie: admin.headers.cookie ?? '' },
      payload: { unitId: communeId, name: 'Không có CSRF', kind: 'other' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('CSRF_INVALID');
    expect(await countRows(t.database.db, WRITTEN_TABLES)).toEqual(before);
  });

  it('creates once per Idempotency-Key, replays the first answer, and refuses the key with another body', async () => {
    const admin = await signInAs(t.app, t.database.db, 'quantri');
    const headers = { ...admin.headers, 'idempotency-key': 'create-unit-0001' };
    const body = { code: '99001', name: 'Xã Thử Nghiệm', kind: 'commune', parentId: provinceId, validFrom: '2026-01-01' };
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/units', headers, payload: body });
    expect(first.statusCode).toBe(201);
    const before = await countRows(t.database.db, WRITTEN_TABLES);
    const replay = await t.app.inject({ method: 'POST', url: '/api/v1/units', headers, payload: body });
    expect(replay.statusCode).toBe(201);
    expect(replay.json()).toEqual(first.json());
    const reused = await t.app.inject({ method: 'POST', url: '/api/v1/units', headers, payload: { ...body, name: 'Xã Khác' } });
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await countRows(t.database.db, WRITTEN_TABLES)).toEqual(before);
  });

  it('refuses a duplicate code on the same start day as ALREADY_EXISTS', async () => {
    const admin = await signInAs(t.app, t.database.db, 'quantri');
    const body = { code: '99002', name: 'Xã Trùng Mã', kind: 'commune', parentId: provinceId, validFrom: '2026-02-01' };
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/units', headers: admin.headers, payload: body })).statusCode).toBe(201);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/units', headers: admin.headers, payload: body });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ALREADY_EXISTS');
  });

  it('records a succession once and shows it on both units', async () => {
    const admin = await signInAs(t.app, t.database.db, 'quantri');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: admin.headers,
      payload: { code: '99003', name: 'Xã Sáp Nhập', kind: 'commune', parentId: provinceId, validFrom: '2026-03-01' },
    });
    const successorId = created.json().id;
    const payload = { successorId, isWhole: false, effectiveOn: '2026-03-01' };
    const first = await t.app.inject({ method: 'POST', url: `/api/v1/units/${communeId}/successions`, headers: admin.headers, payload });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().successors).toEqual([expect.objectContaining({ unitId: successorId, isWhole: false })]);
    const twice = await t.app.inject({ method: 'POST', url: `/api/v1/units/${communeId}/successions`, headers: admin.headers, payload });
    expect(twice.json().code).toBe('ALREADY_EXISTS');
  });

  it('refuses an agency code that is not an electronic identifier and unknown fields', async () => {
    const admin = await signInAs(t.app, t.database.db, 'quantri');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/agencies',
      headers: admin.headers,
      payload: { unitId: communeId, name: 'Cơ quan', kind: 'other', code: 'H38-1', isAdmin: true },
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().issues.map((i: { path: string }) => i.path).join(' ');
    expect(paths).toContain('code');
  });

  it('finds agencies by electronic identifier code', async () => {
    const response = await t.app.inject({ url: '/api/v1/agencies?code=000.00.00.H38' });
    expect(response.json().items).toEqual([expect.objectContaining({ name: 'Ủy ban nhân dân tỉnh Lào Cai', kind: 'people_committee' })]);
  });
});
