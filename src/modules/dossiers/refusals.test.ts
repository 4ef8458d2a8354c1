import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { countRows } from '../../../test/support/auth.ts';
import { manualClock } from '../../platform/clock.ts';
import { seedDemo } from '../../seed/index.ts';
import {
  DossierApi,
  agencyOfKind,
  applicant,
  createCitizen,
  createStaff,
  headersFor,
  ok,
  pngBytes,
  problem,
  procedureByNationalCode,
  unitByCode,
} from './dossiers.fixtures.ts';
import type { TDossierDetail } from './dossiers.schema.ts';

const TABLES = ['dossiers', 'dossier_actions', 'dossier_files', 'dossier_fees', 'dossier_code_counters', 'audit_log'];

/** Bad input and races: each refused with a clear problem code, and nothing written. */
describe('dossier refusals', () => {
  const clock = manualClock('2026-03-02T08:00:00+07:00');
  let t: TestApp;
  let api: DossierApi;
  let wardId: string;
  let provinceId: string;
  let birth: Awaited<ReturnType<typeof procedureByNationalCode>>;
  let h: Record<'citizen' | 'other' | 'desk' | 'specialist' | 'elsewhere' | 'staffOnline', Record<string, string>>;

  const submission = (overrides: Record<string, unknown> = {}) => ({
    procedureId: birth.id,
    receivingUnitId: wardId,
    applicant: applicant(),
    components: birth.requiredComponents,
    fees: birth.fees,
    ...overrides,
  });

  /** Runs a request that must be refused, and checks that no row was added anywhere. */
  async function refused(
    request: () => Promise<Awaited<ReturnType<DossierApi['submit']>>>,
    status: number,
    code: string,
  ) {
    const before = await countRows(t.database.db, TABLES);
    const body = problem(await request(), status, code);
    expect(await countRows(t.database.db, TABLES)).toEqual(before);
    return body;
  }

  beforeAll(async () => {
    t = await createTestApp({}, undefined, (app) => {
      app.platform.clock = clock;
    });
    await seedDemo(t.database.db);
    const db = t.database.db;
    api = new DossierApi(t.app);
    const ward = await unitByCode(db, '02647', '2026-03-02');
    wardId = ward.id;
    provinceId = ward.ancestor_ids[0] as string;
    const otherWard = await db
      .selectFrom('units')
      .select('id')
      .where('parent_id', '=', provinceId)
      .where('id', '<>', wardId)
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const committee = await agencyOfKind(db, ward.id, 'people_committee');
    const otherDesk = await agencyOfKind(db, otherWard.id, 'public_service_center');
    const deskId = (
      await db.selectFrom('users').select('id').where('username', '=', 'motcua.phuonglaocai').executeTakeFirstOrThrow()
    ).id;
    h = {
      citizen: await headersFor(
        t.app,
        db,
        await createCitizen(db, { fullName: 'Giàng Thị Sua', personalId: '010195005555' }),
      ),
      other: await headersFor(
        t.app,
        db,
        await createCitizen(db, { fullName: 'Ly Seo Chải', personalId: '010195006666' }),
      ),
      desk: await headersFor(t.app, db, deskId),
      specialist: await headersFor(
        t.app,
        db,
        await createStaff(db, {
          username: 'cv.plc.refusals',
          unitId: ward.id,
          agencyId: committee.id,
          role: 'specialist',
        }),
      ),
      elsewhere: await headersFor(
        t.app,
        db,
        await createStaff(db, {
          username: 'motcua.khac',
          unitId: otherWard.id,
          agencyId: otherDesk.id,
          role: 'one_stop_officer',
        }),
      ),
      staffOnline: {},
    };
    h.staffOnline = h.desk;
    birth = await procedureByNationalCode(db, '1.001193');
  });
  afterAll(() => t.close());

  it('refuses a submission missing a required component, listing it', async () => {
    const body = await refused(
      () => api.submit(h.citizen, submission({ components: birth.requiredComponents.slice(1) })),
      400,
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify(body.issues)).toContain(`required component ${birth.requiredComponents[0]?.code}`);
  });

  it('refuses wrong or missing fees', async () => {
    const wrong = await refused(
      () => api.submit(h.citizen, submission({ fees: [{ code: 'le-phi', amount: 5000 }] })),
      400,
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify(wrong.issues)).toContain('body.fees.0.amount');
    const marriage = await procedureByNationalCode(t.database.db, '1.004873');
    const missing = await refused(
      () =>
        api.submit(
          h.citizen,
          submission({ procedureId: marriage.id, components: marriage.requiredComponents, fees: [] }),
        ),
      400,
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify(missing.issues)).toContain('is missing');
  });

  it('refuses a file whose bytes are not what it claims', async () => {
    const [first, ...rest] = birth.requiredComponents;
    const fake = { filename: 'to-khai.pdf', contentType: 'application/pdf', data: pngBytes().toString('base64') };
    const text = {
      filename: 'virus.pdf',
      contentType: 'application/pdf',
      data: Buffer.from('MZ not a pdf').toString('base64'),
    };
    const body = await refused(
      () => api.submit(h.citizen, submission({ components: [{ code: first?.code, files: [fake, text] }, ...rest] })),
      400,
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify(body.issues)).toContain('the bytes are image/png, not application/pdf');
    expect(JSON.stringify(body.issues)).toContain('not a PDF, JPEG or PNG');
  });

  it('refuses procedures not offered online or not at that level, and submissions by the wrong people', async () => {
    const counterOnly = await procedureByNationalCode(t.database.db, '2.000884');
    const notOnline = await refused(
      () =>
        api.submit(
          h.citizen,
          submission({
            procedureId: counterOnly.id,
            components: counterOnly.requiredComponents,
            fees: counterOnly.fees,
          }),
        ),
      422,
      'PROCEDURE_NOT_OFFERED',
    );
    expect(notOnline.reason).toBe('not_online');
    const wrongLevel = await refused(
      () => api.submit(h.citizen, submission({ receivingUnitId: provinceId })),
      422,
      'PROCEDURE_NOT_OFFERED',
    );
    expect(wrongLevel.reason).toBe('level_not_receiving');
    await refused(() => api.submit({}, submission()), 401, 'UNAUTHENTICATED');
    await refused(() => api.submit(h.staffOnline, submission()), 403, 'FORBIDDEN');
    // A citizen whose e-mail is not proven yet: notices and results could go nowhere.
    const unproven = await createCitizen(t.database.db, { fullName: 'Sần Thị Mai', personalId: '010190008888' });
    await t.database.db.updateTable('users').set({ email_verified_at: null }).where('id', '=', unproven).execute();
    const unprovenHeaders = await headersFor(t.app, t.database.db, unproven);
    await refused(() => api.submit(unprovenHeaders, submission()), 403, 'EMAIL_NOT_VERIFIED');
    // An officer cannot receive at another unit's counter.
    await refused(() => api.counter(h.elsewhere, { ...submission(), feesPaid: false }), 403, 'FORBIDDEN');
  });

  it('answers a replayed submission with the first dossier, and refuses the key with another body', async () => {
    const before = await countRows(t.database.db, ['dossiers']);
    const first = ok(await api.submit(h.citizen, submission(), 'submit-birth-0001'), 201);
    const again = ok(await api.submit(h.citizen, submission(), 'submit-birth-0001'), 201);
    expect(again.id).toBe(first.id);
    expect(again.code).toBe(first.code);
    expect(await countRows(t.database.db, ['dossiers'])).toEqual({ dossiers: (before.dossiers ?? 0) + 1 });
    await refused(
      () => api.submit(h.citizen, submission({ note: 'khác' }), 'submit-birth-0001'),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
  });

  it('refuses actions the status, the role or the unit does not allow, and hides dossiers out of sight', async () => {
    const dossier = ok(await api.submit(h.citizen, submission()), 201);
    const notYet = await refused(
      () => api.act(h.desk, dossier.id, { action: 'forward', expectedVersion: dossier.version }),
      409,
      'DOSSIER_ACTION_NOT_ALLOWED',
    );
    expect(notYet).toMatchObject({ reason: 'status', status: 'submitted' });
    await refused(
      () => api.act(h.citizen, dossier.id, { action: 'accept', expectedVersion: dossier.version }),
      403,
      'FORBIDDEN',
    );
    await refused(
      () => api.act(h.other, dossier.id, { action: 'withdraw', expectedVersion: dossier.version }),
      404,
      'NOT_FOUND',
    );
    await refused(
      () => api.act(h.elsewhere, dossier.id, { action: 'accept', expectedVersion: dossier.version }),
      404,
      'NOT_FOUND',
    );
    await refused(
      () => api.act(h.specialist, dossier.id, { action: 'accept', expectedVersion: dossier.version }),
      404,
      'NOT_FOUND',
    );
    await refused(
      () => api.act(h.desk, '01900000-0000-7000-8000-000000000000', { action: 'accept', expectedVersion: 1 }),
      404,
      'NOT_FOUND',
    );
    await refused(
      () => api.act(h.desk, dossier.id, { action: 'teleport', expectedVersion: 1 }),
      400,
      'VALIDATION_FAILED',
    );
    await refused(
      () => api.act(h.desk, dossier.id, { action: 'refuse', expectedVersion: 1, reasons: [] }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('refuses a stale version and lets exactly one of two simultaneous actions win', async () => {
    let dossier: TDossierDetail = ok(await api.submit(h.citizen, submission()), 201);
    dossier = await api.step(h.desk, dossier, { action: 'accept' });
    const stale = await refused(
      () => api.act(h.desk, dossier.id, { action: 'forward', expectedVersion: dossier.version - 1 }),
      409,
      'CONFLICT',
    );
    expect(stale.currentVersion).toBe(dossier.version);

    const before = await countRows(t.database.db, ['dossier_actions', 'audit_log']);
    const racing = await Promise.all([
      api.act(h.desk, dossier.id, { action: 'forward', expectedVersion: dossier.version }),
      api.act(h.desk, dossier.id, { action: 'suspend', expectedVersion: dossier.version, reason: 'Chờ xác minh' }),
      api.act(h.citizen, dossier.id, { action: 'withdraw', expectedVersion: dossier.version }),
    ]);
    const statuses = racing.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 409, 409]);
    expect(racing.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'CONFLICT')).toBe(true);
    expect(await countRows(t.database.db, ['dossier_actions', 'audit_log'])).toEqual({
      dossier_actions: (before.dossier_actions ?? 0) + 1,
      audit_log: (before.audit_log ?? 0) + 1,
    });
    const after = ok(await api.get(h.desk, dossier.id));
    expect(after.version).toBe(dossier.version + 1);
  });

  it('numbers simultaneous submissions without a gap or a repeat', async () => {
    const created = await Promise.all(Array.from({ length: 4 }, () => api.submit(h.citizen, submission())));
    const codes = created.map((r) => ok(r, 201).code);
    expect(new Set(codes).size).toBe(4);
    const numbers = codes.map((c) => Number(c.split('-')[2])).sort((a, b) => a - b);
    expect(numbers).toEqual([0, 1, 2, 3].map((i) => (numbers[0] ?? 0) + i));
  });
});
