import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { countRows } from '../../../test/support/auth.ts';
import { NO_REQUEST, systemActor } from '../../platform/auth/actor.ts';
import type { Role } from '../../platform/auth/permissions.ts';
import { manualClock } from '../../platform/clock.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { seedDemo } from '../../seed/index.ts';
import * as procedureRepo from '../procedures/procedures.repository.ts';
import { toVersionRows } from '../procedures/version-content.ts';
import {
  DossierApi,
  applicant,
  createCitizen,
  createStaff,
  expectProjectionMatchesLog,
  headersFor,
  insertOldAgency as agency,
  ok,
  pdfUpload,
  threeLevelVersion,
  unitByCode,
} from './dossiers.fixtures.ts';
import { listActions } from './dossiers.repository.ts';
import type { TDossierDetail } from './dossiers.schema.ts';
import { moveDossiersToSuccessors } from './reform-move.ts';

/**
 * The 1 July 2025 reform moves open dossiers of the old three-level tree to the successor units: Phường Kim Tân's
 * dossiers go to the new Phường Lào Cai (its whole successor), the abolished district's to the new province (the
 * successor of its parent); a commune split into parts only is reported, not guessed; closed dossiers stay.
 */

const DAY = '2025-03-03';
const REFORM = '2025-07-01';

