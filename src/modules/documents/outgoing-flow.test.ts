import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../../../test/support/auth.ts';
import { manualClock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { createStaff, headersFor } from '../dossiers/dossiers.fixtures.ts';
import { TEST_SIGNATURE_MARKER, documentsWorld, draftBody, ok, pdfUpload } from './documents.fixtures.ts';
import type { TIncomingDetail, TOutgoingDetail } from './documents.schema.ts';

/**
 * The whole road of an official document between two agencies on the platform: the Office drafts a Quyết định for
 * the provincial People's Committee → reviewed → approved → signed → released (numbered by the system); the
 * Department of Justice finds it pending in its inbox, its văn thư registers it, its leader assigns it, its officer
 * completes it — and the sender sees each of those statuses.
 */
describe('an outgoing document from drafting to completion at the receiving agency', () => {
  const clock = manualClock('2026-03-02T08:00:00+07:00');
  let world: Awaited<ReturnType<typeof documentsWorld>>;
  let doc: TOutgoingDetail;
  let incoming: TIncomingDetail;

  beforeAll(async () => {
    world = await documentsWorld(clock);
  });
  afterAll(() => world.t.close());

  it('drafts once per Idempotency-Key, with the main PDF and an attachment', async () => {
    const { api, agencies, people } = world;
    const body = draftBody(agencies, {
      typeCode: 'quyet-dinh',
      subject: 'Quyết định phê duyệt Kế hoạch chuyển đổi số tỉnh Lào Cai năm 2026',
      urgency: 'urgent',
      intendedSignerId: people.leader.id,
      copies: 5,
      archiveHolder: 'Văn phòng UBND tỉnh',
      recipients: [
        { kind: 'platform', agencyId: agencies.justice.id },
        { kind: 'internal', agencyId: agencies.office.id },
        { kind: 'external', code: '000.00.00.H14', name: 'Ủy ban nhân dân tỉnh Cao Bằng' },
      ],
      attachments: [pdfUpload('phu-luc.pdf')],
    });
    const first = await api.draft(people.drafter.headers, body, 'draft-key-0001');
    doc = ok<TOutgoingDetail>(first, 201);
    const again = ok<TOutgoingDetail>(await api.draft(people.drafter.headers, body, 'draft-key-0001'), 201);
    expect(again.id).toBe(doc.id);
    expect(await countRows(world.t.database.db, ['outgoing_documents'])).toEqual({ outgoing_documents: 1 });
    expect(doc).toMatchObject({
      status: 'draft',
      version: 1,
      typeName: 'Quyết định',
      notation: null,
      draftingAgency: { id: agencies.office.id },
      allowedActions: ['revise', 'submit', 'cancel'],
    });
    expect(doc.recipients.map((r) => [r.kind, r.status])).toEqual([
      ['platform', 'waiting'],
      ['internal', 'waiting'],
      ['external', 'waiting'],
    ]);
    expect(doc.files.map((f) => f.kind).sort()).toEqual(['attachment', 'main']);
  });

  it('is returned with comments, revised and passes review, approval and signature', async () => {
    const { api, people } = world;
    doc = ok(await api.act(people.drafter.headers, doc.id, { action: 'submit', expectedVersion: doc.version }));
    doc = ok(
      await api.act(people.clerk.headers, doc.id, {
        action: 'return',
        expectedVersion: doc.version,
        note: 'Sửa trích yếu cho đúng thể thức',
      }),
    );
    expect(doc.status).toBe('returned');
    doc = ok(
      await api.act(people.drafter.headers, doc.id, {
        action: 'revise',
        expectedVersion: doc.version,
        subject: 'Phê duyệt Kế hoạch chuyển đổi số tỉnh Lào Cai năm 2026',
        mainFile: pdfUpload('du-thao-2.pdf'),
      }),
    );
    doc = ok(await api.act(people.drafter.headers, doc.id, { action: 'submit', expectedVersion: doc.version }));
    doc = ok(await api.act(people.clerk.headers, doc.id, { action: 'review', expectedVersion: doc.version }));
    doc = ok(await api.act(people.leader.headers, doc.id, { action: 'approve', expectedVersion: doc.version }));
    clock.set('2026-03-02T15:00:00+07:00');
    doc = ok(await api.act(people.leader.headers, doc.id, { action: 'sign', expectedVersion: doc.version }));
    expect(doc).toMatchObject({ status: 'signed', signerId: people.leader.id, signerName: 'Cán bộ ld.ubnd' });
    expect(doc.history.map((h) => h.action)).toEqual([
      'draft',
      'submit',
      'return',
      'revise',
      'submit',
      'review',
      'approve',
      'sign',
    ]);
    expect(doc.history[2]?.note).toBe('Sửa trích yếu cho đúng thể thức');
    const signed = doc.files.find((f) => f.kind === 'signed');
    const response = await api.get(people.clerk.headers, `/outgoing/${doc.id}/files/${signed?.id}`);
    expect(response.statusCode).toBe(200);
    // The signed file is the second draft (the revision's main text) with the signer's mark.
    expect(response.body).toContain('du-thao-2.pdf');
    expect(response.body).toContain(`${TEST_SIGNATURE_MARKER} ${people.leader.id}`);
  });

  it('is numbered by the system at release and reaches every recipient in the same transaction', async () => {
    const { api, people, agencies, exchange } = world;
    clock.set('2026-03-03T09:00:00+07:00');
    doc = ok(await api.act(people.clerk.headers, doc.id, { action: 'release', expectedVersion: doc.version }));
    expect(doc).toMatchObject({ status: 'released', number: 1, numberYear: 2026, notation: '01/QĐ-UBND' });
    expect(doc.issuedOn).toBe('2026-03-03');
    expect(doc.recipients.map((r) => [r.kind, r.status])).toEqual([
      ['platform', 'delivered'],
      ['internal', 'delivered'],
      ['external', 'queued'],
    ]);
    expect(exchange.sent).toEqual([{ documentId: doc.id, recipientCode: '000.00.00.H14' }]);
    const incomingId = doc.recipients[0]?.incomingDocumentId ?? '';
    // The receiving văn thư finds it pending registration in the agency's inbox.
    const inbox = ok<{ items: { id: string; status: string }[] }>(
      await api.get(people.justiceClerk.headers, `/incoming?agencyId=${agencies.justice.id}`),
    );
    expect(inbox.items.map((i) => [i.id, i.status])).toEqual([[incomingId, 'pending']]);
    incoming = ok(await api.get(people.justiceClerk.headers, `/incoming/${incomingId}`));
    expect(incoming).toMatchObject({
      source: 'platform',
      senderName: 'Ủy ban nhân dân tỉnh Lào Cai',
      notation: '01/QĐ-UBND',
      issuedOn: '2026-03-03',
      typeName: 'Quyết định',
      signerName: 'Cán bộ ld.ubnd',
      incomingNumber: null,
      allowedActions: ['register', 'refuse'],
    });
    const main = incoming.files.find((f) => f.kind === 'main');
    const file = await api.get(people.justiceClerk.headers, `/incoming/${incomingId}/files/${main?.id}`);
    expect(file.body).toContain(TEST_SIGNATURE_MARKER);
    expect(incoming.files.map((f) => f.kind).sort()).toEqual(['attachment', 'main']);
  });

  it('is registered, assigned, handled and completed there, and the sender sees each status', async () => {
    const { api, people, listener } = world;
    incoming = ok(
      await api.actIncoming(people.justiceClerk.headers, incoming.id, {
        action: 'register',
        expectedVersion: incoming.version,
      }),
    );
    expect(incoming).toMatchObject({ status: 'registered', incomingNumber: 1, incomingYear: 2026 });
    incoming = ok(
      await api.actIncoming(people.justiceClerk.headers, incoming.id, {
        action: 'present',
        expectedVersion: incoming.version,
        leaderId: people.justiceLeader.id,
      }),
    );
    incoming = ok(
      await api.actIncoming(people.justiceLeader.headers, incoming.id, {
        action: 'assign',
        expectedVersion: incoming.version,
        lead: { userId: people.justiceOfficer.id },
        informed: [{ userId: people.justiceClerk.id }],
        dueOn: '2026-03-10',
        note: 'Giao chuyên viên tham mưu triển khai',
      }),
    );
    expect(incoming).toMatchObject({ status: 'assigned', handlingDueOn: '2026-03-10' });
    expect(incoming.assignments.map((a) => [a.role, a.userId])).toEqual([
      ['lead', people.justiceOfficer.id],
      ['inform', people.justiceClerk.id],
    ]);
    // The officer handles it: it is in their list, they report progress and complete it.
    const mine = ok<{ items: { id: string }[] }>(await api.get(people.justiceOfficer.headers, '/incoming'));
    expect(mine.items.map((i) => i.id)).toContain(incoming.id);
    incoming = ok(
      await api.actIncoming(people.justiceOfficer.headers, incoming.id, {
        action: 'record_progress',
        expectedVersion: incoming.version,
        note: 'Đã dự thảo kế hoạch triển khai',
      }),
    );
    incoming = ok(
      await api.actIncoming(people.justiceOfficer.headers, incoming.id, {
        action: 'complete',
        expectedVersion: incoming.version,
      }),
    );
    expect(incoming.status).toBe('completed');
    expect(listener.events.map((e) => e.status)).toEqual(['registered', 'assigned', 'in_progress', 'completed']);
    const sender = ok<TOutgoingDetail>(await api.get(people.clerk.headers, `/outgoing/${doc.id}`));
    expect(sender.recipients[0]?.status).toBe('completed');
  });

  it('finds documents by words of the subject ignoring accents and case, only within scope', async () => {
    const { api, people } = world;
    const found = ok<{ items: { id: string }[] }>(
      await api.get(people.clerk.headers, `/outgoing?q=${encodeURIComponent('CHUYEN DOI SO tinh lao cai')}`),
    );
    expect(found.items.map((i) => i.id)).toEqual([doc.id]);
    const byNotation = ok<{ items: { id: string }[] }>(
      await api.get(people.clerk.headers, `/outgoing?q=${encodeURIComponent('01/QĐ')}`),
    );
    expect(byNotation.items.map((i) => i.id)).toEqual([doc.id]);
    const none = ok<{ items: unknown[] }>(await api.get(people.clerk.headers, '/outgoing?q=ngan%20sach'));
    expect(none.items).toEqual([]);
    const incomingFound = ok<{ items: { id: string }[] }>(
      await api.get(people.justiceClerk.headers, `/incoming?q=${encodeURIComponent('ke hoach CHUYỂN ĐỔI')}`),
    );
    expect(incomingFound.items.map((i) => i.id)).toEqual([incoming.id]);
    const outsider = ok<{ items: unknown[] }>(await api.get(people.outsider.headers, '/outgoing?q=chuyen%20doi'));
    expect(outsider.items).toEqual([]);
  });

  it('shows a released document to the internal units it was sent to for information, not before', async () => {
    const { t, api, agencies, people } = world;
    const db = t.database.db;
    // A division of the People's Committee's office, set up as an internal unit of the committee.
    const divisionId = newId();
    await db
      .insertInto('agencies')
      .values({
        id: divisionId,
        unit_id: agencies.ubnd.unit_id,
        parent_id: agencies.office.id,
        name: 'Phòng Kinh tế',
        kind: 'office',
      })
      .execute();
    await db
      .insertInto('document_agency_settings')
      .values({ agency_id: divisionId, abbreviation: 'KT', internal_of_agency_id: agencies.ubnd.id })
      .execute();
    const economistId = await createStaff(db, {
      username: 'cv.kt',
      unitId: agencies.ubnd.unit_id,
      agencyId: divisionId,
      role: 'specialist',
    });
    const economist = await headersFor(t.app, db, economistId);
    const signed = await api.toSigned(
      people,
      draftBody(agencies, {
        subject: 'Thông báo kết luận giao ban',
        recipients: [
          { kind: 'platform', agencyId: agencies.justice.id },
          { kind: 'internal', agencyId: divisionId },
        ],
      }),
    );
    expect((await api.get(economist, `/outgoing/${signed.id}`)).statusCode).toBe(404);
    const released = ok<TOutgoingDetail>(
      await api.act(people.clerk.headers, signed.id, { action: 'release', expectedVersion: signed.version }),
    );
    const seen = ok<TOutgoingDetail>(await api.get(economist, `/outgoing/${signed.id}`));
    expect(seen).toMatchObject({ status: 'released', notation: released.notation, allowedActions: [] });
    const list = ok<{ items: { id: string }[] }>(await api.get(economist, '/outgoing'));
    expect(list.items.map((i) => i.id)).toEqual([signed.id]);
  });
});
