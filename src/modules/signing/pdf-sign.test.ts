import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PDFDict, PDFDocument, PDFHexString, PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../platform/clock.ts';
import { isAppError } from '../../platform/errors.ts';
import { pdfText } from '../dossiers-print/pdf-test-support.ts';
import { ensureDemoPki, initDemoCa, issueCertificate } from './demo-ca.ts';
import { createFileKeyStore, type KeyStore } from './key-store.ts';
import { signPdf } from './pdf-sign.ts';
import { pdfsig, popplerSign, samplePdf, tamperInsideFirstStream, tempDir } from './signing.fixtures.ts';
import { verifyPdf } from './verify.ts';

/**
 * PAdES signing end to end: the officer's signature, then the agency's as an incremental update; checked by poppler's
 * pdfsig (with the demo CA trusted through an NSS database) and by our own verifier.
 */
describe('PDF signatures', () => {
  // Keys are issued an hour back from the real clock; the signing clock runs a little later, inside their validity.
  const clock = manualClock(new Date(Date.now() + 60_000));
  let work: Awaited<ReturnType<typeof tempDir>>;
  let otherCa: Awaited<ReturnType<typeof tempDir>>;
  let keyStore: KeyStore;
  let caPem: string;
  let input: Uint8Array;
  let signed: Uint8Array;

  beforeAll(async () => {
    work = await tempDir('pki');
    otherCa = await tempDir('pki-other');
    await ensureDemoPki(work.dir);
    keyStore = createFileKeyStore(work.dir);
    caPem = path.join(work.dir, 'ca', 'ca.cert.pem');
    input = await samplePdf();
    const started = performance.now();
    signed = await signPdf(keyStore, input, {
      keyIds: ['lanhdao.tuphap', 'agency.000.00.03.H38'],
      reason: 'Ký ban hành văn bản',
      location: 'Lào Cai',
      clock,
    });
    console.info(
      `sign 2 signatures (visible stamps): ${input.length} B → ${signed.length} B in ${(performance.now() - started).toFixed(0)} ms`,
    );
  });

  afterAll(async () => {
    await work.remove();
    await otherCa.remove();
  });

  it('pdfsig reads both signatures as valid and trusted, with the Vietnamese names intact', async () => {
    expect(input.length).toBeGreaterThan(15_000);
    expect(input.length).toBeLessThan(30_000);
    const report = await pdfsig(signed, caPem);
    const blocks = report.split(/Signature #\d+:/).slice(1);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toContain('Signer Certificate Common Name: Phạm Quốc Đạo');
    expect(blocks[0]).toContain('O=Sở Tư pháp tỉnh Lào Cai');
    expect(blocks[1]).toContain('Signer Certificate Common Name: Sở Tư pháp tỉnh Lào Cai');
    for (const block of blocks) {
      expect(block).toContain('Signature Validation: Signature is Valid.');
      expect(block).toContain('Certificate Validation: Certificate is Trusted.');
      expect(block).toContain('Signature Type: ETSI.CAdES.detached');
      expect(block).toContain('Signing Hash Algorithm: SHA-256');
    }
    // The officer's signature stays valid although the agency's update came after it.
    expect(blocks[0]).toContain('Not total document signed');
    expect(blocks[1]).toContain('Total document signed');
  });

  it('our verifier agrees: both valid, the first followed by the second update, the second covering the file', async () => {
    const started = performance.now();
    const report = await verifyPdf(signed, await keyStore.trustedCertificates());
    console.info(`verify 2 signatures: ${(performance.now() - started).toFixed(0)} ms`);
    expect(report.allValid).toBe(true);
    const [officer, agency] = report.signatures;
    expect(officer).toMatchObject({
      status: 'valid',
      signer: { commonName: 'Phạm Quốc Đạo', organization: 'Sở Tư pháp tỉnh Lào Cai' },
      coversWholeFile: false,
      signingTime: new Date(Math.floor(clock.now().getTime() / 1000) * 1000).toISOString(),
    });
    expect(officer?.bytesAfter).toBeGreaterThan(0);
    expect(agency).toMatchObject({
      status: 'valid',
      signer: { commonName: 'Sở Tư pháp tỉnh Lào Cai', organization: 'Ủy ban nhân dân tỉnh Lào Cai' },
      coversWholeFile: true,
      bytesAfter: 0,
      subFilter: 'ETSI.CAdES.detached',
      stated: { reason: 'Ký ban hành văn bản', location: 'Lào Cai', name: 'Sở Tư pháp tỉnh Lào Cai' },
    });
    expect(officer?.stated).toEqual({ reason: 'Ký ban hành văn bản', location: 'Lào Cai', name: 'Phạm Quốc Đạo' });
    // Incremental: the bytes the officer signed are an untouched prefix of the final file.
    const officerEnd = (officer?.byteRange?.[2] ?? 0) + (officer?.byteRange?.[3] ?? 0);
    expect(officerEnd + (officer?.bytesAfter ?? 0)).toBe(signed.length);
  });

  it('writes /Reason, /Location and /Name as UTF-16 text that another reader (pdf-lib) decodes', async () => {
    const doc = await PDFDocument.load(signed);
    const stated = doc.context
      .enumerateIndirectObjects()
      .map(([, object]) => object)
      .filter(
        (object): object is PDFDict =>
          object instanceof PDFDict && object.get(PDFName.of('Type')) === PDFName.of('Sig'),
      )
      .map((sig) =>
        ['Reason', 'Location', 'Name'].map((key) => sig.lookup(PDFName.of(key), PDFHexString).decodeText()),
      );
    expect(stated).toEqual([
      ['Ký ban hành văn bản', 'Lào Cai', 'Phạm Quốc Đạo'],
      ['Ký ban hành văn bản', 'Lào Cai', 'Sở Tư pháp tỉnh Lào Cai'],
    ]);
  });

  it('shows the stamps: signer names and the signing time in ISO 8601 with +07:00', async () => {
    const text = await pdfText(signed);
    const vietnamTime = new Date(clock.now().getTime() + 7 * 3_600_000).toISOString().slice(0, 19);
    expect(text).toContain('Ký bởi: Phạm Quốc Đạo');
    expect(text).toContain('Ký bởi: Sở Tư pháp tỉnh Lào Cai');
    expect(text).toContain(`Thời gian ký: ${vietnamTime}+07:00`);
  });

  it('a third signature on an already signed file leaves the first two valid', async () => {
    const again = await signPdf(keyStore, signed, {
      keyIds: ['agency.000.00.00.H38'],
      reason: 'Sao y',
      location: 'Lào Cai',
      clock,
    });
    expect(Buffer.from(again.subarray(0, signed.length)).equals(Buffer.from(signed))).toBe(true);
    const report = await verifyPdf(again, await keyStore.trustedCertificates());
    expect(report.signatures.map((s) => s.status)).toEqual(['valid', 'valid', 'valid']);
    expect(report.signatures.map((s) => s.coversWholeFile)).toEqual([false, false, true]);
  });

  it('a byte changed inside the signed range: pdfsig and our verifier report the signatures invalid', async () => {
    const tampered = tamperInsideFirstStream(signed);
    const report = await pdfsig(tampered, caPem);
    expect(report).not.toContain('Signature is Valid');
    expect(report.match(/Digest Mismatch/g)).toHaveLength(2);
    const ours = await verifyPdf(tampered, await keyStore.trustedCertificates());
    expect(ours.signatures.map((s) => [s.status, s.reason])).toEqual([
      ['invalid', 'digest_mismatch'],
      ['invalid', 'digest_mismatch'],
    ]);
    expect(ours.allValid).toBe(false);
  });

  it('a certificate from another CA is an unknown signer, though the signature itself is intact', async () => {
    await initDemoCa(otherCa.dir);
    await issueCertificate(otherCa.dir, { keyId: 'stranger', kind: 'person', name: 'Lê Văn Lạ', org: 'Tổ chức khác' });
    const foreign = await signPdf(createFileKeyStore(otherCa.dir), input, {
      keyIds: ['stranger'],
      reason: 'Thử',
      location: 'Hà Nội',
      clock,
    });
    const ours = await verifyPdf(foreign, await keyStore.trustedCertificates());
    expect(ours.signatures).toHaveLength(1);
    expect(ours.signatures[0]).toMatchObject({
      status: 'unknown_signer',
      reason: 'untrusted_chain',
      signer: { commonName: 'Lê Văn Lạ' },
    });
    const poppler = await pdfsig(foreign, caPem);
    expect(poppler).toContain('Signature is Valid');
    expect(poppler).not.toContain('Certificate is Trusted');
  });

  it('refuses to sign with an expired certificate, and with a key that does not exist', async () => {
    const past = new Date(clock.now().getTime() - 30 * 86_400_000);
    await issueCertificate(work.dir, {
      keyId: 'expired',
      kind: 'person',
      name: 'Hết Hạn',
      org: 'Sở Tư pháp',
      days: 1,
      validFrom: past,
    });
    const attempt = signPdf(keyStore, input, {
      keyIds: ['lanhdao.tuphap', 'expired'],
      reason: 'x',
      location: 'y',
      clock,
    });
    await expect(attempt).rejects.toSatisfy(
      (e) => isAppError(e) && e.code === 'CERTIFICATE_NOT_VALID' && e.details.keyId === 'expired',
    );
    const missing = signPdf(keyStore, input, { keyIds: ['nobody'], reason: 'x', location: 'y', clock });
    await expect(missing).rejects.toSatisfy((e) => isAppError(e) && e.code === 'SIGNING_KEY_NOT_FOUND');
    const notPdf = signPdf(keyStore, new TextEncoder().encode('hello'), {
      keyIds: ['lanhdao.tuphap'],
      reason: 'x',
      location: 'y',
      clock,
    });
    await expect(notPdf).rejects.toSatisfy((e) => isAppError(e) && e.code === 'NOT_A_PDF');
  });

  it('signs a document with form fields (flattened first) and refuses a file that only looks like a PDF', async () => {
    const doc = await PDFDocument.load(input);
    doc.getForm().createTextField('so_van_ban').addToPage(doc.getPage(0), { x: 300, y: 40, width: 120, height: 20 });
    const withForm = await doc.save();
    const formSigned = await signPdf(keyStore, withForm, {
      keyIds: ['lanhdao.tuphap', 'agency.000.00.03.H38'],
      reason: 'x',
      location: 'y',
      clock,
    });
    const report = await pdfsig(formSigned, caPem);
    expect(report.match(/Signature is Valid/g)).toHaveLength(2);
    expect((await verifyPdf(formSigned, await keyStore.trustedCertificates())).allValid).toBe(true);

    const broken = new TextEncoder().encode('%PDF-1.7\nthis is not really a PDF\n%%EOF\n');
    const attempt = signPdf(keyStore, broken, { keyIds: ['lanhdao.tuphap'], reason: 'x', location: 'y', clock });
    await expect(attempt).rejects.toSatisfy((e) => isAppError(e) && e.code === 'SIGNATURE_MALFORMED');
  });

  it('verifies a signature made by poppler (another implementation) and adds a seal on top of it', async () => {
    const byPoppler = await popplerSign(input, path.join(work.dir, 'keys', 'lanhdao.tuphap'), caPem);
    const report = await verifyPdf(byPoppler, await keyStore.trustedCertificates());
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]).toMatchObject({
      status: 'valid',
      signer: { commonName: 'Phạm Quốc Đạo' },
      coversWholeFile: true,
      subFilter: 'adbe.pkcs7.detached',
      stated: { reason: 'Thẩm định', name: 'Phạm Quốc Đạo' },
    });
    // Our seal then goes on top as an incremental update, and poppler's signature stays valid.
    const sealed = await signPdf(keyStore, byPoppler, {
      keyIds: ['agency.000.00.03.H38'],
      reason: 'x',
      location: 'y',
      clock,
    });
    const both = await verifyPdf(sealed, await keyStore.trustedCertificates());
    expect(both.signatures.map((s) => [s.status, s.coversWholeFile])).toEqual([
      ['valid', false],
      ['valid', true],
    ]);
    expect((await pdfsig(sealed, caPem)).match(/Signature is Valid/g)).toHaveLength(2);
  });

  it('times an invisible signature on the ~20 kB document', async () => {
    const started = performance.now();
    const plain = await signPdf(keyStore, input, {
      keyIds: ['lanhdao.tuphap', 'agency.000.00.03.H38'],
      reason: 'x',
      location: 'y',
      clock,
      visible: false,
    });
    const signMs = performance.now() - started;
    const verifyStarted = performance.now();
    const report = await verifyPdf(plain, await keyStore.trustedCertificates());
    console.info(
      `invisible: sign 2 signatures ${input.length} B → ${plain.length} B in ${signMs.toFixed(0)} ms; verify ${(performance.now() - verifyStarted).toFixed(0)} ms`,
    );
    expect(report.allValid).toBe(true);
    expect(await pdfText(plain)).not.toContain('Ký bởi');
  });
});