async function dossierRow(db: Queryable, id: string) {
  return db.selectFrom('dossiers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Rows of the tables a move writes: compared before and after runs that must write nothing. */
const counts = (db: Queryable) => countRows(db, ['dossier_actions', 'audit_log', 'dossiers']);

describe('moving open dossiers to the successor units of the 2025 reform', () => {
  const clock = manualClock(`${DAY}T08:00:00+07:00`);
  let t: TestApp;
  let api: DossierApi;
  let db: Queryable;
  let communeId: string;
  let districtId: string;
  let provinceId: string;
  let splitId: string;
  let h: Record<string, Record<string, string>>;
  let ids: Record<string, string>;
  let procedureId: string;
  const d: Record<string, TDossierDetail> = {};
  const ctx = () => ({ actor: systemActor('reform'), meta: NO_REQUEST, db: t.database.db });
  // The reform's own decision on the departments: the old Sở Tư pháp's work goes to the merged province's.
  const AGENCY_MAP = { '000.10.03.H38': '000.00.03.H38' };
  const move = (dryRun: boolean, agencyMap?: Record<string, string>) =>
    moveDossiersToSuccessors(ctx(), t.app.platform, { effectiveOn: REFORM, dryRun, agencyMap });

  beforeAll(async () => {
    t = await createTestApp({}, undefined, (app) => {
      app.platform.clock = clock;
    });
    await seedDemo(t.database.db);
    db = t.database.db;
    api = new DossierApi(t.app);
    const commune = await unitByCode(db, '02647', DAY); // Phường Kim Tân, wholly merged into Phường Lào Cai
    communeId = commune.id;
    districtId = commune.ancestor_ids[1] as string;
    provinceId = commune.ancestor_ids[0] as string;

    // A commune of the old tree split between two new communes, with no whole successor.
    splitId = newId();
    await db
      .insertInto('units')
      .values({
        id: splitId,
        code: '99901',
        name: 'Xã Chia Đôi (kiểm thử)',
        kind: 'commune',
        parent_id: districtId,
        ancestor_ids: [provinceId, districtId, splitId],
        valid_from: null,
        valid_to: '2025-06-30',
      })
      .execute();
    const parts = await db
      .selectFrom('units')
      .select('id')
      .where('valid_from', '=', REFORM)
      .where('kind', '!=', 'province')
      .orderBy('code')
      .limit(2)
      .execute();
    for (const part of parts) {
      await db
        .insertInto('unit_successions')
        .values({ predecessor_id: splitId, successor_id: part.id, is_whole: false, effective_on: REFORM })
        .execute();
    }

    const committee = await agency(db, communeId, '000.47.51.H38', 'people_committee', 'UBND Phường Kim Tân');
    const desk = await agency(db, communeId, '001.47.51.H38', 'one_stop', 'Bộ phận Một cửa Phường Kim Tân');
    await agency(db, splitId, '000.99.01.H38', 'people_committee', 'UBND Xã Chia Đôi');
    await agency(db, splitId, '001.99.01.H38', 'one_stop', 'Bộ phận Một cửa Xã Chia Đôi');
    const cityCommittee = await agency(db, districtId, '000.80.40.H38', 'people_committee', 'UBND thành phố Lào Cai');
    const cityJustice = await agency(db, districtId, '000.80.41.H38', 'office', 'Phòng Tư pháp thành phố Lào Cai');
    const department = await agency(db, provinceId, '000.10.03.H38', 'department', 'Sở Tư pháp (trước 2025)');
    const staff = (username: string, unitId: string, agencyId: string, role: Role) =>
      createStaff(db, { username, unitId, agencyId, role });
    ids = {
      citizen: await createCitizen(db, { fullName: 'Vàng Thị Dung', personalId: '010180004444' }),
      desk: await staff('motcua.kimtan', communeId, desk, 'one_stop_officer'),
      communeSpecialist: await staff('cv.kimtan', communeId, committee, 'specialist'),
      communeLeader: await staff('ct.kimtan', communeId, committee, 'leader'),
      districtSpecialist: await staff('cv.tp.laocai', districtId, cityJustice, 'specialist'),
      districtLeader: await staff('ct.tp.laocai', districtId, cityCommittee, 'leader'),
      provinceSpecialist: await staff('cv.stp.cu', provinceId, department, 'specialist'),
    };
    h = Object.fromEntries(
      await Promise.all(Object.entries(ids).map(async ([k, id]) => [k, await headersFor(t.app, db, id)] as const)),
    );
    const field = await procedureRepo.findFieldByCode(db, 'HO_TICH');
    procedureId = newId();
    await procedureRepo.insertProcedure(db, {
      id: procedureId,
      unit_id: provinceId,
      national_code: '1.000998',
      code: '1.000998.000.00.00.H38',
      name: 'Thủ tục liên thông ba cấp (kiểm thử sắp xếp)',
      field_id: field?.id as string,
      current_version: null,
    });
    const rows = toVersionRows(threeLevelVersion('000.10.03.H38'));
    await procedureRepo.insertVersion(
      db,
      { procedure_id: procedureId, version: 1, unit_id: provinceId, created_by: null },
      rows.content,
      rows,
    );
    await procedureRepo.setVersionStatus(db, procedureId, 1, 'published');
    await procedureRepo.setCurrentVersion(db, procedureId, 1);

    const submit = async (receivingUnitId: string) =>
      ok(
        await api.submit(h.citizen as Record<string, string>, {
          procedureId,
          receivingUnitId,
          applicant: applicant('Vàng Thị Dung', '010180004444'),
          components: [{ code: 'don', files: [pdfUpload('don.pdf')] }],
          fees: [{ code: 'le-phi', amount: 20000 }],
        }),
        201,
      );
    const deskH = h.desk as Record<string, string>;
    // Open at the commune: accepted and at the commune specialist's step.
    d.atCommune = await submit(communeId);
    d.atCommune = await api.step(deskH, d.atCommune, { action: 'accept' });
    d.atCommune = await api.step(deskH, d.atCommune, { action: 'forward' });
    // Open at the district, which the reform abolishes.
    d.atDistrict = await submit(communeId);
    d.atDistrict = await api.step(deskH, d.atDistrict, { action: 'accept' });
    d.atDistrict = await api.step(deskH, d.atDistrict, { action: 'forward' });
    d.atDistrict = await api.step(h.communeSpecialist as Record<string, string>, d.atDistrict, { action: 'forward' });
    d.atDistrict = await api.step(h.communeLeader as Record<string, string>, d.atDistrict, { action: 'transfer' });
    expect(d.atDistrict.current.unit.id).toBe(districtId);
    // Open at the old province's department, one of many of its kind in the merged province.
    d.atDepartment = await submit(communeId);
    d.atDepartment = await api.step(deskH, d.atDepartment, { action: 'accept' });
    d.atDepartment = await api.step(deskH, d.atDepartment, { action: 'forward' });
    d.atDepartment = await api.step(h.communeSpecialist as Record<string, string>, d.atDepartment, {
      action: 'forward',
    });
    d.atDepartment = await api.step(h.communeLeader as Record<string, string>, d.atDepartment, { action: 'transfer' });
    d.atDepartment = await api.step(h.districtSpecialist as Record<string, string>, d.atDepartment, {
      action: 'forward',
    });
    d.atDepartment = await api.step(h.districtLeader as Record<string, string>, d.atDepartment, { action: 'transfer' });
    expect(d.atDepartment.current.agency?.name).toBe('Sở Tư pháp (trước 2025)');
    // Closed: refused at the desk, and withdrawn by the applicant.
    d.refused = await submit(communeId);
    d.refused = await api.step(deskH, d.refused, { action: 'refuse', reasons: ['Không thuộc thẩm quyền'] });
    d.withdrawn = await submit(communeId);
    d.withdrawn = await api.step(h.citizen as Record<string, string>, d.withdrawn, { action: 'withdraw' });
    // Open at the commune split into parts.
    d.split = await submit(splitId);
    clock.set(`${REFORM}T08:00:00+07:00`);
  });
  afterAll(() => t.close());

  it('plans the move in a dry run and writes nothing', async () => {
    const before = await counts(db);
    const rowsBefore = await db.selectFrom('dossiers').selectAll().orderBy('id').execute();
    const report = await move(true);
    expect(report.dryRun).toBe(true);
    expect(report.moved.map((m) => m.code).sort()).toEqual([d.atCommune?.code, d.atDistrict?.code].sort());
    // Without the reform's agency map the department's dossier has nine departments to choose from: not guessed.
    const ambiguous = report.needsDecision.find((n) => n.code === d.atDepartment?.code);
    expect(ambiguous?.reason).toBe('agency_ambiguous');
    expect(ambiguous?.candidates.map((c) => c.name)).toContain('Sở Tư pháp tỉnh Lào Cai');
    expect(
      report.needsDecision.map((n) => [n.code, n.reason]).filter(([code]) => code !== d.atDepartment?.code),
    ).toEqual([[d.split?.code, 'several_partial_successors']]);
    expect(report.closedLeftInPlace).toBe(2);
    expect(await counts(db)).toEqual(before);

    // A map naming an agency of another unit is a mistake: still a decision for a person.
    const wrongMap = await move(true, { '000.10.03.H38': '001.47.51.H38' });
    expect(wrongMap.needsDecision.find((n) => n.code === d.atDepartment?.code)?.reason).toBe('agency_ambiguous');
    expect(await db.selectFrom('dossiers').selectAll().orderBy('id').execute()).toEqual(rowsBefore);
  });

  it('moves open dossiers to the successors with the same code, due times and history plus one reform_move', async () => {
    const newWard = await unitByCode(db, '02647', REFORM); // Phường Lào Cai
    const before = {
      commune: {
        row: await dossierRow(db, d.atCommune?.id as string),
        log: await listActions(db, d.atCommune?.id as string),
      },
      district: {
        row: await dossierRow(db, d.atDistrict?.id as string),
        log: await listActions(db, d.atDistrict?.id as string),
      },
    };
    const closedBefore = [
      await dossierRow(db, d.refused?.id as string),
      await dossierRow(db, d.withdrawn?.id as string),
    ];
    const report = await move(false, AGENCY_MAP);
    expect(report.moved).toHaveLength(3);
    // The workflow's district steps have no place on the two-level tree: reported for a new procedure version.
    const communeMove = report.moved.find((m) => m.code === d.atCommune?.code);
    expect(communeMove?.unplaceableSteps).toEqual(expect.arrayContaining(['district_review', 'district_sign']));
    expect(communeMove?.unplaceableSteps).not.toContain('propose');
    expect(report.needsDecision.map((n) => n.code)).toEqual([d.split?.code]);
    const department = await dossierRow(db, d.atDepartment?.id as string);
    const justice = await db
      .selectFrom('agencies')
      .select(['id', 'unit_id'])
      .where('code', '=', '000.00.03.H38')
      .executeTakeFirstOrThrow();
    expect([department.current_unit_id, department.current_agency_id]).toEqual([justice.unit_id, justice.id]);
    expect(department.code).toBe(d.atDepartment?.code);
    expect(department.due_at?.toISOString()).toBe(d.atDepartment?.dueAt);
    await expectProjectionMatchesLog(db, d.atDepartment?.id as string);

    const commune = await dossierRow(db, d.atCommune?.id as string);
    const newCommittee = await db
      .selectFrom('agencies')
      .select('id')
      .where('unit_id', '=', newWard.id)
      .where('kind', '=', 'people_committee')
      .executeTakeFirstOrThrow();
    const newDesk = await db
      .selectFrom('agencies')
      .select('id')
      .where('unit_id', '=', newWard.id)
      .where('kind', '=', 'public_service_center')
      .executeTakeFirstOrThrow();
    expect(commune).toMatchObject({
      code: before.commune.row.code,
      status: before.commune.row.status,
      current_step_id: 'verify',
      due_at: before.commune.row.due_at,
      step_due_at: before.commune.row.step_due_at,
      current_unit_id: newWard.id,
      current_agency_id: newCommittee.id,
      receiving_unit_id: newWard.id,
      receiving_agency_id: newDesk.id,
      // The old ward's specialist holds no grant at the new ward: the new unit's leader or round-robin picks it up.
      assignee_id: null,
      version: before.commune.row.version + 1,
    });
    const log = await listActions(db, d.atCommune?.id as string);
    expect(log.slice(0, -1)).toEqual(before.commune.log);
    expect(log.at(-1)).toMatchObject({
      action: 'reform_move',
      actorId: null,
      toUnitId: newWard.id,
      toAgencyId: newCommittee.id,
      data: { effectiveOn: REFORM, fromUnitId: communeId },
    });
    const stored = await db
      .selectFrom('dossier_actions')
      .select('actor_kind')
      .where('dossier_id', '=', commune.id)
      .where('action', '=', 'reform_move')
      .executeTakeFirstOrThrow();
    expect(stored.actor_kind).toBe('system');
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'unit_id'])
      .where('subject_id', '=', commune.id)
      .where('action', '=', 'dossier.reform_move')
      .execute();
    expect(audit).toEqual([{ action: 'dossier.reform_move', unit_id: newWard.id }]);

    // The abolished district's work goes to the new province (successor of the district's parent).
    const district = await dossierRow(db, d.atDistrict?.id as string);
    const newProvince = await db
      .selectFrom('unit_successions')
      .select('successor_id')
      .where('predecessor_id', '=', provinceId)
      .executeTakeFirstOrThrow();
    expect(district).toMatchObject({
      code: before.district.row.code,
      status: 'in_progress',
      current_step_id: 'district_review',
      current_unit_id: newProvince.successor_id,
      due_at: before.district.row.due_at,
      step_due_at: before.district.row.step_due_at,
      receiving_unit_id: newWard.id,
    });
    expect((await listActions(db, district.id)).slice(0, -1)).toEqual(before.district.log);

    for (const id of [d.atCommune?.id, d.atDistrict?.id, d.refused?.id, d.withdrawn?.id, d.split?.id]) {
      await expectProjectionMatchesLog(db, id as string);
    }
    // Closed dossiers keep the unit that handled them.
    expect([await dossierRow(db, d.refused?.id as string), await dossierRow(db, d.withdrawn?.id as string)]).toEqual(
      closedBefore,
    );
    // The partial-only succession is left for a person to decide.
    expect((await dossierRow(db, d.split?.id as string)).current_unit_id).toBe(splitId);
  });

  it('moves nothing the second time', async () => {
    const before = await counts(db);
    const report = await move(false, AGENCY_MAP);
    expect(report.moved).toEqual([]);
    expect(report.needsDecision.map((n) => n.code)).toEqual([d.split?.code]);
    expect(report.closedLeftInPlace).toBe(2);
    expect(await counts(db)).toEqual(before);
  });
});
