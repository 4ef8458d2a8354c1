import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../../../test/support/auth.ts';
import { newId } from '../../platform/ids.ts';
import { buildEdoc } from './edxml/build.ts';
import { createPemSigner } from './edxml/signature.ts';
import * as exchange from './exchange.service.ts';
import { makeIdentity, sampleHeader } from './exchange-test-support.ts';
import {
  A_SENDER,
  B_AGENCY,
  type Instance,
  SYSTEM,
  TABLES_B,
  hostAgency,
  memorySink,
  startInstance,
} from './instances-test-support.ts';

/**
 * The receiving endpoint of instance B on its own (A is only a key and an address-book entry): every refusal names
 * its reason and writes nothing, and a re-delivery is acknowledged without a second registration.
 */
describe('edXML receiving endpoint', () => {
  const idA = makeIdentity('Văn phòng UBND tỉnh Lào Cai');
  const idB = makeIdentity('UBND tỉnh Cao Bằng', 'UBND tỉnh Cao Bằng');
  const registerB = memorySink();
  let b: Instance;

  beforeAll(async () => {
    b = await startInstance(idB, registerB.sink);
    await hostAgency(b.database.db, B_AGENCY, 'Ủy ban nhân dân tỉnh Cao Bằng');
    const ctx = { ...SYSTEM, db: b.database.db };
    const peerA = await exchange.createPeer(ctx, {
      name: 'Chính quyền số Lào Cai',
      baseUrl: 'http://127.0.0.1:9',
      certificatePem: idA.certificatePem,
    });
    await exchange.putRemoteAgency(ctx, { organId: A_SENDER, name: 'Văn phòng UBND tỉnh Lào Cai', peerId: peerA.id });
  }, 60_000);
  afterAll(async () => {
    await b?.close();
  });

  it('answers refusals at B’s endpoint with problem+json naming the reason, writing nothing', async () => {
    const before = await countRows(b.database.db, TABLES_B);
    const post = (payload: string, contentType = 'application/xml') =>
      b.app.inject({
        method: 'POST',
        url: '/api/v1/exchange/edxml',
        headers: { 'content-type': contentType },
        payload,
      });
    const unsigned = buildEdoc({
      header: sampleHeader(A_SENDER, [B_AGENCY], '130'),
      traces: [{ organId: A_SENDER, timestamp: new Date() }],
      business: { docType: 'new', paper: false, replacements: [] },
      attachments: [],
    });
    const noSignature = await post(unsigned);
    expect([noSignature.statusCode, noSignature.json().code, noSignature.json().fault]).toEqual([
      403,
      'EXCHANGE_SIGNATURE_INVALID',
      'SIGNATURE_MISSING',
    ]);
    // Signed, but by a key that is not the one pinned for Lào Cai's platform.
    const forged = await post(createPemSigner(idB).sign(unsigned));
    expect([forged.statusCode, forged.json().fault]).toEqual([403, 'CERTIFICATE_NOT_TRUSTED']);
    const malformed = await post('<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><oops></edXML>');
    expect([malformed.statusCode, malformed.json().code, malformed.json().fault]).toEqual([
      400,
      'EXCHANGE_PACKAGE_INVALID',
      'NOT_WELL_FORMED',
    ]);
    const missing = await post(unsigned.replace(/<edXML:Subject>.*?<\/edXML:Subject>/, ''));
    expect([missing.statusCode, missing.json().fault]).toEqual([400, 'MISSING_ELEMENT']);
    expect(missing.json().issues).toContainEqual(expect.objectContaining({ path: 'MessageHeader.Subject' }));
    const stranger = await post(unsigned.replaceAll(A_SENDER, '000.00.09.H99'));
    expect([stranger.statusCode, stranger.json().code]).toEqual([403, 'EXCHANGE_SENDER_UNKNOWN']);
    const json = await post('{"a":1}', 'application/json');
    expect([json.statusCode, json.json().code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const doctype = await post(
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><edXML>&e;</edXML>`,
    );
    expect([doctype.statusCode, doctype.json().fault]).toEqual([400, 'DOCTYPE_FORBIDDEN']);
    const huge = await post(`<edXML>${'A'.repeat(21 * 1024 * 1024)}</edXML>`);
    expect([huge.statusCode, huge.json().code]).toEqual([413, 'BODY_TOO_LARGE']);
    expect(await countRows(b.database.db, TABLES_B)).toEqual(before);
  });

  it('acknowledges a re-delivery of the same package (a lost answer) again without registering it twice', async () => {
    const xml = createPemSigner(idA).sign(
      buildEdoc({
        header: sampleHeader(A_SENDER, [B_AGENCY], '140'),
        traces: [{ organId: A_SENDER, timestamp: new Date() }],
        business: { docType: 'new', paper: false, replacements: [] },
        attachments: [],
      }),
    );
    const post = (packageId: string) =>
      b.app.inject({
        method: 'POST',
        url: `/api/v1/exchange/edxml?to=${B_AGENCY}`,
        headers: { 'content-type': 'application/xml', 'x-exchange-package-id': packageId },
        payload: xml,
      });
    const calls = registerB.calls.length;
    const deliveryId = newId();
    const first = await post(deliveryId);
    expect([first.statusCode, first.headers['content-type']]).toEqual([200, 'application/xml; charset=utf-8']);
    expect(first.body).toContain('<edXML:StatusCode>01</edXML:StatusCode>');
    const counts = await countRows(b.database.db, TABLES_B);
    const again = await post(deliveryId);
    expect(again.statusCode).toBe(200);
    expect(await countRows(b.database.db, TABLES_B)).toEqual(counts);
    expect(registerB.calls).toHaveLength(calls + 1);
    const other = await post(newId());
    expect([other.statusCode, other.json().code]).toEqual([409, 'EXCHANGE_DUPLICATE']);
  });
});
