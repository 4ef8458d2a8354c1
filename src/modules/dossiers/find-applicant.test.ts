import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { countRows } from '../../../test/support/auth.ts';
import { seedDemo } from '../../seed/index.ts';
import {
  DossierApi,
  agencyOfKind,
  applicant,
  createCitizen,
  createStaff,
  headersFor,
  ok,
  problem,
  procedureByNationalCode,
  unitByCode,
} from './dossiers.fixtures.ts';
import { vietnamTodayIso } from '../../web/lib/dates.ts';

/**
 * "Find or create the applicant" at the counter: the desk finds the citizen's account by ID number (audited), and a
 * counter dossier linked to that account reaches the citizen; a link to someone else's account is refused.
 */
describe('finding the applicant at the counter', () => {
  const DEMO_CITIZEN_ID = '010095001234';
  let t: TestApp;
  let api: DossierApi;
  let desk: Record<string, string>;
  let wardId: string;
  let otherWardId: string;

  const find = (headers: Record<string, string>, identifier: string, unitId = wardId) =>
    t.app.inject({
      url: `/api/v1/dossiers/counter/applicant?receivingUnitId=${unitId}&identifier=${encodeURIComponent(identifier)}`,
      headers,
    });

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db);
    const db = t.database.db;
    api = new DossierApi(t.app);
    const today = vietnamTodayIso();
    wardId = (await unitByCode(db, '02647', today)).id;
    const deskUser = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'motcua.phuonglaocai')
      .executeTakeFirstOrThrow();
    desk = await headersFor(t.app, db, deskUser.id);
    const other = await db
      .selectFrom('units')
      .select('id')
      .where('kind', 'in', ['commune', 'ward'])
      .where('id', '!=', wardId)
      .where('valid_to', 'is', null)
      .orderBy('code')
      .executeTakeFirstOrThrow();
    otherWardId = other.id;
  });
  afterAll(() => t.close());

  it('finds the demo citizen’s account by personal ID, and audits the look', async () => {
    const auditBefore = (await countRows(t.database.db, ['audit_log'])).audit_log;
    const found = ok<Record<string, unknown>>(await find(desk, DEMO_CITIZEN_ID));
    expect(found).toMatchObject({
      kind: 'citizen',
      fullName: 'Giàng A Páo',
      personalId: DEMO_CITIZEN_ID,
      phone: '0912345678',
      email: 'congdan@example.vn',
    });
    problem(await find(desk, '010095009999'), 404, 'NOT_FOUND');
    const looks = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'subject_id', 'data'])
      .where('action', '=', 'dossier.applicant_lookup')
      .orderBy('seq')
      .execute();
    expect(looks.map((l) => [l.subject_id, l.data])).toEqual([
      [found.userId, { found: true }],
      [null, { found: false }],
    ]);
    expect((await countRows(t.database.db, ['audit_log'])).audit_log).toBe((auditBefore ?? 0) + 2);
  });

  it('is only for the desk of the unit: others are refused and nothing is read', async () => {
    const db = t.database.db;
    const ward = await unitByCode(db, '02647', vietnamTodayIso());
    const committee = await agencyOfKind(db, ward.id, 'people_committee');
    const specialist = await headersFor(
      t.app,
      db,
      await createStaff(db, { username: 'cv.tim', unitId: ward.id, agencyId: committee.id, role: 'specialist' }),
    );
    const citizen = await headersFor(
      t.app,
      db,
      await createCitizen(db, { fullName: 'Hờ Thị Dua', personalId: '010190003333' }),
    );
    const before = await countRows(db, ['audit_log']);
    problem(await find({}, DEMO_CITIZEN_ID), 401, 'UNAUTHENTICATED');
    problem(await find(specialist, DEMO_CITIZEN_ID), 403, 'FORBIDDEN');
    problem(await find(citizen, DEMO_CITIZEN_ID), 403, 'FORBIDDEN');
    problem(await find(desk, DEMO_CITIZEN_ID, otherWardId), 403, 'FORBIDDEN');
    problem(await find(desk, '12345'), 400, 'VALIDATION_FAILED');
    expect(await countRows(db, ['audit_log'])).toEqual(before);
  });

  it('links a counter dossier to the account found, and refuses a link to someone else’s account', async () => {
    const db = t.database.db;
    const procedure = await procedureByNationalCode(db, '1.001193');
    const account = ok<{ userId: string }>(await find(desk, DEMO_CITIZEN_ID));
    const body = {
      procedureId: procedure.id,
      receivingUnitId: wardId,
      applicant: applicant('Giàng A Páo', DEMO_CITIZEN_ID),
      applicantUserId: account.userId,
      components: procedure.requiredComponents,
      fees: procedure.fees,
      feesPaid: true,
    };
    const dossier = ok<{ id: string }>(await api.counter(desk, body), 201);
    const citizen = await headersFor(t.app, db, account.userId);
    expect(ok<{ applicant: { fullName: string } }>(await api.get(citizen, dossier.id)).applicant.fullName).toBe(
      'Giàng A Páo',
    );

    const before = await countRows(db, ['dossiers', 'dossier_actions', 'audit_log']);
    const stranger = await createCitizen(db, { fullName: 'Người Lạ', personalId: '010190004444' });
    const wrong = problem(await api.counter(desk, { ...body, applicantUserId: stranger }), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(wrong.issues)).toContain('not the applicant');
    expect(await countRows(db, ['dossiers', 'dossier_actions', 'audit_log'])).toEqual(before);
  });
});
