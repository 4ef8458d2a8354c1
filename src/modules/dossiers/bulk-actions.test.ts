import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { countRows } from '../../../test/support/auth.ts';
import { manualClock } from '../../platform/clock.ts';
import { seedDemo } from '../../seed/index.ts';
import {
  DossierApi,
  agencyOfKind,
  applicant,
  createStaff,
  headersFor,
  ok,
  pngBytes,
  problem,
  procedureByNationalCode,
  unitByCode,
} from './dossiers.fixtures.ts';
import type { TBulkActionResult, TDossierDetail, TDossierSummary } from './dossiers.schema.ts';

const TABLES = ['dossiers', 'dossier_actions', 'dossier_files', 'audit_log'];

/**
 * Bulk actions (each dossier on its own, refusals reported per dossier), stale versions (nothing written), the
 * queue's filters (unit with sub-units, time left, ID number) and the files' inline preview.
 */
describe('one-stop queue work: bulk actions, stale versions, filters, previews', () => {
  const clock = manualClock('2026-03-02T08:00:00+07:00');
  let t: TestApp;
  let api: DossierApi;
  let wardId: string;
  let provinceId: string;
  let birth: Awaited<ReturnType<typeof procedureByNationalCode>>;
  let ids: Record<'specialist' | 'other' | 'desk', string>;
  let h: Record<'desk' | 'specialist' | 'other' | 'leader' | 'province', Record<string, string>>;
  const received: TDossierDetail[] = [];

  const bulk = (headers: Record<string, string>, body: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/dossiers/bulk-actions', headers, payload: body });

  const items = (...dossiers: TDossierDetail[]) => dossiers.map((d) => ({ id: d.id, expectedVersion: d.version }));

  const get = async (d: TDossierDetail) => ok(await api.get(h.desk, d.id));

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
    const committee = await agencyOfKind(db, ward.id, 'people_committee');
    const desk = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'motcua.phuonglaocai')
      .executeTakeFirstOrThrow();
    const staff = (username: string, role: 'specialist' | 'leader', fullName: string) =>
      createStaff(db, { username, fullName, unitId: ward.id, agencyId: committee.id, role });
    ids = {
      desk: desk.id,
      specialist: await staff('cv.bulk.1', 'specialist', 'Lò Văn Một'),
      other: await staff('cv.bulk.2', 'specialist', 'Lò Văn Hai'),
    };
    const leaderId = await staff('ld.bulk', 'leader', 'Sùng A Lãnh');
    const provinceLeader = await createStaff(db, {
      username: 'ld.tinh.bulk',
      unitId: provinceId,
      role: 'leader',
      includesSubUnits: true,
    });
    h = {
      desk: await headersFor(t.app, db, desk.id),
      specialist: await headersFor(t.app, db, ids.specialist),
      other: await headersFor(t.app, db, ids.other),
      leader: await headersFor(t.app, db, leaderId),
      province: await headersFor(t.app, db, provinceLeader),
    };
    birth = await procedureByNationalCode(db, '1.001193');
    const names = ['Xìn Thị Bích', 'Xìn Văn Cường', 'Xìn Thị Dung'];
    for (const [i, fullName] of names.entries()) {
      received.push(
        ok(
          await api.counter(h.desk, {
            procedureId: birth.id,
            receivingUnitId: wardId,
            applicant: applicant(fullName, `01019500770${i}`),
            components: birth.requiredComponents,
            fees: birth.fees,
            feesPaid: true,
          }),
          201,
        ),
      );
    }
  });
  afterAll(() => t.close());

  it('forwards several dossiers each on its own: a stale one is refused, the others go ahead', async () => {
    const [a, b] = received as [TDossierDetail, TDossierDetail];
    const before = await countRows(t.database.db, ['dossier_actions']);
    const answer = ok<TBulkActionResult>(
      await bulk(h.desk, {
        action: 'forward',
        items: [...items(a), { id: b.id, expectedVersion: b.version + 1 }],
        note: 'Chuyển chuyên viên',
      }),
    );
    expect(answer.done).toBe(1);
    expect(answer.refused).toBe(1);
    expect(answer.results[0]).toMatchObject({ id: a.id, code: a.code, outcome: 'done', version: a.version + 1 });
    expect(answer.results[1]).toMatchObject({
      id: b.id,
      code: b.code,
      outcome: 'refused',
      version: null,
      problem: { code: 'CONFLICT', status: 409, reason: 'stale_version' },
    });
    expect(await countRows(t.database.db, ['dossier_actions'])).toEqual({
      dossier_actions: (before.dossier_actions ?? 0) + 1,
    });
    expect((await get(b)).version).toBe(b.version);
    const rest = ok<TBulkActionResult>(
      await bulk(h.desk, { action: 'forward', items: items(b, received[2] as TDossierDetail) }),
    );
    expect(rest.done).toBe(2);
    for (const [i, d] of received.entries()) received[i] = await get(d);
    expect(received.map((d) => d.current.step?.id)).toEqual(['process', 'process', 'process']);
  });

  it('lets a leader assign many dossiers to one officer, refusing an officer not of the step per dossier', async () => {
    const [a, b, c] = received as [TDossierDetail, TDossierDetail, TDossierDetail];
    const answer = ok<TBulkActionResult>(
      await bulk(h.leader, { action: 'assign', assigneeId: ids.other, items: items(a, b) }),
    );
    expect(answer.results.map((r) => r.outcome)).toEqual(['done', 'done']);
    expect((await get(a)).current.assignee?.id).toBe(ids.other);
    expect((await get(b)).current.assignee?.id).toBe(ids.other);
    // The desk officer does not hold the specialist step: refused for that dossier, nothing recorded.
    const before = await countRows(t.database.db, TABLES);
    const wrong = ok<TBulkActionResult>(
      await bulk(h.leader, { action: 'assign', assigneeId: ids.desk, items: items(c) }),
    );
    expect(wrong.results[0]?.problem?.code).toBe('VALIDATION_FAILED');
    expect(await countRows(t.database.db, TABLES)).toEqual(before);
    // A specialist may not hand dossiers to someone else.
    const notLeader = ok<TBulkActionResult>(
      await bulk(h.specialist, { action: 'assign', assigneeId: ids.other, items: items(await get(c)) }),
    );
    expect(notLeader.results[0]?.problem?.code).toBe('FORBIDDEN');
    expect(await countRows(t.database.db, TABLES)).toEqual(before);
    for (const [i, d] of received.entries()) received[i] = await get(d);
  });

  it('refuses a bulk body without an officer to assign to, or naming a dossier twice, and writes nothing', async () => {
    const [a] = received as [TDossierDetail];
    const before = await countRows(t.database.db, TABLES);
    const noOfficer = problem(await bulk(h.leader, { action: 'assign', items: items(a) }), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(noOfficer.issues)).toContain('assigneeId');
    problem(
      await bulk(h.leader, { action: 'assign', assigneeId: ids.other, items: [...items(a), ...items(a)] }),
      400,
      'VALIDATION_FAILED',
    );
    problem(await bulk(h.leader, { action: 'assign', assigneeId: ids.other, items: [] }), 400, 'VALIDATION_FAILED');
    problem(await bulk({}, { action: 'forward', items: items(a) }), 401, 'UNAUTHENTICATED');
    expect(await countRows(t.database.db, TABLES)).toEqual(before);
  });

  it('refuses a single action on a stale version with CONFLICT and records nothing', async () => {
    const [, , c] = received as [TDossierDetail, TDossierDetail, TDossierDetail];
    const before = await countRows(t.database.db, TABLES);
    const body = problem(
      await api.act(h.leader, c.id, { action: 'assign', assigneeId: ids.specialist, expectedVersion: c.version - 1 }),
      409,
      'CONFLICT',
    );
    expect(body.reason).toBe('stale_version');
    expect(await countRows(t.database.db, TABLES)).toEqual(before);
  });

  it('filters the queue by time left, unit (with sub-units) and the applicant’s ID number', async () => {
    const list = async (headers: Record<string, string>, query: string) =>
      ok<{ items: TDossierSummary[] }>(await api.list(headers, query)).items;
    const codes = (rows: TDossierSummary[]) => rows.map((d) => d.code).sort();
    const ours = received.map((d) => d.code).sort();
    // Received at 08:00 with four working hours: due 12:30... on time at 08:00, near due in the last 1.5 h.
    const due = new Date(received[0]?.dueAt ?? '');
    expect(codes(await list(h.leader, 'q=xin&timeLeft=onTime'))).toEqual(ours);
    expect(await list(h.leader, 'q=xin&timeLeft=nearDue')).toEqual([]);
    clock.set(new Date(due.getTime() - 30 * 60_000));
    expect(codes(await list(h.leader, 'q=xin&timeLeft=nearDue'))).toEqual(ours);
    expect(await list(h.leader, 'q=xin&timeLeft=overdue')).toEqual([]);
    clock.set(new Date(due.getTime() + 60 * 60_000));
    const overdue = await list(h.leader, 'q=xin&timeLeft=overdue');
    expect(codes(overdue)).toEqual(ours);
    expect(overdue.every((d) => d.overdue)).toBe(true);
    expect(await list(h.leader, 'q=xin&timeLeft=paused')).toEqual([]);
    // The whole overdue list of the province, most late first (earliest due time first).
    const late = await list(h.province, 'timeLeft=overdue&limit=100');
    expect(late.length).toBeGreaterThanOrEqual(3);
    const dues = late.map((d) => new Date(d.dueAt ?? '').getTime());
    expect(dues).toEqual([...dues].sort((x, y) => x - y));
    expect(late.every((d) => d.overdue)).toBe(true);
    // The province's leader sees the ward's dossiers through its sub-units, and can narrow to the ward.
    expect(codes(await list(h.province, `q=xin&unitId=${wardId}`))).toEqual(ours);
    expect(codes(await list(h.province, `q=xin&unitId=${provinceId}`))).toEqual(ours);
    const elsewhere = await t.database.db
      .selectFrom('units')
      .select('id')
      .where('parent_id', '=', provinceId)
      .where('id', '<>', wardId)
      .executeTakeFirstOrThrow();
    expect(await list(h.province, `q=xin&unitId=${elsewhere.id}`)).toEqual([]);
    // A whole ID number finds the dossier; a prefix of it does not.
    expect(codes(await list(h.leader, 'q=010195007701'))).toEqual([received[1]?.code]);
    expect(await list(h.leader, 'q=0101950077')).toEqual([]);
    expect(codes(await list(h.leader, `q=${received[2]?.code.toLowerCase()}`))).toEqual([received[2]?.code]);
    problem(await api.list(h.leader, 'timeLeft=soon'), 400, 'VALIDATION_FAILED');
  });

  it('serves a PDF or an image inline only when asked, still with nosniff, and others as attachments', async () => {
    const image = ok(
      await api.counter(h.desk, {
        procedureId: birth.id,
        receivingUnitId: wardId,
        applicant: applicant('Vừ Thị Ảnh', '010195008801'),
        components: birth.requiredComponents.map((c, i) =>
          i === 0
            ? {
                code: c.code,
                files: [{ filename: 'anh.png', contentType: 'image/png', data: pngBytes().toString('base64') }],
              }
            : c,
        ),
        fees: birth.fees,
      }),
      201,
    );
    const png = image.files.find((f) => f.contentType === 'image/png');
    const pdf = image.files.find((f) => f.contentType === 'application/pdf');
    const url = (id: string | undefined, query = '') => `/api/v1/dossiers/${image.id}/files/${id}${query}`;
    const inlinePng = await t.app.inject({ url: url(png?.id, '?inline=true'), headers: h.desk });
    expect(inlinePng.statusCode).toBe(200);
    expect(inlinePng.headers['content-type']).toBe('image/png');
    expect(inlinePng.headers['content-disposition']).toMatch(/^inline; filename\*=UTF-8''anh\.png$/);
    expect(inlinePng.headers['x-content-type-options']).toBe('nosniff');
    expect(inlinePng.headers['content-security-policy']).toBe("frame-ancestors 'self'");
    const inlinePdf = await t.app.inject({ url: url(pdf?.id, '?inline=true'), headers: h.desk });
    expect(inlinePdf.headers['content-disposition']).toMatch(/^inline;/);
    expect(inlinePdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const attachment = await t.app.inject({ url: url(pdf?.id), headers: h.desk });
    expect(attachment.headers['content-disposition']).toMatch(/^attachment;/);
    problem(await t.app.inject({ url: url(pdf?.id, '?inline=yes'), headers: h.desk }), 400, 'VALIDATION_FAILED');
    problem(await t.app.inject({ url: url(pdf?.id, '?inline=true'), headers: {} }), 401, 'UNAUTHENTICATED');
  });

  it('keeps officers’ internal notes without changing the dossier, refusing empty notes and strangers', async () => {
    const [a] = received as [TDossierDetail];
    const url = `/api/v1/dossiers/${a.id}/notes`;
    const version = (await get(a)).version;
    const added = ok<{ items: { body: string; author: { fullName: string } }[] }>(
      await t.app.inject({ method: 'POST', url, headers: h.other, payload: { body: 'Đã gọi điện cho người nộp.' } }),
      201,
    );
    expect(added.items.map((n) => [n.body, n.author.fullName])).toEqual([['Đã gọi điện cho người nộp.', 'Lò Văn Hai']]);
    expect((await get(a)).version).toBe(version);
    const listed = ok<{ items: unknown[] }>(await t.app.inject({ url, headers: h.leader }));
    expect(listed.items).toHaveLength(1);
    const before = await countRows(t.database.db, ['dossier_notes', 'audit_log']);
    problem(
      await t.app.inject({ method: 'POST', url, headers: h.other, payload: { body: '   ' } }),
      400,
      'VALIDATION_FAILED',
    );
    const stranger = await createStaff(t.database.db, {
      username: 'cv.khac.notes',
      unitId: (
        await t.database.db
          .selectFrom('units')
          .select('id')
          .where('parent_id', '=', provinceId)
          .where('id', '<>', wardId)
          .executeTakeFirstOrThrow()
      ).id,
      role: 'specialist',
    });
    const strangerHeaders = await headersFor(t.app, t.database.db, stranger);
    problem(
      await t.app.inject({ method: 'POST', url, headers: strangerHeaders, payload: { body: 'Xem thử' } }),
      404,
      'NOT_FOUND',
    );
    problem(await t.app.inject({ url, headers: strangerHeaders }), 404, 'NOT_FOUND');
    expect(await countRows(t.database.db, ['dossier_notes', 'audit_log'])).toEqual(before);
  });
});
