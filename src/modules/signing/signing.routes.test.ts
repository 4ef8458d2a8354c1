import { randomBytes } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { countRows, signInAs } from '../../../test/support/auth.ts';
import { manualClock } from '../../platform/clock.ts';
import { seedDemo } from '../../seed/index.ts';
import { headersFor } from '../dossiers/dossiers.fixtures.ts';
import { createFileKeyStore } from './key-store.ts';
import { signPdf } from './pdf-sign.ts';
import { signDetached } from './sign-detached.ts';
import { samplePdf, tamperInsideFirstStream } from './signing.fixtures.ts';
import type { TVerificationReport } from './signing.schema.ts';

/** A PDF-looking file with `count` signature dictionaries whose ranges name nothing real. */
function manySignatureDictionaries(count: number): Uint8Array {
  const body = Array.from(
    { length: count },
    (_, i) => `${i + 1} 0 obj << /ByteRange [0 10 20 30] /Contents <00> >> endobj`,
  );
  return new TextEncoder().encode(`%PDF-1.7\n${body.join('\n')}\n%%EOF\n`);
}

/** POST /api/v1/signatures/verify through real HTTP handling: staff only, problem+json for what cannot be checked. */
describe('POST /api/v1/signatures/verify', () => {
  const clock = manualClock(new Date(Date.now() + 60_000));
  const TABLES = ['audit_log', 'sessions', 'idempotency_keys'];
  let t: TestApp;
  let staff: Record<string, string>;
  let citizen: Record<string, string>;
  let signed: Uint8Array;

  const verify = (headers: Record<string, string>, payload: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/v1/signatures/verify', headers, payload: payload as object });
  const fileBody = (bytes: Uint8Array) => ({
    file: { filename: 'van-ban.pdf', data: Buffer.from(bytes).toString('base64') },
  });

  beforeAll(async () => {
    t = await createTestApp();
    // The demo seed with a PKI folder also issues the demo CA and keys (the wiring `egov seed` uses).
    await seedDemo(t.database.db, { pkiDir: t.config.pkiDir });
    staff = (await signInAs(t.app, t.database.db, 'lanhdao.tuphap')).headers;
    const citizenRow = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'congdan@example.vn')
      .executeTakeFirstOrThrow();
    citizen = await headersFor(t.app, t.database.db, citizenRow.id);
    signed = await signPdf(createFileKeyStore(t.config.pkiDir), await samplePdf(), {
      keyIds: ['lanhdao.tuphap', 'agency.000.00.03.H38'],
      reason: 'Ký ban hành',
      location: 'Lào Cai',
      clock,
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('reports both signatures of a signed PDF as valid, with readable Vietnamese names', async () => {
    const before = await countRows(t.database.db, TABLES);
    const response = await verify(staff, fileBody(signed));
    expect(response.statusCode).toBe(200);
    const report = response.json<TVerificationReport>();
    expect(report.kind).toBe('pdf');
    expect(report.allValid).toBe(true);
    expect(report.signatures.map((s) => [s.status, s.signer?.commonName, s.coversWholeFile])).toEqual([
      ['valid', 'Phạm Quốc Đạo', false],
      ['valid', 'Sở Tư pháp tỉnh Lào Cai', true],
    ]);
    expect(await countRows(t.database.db, TABLES)).toEqual(before);
  });

  it('reports a tampered PDF as invalid (200: the check ran; the verdict is in the report)', async () => {
    const response = await verify(staff, fileBody(tamperInsideFirstStream(signed)));
    expect(response.statusCode).toBe(200);
    const report = response.json<TVerificationReport>();
    expect(report.allValid).toBe(false);
    expect(report.signatures.map((s) => s.reason)).toEqual(['digest_mismatch', 'digest_mismatch']);
  });

  it('reports a signature whose ByteRange does not frame a Contents string as invalid (malformed)', async () => {
    const response = await verify(staff, fileBody(manySignatureDictionaries(1)));
    expect(response.statusCode).toBe(200);
    expect(response.json<TVerificationReport>().signatures).toMatchObject([
      { status: 'invalid', reason: 'malformed', signer: null },
    ]);
  });

  it('verifies a detached signature over a file', async () => {
    const content = new TextEncoder().encode('Tờ trình số 12/TTr-STP');
    const signature = await signDetached(createFileKeyStore(t.config.pkiDir), 'agency.000.00.03.H38', content, clock);
    const response = await verify(staff, {
      file: { data: Buffer.from(content).toString('base64') },
      signature: { data: Buffer.from(signature).toString('base64') },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json<TVerificationReport>()).toMatchObject({ kind: 'cms', allValid: true });
  });

  it('takes a signed PDF larger than the 1 MiB default body limit', async () => {
    const doc = await PDFDocument.load(await samplePdf());
    await doc.attach(randomBytes(1_200_000), 'phu-luc.bin', { mimeType: 'application/octet-stream' });
    const big = await signPdf(createFileKeyStore(t.config.pkiDir), await doc.save({ useObjectStreams: false }), {
      keyIds: ['agency.000.00.03.H38'],
      reason: 'x',
      location: 'y',
      clock,
      visible: false,
    });
    expect(big.length).toBeGreaterThan(1_200_000);
    const response = await verify(staff, fileBody(big));
    expect(response.statusCode).toBe(200);
    expect(response.json<TVerificationReport>().allValid).toBe(true);
  });

  it('answers problem+json for what cannot be checked, and writes nothing', async () => {
    const before = await countRows(t.database.db, TABLES);
    const cases: [unknown, number, string][] = [
      [fileBody(new TextEncoder().encode('GIF89a not a pdf')), 422, 'NOT_A_PDF'],
      [fileBody(await samplePdf()), 422, 'NO_SIGNATURE'],
      [{ file: { data: 'ấy không phải base64!' } }, 400, 'VALIDATION_FAILED'],
      [{ file: { data: 'QUJD' }, signature: { data: 'QUJD' } }, 422, 'SIGNATURE_MALFORMED'],
      [{ nothing: true }, 400, 'VALIDATION_FAILED'],
      [fileBody(manySignatureDictionaries(51)), 422, 'SIGNATURE_MALFORMED'],
    ];
    for (const [payload, status, code] of cases) {
      const response = await verify(staff, payload);
      expect(response.statusCode, code).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ code });
    }
    expect(await countRows(t.database.db, TABLES)).toEqual(before);
  });

  it('refuses anonymous callers (401) and citizens (403)', async () => {
    const anonymous = await verify({}, fileBody(signed));
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const asCitizen = await verify(citizen, fileBody(signed));
    expect(asCitizen.statusCode).toBe(403);
    expect(asCitizen.json()).toMatchObject({ code: 'FORBIDDEN' });
  });
});
