import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../../../test/support/auth.ts';
import { manualClock } from '../../platform/clock.ts';
import { draftBody, ok, problem } from '../documents/documents.fixtures.ts';
import type { TIncomingDetail, TOutgoingDetail } from '../documents/documents.schema.ts';
import { pdfBytes } from '../dossiers/dossiers.fixtures.ts';
import type { TRecordDetail, TRecordSummary } from './tasks.schema.ts';
import { registeredIncoming, workWorld } from './tasks.fixtures.ts';

/**
 * A work record's whole life at the Department of Justice: its officer opens it, files an outgoing document, an
 * incoming document, a one-stop dossier and a note with a PDF; closes it; the leader reopens it; closed again, the
 * văn thư receives it for the archive, after which nobody reopens it. What the officer cannot see is not filed.
 */
describe('a work record from opening to the archive', () => {
  const clock = manualClock('2026-03-02T08:00:00+07:00');
  let world: Awaited<ReturnType<typeof workWorld>>;
  let record: TRecordDetail;
  let outgoing: TOutgoingDetail;
  let foreignOutgoing: TOutgoingDetail;
  let incoming: TIncomingDetail;
  let visibleDossierId: string;
  let foreignDossierId: string;
  const counted = ['work_records', 'work_record_items', 'work_record_actions', 'audit_log'];

  beforeAll(async () => {
    world = await workWorld(clock);
    const { api, agencies, people, t } = world;
    outgoing = ok<TOutgoingDetail>(
      await api.draft(
        people.justiceOfficer.headers,
        draftBody(agencies, {
          agencyId: agencies.justice.id,
          draftingAgencyId: agencies.justice.id,
          subject: 'Báo cáo kết quả chuyển đổi số ngành tư pháp',
          recipients: [{ kind: 'platform', agencyId: agencies.ubnd.id }],
        }),
      ),
      201,
    );
    foreignOutgoing = ok<TOutgoingDetail>(await api.draft(people.drafter.headers, draftBody(agencies)), 201);
    incoming = await registeredIncoming(world, '125/BTP-VP', 'Về việc hướng dẫn lập hồ sơ công việc');
    const dossiers = await t.database.db.selectFrom('dossiers').select(['id', 'assignee_id']).execute();
    visibleDossierId = dossiers.find((d) => d.assignee_id === people.justiceOfficer.id)?.id ?? '';
    const others = [];
    for (const d of dossiers) {
      const seen = await t.app.inject({
        method: 'GET',
        url: `/api/v1/dossiers/${d.id}`,
        headers: people.justiceOfficer.headers,
      });
      if (seen.statusCode === 404) others.push(d.id);
    }
    foreignDossierId = others[0] ?? '';
    expect(visibleDossierId).not.toBe('');
    expect(foreignDossierId).not.toBe('');
  });
  afterAll(() => world.t.close());

  it('is opened once per Idempotency-Key by an officer, for their agency only', async () => {
    const { work, people, agencies, t } = world;
    const body = {
      agencyId: agencies.justice.id,
      title: 'Hồ sơ xây dựng kế hoạch chuyển đổi số',
      code: '05.KH',
      retention: 10,
      description: 'Kế hoạch chuyển đổi số ngành tư pháp năm 2026',
    };
    record = ok<TRecordDetail>(await work.openRecord(people.justiceOfficer.headers, body, 'record-key-0001'), 201);
    const again = ok<TRecordDetail>(await work.openRecord(people.justiceOfficer.headers, body, 'record-key-0001'), 201);
    expect(again.id).toBe(record.id);
    expect(record).toMatchObject({
      status: 'open',
      version: 1,
      year: 2026,
      retention: 10,
      code: '05.KH',
      owner: { id: people.justiceOfficer.id },
      items: [],
      allowedActions: ['file', 'close'],
    });
    const before = await countRows(t.database.db, counted);
    // The same code twice in the agency's list for the year, and an agency outside the officer's units.
    problem(await work.openRecord(people.justiceOfficer.headers, body), 409, 'ALREADY_EXISTS');
    problem(
      await work.openRecord(people.justiceOfficer.headers, { ...body, code: '06.KH', agencyId: agencies.finance.id }),
      403,
      'FORBIDDEN',
    );
    expect(await countRows(t.database.db, counted)).toEqual(before);
  });

  it('files an outgoing and an incoming document, a dossier and a note in order', async () => {
    const { work, people } = world;
    const file = async (item: object) => {
      record = ok(
        await work.actRecord(people.justiceOfficer.headers, record.id, {
          action: 'file',
          expectedVersion: record.version,
          item,
        }),
      );
    };
    clock.set('2026-03-02T09:00:00+07:00');
    await file({ kind: 'outgoing', documentId: outgoing.id });
    await file({ kind: 'incoming', documentId: incoming.id });
    await file({ kind: 'dossier', dossierId: visibleDossierId });
    await file({
      kind: 'note',
      title: 'Biên bản họp triển khai',
      text: 'Họp ngày 02/3/2026',
      file: { filename: 'bien-ban.pdf', contentType: 'application/pdf', data: pdfBytes('bien-ban').toString('base64') },
    });
    expect(record.items.map((i) => [i.position, i.kind, i.refId])).toEqual([
      [1, 'outgoing', outgoing.id],
      [2, 'incoming', incoming.id],
      [3, 'dossier', visibleDossierId],
      [4, 'note', null],
    ]);
    expect(record.items[1]?.label).toBe('125/BTP-VP – Về việc hướng dẫn lập hồ sơ công việc');
    expect(record.items.every((i) => i.filedBy?.id === people.justiceOfficer.id)).toBe(true);
    expect(record.items[0]?.filedAt).toBe('2026-03-02T02:00:00.000Z');
    expect(record).toMatchObject({ itemCount: 4, version: 5 });
    const note = record.items[3];
    const download = await work.get(people.justiceOfficer.headers, `/records/${record.id}/items/${note?.id}/file`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.body).toContain('bien-ban');
  });

  it('files nothing the officer cannot see, nothing twice, and nothing on a stale version', async () => {
    const { work, people, t } = world;
    const before = await countRows(t.database.db, counted);
    const attempt = (item: object, expectedVersion = record.version) =>
      work.actRecord(people.justiceOfficer.headers, record.id, { action: 'file', expectedVersion, item });
    problem(await attempt({ kind: 'outgoing', documentId: foreignOutgoing.id }), 404, 'NOT_FOUND');
    problem(await attempt({ kind: 'dossier', dossierId: foreignDossierId }), 404, 'NOT_FOUND');
    problem(await attempt({ kind: 'incoming', documentId: foreignOutgoing.id }), 404, 'NOT_FOUND');
    const twice = problem(
      await attempt({ kind: 'incoming', documentId: incoming.id }),
      409,
      'RECORD_ACTION_NOT_ALLOWED',
    );
    expect(twice.reason).toBe('already_filed');
    problem(await attempt({ kind: 'note', title: 'Ghi chú' }, record.version - 1), 409, 'CONFLICT');
    const fake = {
      filename: 'x.pdf',
      contentType: 'application/pdf',
      data: Buffer.from('not a pdf').toString('base64'),
    };
    problem(await attempt({ kind: 'note', title: 'Giả', file: fake }), 400, 'VALIDATION_FAILED');
    // Another agency's officer does not learn that the record exists.
    problem(await work.get(people.outsider.headers, `/records/${record.id}`), 404, 'NOT_FOUND');
    problem(
      await work.actRecord(people.outsider.headers, record.id, {
        action: 'close',
        expectedVersion: record.version,
        note: 'x',
        pageCount: 1,
      }),
      404,
      'NOT_FOUND',
    );
    expect(await countRows(t.database.db, counted)).toEqual(before);
  });

  it('is closed by its officer, reopened only by a leader, closed again and handed over to the archive', async () => {
    const { work, people, t } = world;
    const act = (headers: Record<string, string>, body: object) =>
      work.actRecord(headers, record.id, { expectedVersion: record.version, ...body });
    record = ok(await act(people.justiceOfficer.headers, { action: 'close', note: 'Kết thúc hồ sơ', pageCount: 23 }));
    expect(record).toMatchObject({ status: 'closed', pageCount: 23, closingNote: 'Kết thúc hồ sơ', itemCount: 4 });
    const before = await countRows(t.database.db, counted);
    problem(await act(people.justiceOfficer.headers, { action: 'reopen', note: 'Bổ sung' }), 403, 'FORBIDDEN');
    problem(
      await act(people.justiceOfficer.headers, { action: 'file', item: { kind: 'note', title: 'Muộn' } }),
      409,
      'RECORD_ACTION_NOT_ALLOWED',
    );
    expect(await countRows(t.database.db, counted)).toEqual(before);
    const leaderView = ok<TRecordDetail>(await work.get(people.justiceLeader.headers, `/records/${record.id}`));
    expect(leaderView.allowedActions).toEqual(['reopen']);
    record = ok(await act(people.justiceLeader.headers, { action: 'reopen', note: 'Bổ sung văn bản còn thiếu' }));
    expect(record).toMatchObject({ status: 'open', closedAt: null });
    record = ok(await act(people.justiceOfficer.headers, { action: 'close', note: 'Kết thúc lần 2', pageCount: 25 }));
    clock.set('2026-03-04T10:00:00+07:00');
    problem(
      await act(people.justiceClerk.headers, { action: 'hand_over', handedOverOn: '2026-03-05' }),
      400,
      'VALIDATION_FAILED',
    );
    record = ok(await act(people.justiceClerk.headers, { action: 'hand_over' }));
    expect(record).toMatchObject({
      status: 'archived',
      handedOverOn: '2026-03-04',
      archivist: { id: people.justiceClerk.id },
      allowedActions: [],
    });
    expect(record.history.map((h) => h.action)).toEqual([
      'open',
      'file',
      'file',
      'file',
      'file',
      'close',
      'reopen',
      'close',
      'hand_over',
    ]);
    const after = await countRows(t.database.db, counted);
    const refused = problem(
      await act(people.justiceLeader.headers, { action: 'reopen', note: 'Sửa' }),
      409,
      'RECORD_ACTION_NOT_ALLOWED',
    );
    expect(refused).toMatchObject({ status: 'archived', allowed: [] });
    expect(await countRows(t.database.db, counted)).toEqual(after);
  });

  it('is found ignoring accents and case by title, code and the notation of what is filed', async () => {
    const { work, people } = world;
    const search = async (headers: Record<string, string>, q: string) =>
      ok<{ items: TRecordSummary[] }>(await work.get(headers, `/records?q=${encodeURIComponent(q)}`)).items.map(
        (r) => r.id,
      );
    expect(await search(people.justiceOfficer.headers, 'ho so xay dung')).toEqual([record.id]);
    expect(await search(people.justiceOfficer.headers, 'HỒ SƠ XÂY')).toEqual([record.id]);
    expect(await search(people.justiceLeader.headers, '05.kh')).toEqual([record.id]);
    expect(await search(people.justiceLeader.headers, '125/btp')).toEqual([record.id]);
    expect(await search(people.justiceLeader.headers, 'huong dan lap ho so')).toEqual([record.id]);
    expect(await search(people.justiceLeader.headers, 'ke hoach tai chinh')).toEqual([]);
    expect(await search(people.outsider.headers, 'ho so xay dung')).toEqual([]);
  });
});
