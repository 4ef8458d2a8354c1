import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { manualClock } from '../../platform/clock.ts';
import { seedDemo } from '../../seed/index.ts';
import {
  DossierApi,
  agencyByCode,
  agencyOfKind,
  applicant,
  createCitizen,
  createStaff,
  expectProjectionMatchesLog,
  headersFor,
  ok,
  problem,
  procedureByNationalCode,
  unitByCode,
} from './dossiers.fixtures.ts';
import type { TDossierDetail, TDossierSummary } from './dossiers.schema.ts';

/**
 * An inter-level procedure on today's two-level tree (Đăng ký đất đai lần đầu, 20 working days): the commune checks
 * the land, transfers the dossier to the provincial land registration office, which transfers it back for the
 * commune chairman to sign; the result is returned where the dossier was received.
 */
describe('an inter-level dossier: commune → province → commune', () => {
  const clock = manualClock('2026-04-06T08:00:00+07:00');
  let t: TestApp;
  let api: DossierApi;
  let wardId: string;
  let provinceId: string;
  let h: Record<'citizen' | 'desk' | 'communeSpecialist' | 'cadastral' | 'chairman', Record<string, string>>;
  let dossier: TDossierDetail;

  beforeAll(async () => {
    t = await createTestApp({}, undefined, (app) => {
      app.platform.clock = clock;
    });
    await seedDemo(t.database.db);
    const db = t.database.db;
    api = new DossierApi(t.app);
    const ward = await unitByCode(db, '02647', '2026-04-06');
    wardId = ward.id;
    provinceId = (await unitByCode(db, '15', '2026-04-06')).id;
    const committee = await agencyOfKind(db, ward.id, 'people_committee');
    const landOffice = await agencyByCode(db, '000.01.06.H38');
    const deskId = (
      await db.selectFrom('users').select('id').where('username', '=', 'motcua.phuonglaocai').executeTakeFirstOrThrow()
    ).id;
    const ids = {
      citizen: await createCitizen(db, { fullName: 'Sùng A Chư', personalId: '010085003333' }),
      desk: deskId,
      communeSpecialist: await createStaff(db, {
        username: 'diachinh.plc',
        unitId: ward.id,
        agencyId: committee.id,
        role: 'specialist',
      }),
      cadastral: await createStaff(db, {
        username: 'cv.vpdkdd',
        unitId: provinceId,
        agencyId: landOffice.id,
        role: 'specialist',
      }),
      chairman: await createStaff(db, {
        username: 'chutich.plc',
        unitId: ward.id,
        agencyId: committee.id,
        role: 'leader',
      }),
    };
    h = Object.fromEntries(
      await Promise.all(Object.entries(ids).map(async ([k, id]) => [k, await headersFor(t.app, db, id)] as const)),
    ) as typeof h;
  });
  afterAll(() => t.close());

  it('is received at the commune and checked there', async () => {
    const procedure = await procedureByNationalCode(t.database.db, '1.012760');
    dossier = ok(
      await api.submit(h.citizen, {
        procedureId: procedure.id,
        receivingUnitId: wardId,
        applicant: applicant('Sùng A Chư', '010085003333'),
        components: procedure.requiredComponents,
        fees: procedure.fees,
      }),
      201,
    );
    expect(dossier.fees.map((f) => [f.code, f.amount, f.paidAt])).toEqual([
      ['le-phi', 100000, null],
      ['phi-tham-dinh', 500000, null],
    ]);
    dossier = await api.step(h.desk, dossier, { action: 'accept', feesPaid: true });
    expect(dossier.fees.every((f) => f.paidAt !== null)).toBe(true);
    // 20 working days after Monday 6 April, skipping 27 April (in lieu of Sunday 26 April), 30 April and 1 May.
    expect(dossier.dueAt).toBe(new Date('2026-05-07T17:00:00+07:00').toISOString());
    dossier = await api.step(h.desk, dossier, { action: 'forward' });
    expect(dossier.current.step?.id).toBe('verify');
    // The provincial office does not see it yet.
    problem(await api.get(h.cadastral, dossier.id), 404, 'NOT_FOUND');
  });

  it('is transferred to the provincial land office and back to the commune chairman', async () => {
    // Only a transfer leaves this step: a forward is not in the workflow.
    const wrong = problem(
      await api.act(h.communeSpecialist, dossier.id, { action: 'forward', expectedVersion: dossier.version }),
      409,
      'DOSSIER_ACTION_NOT_ALLOWED',
    );
    expect(wrong.reason).toBe('workflow');
    dossier = await api.step(h.communeSpecialist, dossier, { action: 'transfer' });
    expect(dossier.status).toBe('in_progress');
    expect(dossier.current.step?.id).toBe('cadastral');
    expect(dossier.current.unit.id).toBe(provinceId);
    expect(dossier.current.agency?.name).toBe('Văn phòng Đăng ký đất đai tỉnh Lào Cai');
    const queue = ok<{ items: TDossierSummary[] }>(await api.list(h.cadastral));
    expect(queue.items.map((d) => d.id)).toEqual([dossier.id]);

    clock.set('2026-04-15T10:00:00+07:00');
    dossier = await api.step(h.cadastral, dossier, {
      action: 'transfer',
      note: 'Đã trích đo, xác định nghĩa vụ tài chính.',
    });
    expect(dossier.current.step?.id).toBe('sign');
    expect(dossier.current.unit.id).toBe(wardId);
    // The land office keeps sight of it, outside its queue.
    expect(ok<{ items: TDossierSummary[] }>(await api.list(h.cadastral)).items).toEqual([]);
    expect(ok(await api.get(h.cadastral, dossier.id)).allowedActions).toEqual([]);

    dossier = await api.step(h.chairman, dossier, { action: 'approve' });
    expect(dossier.status).toBe('processed');
    dossier = await api.step(h.desk, dossier, { action: 'register_result', resultNumber: 'CS 123456' });
    dossier = await api.step(h.desk, dossier, { action: 'return_result', method: 'counter' });
    expect(dossier.status).toBe('returned');
    expect(dossier.timeline.map((a) => a.toUnitName).filter(Boolean)).toEqual([
      'Phường Lào Cai',
      'Phường Lào Cai',
      'Phường Lào Cai',
      'Tỉnh Lào Cai',
      'Phường Lào Cai',
      'Phường Lào Cai',
    ]);
    await expectProjectionMatchesLog(t.database.db, dossier.id);
  });
});
