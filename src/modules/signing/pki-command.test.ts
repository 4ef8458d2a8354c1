import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CA_NAME } from './demo-ca.ts';
import { createFileKeyStore } from './key-store.ts';
import { runPkiCommand } from './pki-command.ts';
import { tempDir } from './signing.fixtures.ts';

const run = promisify(execFile);

/** `egov pki`: the demo CA and issued certificates, read back with OpenSSL. */
describe('egov pki', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  const lines: string[] = [];
  const print = (line: string) => lines.push(line);
  const openssl = async (...args: string[]) => (await run('openssl', args)).stdout;

  beforeAll(async () => {
    work = await tempDir('pki-cli');
  });

  afterAll(async () => {
    await work.remove();
  });

  it('init creates a self-signed CA with a Vietnamese name and CA extensions, and is idempotent', async () => {
    expect(await runPkiCommand(work.dir, { subcommand: 'init' }, print)).toBe(0);
    expect(lines[0]).toMatch(/^created the demo CA/);
    const serial = lines.find((l) => l.includes('serial:'));
    const caPem = path.join(work.dir, 'ca', 'ca.cert.pem');
    const text = await openssl(
      'x509',
      '-in',
      caPem,
      '-noout',
      '-subject',
      '-ext',
      'basicConstraints,keyUsage',
      '-nameopt',
      'utf8,sep_comma_plus_space',
    );
    expect(text).toContain(`subject=C=VN, ST=Lào Cai, O=Ủy ban nhân dân tỉnh Lào Cai, CN=${DEMO_CA_NAME}`);
    expect(text).toContain('CA:TRUE');
    expect(text).toContain('Certificate Sign, CRL Sign');
    expect((await stat(path.join(work.dir, 'ca', 'ca.key.pem'))).mode & 0o777).toBe(0o600);

    lines.length = 0;
    expect(await runPkiCommand(work.dir, { subcommand: 'init' }, print)).toBe(0);
    expect(lines[0]).toMatch(/already exists/);
    expect(lines.find((l) => l.includes('serial:'))).toBe(serial);
  });

  it('issue writes a PKCS#8 key (0600), a leaf certificate with one RDN per UTF8String attribute, and its chain', async () => {
    lines.length = 0;
    const args = {
      subcommand: 'issue',
      keyId: 'nva',
      kind: 'person',
      name: 'Nguyễn Văn A',
      org: 'UBND tỉnh Lào Cai',
      days: '30',
    };
    expect(await runPkiCommand(work.dir, args, print)).toBe(0);
    const dir = path.join(work.dir, 'keys', 'nva');
    expect((await stat(path.join(dir, 'key.pem'))).mode & 0o777).toBe(0o600);
    const cert = path.join(dir, 'cert.pem');
    const text = await openssl(
      'x509',
      '-in',
      cert,
      '-noout',
      '-subject',
      '-dates',
      '-ext',
      'basicConstraints,keyUsage',
      '-nameopt',
      'utf8,sep_comma_plus_space',
    );
    // A multi-valued RDN would print as "C=VN + ST=… + O=… + CN=…".
    expect(text).toContain('subject=C=VN, ST=Lào Cai, O=UBND tỉnh Lào Cai, CN=Nguyễn Văn A');
    expect(text).toContain('CA:FALSE');
    expect(text).toContain('Digital Signature, Non Repudiation');
    const notBefore = new Date(/notBefore=(.+)/.exec(text)?.[1] ?? '');
    const notAfter = new Date(/notAfter=(.+)/.exec(text)?.[1] ?? '');
    expect(Math.round((notAfter.getTime() - notBefore.getTime()) / 86_400_000)).toBe(30);
    const asn1 = await openssl('asn1parse', '-in', cert);
    expect(asn1).toContain('PRINTABLESTRING   :VN');
    expect(asn1.match(/UTF8STRING/g)?.length).toBeGreaterThanOrEqual(6);
    expect(await openssl('verify', '-CAfile', path.join(dir, 'chain.pem'), cert)).toContain(': OK');
    expect(await openssl('pkey', '-in', path.join(dir, 'key.pem'), '-noout', '-text')).toContain(
      'Private-Key: (2048 bit',
    );
    // The key store hands it out with the certificate and chain.
    const key = await createFileKeyStore(work.dir).signingKey('nva');
    expect(key.chain).toHaveLength(1);
  });

  it('refuses bad arguments with the usage (exit 2) and writes nothing', async () => {
    for (const args of [
      { subcommand: 'issue', keyId: '../escape', kind: 'person', name: 'A', org: 'B' },
      { subcommand: 'issue', keyId: 'ok', kind: 'robot', name: 'A', org: 'B' },
      { subcommand: 'issue', keyId: 'ok', kind: 'person', name: 'A', org: 'B', days: '0' },
      { subcommand: 'issue', keyId: 'ok', kind: 'person', name: ' ', org: 'B' },
      { subcommand: 'rotate' },
    ]) {
      lines.length = 0;
      expect(await runPkiCommand(work.dir, args, print)).toBe(2);
      expect(lines.join('\n')).toContain('usage:');
    }
    await expect(stat(path.join(work.dir, 'keys', 'ok'))).rejects.toThrow();
  });

  it('the CLI through tsx: egov pki demo in a fresh DATA_DIR creates the CA and the demo keys once', async () => {
    const data = await tempDir('cli-data');
    try {
      const cli = (...args: string[]) =>
        run('npx', ['tsx', 'bin/egov.ts', ...args], {
          env: { ...process.env, DATA_DIR: data.dir },
          cwd: process.cwd(),
        });
      const first = await cli('pki', 'demo');
      expect(first.stdout).toContain('created the demo CA; issued: lanhdao.tuphap, agency.000.00.03.H38, agency.000.00.00.H38');
      const second = await cli('pki', 'demo');
      expect(second.stdout).toContain('kept the demo CA; issued: nothing (all present)');
      const key = await createFileKeyStore(path.join(data.dir, 'pki')).signingKey('lanhdao.tuphap');
      expect(key.certificate.subject.typesAndValues.length).toBe(4);
    } finally {
      await data.remove();
    }
  });
});
