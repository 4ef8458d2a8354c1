import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { countRows } from '../../../test/support/auth.ts';
import { manualClock } from '../../platform/clock.ts';
import { seedDemo } from '../../seed/index.ts';
import {
  DossierApi,
  actionsOf,
  agencyOfKind,
  applicant,
  createCitizen,
  createStaff,
  expectProjectionMatchesLog,
  headersFor,
  ok,
  pngBytes,
  problem,
  procedureByNationalCode,
  unitByCode,
} from './dossiers.fixtures.ts';
import type { TDossierDetail, TDossierSummary } from './dossiers.schema.ts';

/**
 * The whole life of a commune-level dossier (Đăng ký khai sinh at Phường Lào Cai, 4 working hours): online
 * submission → the desk asks for a supplement → the applicant supplies → accepted with a due time → specialist →
 * leader approves → result registered → returned → rated.
 */
describe('a commune-level dossier from submission to rating', () => {
  // Monday 2 March 2026, 08:00 in Lào Cai.
  const clock = manualClock('2026-03-02T08:00:00+07:00');
  let t: TestApp;
  let api: DossierApi;
  let citizen: Record<string, string>;
  let otherCitizen: Record<string, string>;
  let desk: Record<string, string>;
  let specialist: Record<string, string>;
  let leader: Record<string, string>;
  let ids: { desk: string; specialist: string; citizen: string };
  let procedure: Awaited<ReturnType<typeof procedureByNationalCode>>;
  let wardId: string;
  let dossier: TDossierDetail;

  beforeAll(async () => {
    t = await createTestApp({}, undefined, (app) => {
      app.platform.clock = clock;
    });
    await seedDemo(t.database.db);
    const db = t.database.db;
    api = new DossierApi(t.app);
    const ward = await unitByCode(db, '02647', '2026-03-02');
    wardId = ward.id;
    const committee = await agencyOfKind(db, ward.id, 'people_committee');
    const deskUser = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'motcua.phuonglaocai')
      .executeTakeFirstOrThrow();
    const specialistId = await createStaff(db, {
      username: 'cv.hotich.plc',
      unitId: ward.id,
      agencyId: committee.id,
      role: 'specialist',
    });
    const leaderId = await createStaff(db, {
      username: 'ld.plc',
      unitId: ward.id,
      agencyId: committee.id,
      role: 'leader',
    });
    const citizenId = await createCitizen(db, { fullName: 'Lò Thị Mai', personalId: '010190001111' });
    const otherId = await createCitizen(db, { fullName: 'Người Khác', personalId: '010190002222' });
    ids = { desk: deskUser.id, specialist: specialistId, citizen: citizenId };
    citizen = await headersFor(t.app, db, citizenId);
    otherCitizen = await headersFor(t.app, db, otherId);
    desk = await headersFor(t.app, db, deskUser.id);
    specialist = await headersFor(t.app, db, specialistId);
    leader = await headersFor(t.app, db, leaderId);
    procedure = await procedureByNationalCode(db, '1.001193');
  });
  afterAll(() => t.close());

  it('takes an online submission with a code and no clock yet', async () => {
    dossier = ok(
      await api.submit(citizen, {
        procedureId: procedure.id,
        receivingUnitId: wardId,
        applicant: applicant('Lò Thị Mai', '010190001111'),
        onBehalfOf: { fullName: 'Lò Văn Nam', relation: 'con' },
        components: procedure.requiredComponents,
        fees: procedure.fees,
      }),
      201,
    );
    expect(dossier.status).toBe('submitted');
    expect(dossier.dvcqgStatus).toBe(1);
    expect(dossier.code).toMatch(/^\d{3}\.\d{2}\.50\.H38-260302-0001$/);
    expect(dossier.code.startsWith(dossier.receivingAgency.code ?? '?')).toBe(true);
    expect(dossier.dueAt).toBeNull();
    expect(dossier.files).toHaveLength(procedure.requiredComponents.length);
    expect(dossier.files.every((f) => f.kind === 'submission' && f.contentType === 'application/pdf')).toBe(true);
    expect(actionsOf(dossier)).toEqual(['withdraw']);
    await expectProjectionMatchesLog(t.database.db, dossier.id);
  });

  it('is in the desk’s queue and hidden from other units and other citizens', async () => {
    const queue = ok<{ items: TDossierSummary[] }>(await api.list(desk, 'status=submitted'));
    expect(queue.items.map((d) => d.code)).toContain(dossier.code);
    expect(ok<{ items: TDossierSummary[] }>(await api.list(specialist)).items.map((d) => d.id)).not.toContain(
      dossier.id,
    );
    expect(ok<{ items: TDossierSummary[] }>(await api.list(otherCitizen)).items).toEqual([]);
    problem(await api.get(otherCitizen, dossier.id), 404, 'NOT_FOUND');
    problem(await api.get(specialist, dossier.id), 404, 'NOT_FOUND');
    const seen = ok(await api.get(desk, dossier.id));
    expect(actionsOf(seen)).toEqual(['accept', 'request_supplement', 'refuse', 'withdraw']);
  });

  it('asks for a supplement once, listing everything, and takes it back when supplied', async () => {
    clock.set('2026-03-02T08:20:00+07:00');
    dossier = await api.step(desk, dossier, {
      action: 'request_supplement',
      items: ['Giấy chứng sinh bản chụp rõ nét', 'Ghi đủ quê quán của người mẹ'],
    });
    expect(dossier.status).toBe('supplement_requested');
    expect(dossier.pausedAt).toBeNull(); // no clock before acceptance
    expect(actionsOf(ok(await api.get(citizen, dossier.id)))).toEqual(['supply', 'withdraw']);

    clock.set('2026-03-02T08:40:00+07:00');
    dossier = await api.step(citizen, dossier, {
      action: 'supply',
      components: [
        {
          code: 'giay-chung-sinh',
          files: [{ filename: 'chung-sinh.png', contentType: 'image/png', data: pngBytes().toString('base64') }],
        },
      ],
    });
    expect(dossier.status).toBe('submitted');
    expect(dossier.files.filter((f) => f.kind === 'supplement').map((f) => f.contentType)).toEqual(['image/png']);
    const again = problem(
      await api.act(desk, dossier.id, { action: 'request_supplement', expectedVersion: dossier.version, items: ['x'] }),
      409,
      'DOSSIER_ACTION_NOT_ALLOWED',
    );
    expect(again.reason).toBe('supplement_already_requested');
  });

  it('accepts with a due time counted in working hours, and the desk officer keeps it', async () => {
    clock.set('2026-03-02T09:00:00+07:00');
    dossier = await api.step(desk, dossier, { action: 'accept' });
    expect(dossier.status).toBe('received');
    expect(dossier.dvcqgStatus).toBe(2);
    // 4 working hours from 09:00: 2.5 h until 11:30, then 1.5 h from 13:30.
    expect(dossier.dueAt).toBe(new Date('2026-03-02T15:00:00+07:00').toISOString());
    expect(dossier.current.step?.id).toBe('receive');
    expect(dossier.current.assignee?.id).toBe(ids.desk);
    expect(dossier.current.stepDueAt).toBe(new Date('2026-03-02T10:00:00+07:00').toISOString());
    expect(dossier.calendarVersion).toMatch(/^[0-9a-f]{16}$/);
    expect(actionsOf(dossier)).toEqual(expect.arrayContaining(['forward', 'request_supplement', 'apologize']));
  });

  it('goes to the commune specialist, then to the leader, who alone may approve', async () => {
    dossier = await api.step(desk, dossier, { action: 'forward' });
    expect(dossier.status).toBe('in_progress');
    expect(dossier.current.step?.id).toBe('process');
    expect(dossier.current.assignee?.id).toBe(ids.specialist);
    expect(dossier.current.agency?.name).toBe('Ủy ban nhân dân Phường Lào Cai');

    // The leader holds no specialist role: the step is not theirs.
    problem(
      await api.act(leader, dossier.id, { action: 'forward', expectedVersion: dossier.version }),
      403,
      'FORBIDDEN',
    );
    const mine = ok<{ items: TDossierSummary[] }>(await api.list(specialist, 'assignee=me'));
    expect(mine.items.map((d) => d.id)).toEqual([dossier.id]);

    clock.set('2026-03-02T09:40:00+07:00');
    dossier = await api.step(specialist, dossier, { action: 'forward', note: 'Hồ sơ hợp lệ, trình ký.' });
    expect(dossier.current.step?.id).toBe('sign');
    // The proposal to the leader is the officers' working note: the applicant sees the step, not the note.
    const forwardNote = (d: TDossierDetail) =>
      d.timeline.find((e) => e.action === 'forward' && e.toStep?.id === 'sign');
    expect(forwardNote(dossier)?.note).toBe('Hồ sơ hợp lệ, trình ký.');
    const seenByApplicant = ok(await api.get(citizen, dossier.id));
    expect(forwardNote(seenByApplicant)).toMatchObject({ note: null, data: {} });
    expect(seenByApplicant.timeline.find((e) => e.action === 'request_supplement')?.note).toBe(
      dossier.timeline.find((e) => e.action === 'request_supplement')?.note,
    );
    problem(
      await api.act(specialist, dossier.id, { action: 'approve', expectedVersion: dossier.version }),
      403,
      'FORBIDDEN',
    );
    clock.set('2026-03-02T10:30:00+07:00');
    dossier = await api.step(leader, dossier, { action: 'approve' });
    expect(dossier.status).toBe('processed');
    expect(dossier.decision).toBe('approved');
    expect(dossier.current.step?.id).toBe('return');
    expect(dossier.current.unit.id).toBe(wardId);
    expect(dossier.current.assignee?.id).toBe(ids.desk);
  });

  it('registers the result, returns it at the counter, and takes one rating', async () => {
    clock.set('2026-03-02T10:45:00+07:00');
    dossier = await api.step(desk, dossier, {
      action: 'register_result',
      resultNumber: '125/2026/TLKS',
      files: [
        {
          filename: 'giay-khai-sinh.pdf',
          contentType: 'application/pdf',
          data: Buffer.from('%PDF-1.7\nresult').toString('base64'),
        },
      ],
    });
    expect(dossier.status).toBe('result_ready');
    expect(dossier.late).toBe(false);
    expect(dossier.completedAt).toBe(new Date('2026-03-02T10:45:00+07:00').toISOString());
    dossier = await api.step(desk, dossier, { action: 'return_result', method: 'counter' });
    expect(dossier.status).toBe('returned');
    expect(dossier.dvcqgStatus).toBe(10);
    expect(actionsOf(ok(await api.get(desk, dossier.id)))).toEqual([]);
    expect(actionsOf(ok(await api.get(citizen, dossier.id)))).toEqual(['rate']);

    dossier = await api.step(citizen, dossier, { action: 'rate', rating: 5, comment: 'Nhanh, chu đáo.' });
    expect(dossier.rating).toBe(5);
    const twice = problem(
      await api.act(citizen, dossier.id, { action: 'rate', expectedVersion: dossier.version, rating: 1 }),
      409,
      'DOSSIER_ACTION_NOT_ALLOWED',
    );
    expect(twice.reason).toBe('already_rated');
  });

  it('keeps the whole story: one action, one audit row each, and the projection equals the fold', async () => {
    expect(dossier.timeline.map((a) => a.action)).toEqual([
      'submit',
      'request_supplement',
      'supply',
      'accept',
      'forward',
      'forward',
      'approve',
      'register_result',
      'return_result',
      'rate',
    ]);
    expect(dossier.timeline.map((a) => a.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(dossier.version).toBe(10);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'dossier')
      .where('subject_id', '=', dossier.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(dossier.timeline.map((a) => `dossier.${a.action}`));
    await expectProjectionMatchesLog(t.database.db, dossier.id);
    const before = await countRows(t.database.db, ['dossier_actions']);
    await expect(
      t.database.db.updateTable('dossier_actions').set({ note: 'sửa' }).where('dossier_id', '=', dossier.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(t.database.db.deleteFrom('dossier_actions').execute()).rejects.toThrow(/append-only/);
    expect(await countRows(t.database.db, ['dossier_actions'])).toEqual(before);
  });

  it('serves files as attachments to those who may see the dossier', async () => {
    const file = dossier.files.find((f) => f.kind === 'result');
    const download = await t.app.inject({ url: `/api/v1/dossiers/${dossier.id}/files/${file?.id}`, headers: citizen });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const stranger = await t.app.inject({
      url: `/api/v1/dossiers/${dossier.id}/files/${file?.id}`,
      headers: otherCitizen,
    });
    expect(stranger.statusCode).toBe(404);
  });
  it('takes the other roads: suspension with the clock stopped, refusal with reasons, withdrawal', async () => {
    clock.set('2026-03-03T09:00:00+07:00');
    let other = ok(
      await api.counter(
        desk,
        {
          procedureId: procedure.id,
          receivingUnitId: wardId,
          applicant: applicant('Hoàng Văn Tỉnh', '010188009999'),
          components: procedure.requiredComponents,
          fees: procedure.fees,
        },
        'counter-khai-sinh-0001',
      ),
      201,
    );
    expect(other.dueAt).toBe(new Date('2026-03-03T15:00:00+07:00').toISOString());
    clock.set('2026-03-03T10:00:00+07:00');
    other = await api.step(desk, other, { action: 'suspend', reason: 'Chờ xác minh giấy chứng sinh' });
    expect(other.status).toBe('suspended');
    expect(other.overdue).toBe(false);
    expect(actionsOf(other)).toEqual(['resume', 'withdraw']);
    // Stopped at 10:00 with 3 working hours left (10:00–11:30, 13:30–15:00); resumed the next day at 16:00.
    clock.set('2026-03-04T16:00:00+07:00');
    other = await api.step(desk, other, { action: 'resume' });
    expect(other.status).toBe('received');
    expect(other.dueAt).toBe(new Date('2026-03-05T09:30:00+07:00').toISOString());
    other = await api.step(desk, other, { action: 'forward' });
    other = await api.step(specialist, other, { action: 'forward' });
    other = await api.step(leader, other, {
      action: 'reject',
      reasons: ['Người đi đăng ký không phải cha, mẹ hoặc người thân thích của trẻ'],
    });
    expect(other.status).toBe('rejected');
    expect(other.decision).toBe('rejected');
    expect(other.current.step?.id).toBe('return');
    other = await api.step(desk, other, { action: 'return_result', method: 'counter' });
    expect(other.status).toBe('returned');
    await expectProjectionMatchesLog(t.database.db, other.id);

    const mine = ok(
      await api.submit(citizen, {
        procedureId: procedure.id,
        receivingUnitId: wardId,
        applicant: applicant('Lò Thị Mai', '010190001111'),
        components: procedure.requiredComponents,
        fees: procedure.fees,
      }),
      201,
    );
    const withdrawn = await api.step(citizen, mine, { action: 'withdraw', reason: 'Nộp nhầm thủ tục' });
    expect(withdrawn.status).toBe('withdrawn');
    expect(withdrawn.allowedActions).toEqual([]);
    problem(
      await api.act(desk, mine.id, { action: 'accept', expectedVersion: withdrawn.version }),
      409,
      'DOSSIER_ACTION_NOT_ALLOWED',
    );
  });
});
