import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { manualClock } from '../../platform/clock.ts';
import { seedDemo } from '../../seed/index.ts';
import {
  DossierApi,
  actionsOf,
  agencyByCode,
  createStaff,
  expectProjectionMatchesLog,
  headersFor,
  ok,
  pdfUpload,
  problem,
  procedureByNationalCode,
  unitByCode,
} from './dossiers.fixtures.ts';
import type { TDossierDetail, TDossierSummary } from './dossiers.schema.ts';

/**
 * A province-level procedure (Đăng ký hoạt động của tổ chức hành nghề luật sư, 10 working days): received at the
 * counter of the provincial public-service centre, processed by Sở Tư pháp (specialist → head of division → director
 * → clerk), returned by post; with round-robin assignment, a step sent back, reassignment and lateness.
 */
describe('a province-level dossier through the public-service centre to a department', () => {
  // Friday 6 March 2026, 17:10: after the 17:00 cut-off, so the dossier counts from Monday.
  const clock = manualClock('2026-03-06T17:10:00+07:00');
  let t: TestApp;
  let api: DossierApi;
  let staff: Record<
    'desk' | 'specialist' | 'specialist2' | 'leader' | 'clerk',
    { id: string; headers: Record<string, string> }
  >;
  let provinceId: string;
  let procedure: Awaited<ReturnType<typeof procedureByNationalCode>>;
  let dossier: TDossierDetail;

  const counterBody = (name: string) => ({
    procedureId: procedure.id,
    receivingUnitId: provinceId,
    applicant: { kind: 'business', fullName: name, taxCode: '5300123456', phone: '0214 3840 123', address: 'Lào Cai' },
    // The statute is handed in on paper; the rest are scanned at the desk.
    components: procedure.requiredComponents.map((c, i) => (i === 0 ? { code: c.code, files: [], paper: true } : c)),
    fees: procedure.fees,
    feesPaid: true,
  });

  beforeAll(async () => {
    t = await createTestApp({}, undefined, (app) => {
      app.platform.clock = clock;
    });
    await seedDemo(t.database.db);
    const db = t.database.db;
    api = new DossierApi(t.app);
    provinceId = (await unitByCode(db, '15', '2026-03-06')).id;
    const centre = await agencyByCode(db, '000.00.30.H38');
    const justice = await agencyByCode(db, '000.00.03.H38');
    const existing = async (username: string) =>
      (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    const ids = {
      desk: await createStaff(db, {
        username: 'motcua.tinh',
        unitId: provinceId,
        agencyId: centre.id,
        role: 'one_stop_officer',
      }),
      specialist: await existing('chuyenvien.tuphap'),
      specialist2: await createStaff(db, {
        username: 'cv2.tuphap',
        unitId: provinceId,
        agencyId: justice.id,
        role: 'specialist',
      }),
      leader: await existing('lanhdao.tuphap'),
      clerk: await createStaff(db, { username: 'vt.tuphap', unitId: provinceId, agencyId: justice.id, role: 'clerk' }),
    };
    staff = Object.fromEntries(
      await Promise.all(
        Object.entries(ids).map(async ([key, id]) => [key, { id, headers: await headersFor(t.app, db, id) }] as const),
      ),
    ) as typeof staff;
    procedure = await procedureByNationalCode(db, '1.002032');
  });
  afterAll(() => t.close());

  it('is received at the counter after the cut-off: counted from Monday, fees paid, paper noted', async () => {
    dossier = ok(await api.counter(staff.desk.headers, counterBody('Công ty Luật TNHH Sa Pa')), 201);
    expect(dossier.status).toBe('received');
    expect(dossier.channel).toBe('counter');
    expect(dossier.code).toMatch(/^000\.00\.30\.H38-260306-0001$/);
    // 10 working days after Monday 9 March (not counted): Monday 23 March, end of the working day.
    expect(dossier.dueAt).toBe(new Date('2026-03-23T17:00:00+07:00').toISOString());
    expect(dossier.fees.every((f) => f.paidAt !== null)).toBe(true);
    expect(dossier.timeline[0]?.data.paperComponents).toEqual([procedure.requiredComponents[0]?.code]);
    expect(dossier.current.assignee?.id).toBe(staff.desk.id);
  });

  it('hands dossiers to the department’s specialists in turn, least recently assigned first', async () => {
    clock.set('2026-03-09T08:00:00+07:00');
    dossier = await api.step(staff.desk.headers, dossier, { action: 'forward' });
    expect(dossier.current.step?.id).toBe('process');
    expect(dossier.current.agency?.name).toBe('Sở Tư pháp tỉnh Lào Cai');
    const first = dossier.current.assignee?.id;
    expect([staff.specialist.id, staff.specialist2.id]).toContain(first);
    // The step is 5 working days of 7.5 hours from 08:00 Monday: 08:00 the next Monday.
    expect(dossier.current.stepDueAt).toBe(new Date('2026-03-16T08:00:00+07:00').toISOString());

    let second = ok(await api.counter(staff.desk.headers, counterBody('Văn phòng Luật sư Hoàng Liên')), 201);
    second = await api.step(staff.desk.headers, second, { action: 'forward' });
    expect(second.current.assignee?.id).not.toBe(first);
    expect([staff.specialist.id, staff.specialist2.id]).toContain(second.current.assignee?.id);
  });

  it('lets the leader reassign, and a step sent back returns to the officer who had it', async () => {
    const other = dossier.current.assignee?.id === staff.specialist.id ? staff.specialist2 : staff.specialist;
    // A specialist may take a step only for themselves.
    problem(
      await api.act(staff.specialist.headers, dossier.id, {
        action: 'assign',
        expectedVersion: dossier.version,
        assigneeId: staff.clerk.id,
      }),
      403,
      'FORBIDDEN',
    );
    // The clerk holds no specialist role in the department: not eligible for the step.
    problem(
      await api.act(staff.leader.headers, dossier.id, {
        action: 'assign',
        expectedVersion: dossier.version,
        assigneeId: staff.clerk.id,
      }),
      400,
      'VALIDATION_FAILED',
    );
    dossier = await api.step(staff.leader.headers, dossier, { action: 'assign', assigneeId: other.id });
    expect(dossier.current.assignee?.id).toBe(other.id);

    dossier = await api.step(other.headers, dossier, { action: 'forward' });
    expect(dossier.current.step?.id).toBe('review');
    dossier = await api.step(staff.leader.headers, dossier, { action: 'return', note: 'Bổ sung đánh giá trụ sở.' });
    expect(dossier.current.step?.id).toBe('process');
    expect(dossier.current.assignee?.id).toBe(other.id);
    dossier = await api.step(other.headers, dossier, { action: 'forward' });
    dossier = await api.step(staff.leader.headers, dossier, { action: 'forward' });
    expect(dossier.current.step?.id).toBe('sign');
  });

  it('is decided by the director, numbered by the clerk and returned by post; late when past its date', async () => {
    const mine = ok(await api.get(staff.leader.headers, dossier.id));
    expect(actionsOf(mine)).toEqual(expect.arrayContaining(['approve', 'reject', 'return', 'assign']));
    expect(mine.allowedActions.find((a) => a.action === 'approve')?.targets.map((x) => x.stepId)).toEqual(['issue']);

    dossier = await api.step(staff.leader.headers, dossier, { action: 'approve' });
    expect(dossier.status).toBe('in_progress');
    expect(dossier.decision).toBe('approved');
    expect(dossier.current.step?.id).toBe('issue');
    expect(dossier.current.assignee?.id).toBe(staff.clerk.id);

    // The clerk is slow: past the due time, the dossier shows as overdue in the department's queue.
    clock.set('2026-03-24T09:00:00+07:00');
    const overdue = ok<{ items: TDossierSummary[] }>(await api.list(staff.clerk.headers, 'overdue=true&assignee=me'));
    expect(overdue.items.map((d) => d.id)).toEqual([dossier.id]);
    const onTime = ok<{ items: TDossierSummary[] }>(await api.list(staff.clerk.headers, 'assignee=me&status=returned'));
    expect(onTime.items).toEqual([]);
    expect(overdue.items[0]?.overdue).toBe(true);
    const apology = problem(
      await api.act(staff.clerk.headers, dossier.id, {
        action: 'apologize',
        expectedVersion: dossier.version,
        reason: 'Chậm',
        newDueDate: '2026-03-27',
      }),
      409,
      'DOSSIER_ACTION_NOT_ALLOWED',
    );
    expect(apology.reason).toBe('due_time_passed');

    dossier = await api.step(staff.clerk.headers, dossier, { action: 'forward' });
    expect(dossier.status).toBe('processed');
    dossier = await api.step(staff.desk.headers, dossier, {
      action: 'register_result',
      resultNumber: '15/TP-GĐKHĐ',
      files: [pdfUpload('giay-dang-ky-hoat-dong.pdf')],
    });
    expect(dossier.late).toBe(true);
    dossier = await api.step(staff.desk.headers, dossier, { action: 'return_result', method: 'post' });
    expect(dossier.status).toBe('returned');
    expect(dossier.returnMethod).toBe('post');
    await expectProjectionMatchesLog(t.database.db, dossier.id);
  });

  it('keeps a unit’s sight of what it handled, outside its work queue', async () => {
    const queue = ok<{ items: TDossierSummary[] }>(await api.list(staff.clerk.headers));
    expect(queue.items.map((d) => d.id)).not.toContain(dossier.id);
    const handled = ok<{ items: TDossierSummary[] }>(await api.list(staff.clerk.headers, 'view=all'));
    expect(handled.items.map((d) => d.id)).toContain(dossier.id);
    expect(ok(await api.get(staff.clerk.headers, dossier.id)).status).toBe('returned');
  });
});
