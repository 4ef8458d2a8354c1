import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../../../test/support/auth.ts';
import { webBuildExists } from '../../platform/http/web.ts';
import { seedDemo } from '../../seed/index.ts';
import { agencyByCode, createStaff, headersFor } from '../dossiers/dossiers.fixtures.ts';
import { DocumentsApi, draftBody, ok } from '../documents/documents.fixtures.ts';
import type { TIncomingDetail, TOutgoingDetail } from '../documents/documents.schema.ts';
import * as exchange from '../exchange/exchange.service.ts';
import { makeIdentity } from '../exchange/exchange-test-support.ts';
import {
  B_AGENCY,
  type Instance,
  SYSTEM,
  eventually,
  hostAgency,
  startInstance,
} from '../exchange/instances-test-support.ts';
import { ensureDemoPki, issueCertificate } from '../signing/demo-ca.ts';
import { pdfsig, samplePdf } from '../signing/signing.fixtures.ts';

/**
 * Two provinces on two platform instances, over real HTTP: Lào Cai's People's Committee signs and releases a công
 * văn to Cao Bằng's; it leaves as a signed edXML package, Cao Bằng's văn thư registers it, its leader assigns it,
 * and each status comes back into Lào Cai's trace (01 received, 03 accepted, 04 assigned) and onto the recipient.
 */
