import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../../../test/support/auth.ts';
import { manualClock } from '../../platform/clock.ts';
import { ok, problem } from '../documents/documents.fixtures.ts';
import type { TIncomingDetail } from '../documents/documents.schema.ts';
import { sendTaskReminders } from './task-reminders.ts';
import type { TRecordDetail, TTaskDetail, TTaskSummary } from './tasks.schema.ts';
import { registeredIncoming, workWorld } from './tasks.fixtures.ts';

/**
 * Tasks at the Department of Justice: the leader gives one to an officer and makes one of an incoming document's
 * handling; the officer reports progress and completes; lists by deadline for each view, overdue by the business
 * clock, kept within the caller's units; and the daily reminder digest, sent once.
 */
describe('tasks from a leader and from an incoming document', () => {
  const clock = manualClock('2026-03-02T08:00:00+07:00');
  let world: Awaited<ReturnType<typeof workWorld>>;
  let task: TTaskDetail;
  let fromIncoming: TTaskDetail;
  let incoming: TIncomingDetail;
  const counted = ['tasks', 'task_actions', 'task_coordinators', 'audit_log'];

  beforeAll(async () => {
    world = await workWorld(clock);
  });
  afterAll(() => world.t.close());

  const list = async (headers: Record<string, string>, query: string) =>
    ok<{ items: TTaskSummary[] }>(await world.work.get(headers, `/tasks?${query}`)).items;

  it('is given by a leader to an officer of the agency, once per Idempotency-Key', async () => {
    const { work, people, agencies, t } = world;
    const body = {
      agencyId: agencies.justice.id,
      title: 'Xây dựng báo cáo chuyển đổi số quý I',
      description: 'Tổng hợp số liệu các phòng',
      assigneeId: people.justiceOfficer.id,
      coordinatorIds: [people.justiceClerk.id],
      dueOn: '2026-03-06',
      priority: 'high',
    };
    task = ok<TTaskDetail>(await work.createTask(people.justiceLeader.headers, body, 'task-key-00001'), 201);
    const again = ok<TTaskDetail>(await work.createTask(people.justiceLeader.headers, body, 'task-key-00001'), 201);
    expect(again.id).toBe(task.id);
    expect(task).toMatchObject({
      status: 'assigned',
      progress: 0,
      overdue: false,
      version: 1,
      assignee: { id: people.justiceOfficer.id },
      createdBy: { id: people.justiceLeader.id },
      coordinators: [{ id: people.justiceClerk.id }],
    });
    const before = await countRows(t.database.db, counted);
    // An officer of another agency, a deadline in the past, an officer giving tasks, an agency out of scope.
    problem(
      await work.createTask(people.justiceLeader.headers, { ...body, assigneeId: people.outsider.id }),
      400,
      'VALIDATION_FAILED',
    );
    problem(
      await work.createTask(people.justiceLeader.headers, { ...body, dueOn: '2026-03-01' }),
      400,
      'VALIDATION_FAILED',
    );
    problem(await work.createTask(people.justiceOfficer.headers, body), 403, 'FORBIDDEN');
    problem(
      await work.createTask(people.justiceLeader.headers, { ...body, agencyId: agencies.finance.id }),
      403,
      'FORBIDDEN',
    );
    expect(await countRows(t.database.db, counted)).toEqual(before);
  });

  it('is made from an incoming document with its lead handler and deadline', async () => {
    const { work, api, people, t } = world;
    incoming = await registeredIncoming(world, '88/BTP-VP', 'Về việc rà soát thủ tục hành chính');
    const before = await countRows(t.database.db, counted);
    // Not assigned for handling yet: nothing to make a task of.
    problem(
      await work.taskFromIncoming(people.justiceLeader.headers, incoming.id, {}),
      409,
      'DOCUMENT_ACTION_NOT_ALLOWED',
    );
    expect(await countRows(t.database.db, counted)).toEqual(before);
    incoming = ok(
      await api.actIncoming(people.justiceLeader.headers, incoming.id, {
        action: 'assign',
        expectedVersion: incoming.version,
        lead: { userId: people.justiceOfficer.id },
        coordinators: [{ userId: people.justiceClerk.id }],
        dueOn: '2026-03-04',
      }),
    );
    const assigned = await countRows(t.database.db, counted);
    problem(await work.taskFromIncoming(people.outsider.headers, incoming.id, {}), 404, 'NOT_FOUND');
    problem(await work.taskFromIncoming(people.justiceOfficer.headers, incoming.id, {}), 403, 'FORBIDDEN');
    expect(await countRows(t.database.db, counted)).toEqual(assigned);
    fromIncoming = ok<TTaskDetail>(
      await work.taskFromIncoming(
        people.justiceLeader.headers,
        incoming.id,
        { priority: 'urgent' },
        'incoming-task-01',
      ),
      201,
    );
    expect(fromIncoming).toMatchObject({
      title: '88/BTP-VP – Về việc rà soát thủ tục hành chính',
      assignee: { id: people.justiceOfficer.id },
      coordinators: [{ id: people.justiceClerk.id }],
      dueOn: '2026-03-04',
      priority: 'urgent',
      incomingDocumentId: incoming.id,
    });
  });

  it('moves with progress reports to done, on the version the officer saw', async () => {
    const { work, people, t } = world;
    const act = (headers: Record<string, string>, body: object) =>
      work.actTask(headers, task.id, { expectedVersion: task.version, ...body });
    task = ok(await act(people.justiceOfficer.headers, { action: 'start' }));
    expect(task.status).toBe('in_progress');
    task = ok(
      await act(people.justiceOfficer.headers, {
        action: 'report_progress',
        progress: 40,
        note: 'Đã tổng hợp 2/5 phòng',
      }),
    );
    task = ok(
      await act(people.justiceClerk.headers, { action: 'report_progress', progress: 60, note: 'Văn thư gửi số liệu' }),
    );
    const before = await countRows(t.database.db, counted);
    problem(
      await work.actTask(people.justiceOfficer.headers, task.id, {
        action: 'complete',
        expectedVersion: task.version - 1,
      }),
      409,
      'CONFLICT',
    );
    problem(await act(people.justiceClerk.headers, { action: 'complete' }), 403, 'FORBIDDEN');
    problem(await act(people.justiceOfficer.headers, { action: 'cancel', note: 'Không làm' }), 403, 'FORBIDDEN');
    expect(await countRows(t.database.db, counted)).toEqual(before);
    task = ok(await act(people.justiceOfficer.headers, { action: 'complete', note: 'Đã gửi báo cáo' }));
    expect(task).toMatchObject({ status: 'done', progress: 100, allowedActions: ['link_record'] });
    expect(task.history.map((h) => [h.action, h.data.progress ?? null, h.note])).toEqual([
      ['create', null, 'Tổng hợp số liệu các phòng'],
      ['start', null, null],
      ['report_progress', 40, 'Đã tổng hợp 2/5 phòng'],
      ['report_progress', 60, 'Văn thư gửi số liệu'],
      ['complete', 100, 'Đã gửi báo cáo'],
    ]);
    const refused = problem(
      await act(people.justiceOfficer.headers, { action: 'start' }),
      409,
      'TASK_ACTION_NOT_ALLOWED',
    );
    expect(refused).toMatchObject({ status: 'done', allowed: ['link_record'] });
  });

  it('is linked to a work record the officer can see', async () => {
    const { work, people, agencies } = world;
    const record = ok<TRecordDetail>(
      await work.openRecord(people.justiceOfficer.headers, {
        agencyId: agencies.justice.id,
        title: 'Hồ sơ báo cáo chuyển đổi số',
        retention: 'permanent',
      }),
      201,
    );
    expect(record.retention).toBe('permanent');
    const foreign = ok<TRecordDetail>(
      await work.openRecord(people.outsider.headers, {
        agencyId: agencies.finance.id,
        title: 'Hồ sơ khác',
        retention: 5,
      }),
      201,
    );
    problem(
      await work.actTask(people.justiceOfficer.headers, task.id, {
        action: 'link_record',
        expectedVersion: task.version,
        workRecordId: foreign.id,
      }),
      404,
      'NOT_FOUND',
    );
    task = ok(
      await work.actTask(people.justiceOfficer.headers, task.id, {
        action: 'link_record',
        expectedVersion: task.version,
        workRecordId: record.id,
      }),
    );
    expect(task.workRecordId).toBe(record.id);
  });

  it('lists by deadline per view, overdue by the business clock, within the caller’s units', async () => {
    const { work, people } = world;
    const third = ok<TTaskDetail>(
      await work.createTask(people.justiceLeader.headers, {
        agencyId: world.agencies.justice.id,
        title: 'Rà soát danh mục hồ sơ năm 2026',
        assigneeId: people.justiceOfficer.id,
        dueOn: '2026-03-03',
      }),
      201,
    );
    const ids = (items: TTaskSummary[]) => items.map((i) => i.id);
    expect(ids(await list(people.justiceOfficer.headers, 'view=mine'))).toEqual([third.id, fromIncoming.id, task.id]);
    expect(ids(await list(people.justiceLeader.headers, 'view=assigned'))).toEqual([
      third.id,
      fromIncoming.id,
      task.id,
    ]);
    expect(ids(await list(people.justiceLeader.headers, 'view=unit'))).toEqual([third.id, fromIncoming.id, task.id]);
    expect(ids(await list(people.justiceClerk.headers, 'view=mine'))).toEqual([fromIncoming.id, task.id]);
    // The officer holds no unit-wide view; an officer of another agency sees none of them.
    expect(await list(people.justiceOfficer.headers, 'view=unit')).toEqual([]);
    expect(await list(people.outsider.headers, 'view=unit')).toEqual([]);
    expect(await list(people.outsider.headers, 'view=overdue')).toEqual([]);
    problem(await work.get(people.outsider.headers, `/tasks/${task.id}`), 404, 'NOT_FOUND');
    expect(await list(people.justiceLeader.headers, 'view=overdue')).toEqual([]);

    clock.set('2026-03-05T09:00:00+07:00');
    const overdue = await list(people.justiceLeader.headers, 'view=overdue');
    expect(overdue.map((i) => [i.id, i.overdue])).toEqual([
      [third.id, true],
      [fromIncoming.id, true],
    ]);
    expect(ids(await list(people.justiceOfficer.headers, 'view=overdue'))).toEqual([third.id, fromIncoming.id]);
    // A cursor walks the same list one by one; a cursor not made by us is refused.
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: TTaskSummary[]; nextCursor: string | null } = ok(
        await work.get(people.justiceOfficer.headers, `/tasks?view=mine&limit=1${cursor ? `&cursor=${cursor}` : ''}`),
      );
      walked.push(...ids(page.items));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual([third.id, fromIncoming.id, task.id]);
    const forged = Buffer.from(JSON.stringify(['x', 'y'])).toString('base64url');
    problem(await work.get(people.justiceOfficer.headers, `/tasks?cursor=${forged}`), 400, 'VALIDATION_FAILED');
    expect(ids(await list(people.justiceOfficer.headers, 'view=mine&q=RA%20SOAT%20thu%20tuc'))).toEqual([
      fromIncoming.id,
    ]);
  });

  it('sends each officer one digest of tasks due soon or overdue a day, and nothing on a re-run', async () => {
    const { t, people } = world;
    const mails = async () =>
      (
        (await t.database.db
          .selectFrom('pgboss.job' as never)
          .select(['data'] as never)
          .where('name' as never, '=', 'mail.send' as never)
          .execute()) as { data: { to: string; subject: string; text: string } }[]
      ).map((j) => j.data);
    const officer = await t.database.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', people.justiceOfficer.id)
      .executeTakeFirstOrThrow();
    ok(
      await world.work.createTask(people.justiceLeader.headers, {
        agencyId: world.agencies.justice.id,
        title: 'Cập nhật cơ sở dữ liệu hộ tịch',
        assigneeId: people.justiceOfficer.id,
        dueOn: '2026-03-07',
      }),
      201,
    );
    const before = (await mails()).length;
    expect(await sendTaskReminders(t.app.platform)).toEqual({ mails: 1, items: 3 });
    expect(await sendTaskReminders(t.app.platform)).toEqual({ mails: 0, items: 0 });
    const sent = (await mails()).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toBe(officer.email);
    expect(sent[0]?.subject).toBe('Nhắc hạn nhiệm vụ (3 nhiệm vụ)');
    expect(sent[0]?.text).toContain(
      'Nhiệm vụ sắp đến hạn:\n- Cập nhật cơ sở dữ liệu hộ tịch (hạn 07/03/2026, tiến độ 0%)',
    );
    expect(sent[0]?.text).toContain('Nhiệm vụ đã quá hạn:');
    expect(sent[0]?.text).toContain('Rà soát danh mục hồ sơ năm 2026');
    expect(sent[0]?.text).not.toContain('Xây dựng báo cáo chuyển đổi số quý I');
    clock.set('2026-03-06T07:00:00+07:00');
    expect(await sendTaskReminders(t.app.platform)).toEqual({ mails: 1, items: 3 });
    expect(await sendTaskReminders(t.app.platform)).toEqual({ mails: 0, items: 0 });
  });
});
