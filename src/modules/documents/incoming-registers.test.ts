import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../../../test/support/auth.ts';
import { manualClock } from '../../platform/clock.ts';
import { pdfText } from '../dossiers-print/pdf-test-support.ts';
import { pdfBytes, pngBytes } from '../dossiers/dossiers.fixtures.ts';
import { sendDeadlineReminders } from './deadline-reminders.ts';
import { documentsWorld, draftBody, ok, problem } from './documents.fixtures.ts';
import type { TIncomingDetail, TOverdueList } from './documents.schema.ts';
import { registerIncomingFromExchange } from './register-incoming.ts';

/**
 * The incoming side at the Department of Justice: a paper document registered from its scan, a package handed
 * over by the exchange, a copy released on the platform — one incoming register; deadlines, reminders and the
 * overdue list; and both registers printed as the decree's book forms.
 */
describe('incoming documents, deadlines and the printed registers', () => {
  const clock = manualClock('2026-06-01T08:00:00+07:00');
  let world: Awaited<ReturnType<typeof documentsWorld>>;
  let paper: TIncomingDetail;
  let exchanged: TIncomingDetail;

  beforeAll(async () => {
    world = await documentsWorld(clock);
  });
  afterAll(() => world.t.close());

  const mails = async () => {
    const jobs = await world.t.database.db
      .selectFrom('pgboss.job' as never)
      .select(['data'] as never)
      .where('name' as never, '=', 'mail.send' as never)
      .execute();
    return (jobs as { data: { to: string; subject: string; text: string } }[]).map((j) => j.data);
  };

  it('registers a paper document from its scan with the next incoming number, once per Idempotency-Key', async () => {
    const { api, people, agencies } = world;
    const body = {
      agencyId: agencies.justice.id,
      senderName: 'Bộ Tư pháp',
      senderCode: '000.00.00.G10',
      notation: '125/BTP-VP',
      issuedOn: '2026-05-28',
      typeCode: 'cong-van',
      subject: 'Về việc rà soát thủ tục hành chính lĩnh vực hộ tịch',
      signerName: 'Nguyễn Văn A',
      scan: { filename: 'cv-125.png', contentType: 'image/png', data: pngBytes().toString('base64') },
    };
    paper = ok<TIncomingDetail>(await api.registerPaper(people.justiceClerk.headers, body, 'paper-key-0001'), 201);
    const again = ok<TIncomingDetail>(
      await api.registerPaper(people.justiceClerk.headers, body, 'paper-key-0001'),
      201,
    );
    expect(again.id).toBe(paper.id);
    expect(paper).toMatchObject({ source: 'paper', status: 'registered', incomingNumber: 1, typeName: 'Công văn' });
    expect(paper.files.map((f) => [f.kind, f.contentType])).toEqual([['scan', 'image/png']]);
    const before = await countRows(world.t.database.db, ['incoming_documents']);
    // Registering is the văn thư's: an officer of the agency may not.
    problem(await api.registerPaper(people.justiceOfficer.headers, body), 403, 'FORBIDDEN');
    expect(await countRows(world.t.database.db, ['incoming_documents'])).toEqual(before);
  });

  it('takes a package from the exchange once, pending registration, and reports its registration back', async () => {
    const { t, api, people, agencies, listener } = world;
    const pkg = {
      recipient: { agencyCode: '000.00.03.H38' },
      exchangeRef: 'edxml-7f3a2c',
      senderCode: '000.00.00.H14',
      senderName: 'Ủy ban nhân dân tỉnh Cao Bằng',
      notation: '88/UBND-NC',
      issuedOn: '2026-05-29',
      typeName: 'Công văn',
      typeCode: 'cong-van',
      subject: 'Về việc phối hợp trao đổi kinh nghiệm cải cách tư pháp',
      signerName: 'Hoàng Văn B',
      files: [{ filename: 'cv-88.pdf', contentType: 'application/pdf' as const, bytes: pdfBytes('cv 88') }],
    };
    const first = await t.database.db
      .transaction()
      .execute((trx) => registerIncomingFromExchange(trx, t.app.platform, pkg));
    const second = await t.database.db
      .transaction()
      .execute((trx) => registerIncomingFromExchange(trx, t.app.platform, pkg));
    expect(second).toEqual({ incomingDocumentId: first.incomingDocumentId, duplicate: true });
    exchanged = ok(await api.get(people.justiceClerk.headers, `/incoming/${first.incomingDocumentId}`));
    expect(exchanged).toMatchObject({ source: 'exchange', status: 'pending', agency: { id: agencies.justice.id } });
    exchanged = ok(
      await api.actIncoming(people.justiceClerk.headers, exchanged.id, {
        action: 'register',
        expectedVersion: exchanged.version,
      }),
    );
    expect(exchanged.incomingNumber).toBe(2);
    expect(listener.events.at(-1)).toMatchObject({
      incomingDocumentId: exchanged.id,
      exchangeRef: 'edxml-7f3a2c',
      senderCode: '000.00.00.H14',
      status: 'registered',
      agencyCode: '000.00.03.H38',
    });
  });

  it('lists what is overdue, and reminds handlers by e-mail once before the deadline and daily after it', async () => {
    const { api, people } = world;
    const assign = async (doc: TIncomingDetail, dueOn: string) =>
      ok<TIncomingDetail>(
        await api.actIncoming(people.justiceLeader.headers, doc.id, {
          action: 'assign',
          expectedVersion: doc.version,
          lead: { userId: people.justiceOfficer.id },
          coordinators: [{ userId: people.justiceClerk.id }],
          dueOn,
        }),
      );
    paper = await assign(paper, '2026-06-03');
    exchanged = await assign(exchanged, '2026-06-10');

    clock.set('2026-06-02T07:00:00+07:00');
    expect(await sendDeadlineReminders(world.t.app.platform)).toEqual({ mails: 2, items: 2 });
    expect(await sendDeadlineReminders(world.t.app.platform)).toEqual({ mails: 0, items: 0 });
    const soon = (await mails()).filter((m) => m.to === 'chuyenvien.stp@laocai.gov.vn');
    expect(soon).toHaveLength(1);
    expect(soon[0]?.text).toContain('Văn bản sắp đến hạn xử lý:');
    expect(soon[0]?.text).toContain('Số đến 1, 125/BTP-VP của Bộ Tư pháp');
    expect(soon[0]?.text).not.toContain('88/UBND-NC');

    clock.set('2026-06-05T07:00:00+07:00');
    const overdue = ok<TOverdueList>(await api.get(people.justiceLeader.headers, '/incoming/overdue'));
    expect(overdue.asOf).toBe('2026-06-05');
    expect(overdue.items.map((i) => [i.id, i.daysOverdue, i.leadName])).toEqual([[paper.id, 2, 'Trần Minh Chuyên']]);
    const officers = ok<TOverdueList>(await api.get(people.justiceOfficer.headers, '/incoming/overdue'));
    expect(officers.items.map((i) => i.id)).toEqual([paper.id]);
    const outsider = ok<TOverdueList>(await api.get(people.outsider.headers, '/incoming/overdue'));
    expect(outsider.items).toEqual([]);

    expect(await sendDeadlineReminders(world.t.app.platform)).toEqual({ mails: 2, items: 2 });
    expect(await sendDeadlineReminders(world.t.app.platform)).toEqual({ mails: 0, items: 0 });
    const late = (await mails()).filter(
      (m) => m.to === 'chuyenvien.stp@laocai.gov.vn' && m.text.includes('Văn bản đã quá hạn xử lý:'),
    );
    expect(late).toHaveLength(1);
    expect(late[0]?.text).toContain('125/BTP-VP');
    expect(late[0]?.text).not.toContain('Văn bản sắp đến hạn xử lý:');

    // Completed documents leave the overdue list.
    ok(
      await api.actIncoming(people.justiceOfficer.headers, paper.id, {
        action: 'complete',
        expectedVersion: paper.version,
      }),
    );
    const after = ok<TOverdueList>(await api.get(people.justiceLeader.headers, '/incoming/overdue'));
    expect(after.items).toEqual([]);
  });

  it('prints the outgoing register with the columns of the book and a row per numbered document', async () => {
    const { api, people, agencies } = world;
    clock.set('2026-06-08T09:00:00+07:00');
    const released = await api.toReleased(
      people,
      draftBody(agencies, { subject: 'Về việc tăng cường công tác phổ biến pháp luật', copies: 3 }),
    );
    expect(released.notation).toBe('01/UBND-VP');
    const url = `/registers/outgoing.pdf?agencyId=${agencies.ubnd.id}&from=2026-06-01&to=2026-06-30`;
    const response = await api.get(people.clerk.headers, url);
    expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(response.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('SỔ ĐĂNG KÝ VĂN BẢN ĐI');
    expect(text).toContain('Từ ngày 01/06/2026 đến ngày 30/06/2026');
    // Every column of the book; headers that wrap are checked line by line (pdftotext interleaves wrapped cells).
    const headers = ['Số, ký hiệu', 'Ngày tháng', 'Tên loại và trích yếu nội dung', 'Người ký', 'Nơi nhận'];
    headers.push('Đơn vị, người', 'nhận bản lưu', 'Số lượng bản', 'Ngày chuyển', 'Ký nhận', 'Ghi chú');
    for (const header of headers) {
      expect(text).toContain(header);
    }
    expect(text).toContain('01/UBND-VP');
    expect(text).toContain('08/06/2026');
    expect(text).toContain('Cán bộ ld.ubnd');
    expect(text).toContain('Sở Tư pháp tỉnh Lào Cai');
    expect(text).toContain('phổ biến pháp luật');
    const empty = await api.get(
      people.clerk.headers,
      `/registers/outgoing.pdf?agencyId=${agencies.ubnd.id}&from=2026-01-01&to=2026-01-31`,
    );
    const emptyText = (await pdfText(empty.rawPayload)).replace(/\s+/g, ' ');
    expect(emptyText).toContain('Không có văn bản trong thời gian này.');
    expect(emptyText).not.toContain('01/UBND-VP');
    // The register is the văn thư's: a leader of the agency may not print it.
    problem(await api.get(people.leader.headers, url), 403, 'FORBIDDEN');
  });

  it('prints the incoming register in the order of incoming numbers', async () => {
    const { api, people, agencies } = world;
    const copy = ok<TIncomingDetail>(
      await api.get(people.justiceClerk.headers, '/incoming?status=pending').then(async (r) => {
        const id = r.json().items[0].id as string;
        return api.get(people.justiceClerk.headers, `/incoming/${id}`);
      }),
    );
    ok(
      await api.actIncoming(people.justiceClerk.headers, copy.id, {
        action: 'register',
        expectedVersion: copy.version,
      }),
    );
    const response = await api.get(
      people.justiceClerk.headers,
      `/registers/incoming.pdf?agencyId=${agencies.justice.id}&from=2026-06-01&to=2026-06-30`,
    );
    expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    const text = (await pdfText(response.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('SỔ ĐĂNG KÝ VĂN BẢN ĐẾN');
    for (const header of ['Ngày đến', 'Số đến', 'Tác giả', 'Ngày tháng', 'Đơn vị hoặc người nhận', 'Ký nhận']) {
      expect(text).toContain(header);
    }
    expect(text).toContain('125/BTP-VP');
    expect(text).toContain('88/UBND-NC');
    expect(text).toContain('01/UBND-VP');
    expect(text).toContain('Bộ Tư pháp');
    expect(text).toContain('Trần Minh Chuyên');
    // Rows follow the incoming numbers 1, 2, 3.
    const order = ['125/BTP-VP', '88/UBND-NC', '01/UBND-VP'].map((n) => text.indexOf(n));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    problem(
      await api.get(
        people.clerk.headers,
        `/registers/incoming.pdf?agencyId=${agencies.justice.id}&from=2026-06-01&to=2026-06-30`,
      ),
      403,
      'FORBIDDEN',
    );
  });
});