describe('an official document from one province’s platform to another’s, as edXML', () => {
  const LAO_CAI_UBND = '000.00.00.H38';
  let a: Instance;
  let b: Instance;
  const people: Record<string, { id: string; headers: Record<string, string> }> = {};
  let doc: TOutgoingDetail;
  const who = (key: string) => {
    const person = people[key];
    if (!person) throw new Error(`no ${key} in this test`);
    return person;
  };

  beforeAll(async () => {
    const idA = makeIdentity('Ủy ban nhân dân tỉnh Lào Cai');
    const idB = makeIdentity('Ủy ban nhân dân tỉnh Cao Bằng', 'UBND tỉnh Cao Bằng');
    a = await startInstance(idA);
    b = await startInstance(idB);
    await seedDemo(a.database.db);
    await hostAgency(b.database.db, B_AGENCY, 'Ủy ban nhân dân tỉnh Cao Bằng');
    const [aUrl, bUrl] = [await a.listen(), await b.listen()];
    // Each operator pins the other platform and lists the other's agency.
    const peerB = await exchange.createPeer(
      { ...SYSTEM, db: a.database.db },
      { name: 'Chính quyền số Cao Bằng', baseUrl: bUrl, certificatePem: idB.certificatePem },
    );
    await exchange.putRemoteAgency(
      { ...SYSTEM, db: a.database.db },
      { organId: B_AGENCY, name: 'Ủy ban nhân dân tỉnh Cao Bằng', peerId: peerB.id },
    );
    const peerA = await exchange.createPeer(
      { ...SYSTEM, db: b.database.db },
      { name: 'Chính quyền số Lào Cai', baseUrl: aUrl, certificatePem: idA.certificatePem },
    );
    await exchange.putRemoteAgency(
      { ...SYSTEM, db: b.database.db },
      { organId: LAO_CAI_UBND, name: 'Ủy ban nhân dân tỉnh Lào Cai', peerId: peerA.id },
    );

    // Lào Cai: the Office drafts, the văn thư reviews and releases, the chairman signs with his key and the seal.
    const dbA = a.database.db;
    const ubnd = await agencyByCode(dbA, LAO_CAI_UBND);
    const office = await agencyByCode(dbA, '000.00.01.H38');
    const justice = await agencyByCode(dbA, '000.00.03.H38');
    const staffA = async (key: string, username: string, agencyId: string, role: 'specialist' | 'clerk' | 'leader') => {
      const id = await createStaff(dbA, {
        username,
        fullName: `Cán bộ ${username}`,
        unitId: ubnd.unit_id,
        agencyId,
        role,
      });
      people[key] = { id, headers: await headersFor(a.app, dbA, id) };
    };
    await staffA('drafter', 'cv.vp', office.id, 'specialist');
    await staffA('clerk', 'vt.ubnd', ubnd.id, 'clerk');
    await staffA('leader', 'ct.ubnd', ubnd.id, 'leader');
    await ensureDemoPki(a.app.platform.config.pkiDir);
    await issueCertificate(a.app.platform.config.pkiDir, {
      keyId: 'ct.ubnd',
      kind: 'person',
      name: 'Cán bộ ct.ubnd',
      org: 'Ủy ban nhân dân tỉnh Lào Cai',
    });
    // Cao Bằng: its văn thư, its chairman and an officer.
    const dbB = b.database.db;
    const cb = await dbB
      .selectFrom('agencies')
      .select(['id', 'unit_id'])
      .where('code', '=', B_AGENCY)
      .executeTakeFirstOrThrow();
    for (const [key, role] of [
      ['bClerk', 'clerk'],
      ['bLeader', 'leader'],
      ['bOfficer', 'specialist'],
    ] as const) {
      const id = await createStaff(dbB, { username: `${key}.caobang`, unitId: cb.unit_id, agencyId: cb.id, role });
      people[key] = { id, headers: await headersFor(b.app, dbB, id) };
    }

    const mainFile = {
      filename: 'cong-van.pdf',
      contentType: 'application/pdf' as const,
      data: Buffer.from(await samplePdf()).toString('base64'),
    };
    const api = new DocumentsApi(a.app);
    doc = await api.toSigned(
      { drafter: who('drafter'), clerk: who('clerk'), leader: who('leader') },
      draftBody(
        { ubnd, office, justice },
        {
          subject: 'Về việc phối hợp quản lý cửa khẩu biên giới năm 2026',
          intendedSignerId: who('leader').id,
          mainFile,
          recipients: [{ kind: 'external', code: B_AGENCY, name: 'Ủy ban nhân dân tỉnh Cao Bằng' }],
        },
      ),
    );
  }, 180_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('leaves as a signed package at release and arrives at the other platform once, waiting for its văn thư', async () => {
    const api = new DocumentsApi(a.app);
    doc = ok(await api.act(who('clerk').headers, doc.id, { action: 'release', expectedVersion: doc.version }));
    expect(doc.recipients.map((r) => [r.kind, r.status])).toEqual([['external', 'queued']]);

    const apiB = new DocumentsApi(b.app);
    const inbox = await eventually(async () => {
      const list = ok<{ items: { id: string; status: string; notation: string }[] }>(
        await apiB.get(who('bClerk').headers, '/incoming'),
      );
      return list.items.length > 0 && list.items;
    }, 60_000);
    expect(inbox.map((i) => [i.status, i.notation])).toEqual([['pending', doc.notation]]);
    const incoming = ok<TIncomingDetail>(await apiB.get(who('bClerk').headers, `/incoming/${inbox[0]?.id}`));
    expect(incoming).toMatchObject({
      source: 'exchange',
      senderName: 'Ủy ban nhân dân tỉnh Lào Cai',
      subject: 'Về việc phối hợp quản lý cửa khẩu biên giới năm 2026',
      signerName: 'Cán bộ ct.ubnd',
    });
    // The signed PDF travelled unchanged: both signatures still verify at the other end.
    const main = incoming.files.find((f) => f.kind === 'main');
    const file = await apiB.get(who('bClerk').headers, `/incoming/${incoming.id}/files/${main?.id}`);
    const report = await pdfsig(file.rawPayload);
    expect(report.match(/Signature is Valid/g)).toHaveLength(2);
    // Cao Bằng's platform does not trust Lào Cai's demo CA: intact signatures, unknown signer.
    const verification = await b.app.inject({
      method: 'GET',
      url: `/api/v1/documents/incoming/${incoming.id}/files/${main?.id}/signatures`,
      headers: who('bClerk').headers,
    });
    expect(verification.json().signatures.map((s: { status: string }) => s.status)).toEqual([
      'unknown_signer',
      'unknown_signer',
    ]);
    if (webBuildExists()) {
      const page = await b.app.inject({ url: `/van-ban/den/${incoming.id}`, headers: who('bClerk').headers });
      expect(page.body.match(/Không xác định được người ký/g)).toHaveLength(2);
    }
    expect(await countRows(b.database.db, ['incoming_documents'])).toEqual({ incoming_documents: 1 });
  }, 90_000);

  it('is registered and assigned there, and the sender’s trace shows 01, 03 and 04', async () => {
    const apiB = new DocumentsApi(b.app);
    const list = ok<{ items: { id: string }[] }>(await apiB.get(who('bClerk').headers, '/incoming'));
    let incoming = ok<TIncomingDetail>(await apiB.get(who('bClerk').headers, `/incoming/${list.items[0]?.id}`));
    incoming = ok(
      await apiB.actIncoming(who('bClerk').headers, incoming.id, {
        action: 'register',
        expectedVersion: incoming.version,
      }),
    );
    incoming = ok(
      await apiB.actIncoming(who('bLeader').headers, incoming.id, {
        action: 'assign',
        expectedVersion: incoming.version,
        lead: { userId: who('bOfficer').id },
        dueOn: '2026-12-31',
        note: 'Giao chuyên viên tham mưu phối hợp',
      }),
    );
    expect(incoming.status).toBe('assigned');

    const sent = await a.database.db
      .selectFrom('exchange_packages')
      .select('id')
      .where('direction', '=', 'outgoing')
      .executeTakeFirstOrThrow();
    const trace = await eventually(async () => {
      const p = await exchange.getPackage({ ...SYSTEM, db: a.database.db }, sent.id);
      return p.lastStatusCode === '04' && p.trace;
    }, 60_000);
    expect(trace.filter((t) => t.event === 'status').map((t) => t.statusCode)).toEqual(['01', '03', '04']);
  }, 90_000);
});
