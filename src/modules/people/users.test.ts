import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { countRows } from '../../../test/support/auth.ts';
import { Browser } from '../../../test/support/browser.ts';
import { seedDemo } from '../../seed/index.ts';
import { DEMO_COMMUNE_CODE, DEMO_PASSWORD } from '../../seed/users.ts';

const WRITTEN_TABLES = [
  'users',
  'role_grants',
  'sessions',
  'audit_log',
  'password_reset_tokens',
  'idempotency_keys',
] as const;
const STRONG = 'Mật khẩu đủ dài 2025';

describe('staff accounts and roles administration', () => {
  let t: TestApp;
  let provinceId: string;
  let communeId: string;
  let otherCommuneId: string;
  let ids: Record<string, string>;
  let province: Browser;
  let commune: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db);
    const units = await t.database.db
      .selectFrom('units')
      .select(['id', 'code', 'kind', 'parent_id'])
      .where('valid_to', 'is', null)
      .execute();
    provinceId = units.find((u) => u.kind === 'province')?.id as string;
    communeId = units.find((u) => u.code === DEMO_COMMUNE_CODE)?.id as string;
    otherCommuneId = units.find((u) => u.parent_id === provinceId && u.id !== communeId)?.id as string;
    const users = await t.database.db
      .selectFrom('users')
      .select(['id', 'username'])
      .where('kind', '=', 'staff')
      .execute();
    ids = Object.fromEntries(users.map((u) => [u.username, u.id]));
    province = new Browser(t.app);
    await province.login('quantri', DEMO_PASSWORD);
    commune = new Browser(t.app);
    await commune.login('quantri.phuonglaocai', DEMO_PASSWORD);
  });
  afterAll(() => t.close());

  const usernames = (response: { json(): { items: { username: string }[] } }) =>
    response.json().items.map((u) => u.username);

  it('lists staff within the caller’s units only, filtered in the database', async () => {
    const all = await province.get('/api/v1/users?limit=200');
    expect(all.statusCode).toBe(200);
    expect(usernames(all)).toEqual(
      expect.arrayContaining([
        'quantri',
        'vanthu.ubnd',
        'chuyenvien.tuphap',
        'motcua.phuonglaocai',
        'quantri.phuonglaocai',
      ]),
    );
    const local = await commune.get('/api/v1/users?limit=200');
    expect(usernames(local).sort()).toEqual(['motcua.phuonglaocai', 'quantri.phuonglaocai']);
    expect(local.json().items[0].homeUnit.name).toBe('Phường Lào Cai');
  });

  it('searches names ignoring diacritics and case, and pages with a cursor', async () => {
    const found = await province.get(`/api/v1/users?q=${encodeURIComponent('duc tri')}`);
    expect(usernames(found)).toEqual(['quantri.phuonglaocai']);
    const byUsername = await province.get('/api/v1/users?q=VANTHU');
    expect(usernames(byUsername)).toEqual(['vanthu.ubnd']);
    const wildcard = await province.get(`/api/v1/users?q=${encodeURIComponent('%')}`);
    expect(usernames(wildcard)).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<Browser['get']>> = await province.get(
        `/api/v1/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...usernames(page));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(usernames(await province.get('/api/v1/users?limit=200')).length);
  });

  it('keeps a commune administrator out of provincial accounts: 404 (existence not revealed), nothing written', async () => {
    const target = ids['vanthu.ubnd'] as string;
    const local = ids['motcua.phuonglaocai'] as string;
    const before = await countRows(t.database.db, WRITTEN_TABLES);
    const attempts = [
      () => commune.get(`/api/v1/users/${target}`),
      () => commune.patch(`/api/v1/users/${target}`, { fullName: 'Bị Sửa', status: 'disabled' }),
      () => commune.post(`/api/v1/users/${target}/unlock`),
      () => commune.get(`/api/v1/users/${target}/roles`),
      () => commune.post(`/api/v1/users/${target}/roles`, { role: 'clerk', unitId: communeId }),
      () => commune.post(`/api/v1/users/${ids.quantri}/roles`, { role: 'admin', unitId: provinceId }),
    ];
    for (const attempt of attempts) {
      const response = await attempt();
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: 'NOT_FOUND', subject: 'user' });
    }
    // A local account exists, but roles outside the commune are not the commune's to give.
    for (const body of [
      { role: 'leader', unitId: provinceId },
      { role: 'clerk', unitId: otherCommuneId },
    ]) {
      const response = await commune.post(`/api/v1/users/${local}/roles`, body);
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('FORBIDDEN');
    }
    // Nor can it create an account outside the commune.
    const outside = await commune.post('/api/v1/users', {
      username: 'ngoai.xa',
      fullName: 'Ngoài Xã',
      homeUnitId: provinceId,
      password: STRONG,
    });
    expect(outside.json().code).toBe('FORBIDDEN');
    expect(await countRows(t.database.db, WRITTEN_TABLES)).toEqual(before);
    const untouched = await t.database.db
      .selectFrom('users')
      .select(['full_name', 'status'])
      .where('id', '=', target)
      .executeTakeFirstOrThrow();
    expect(untouched).toEqual({ full_name: 'Lê Thị Thư', status: 'active' });
  });

  it('lets a commune administrator create a local account and grant and revoke local roles', async () => {
    const created = await commune.post(
      '/api/v1/users',
      {
        username: 'Chuyenvien.PLC',
        fullName: 'Lò Văn Chuyên',
        email: 'cv.plc@laocai.gov.vn',
        phone: '0912 345 000',
        homeUnitId: communeId,
        password: STRONG,
      },
      { 'idempotency-key': 'create-chuyenvien-plc' },
    );
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      username: 'chuyenvien.plc',
      status: 'active',
      phone: '0912345000',
      homeUnit: { id: communeId },
    });
    const replay = await commune.post(
      '/api/v1/users',
      {
        username: 'Chuyenvien.PLC',
        fullName: 'Lò Văn Chuyên',
        email: 'cv.plc@laocai.gov.vn',
        phone: '0912 345 000',
        homeUnitId: communeId,
        password: STRONG,
      },
      { 'idempotency-key': 'create-chuyenvien-plc' },
    );
    expect(replay.json().id).toBe(created.json().id);
    const userId = created.json().id as string;

    const agencies = await t.database.db.selectFrom('agencies').select(['id', 'unit_id']).execute();
    const localAgency = agencies.find((a) => a.unit_id === communeId)?.id as string;
    const foreignAgency = agencies.find((a) => a.unit_id !== communeId)?.id as string;

    const leader = await commune.post(`/api/v1/users/${userId}/roles`, { role: 'leader', unitId: communeId });
    expect(leader.statusCode).toBe(201);
    expect(leader.json()).toMatchObject({
      role: 'leader',
      includesSubUnits: true,
      unitName: 'Phường Lào Cai',
      grantedBy: ids['quantri.phuonglaocai'],
    });
    const specialist = await commune.post(`/api/v1/users/${userId}/roles`, {
      role: 'specialist',
      unitId: communeId,
      agencyId: localAgency,
    });
    expect(specialist.json()).toMatchObject({ includesSubUnits: false, agencyId: localAgency });
    const duplicate = await commune.post(`/api/v1/users/${userId}/roles`, { role: 'leader', unitId: communeId });
    expect(duplicate.json()).toMatchObject({ code: 'ALREADY_EXISTS' });
    const wrongAgency = await commune.post(`/api/v1/users/${userId}/roles`, {
      role: 'clerk',
      unitId: communeId,
      agencyId: foreignAgency,
    });
    expect(wrongAgency.json().code).toBe('VALIDATION_FAILED');
    const agencyWithSubUnits = await commune.post(`/api/v1/users/${userId}/roles`, {
      role: 'clerk',
      unitId: communeId,
      agencyId: localAgency,
      includesSubUnits: true,
    });
    expect(agencyWithSubUnits.json().code).toBe('VALIDATION_FAILED');

    const listed = await commune.get(`/api/v1/users/${userId}/roles`);
    expect(listed.json().items.map((g: { role: string }) => g.role)).toEqual(['leader', 'specialist']);
    expect((await commune.delete(`/api/v1/users/${userId}/roles/${leader.json().id}`)).statusCode).toBe(204);
    expect((await commune.delete(`/api/v1/users/${userId}/roles/${leader.json().id}`)).json().code).toBe('NOT_FOUND');
    expect((await commune.get(`/api/v1/users/${userId}/roles`)).json().items).toHaveLength(1);

    // The new officer signs in and holds exactly what was granted.
    const officer = new Browser(t.app);
    await officer.login('chuyenvien.plc', STRONG);
    expect((await officer.get('/api/v1/me')).json().grants).toEqual([
      expect.objectContaining({ role: 'specialist', agencyId: localAgency }),
    ]);
  });

  it('refuses granting to oneself, disabling oneself, and duplicate usernames', async () => {
    const self = ids['quantri.phuonglaocai'] as string;
    expect(
      (await commune.post(`/api/v1/users/${self}/roles`, { role: 'clerk', unitId: communeId })).json(),
    ).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'ownGrants',
    });
    expect((await commune.patch(`/api/v1/users/${self}`, { status: 'disabled' })).json()).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'disableSelf',
    });
    const taken = await province.post('/api/v1/users', {
      username: 'QUANTRI',
      fullName: 'Trùng Tên',
      homeUnitId: provinceId,
      password: STRONG,
    });
    expect(taken.json()).toMatchObject({ code: 'ALREADY_EXISTS', field: 'username' });
    const noMail = await province.post('/api/v1/users', {
      username: 'khong.thu',
      fullName: 'Không Thư',
      homeUnitId: provinceId,
    });
    expect(noMail.json().code).toBe('VALIDATION_FAILED');
    const weak = await province.post('/api/v1/users', {
      username: 'yeu.mk',
      fullName: 'Yếu',
      homeUnitId: provinceId,
      password: 'yeu.mk12345',
    });
    expect(weak.json()).toMatchObject({ code: 'WEAK_PASSWORD', reasons: ['containsUsername'] });
  });

  it('needs users.read to list, shows agency-only readers nothing, and keeps citizens out', async () => {
    const clerk = new Browser(t.app);
    await clerk.login('vanthu.ubnd', DEMO_PASSWORD);
    expect((await clerk.get('/api/v1/users')).json().code).toBe('FORBIDDEN');
    const agencyLeader = new Browser(t.app);
    await agencyLeader.login('lanhdao.tuphap', DEMO_PASSWORD);
    expect((await agencyLeader.get('/api/v1/users')).json().items).toEqual([]);
    const citizen = new Browser(t.app);
    await citizen.login('congdan@example.vn', DEMO_PASSWORD);
    expect((await citizen.get('/api/v1/users')).statusCode).toBe(403);
    const citizenId = (await citizen.get('/api/v1/me')).json().user.id;
    expect((await province.get(`/api/v1/users/${citizenId}`)).statusCode).toBe(404);
  });

  it('lets a province administrator read a commune account and a leader read but not change it', async () => {
    const local = ids['motcua.phuonglaocai'] as string;
    expect((await province.get(`/api/v1/users/${local}`)).json().username).toBe('motcua.phuonglaocai');
    const changed = await province.patch(`/api/v1/users/${local}`, {
      fullName: 'Hoàng Thị Mai Anh',
      email: 'mai.anh@laocai.gov.vn',
    });
    expect(changed.json()).toMatchObject({ fullName: 'Hoàng Thị Mai Anh', email: 'mai.anh@laocai.gov.vn' });
    const unverified = await t.database.db
      .selectFrom('users')
      .select('email_verified_at')
      .where('id', '=', local)
      .executeTakeFirstOrThrow();
    expect(unverified.email_verified_at).toBeNull();

    // A province-wide leader (granted here by the province administrator) reads everywhere but changes nothing.
    const leaderId = ids['chuyenvien.tuphap'] as string;
    const granted = await province.post(`/api/v1/users/${leaderId}/roles`, { role: 'leader', unitId: provinceId });
    expect(granted.statusCode).toBe(201);
    const leader = new Browser(t.app);
    await leader.login('chuyenvien.tuphap', DEMO_PASSWORD);
    expect((await leader.get(`/api/v1/users/${local}`)).statusCode).toBe(200);
    expect((await leader.patch(`/api/v1/users/${local}`, { fullName: 'X Y' })).json().code).toBe('FORBIDDEN');
    expect((await leader.post(`/api/v1/users/${local}/unlock`)).json().code).toBe('FORBIDDEN');
  });
});
