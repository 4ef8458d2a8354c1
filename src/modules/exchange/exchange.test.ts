import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, signInAs } from '../../../test/support/auth.ts';
import { seedDemo } from '../../seed/index.ts';
import * as exchange from './exchange.service.ts';
import { makeIdentity, sampleHeader } from './exchange-test-support.ts';
import {
  A_SENDER,
  B_AGENCY,
  type Instance,
  NOT_ON_B,
  SYSTEM,
  TABLES_B,
  eventually,
  freePort,
  hostAgency,
  memorySink,
  startInstance,
} from './instances-test-support.ts';
import { type OutgoingDocument, createExchangeOutbox } from './outgoing.ts';

/**
 * Two platform instances, each with its own database and signing key, talking over real HTTP on 127.0.0.1: A (the
 * Lào Cai demo) sends documents from Văn phòng UBND tỉnh to UBND tỉnh Cao Bằng, hosted by B.
 */

describe('edXML exchange between two platform instances', () => {
  const idA = makeIdentity('Văn phòng UBND tỉnh Lào Cai');
  const idB = makeIdentity('UBND tỉnh Cao Bằng', 'UBND tỉnh Cao Bằng');
  const registerB = memorySink();
  /** A man in the middle on A's outgoing link: when set, it changes the package after A signed it. */
  let tamper = false;
  let a: Instance;
  let b: Instance;
  let bPort: number;
  let bUrl: string;

  async function send(input: Partial<OutgoingDocument> & { to?: string[]; number?: string } = {}) {
    const header = { ...sampleHeader(A_SENDER, input.to ?? [B_AGENCY], input.number ?? '125'), ...input.header };
    const { packageIds, documentId } = await a.database.db.transaction().execute((trx) =>
      createExchangeOutbox(a.app.platform).send(trx, {
        header,
        attachments: input.attachments ?? [
          {
            contentId: randomUUID(),
            name: 'Công văn.pdf',
            contentType: 'application/pdf',
            content: new Uint8Array(Buffer.from('%PDF-1.7 công văn')),
          },
        ],
        ...(input.business ? { business: input.business } : {}),
      }),
    );
    return { packageId: packageIds[0] as string, documentId };
  }

  async function traceA(packageId: string) {
    return exchange.getPackage({ ...SYSTEM, db: a.database.db }, packageId);
  }

  async function settled(packageId: string) {
    return eventually(async () => {
      const p = await traceA(packageId);
      return p.state !== 'pending' && p;
    });
  }

  beforeAll(async () => {
    bPort = await freePort();
    bUrl = `http://127.0.0.1:${bPort}`;
    a = await startInstance(idA, undefined, async (url, init) => {
      if (tamper && typeof init?.body === 'string') {
        return fetch(url, { ...init, body: init.body.replace('V/v triển khai', 'V/v đình chỉ') });
      }
      return fetch(url, init);
    });
    b = await startInstance(idB, registerB.sink);
    await seedDemo(a.database.db);
    await hostAgency(b.database.db, B_AGENCY, 'Ủy ban nhân dân tỉnh Cao Bằng');
    const aUrl = await a.listen();
    // B's address book, set up by its platform operator.
    const peerA = await exchange.createPeer(
      { ...SYSTEM, db: b.database.db },
      { name: 'Chính quyền số Lào Cai', baseUrl: aUrl, certificatePem: idA.certificatePem },
    );
    await exchange.putRemoteAgency(
      { ...SYSTEM, db: b.database.db },
      { organId: A_SENDER, name: 'Văn phòng UBND tỉnh Lào Cai', peerId: peerA.id },
    );
  }, 120_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('lets the provincial administrator of A pin peer B and list its agencies; a commune administrator may not', async () => {
    const admin = await signInAs(a.app, a.database.db, 'quantri');
    const peer = await a.app.inject({
      method: 'POST',
      url: '/api/v1/exchange/peers',
      headers: admin.headers,
      payload: { name: 'Chính quyền số Cao Bằng', baseUrl: bUrl, certificatePem: idB.certificatePem },
    });
    expect(peer.statusCode).toBe(201);
    expect(peer.json().certificateSubject).toBe('CN=UBND tỉnh Cao Bằng,O=UBND tỉnh Cao Bằng,C=VN');
    for (const [organId, name] of [
      [B_AGENCY, 'UBND tỉnh Cao Bằng'],
      [NOT_ON_B, 'Sở Tư pháp tỉnh Cao Bằng'],
    ]) {
      const put = await a.app.inject({
        method: 'PUT',
        url: `/api/v1/exchange/address-book/${organId}`,
        headers: admin.headers,
        payload: { name, peerId: peer.json().id },
      });
      expect(put.statusCode).toBe(200);
    }
    const local = await a.app.inject({
      method: 'PUT',
      url: `/api/v1/exchange/address-book/${A_SENDER}`,
      headers: admin.headers,
      payload: { name: 'Văn phòng', peerId: peer.json().id },
    });
    expect([local.statusCode, local.json().code]).toEqual([409, 'CONFLICT']);
    const book = await a.app.inject({ url: '/api/v1/exchange/address-book', headers: admin.headers });
    expect(book.json().items).toContainEqual(
      expect.objectContaining({ organId: B_AGENCY, location: 'remote', peerId: peer.json().id }),
    );
    expect(book.json().items).toContainEqual(expect.objectContaining({ organId: A_SENDER, location: 'local' }));

    const commune = await signInAs(a.app, a.database.db, 'quantri.phuonglaocai');
    const before = await countRows(a.database.db, ['exchange_peers', 'audit_log']);
    const refused = await a.app.inject({
      method: 'POST',
      url: '/api/v1/exchange/peers',
      headers: commune.headers,
      payload: { name: 'Giả', baseUrl: 'http://127.0.0.1:9', certificatePem: idB.certificatePem },
    });
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'FORBIDDEN']);
    expect(await countRows(a.database.db, ['exchange_peers', 'audit_log'])).toEqual(before);
  });

  it('retries while B is down and delivers exactly once when B comes up; B registers it and acknowledges 01', async () => {
    const { packageId, documentId } = await send();
    const failed = await eventually(async () => {
      const p = await traceA(packageId);
      return p.trace.filter((t) => t.event === 'attempt_failed').length >= 2 && p;
    });
    expect(failed.state).toBe('pending');
    expect(failed.trace[0]?.event).toBe('queued');
    expect(failed.lastError).toMatch(/unreachable/);
    expect(registerB.calls).toHaveLength(0);

    await b.listen(bPort);
    const delivered = await settled(packageId);
    expect(delivered.state).toBe('delivered');
    expect(delivered.trace.at(-1)).toMatchObject({ event: 'status', statusCode: '01', organId: B_AGENCY });
    expect(registerB.calls).toHaveLength(1);
    const registered = registerB.calls[0]?.incoming;
    expect(registered?.message.header.documentId).toBe(documentId);
    expect(registered?.recipient.organId).toBe(B_AGENCY);
    expect(registered?.signer.subject).toBe('CN=Văn phòng UBND tỉnh Lào Cai,O=UBND tỉnh Lào Cai,C=VN');
    expect(Buffer.from(registered?.message.attachments[0]?.content ?? []).toString()).toBe('%PDF-1.7 công văn');
    // B's own trace: received (01), with the document the register gave.
    const incoming = await exchange.getPackage({ ...SYSTEM, db: b.database.db }, registered?.packageId ?? '');
    expect(incoming).toMatchObject({
      direction: 'incoming',
      state: 'received',
      incomingDocumentId: 'VBD-1',
      lastStatusCode: '01',
    });
    expect(incoming.trace).toEqual([expect.objectContaining({ event: 'status', statusCode: '01' })]);
    // A sweep later changes nothing: delivered once.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(registerB.calls).toHaveLength(1);
    expect(await countRows(b.database.db, ['exchange_packages'])).toEqual({ exchange_packages: 1 });
  }, 60_000);

  it('carries the statuses B reports (03 accepted, 04 assigned) back into A’s trace', async () => {
    const [first] = registerB.calls;
    for (const [code, reason] of [
      ['03', 'Đã vào sổ văn bản đến số 45'],
      ['04', 'Giao Văn phòng UBND tỉnh xử lý'],
    ] as const) {
      await b.database.db.transaction().execute((trx) =>
        createExchangeOutbox(b.app.platform).reportIncomingStatus(trx, {
          documentId: 'VBD-1',
          code,
          reason,
          staff: { department: 'Văn thư', staff: 'Hoàng E' },
        }),
      );
    }
    const sent = await a.database.db
      .selectFrom('exchange_packages')
      .select('id')
      .where('direction', '=', 'outgoing')
      .executeTakeFirstOrThrow();
    const trace = await eventually(async () => {
      const p = await traceA(sent.id);
      return p.lastStatusCode === '04' && p.trace;
    });
    expect(trace.filter((t) => t.event === 'status').map((t) => [t.statusCode, t.reason])).toEqual([
      ['01', expect.stringContaining('Đã đến')],
      ['03', 'Đã vào sổ văn bản đến số 45'],
      ['04', 'Giao Văn phòng UBND tỉnh xử lý'],
    ]);
    const incoming = await exchange.getPackage({ ...SYSTEM, db: b.database.db }, first?.incoming.packageId ?? '');
    expect(incoming.trace.map((t) => t.statusCode)).toEqual(['01', '03', '04']);
  }, 30_000);

  it('sends a recall request (13) that reaches B’s trace and register', async () => {
    const sent = await a.database.db
      .selectFrom('exchange_packages')
      .select('id')
      .where('direction', '=', 'outgoing')
      .where('kind', '=', 'edoc')
      .orderBy('created_at')
      .executeTakeFirstOrThrow();
    await a.database.db.transaction().execute((trx) =>
      createExchangeOutbox(a.app.platform).requestRecall(trx, {
        packageId: sent.id,
        reason: 'Đề nghị trả lại để sửa',
      }),
    );
    const recall = await eventually(async () => registerB.recalls[0]);
    expect(recall).toMatchObject({ target: { incomingDocumentId: 'VBD-1' }, reason: 'Đề nghị trả lại để sửa' });
    // The register hears of the recall inside B's transaction; the trace row is readable once that commits.
    const incoming = await eventually(async () => {
      const found = await exchange.getPackage({ ...SYSTEM, db: b.database.db }, recall.target.packageId);
      return found.trace.some((t) => t.statusCode === '13') && found;
    });
    expect(incoming.trace.map((t) => t.statusCode)).toEqual(['01', '03', '04', '13']);
    const lastA = await eventually(async () => {
      const last = (await traceA(sent.id)).trace.at(-1);
      return last?.statusCode === '13' && last;
    });
    expect(lastA).toMatchObject({ event: 'status', statusCode: '13' });
  }, 30_000);

  it('refuses a package changed in transit; A’s trace says the signature failed and B registers nothing', async () => {
    const before = await countRows(b.database.db, TABLES_B);
    tamper = true;
    const { packageId } = await send({ number: '126' });
    const refused = await settled(packageId);
    tamper = false;
    expect(refused.state).toBe('refused');
    expect(refused.trace.at(-1)).toMatchObject({
      event: 'refused',
      statusCode: '02',
      reason: expect.stringContaining('EXCHANGE_SIGNATURE_INVALID'),
    });
    expect(refused.lastError).toMatch(/SIGNATURE_INVALID.*changed after signing/);
    expect(registerB.calls).toHaveLength(1);
    expect(await countRows(b.database.db, TABLES_B)).toEqual(before);
  }, 30_000);

  it('refuses the same document a second time as a duplicate', async () => {
    const before = await countRows(b.database.db, TABLES_B);
    const { packageId } = await send();
    const refused = await settled(packageId);
    expect(refused.state).toBe('refused');
    expect(refused.lastError).toMatch(/EXCHANGE_DUPLICATE/);
    expect(registerB.calls).toHaveLength(1);
    expect(await countRows(b.database.db, TABLES_B)).toEqual(before);
  }, 30_000);

  it('refuses a package for an agency B does not host', async () => {
    const before = await countRows(b.database.db, TABLES_B);
    const { packageId } = await send({ to: [NOT_ON_B], number: '127' });
    const refused = await settled(packageId);
    expect(refused.state).toBe('refused');
    expect(refused.lastError).toMatch(new RegExp(`EXCHANGE_WRONG_ADDRESSEE.*${NOT_ON_B.replaceAll('.', '\\.')}`));
    expect(await countRows(b.database.db, TABLES_B)).toEqual(before);
  }, 30_000);

  it('applies revoke, update and replace to the document received earlier; refuses one for a document B never got', async () => {
    const original = registerB.calls[0]?.incoming.message.header.documentId ?? '';
    const revoke = await send({
      number: '128',
      business: { docType: 'revoke', reason: 'Ban hành nhầm', documentId: original, paper: false, replacements: [] },
    });
    expect((await settled(revoke.packageId)).state).toBe('delivered');
    expect(registerB.calls.at(-1)).toMatchObject({ kind: 'revoke', target: { incomingDocumentId: 'VBD-1' } });
    for (const [docType, number] of [
      ['update', '132'],
      ['replace', '133'],
    ] as const) {
      const change = await send({
        number,
        business: { docType, reason: 'Sửa số liệu', documentId: original, paper: false, replacements: [] },
      });
      expect((await settled(change.packageId)).state).toBe('delivered');
      expect(registerB.calls.at(-1)).toMatchObject({
        kind: docType,
        target: { incomingDocumentId: 'VBD-1' },
        incoming: { message: { business: { docType, reason: 'Sửa số liệu', documentId: original } } },
      });
    }

    const calls = registerB.calls.length;
    const unknown = await send({
      number: '129',
      business: {
        docType: 'replace',
        reason: 'Thay thế',
        documentId: `${A_SENDER},2026/01/05,1/UBND-VP`,
        paper: false,
        replacements: [],
      },
    });
    const refused = await settled(unknown.packageId);
    expect(refused.lastError).toMatch(/EXCHANGE_UNKNOWN_DOCUMENT/);
    expect(registerB.calls).toHaveLength(calls);
  }, 30_000);

  it('lists exchanged messages to staff of the units concerned only', async () => {
    const admin = await signInAs(a.app, a.database.db, 'quantri');
    const list = await a.app.inject({
      url: '/api/v1/exchange/packages?direction=outgoing&limit=3',
      headers: admin.headers,
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(3);
    expect(list.json().nextCursor).not.toBeNull();
    const next = await a.app.inject({
      url: `/api/v1/exchange/packages?direction=outgoing&limit=3&cursor=${list.json().nextCursor}`,
      headers: admin.headers,
    });
    const ids = [...list.json().items, ...next.json().items].map((p: { id: string }) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const commune = await signInAs(a.app, a.database.db, 'quantri.phuonglaocai');
    const theirs = await a.app.inject({ url: '/api/v1/exchange/packages', headers: commune.headers });
    expect(theirs.json().items).toEqual([]);
    const one = await a.app.inject({ url: `/api/v1/exchange/packages/${ids[0]}`, headers: commune.headers });
    expect([one.statusCode, one.json().code]).toEqual([404, 'NOT_FOUND']);
    const citizenless = await a.app.inject({ url: '/api/v1/exchange/packages' });
    expect(citizenless.statusCode).toBe(401);
  });

  it('takes a package larger than the global 1 MB body limit on the exchange route only', async () => {
    const big = new Uint8Array(2 * 1024 * 1024).fill(7);
    const { packageId } = await send({
      number: '131',
      attachments: [{ contentId: randomUUID(), name: 'Bản scan.pdf', contentType: 'application/pdf', content: big }],
    });
    expect((await settled(packageId)).state).toBe('delivered');
    const last = registerB.calls.at(-1)?.incoming.message.attachments[0]?.content;
    expect(last?.byteLength).toBe(big.byteLength);
  }, 30_000);
});
