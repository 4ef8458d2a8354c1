import { webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../platform/clock.ts';
import { isAppError } from '../../platform/errors.ts';
import { createDetachedSignature } from './cms.ts';
import { ensureDemoPki, initDemoCa, issueCertificate } from './demo-ca.ts';
import { createFileKeyStore, type KeyStore } from './key-store.ts';
import { signDetached } from './sign-detached.ts';
import { opensslSignDetached, opensslVerifyDetached, tempDir } from './signing.fixtures.ts';
import { verifyDetached } from './verify.ts';
import { fromPem, importPrivateKey, RSA_SHA256 } from './x509.ts';

/** Detached CAdES signatures (.p7s) over arbitrary files, checked by OpenSSL and by our verifier. */
describe('detached CMS signatures', () => {
  const clock = manualClock(new Date(Date.now() + 60_000));
  const content = new TextEncoder().encode('<edXML>Văn bản điện tử của Sở Tư pháp tỉnh Lào Cai</edXML>\n');
  let work: Awaited<ReturnType<typeof tempDir>>;
  let keyStore: KeyStore;
  let caPem: string;
  let signature: Uint8Array;

  beforeAll(async () => {
    work = await tempDir('pki-detached');
    await ensureDemoPki(work.dir);
    keyStore = createFileKeyStore(work.dir);
    caPem = path.join(work.dir, 'ca', 'ca.cert.pem');
    signature = await signDetached(keyStore, 'agency.000.00.03.H38', content, clock);
  });

  afterAll(async () => {
    await work.remove();
  });

  it('openssl cms -verify accepts the signature with the demo CA, and refuses tampered content', async () => {
    const good = await opensslVerifyDetached(signature, content, caPem);
    expect(good.output).toContain('Verification successful');
    expect(good.ok).toBe(true);
    const altered = new Uint8Array(content);
    altered[10] = (altered[10] ?? 0) ^ 0x20;
    const bad = await opensslVerifyDetached(signature, altered, caPem);
    expect(bad.ok).toBe(false);
    expect(bad.output).toMatch(/digest failure|verification failure/i);
  });

  it('our verifier: valid, invalid on tampered content, unknown signer for another CA', async () => {
    const trusted = await keyStore.trustedCertificates();
    const good = await verifyDetached(signature, content, trusted);
    expect(good).toMatchObject({ kind: 'cms', allValid: true });
    expect(good.signatures[0]).toMatchObject({
      status: 'valid',
      signer: { commonName: 'Sở Tư pháp tỉnh Lào Cai', organization: 'Ủy ban nhân dân tỉnh Lào Cai' },
      signingTime: new Date(Math.floor(clock.now().getTime() / 1000) * 1000).toISOString(),
    });
    const tampered = await verifyDetached(signature, new TextEncoder().encode('khác'), trusted);
    expect(tampered.signatures[0]).toMatchObject({ status: 'invalid', reason: 'digest_mismatch' });

    const other = await tempDir('pki-other-ca');
    try {
      await initDemoCa(other.dir);
      await issueCertificate(other.dir, { keyId: 'x', kind: 'agency', name: 'Cơ quan lạ', org: 'Tỉnh khác' });
      const foreign = await signDetached(createFileKeyStore(other.dir), 'x', content, clock);
      const report = await verifyDetached(foreign, content, trusted);
      expect(report.signatures[0]).toMatchObject({ status: 'unknown_signer', signer: { commonName: 'Cơ quan lạ' } });
      // The other CA's own trust list accepts it: the verdict is about trust, not a broken signature.
      const own = await verifyDetached(foreign, content, await createFileKeyStore(other.dir).trustedCertificates());
      expect(own.signatures[0]?.status).toBe('valid');
    } finally {
      await other.remove();
    }
  });

  it('a signature whose bytes were altered is invalid, and a non-CMS blob is refused as malformed', async () => {
    const trusted = await keyStore.trustedCertificates();
    const broken = new Uint8Array(signature);
    // The RSA signature value is the last 256 bytes of the CMS.
    const last = broken.length - 1;
    broken[last] = (broken[last] ?? 0) ^ 0xff;
    const report = await verifyDetached(broken, content, trusted);
    expect(report.signatures[0]).toMatchObject({ status: 'invalid', reason: 'bad_signature' });
    await expect(verifyDetached(new TextEncoder().encode('not cms'), content, trusted)).rejects.toSatisfy(
      (e) => isAppError(e) && e.code === 'SIGNATURE_MALFORMED',
    );
  });

  it('a signature made with the CA key itself is invalid: its certificate is not for signing documents', async () => {
    const caCertificate = (await keyStore.trustedCertificates())[0];
    const [caKeyDer] = fromPem('PRIVATE KEY', await readFile(path.join(work.dir, 'ca', 'ca.key.pem'), 'utf8'));
    if (!caCertificate || !caKeyDer) throw new Error('demo CA missing');
    const caKey = await importPrivateKey(caKeyDer);
    const signedByCa = await createDetachedSignature(
      {
        keyId: 'ca',
        certificate: caCertificate,
        chain: [],
        sign: async (data) => new Uint8Array(await webcrypto.subtle.sign(RSA_SHA256, caKey, data)),
      },
      content,
      clock.now(),
    );
    const report = await verifyDetached(signedByCa, content, await keyStore.trustedCertificates());
    expect(report.signatures[0]).toMatchObject({ status: 'invalid', reason: 'certificate_not_for_signing' });
  });

  it('our verifier accepts a detached signature made by openssl cms -sign (another implementation)', async () => {
    const byOpenssl = await opensslSignDetached(content, path.join(work.dir, 'keys', 'lanhdao.tuphap'));
    const report = await verifyDetached(byOpenssl, content, await keyStore.trustedCertificates());
    expect(report.signatures[0]).toMatchObject({ status: 'valid', signer: { commonName: 'Phạm Quốc Đạo' } });
    const tampered = await verifyDetached(
      byOpenssl,
      new TextEncoder().encode('khác'),
      await keyStore.trustedCertificates(),
    );
    expect(tampered.signatures[0]).toMatchObject({ status: 'invalid', reason: 'digest_mismatch' });
  });

  it('refuses to sign with a certificate that is not yet valid', async () => {
    const future = new Date(clock.now().getTime() + 10 * 86_400_000);
    await issueCertificate(work.dir, {
      keyId: 'future',
      kind: 'person',
      name: 'Chưa Hiệu Lực',
      org: 'Sở Tư pháp',
      validFrom: future,
    });
    await expect(signDetached(keyStore, 'future', content, clock)).rejects.toSatisfy(
      (e) => isAppError(e) && e.code === 'CERTIFICATE_NOT_VALID',
    );
  });
});
