import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import type { Role } from '../../platform/auth/permissions.ts';
import { manualClock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { seedDemo } from '../../seed/index.ts';
import * as procedureRepo from '../procedures/procedures.repository.ts';
import { checkVersionContent, levelOfUnitKind, toVersionRows } from '../procedures/version-content.ts';
import type { Level } from '../procedures/workflow-model.ts';
import {
  DossierApi,
  applicant,
  createCitizen,
  createStaff,
  expectProjectionMatchesLog,
  headersFor,
  ok,
  pdfUpload,
  problem,
  insertOldAgency as agency,
  threeLevelVersion,
  unitByCode,
} from './dossiers.fixtures.ts';
import type { TDossierDetail } from './dossiers.schema.ts';

/**
 * The same engine on the THREE-level tree before the 2025 reform, with the clock in early 2025: a dossier
 * received at Phường Kim Tân goes to Thành phố Lào Cai (district) and on to the old province's department, with a
 * supplement during processing (the clock stops and is re-based), an opinion asked back at the district, an apology
 * letter with a new date, and the result returned where it was received.
 */

const DAY = '2025-03-03';

describe('a dossier climbing commune → district → province on the pre-reform tree', () => {
  const clock = manualClock(`${DAY}T08:00:00+07:00`);
  let t: TestApp;
  let api: DossierApi;
  let communeId: string;
  let districtId: string;
  let provinceId: string;
  let procedureId: string;
  let h: Record<string, Record<string, string>>;
  let ids: Record<string, string>;
  let dossier: TDossierDetail;

  beforeAll(async () => {
    t = await createTestApp({}, undefined, (app) => {
      app.platform.clock = clock;
    });
    await seedDemo(t.database.db);
    const db = t.database.db;
    api = new DossierApi(t.app);
    const commune = await unitByCode(db, '02647', DAY); // Phường Kim Tân, before it merged into Phường Lào Cai
    communeId = commune.id;
    districtId = commune.ancestor_ids[1] as string;
    provinceId = commune.ancestor_ids[0] as string;
    expect(commune.name).toBe('Phường Kim Tân');

    const committee = await agency(db, communeId, '000.47.51.H38', 'people_committee', 'UBND Phường Kim Tân');
    const desk = await agency(db, communeId, '001.47.51.H38', 'one_stop', 'Bộ phận Một cửa Phường Kim Tân');
    const cityCommittee = await agency(db, districtId, '000.80.40.H38', 'people_committee', 'UBND thành phố Lào Cai');
    const cityJustice = await agency(db, districtId, '000.80.41.H38', 'office', 'Phòng Tư pháp thành phố Lào Cai');
    const department = await agency(
      db,
      provinceId,
      '000.10.03.H38',
      'department',
      'Sở Tư pháp tỉnh Lào Cai (trước 2025)',
    );
    const staff = async (username: string, unitId: string, agencyId: string, role: Role) =>
      createStaff(db, { username, unitId, agencyId, role });
    ids = {
      citizen: await createCitizen(db, { fullName: 'Vàng Thị Dung', personalId: '010180004444' }),
      desk: await staff('motcua.kimtan', communeId, desk, 'one_stop_officer'),
      communeSpecialist: await staff('cv.kimtan', communeId, committee, 'specialist'),
      communeLeader: await staff('ct.kimtan', communeId, committee, 'leader'),
      districtSpecialist: await staff('cv.tp.laocai', districtId, cityJustice, 'specialist'),
      districtLeader: await staff('ct.tp.laocai', districtId, cityCommittee, 'leader'),
      provinceSpecialist: await staff('cv.stp.cu', provinceId, department, 'specialist'),
      provinceLeader: await staff('gd.stp.cu', provinceId, department, 'leader'),
    };
    h = Object.fromEntries(
      await Promise.all(Object.entries(ids).map(async ([k, id]) => [k, await headersFor(t.app, db, id)] as const)),
    );

    // The validator takes the levels the old tree had on that day: commune, district and province.
    const body = threeLevelVersion('000.10.03.H38');
    const kinds = await procedureRepo.unitKindsUnder(db, provinceId, DAY);
    const levels = [...new Set(kinds.map(levelOfUnitKind))] as Level[];
    expect(levels.sort()).toEqual(['commune', 'district', 'province']);
    const agencies = new Map([['000.10.03.H38', { level: 'province' as Level, kind: 'department' }]]);
    expect(checkVersionContent(body, { levels, agencies }, 'version')).toEqual([]);
    const field = await procedureRepo.findFieldByCode(db, 'HO_TICH');
    procedureId = newId();
    await procedureRepo.insertProcedure(db, {
      id: procedureId,
      unit_id: provinceId,
      national_code: '1.000999',
      code: '1.000999.000.00.00.H38',
      name: 'Thủ tục liên thông ba cấp (kiểm thử)',
      field_id: field?.id as string,
      current_version: null,
    });
    const rows = toVersionRows(body);
    await procedureRepo.insertVersion(
      db,
      { procedure_id: procedureId, version: 1, unit_id: provinceId, created_by: null },
      rows.content,
      rows,
    );
    await procedureRepo.setVersionStatus(db, procedureId, 1, 'published');
    await procedureRepo.setCurrentVersion(db, procedureId, 1);
  });
  afterAll(() => t.close());

  it('is submitted online to the old commune and accepted with 15 working days', async () => {
    dossier = ok(
      await api.submit(h.citizen as Record<string, string>, {
        procedureId,
        receivingUnitId: communeId,
        applicant: applicant('Vàng Thị Dung', '010180004444'),
        components: [{ code: 'don', files: [pdfUpload('don.pdf')] }],
        fees: [{ code: 'le-phi', amount: 20000 }],
      }),
      201,
    );
    expect(dossier.code).toBe('001.47.51.H38-250303-0001');
    clock.set(`${DAY}T09:00:00+07:00`);
    dossier = await api.step(h.desk as Record<string, string>, dossier, { action: 'accept' });
    expect(dossier.dueAt).toBe(new Date('2025-03-24T17:00:00+07:00').toISOString());
    dossier = await api.step(h.desk as Record<string, string>, dossier, { action: 'forward' });
    expect(dossier.current.assignee?.id).toBe(ids.communeSpecialist);
  });

  it('stops the clock for a supplement during processing and re-bases the due time on the days left', async () => {
    clock.set('2025-03-04T10:00:00+07:00');
    dossier = await api.step(h.communeSpecialist as Record<string, string>, dossier, {
      action: 'request_supplement',
      items: ['Bản sao sổ hộ khẩu'],
    });
    expect(dossier.status).toBe('supplement_requested');
    expect(dossier.pausedAt).toBe(new Date('2025-03-04T10:00:00+07:00').toISOString());
    expect(dossier.overdue).toBe(false);

    clock.set('2025-03-06T14:00:00+07:00');
    dossier = await api.step(h.citizen as Record<string, string>, dossier, {
      action: 'supply',
      components: [{ code: 'don', files: [pdfUpload('don-bo-sung.pdf', 'bổ sung')] }],
    });
    expect(dossier.status).toBe('in_progress');
    expect(dossier.current.step?.id).toBe('verify');
    expect(dossier.current.assignee?.id).toBe(ids.communeSpecialist);
    // 14 working days were left after Tuesday 4 March (5 → 24 March); counted again after Thursday 6 March.
    expect(dossier.dueAt).toBe(new Date('2025-03-26T17:00:00+07:00').toISOString());
    expect(dossier.pausedAt).toBeNull();
  });

  it('climbs to the district and the old province, resolving each level from the commune’s ancestors', async () => {
    dossier = await api.step(h.communeSpecialist as Record<string, string>, dossier, { action: 'forward' });
    dossier = await api.step(h.communeLeader as Record<string, string>, dossier, { action: 'transfer' });
    expect(dossier.current.step?.id).toBe('district_review');
    expect(dossier.current.unit).toEqual({ id: districtId, name: 'Thành phố Lào Cai' });
    expect(dossier.current.agency?.name).toBe('Phòng Tư pháp thành phố Lào Cai');
    dossier = await api.step(h.districtSpecialist as Record<string, string>, dossier, { action: 'forward' });
    expect(dossier.current.agency?.name).toBe('UBND thành phố Lào Cai');
    dossier = await api.step(h.districtLeader as Record<string, string>, dossier, { action: 'transfer' });
    expect(dossier.current.unit.id).toBe(provinceId);
    expect(dossier.current.assignee?.id).toBe(ids.provinceSpecialist);
  });

  it('asks the district for an opinion, which comes back to the officer who asked', async () => {
    dossier = await api.step(h.provinceSpecialist as Record<string, string>, dossier, { action: 'consult' });
    expect(dossier.status).toBe('consulting');
    expect(dossier.current.step?.id).toBe('opinion');
    expect(dossier.current.unit.id).toBe(districtId);
    problem(
      await api.act(h.provinceSpecialist as Record<string, string>, dossier.id, {
        action: 'forward',
        expectedVersion: dossier.version,
      }),
      409,
      'DOSSIER_ACTION_NOT_ALLOWED',
    );
    dossier = await api.step(h.districtSpecialist as Record<string, string>, dossier, {
      action: 'reply',
      note: 'Thống nhất với đề nghị.',
    });
    expect(dossier.status).toBe('in_progress');
    expect(dossier.current.step?.id).toBe('process');
    expect(dossier.current.assignee?.id).toBe(ids.provinceSpecialist);
  });

  it('sends an apology letter with a later date, only before the due time', async () => {
    clock.set('2025-03-25T09:00:00+07:00');
    const earlier = problem(
      await api.act(h.provinceSpecialist as Record<string, string>, dossier.id, {
        action: 'apologize',
        expectedVersion: dossier.version,
        reason: 'Chờ ý kiến',
        newDueDate: '2025-03-26',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify(earlier.issues)).toContain('body.newDueDate');
    const weekend = problem(
      await api.act(h.provinceSpecialist as Record<string, string>, dossier.id, {
        action: 'apologize',
        expectedVersion: dossier.version,
        reason: 'Chờ ý kiến',
        newDueDate: '2025-03-29',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify(weekend.issues)).toContain('working day');
    dossier = await api.step(h.provinceSpecialist as Record<string, string>, dossier, {
      action: 'apologize',
      reason: 'Cần thêm thời gian thẩm định liên ngành',
      newDueDate: '2025-03-31',
    });
    expect(dossier.dueAt).toBe(new Date('2025-03-31T17:00:00+07:00').toISOString());
    const letter = dossier.timeline[dossier.timeline.length - 1];
    expect(letter?.data).toMatchObject({ previousDueAt: new Date('2025-03-26T17:00:00+07:00').toISOString() });
  });

  it('is approved by the old department and returned online by the commune desk, on time after the apology', async () => {
    clock.set('2025-03-27T09:00:00+07:00');
    dossier = await api.step(h.provinceSpecialist as Record<string, string>, dossier, { action: 'forward' });
    dossier = await api.step(h.provinceLeader as Record<string, string>, dossier, { action: 'approve' });
    expect(dossier.status).toBe('processed');
    expect(dossier.current.unit.id).toBe(communeId);
    expect(dossier.current.assignee?.id).toBe(ids.desk);
    dossier = await api.step(h.desk as Record<string, string>, dossier, {
      action: 'register_result',
      resultNumber: '45/QĐ-STP',
      files: [pdfUpload('quyet-dinh.pdf')],
    });
    dossier = await api.step(h.desk as Record<string, string>, dossier, { action: 'return_result', method: 'online' });
    expect(dossier.status).toBe('returned');
    expect(dossier.late).toBe(false);
    await expectProjectionMatchesLog(t.database.db, dossier.id);
    // Today's desk of Phường Lào Cai is another unit: it does not see the old ward's dossier.
    const today = (
      await t.database.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'motcua.phuonglaocai')
        .executeTakeFirstOrThrow()
    ).id;
    problem(await api.get(await headersFor(t.app, t.database.db, today), dossier.id), 404, 'NOT_FOUND');
  });
});
