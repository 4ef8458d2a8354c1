import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/**
 * Test helpers (not a test file): temporary folders, a plain document to sign, and the real validators people use —
 * poppler's pdfsig with an NSS trust store made by certutil, and OpenSSL's cms command.
 */

const run = promisify(execFile);

export async function tempDir(prefix: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `egov-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** An eight-page text document of about 20 kB, the size of a typical official letter. */
export async function samplePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let p = 1; p <= 8; p++) {
    const page = doc.addPage([595.28, 841.89]);
    for (let line = 0; line < 40; line++) {
      page.drawText(`Trang ${p}, dong ${line + 1}: noi dung van ban mau ${(p * 7919 + line * 104729).toString(36)}`, {
        x: 85,
        y: 780 - line * 16,
        size: 11,
        font,
      });
    }
  }
  return doc.save({ useObjectStreams: false, addDefaultPage: false });
}

/** Flips one byte inside the first compressed stream: the file still parses, but no longer matches its digest. */
export function tamperInsideFirstStream(pdf: Uint8Array): Uint8Array {
  const copy = new Uint8Array(pdf);
  const at = Buffer.from(copy).indexOf('stream\n') + 'stream\n'.length + 5;
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

/** pdfsig's report of a file; with `trustedCaPem`, an NSS database trusting that CA is made for the run. */
export async function pdfsig(pdf: Uint8Array, trustedCaPem?: string): Promise<string> {
  const work = await tempDir('pdfsig');
  try {
    const file = path.join(work.dir, 'signed.pdf');
    await writeFile(file, pdf);
    const args = [file];
    if (trustedCaPem) {
      const nss = path.join(work.dir, 'nss');
      await run('mkdir', [nss]);
      await run('certutil', ['-N', '--empty-password', '-d', `sql:${nss}`]);
      await run('certutil', ['-A', '-n', 'ca', '-t', 'C,C,C', '-i', trustedCaPem, '-d', `sql:${nss}`]);
      args.unshift('-nssdir', `sql:${nss}`);
    }
    // pdfsig exits non-zero when a signature fails; the report on stdout is what the tests read either way.
    const result = await run('pdfsig', args).catch((error: { stdout?: string; stderr?: string }) => ({
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
    }));
    return result.stdout;
  } finally {
    await work.remove();
  }
}

/** `openssl cms -verify` of a detached DER signature over a content file; resolves with success and output. */
export async function opensslVerifyDetached(
  signature: Uint8Array,
  content: Uint8Array,
  caPem: string,
): Promise<{ ok: boolean; output: string }> {
  const work = await tempDir('openssl');
  try {
    const sigFile = path.join(work.dir, 'x.p7s');
    const contentFile = path.join(work.dir, 'content.bin');
    await writeFile(sigFile, signature);
    await writeFile(contentFile, content);
    const args = ['cms', '-verify', '-inform', 'DER', '-in', sigFile, '-content', contentFile, '-binary'];
    args.push('-CAfile', caPem, '-purpose', 'any', '-out', '/dev/null');
    return await run('openssl', args).then(
      (r) => ({ ok: true, output: `${r.stdout}${r.stderr}` }),
      (error: { stdout?: string; stderr?: string }) => ({
        ok: false,
        output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
      }),
    );
  } finally {
    await work.remove();
  }
}

/**
 * Signs a PDF with poppler's own signer (`pdfsig -add-signature`, NSS), from a key folder of the file key store:
 * an independent implementation to check our verifier against.
 */
export async function popplerSign(pdf: Uint8Array, keyDir: string, caPem: string): Promise<Uint8Array> {
  const work = await tempDir('poppler-sign');
  try {
    const nss = path.join(work.dir, 'nss');
    const p12 = path.join(work.dir, 'signer.p12');
    await run('mkdir', [nss]);
    await run('certutil', ['-N', '--empty-password', '-d', `sql:${nss}`]);
    await run('openssl', [
      'pkcs12',
      '-export',
      '-inkey',
      path.join(keyDir, 'key.pem'),
      '-in',
      path.join(keyDir, 'cert.pem'),
      '-certfile',
      path.join(keyDir, 'chain.pem'),
      '-name',
      'signer',
      '-passout',
      'pass:x',
      '-out',
      p12,
    ]);
    await run('pk12util', ['-i', p12, '-d', `sql:${nss}`, '-W', 'x']);
    await run('certutil', ['-A', '-n', 'ca', '-t', 'C,C,C', '-i', caPem, '-d', `sql:${nss}`]);
    const input = path.join(work.dir, 'in.pdf');
    const output = path.join(work.dir, 'out.pdf');
    await writeFile(input, pdf);
    await run('pdfsig', [
      '-add-signature',
      '-nssdir',
      `sql:${nss}`,
      '-nick',
      'signer',
      '-reason',
      'Thẩm định',
      input,
      output,
    ]);
    return new Uint8Array(await readFile(output));
  } finally {
    await work.remove();
  }
}

/** `openssl cms -sign` of a content with a key folder: a detached DER signature made by another implementation. */
export async function opensslSignDetached(content: Uint8Array, keyDir: string): Promise<Uint8Array> {
  const work = await tempDir('openssl-sign');
  try {
    const contentFile = path.join(work.dir, 'content.bin');
    const out = path.join(work.dir, 'x.p7s');
    await writeFile(contentFile, content);
    await run('openssl', [
      'cms',
      '-sign',
      '-binary',
      '-md',
      'sha256',
      '-in',
      contentFile,
      '-signer',
      path.join(keyDir, 'cert.pem'),
      '-inkey',
      path.join(keyDir, 'key.pem'),
      '-certfile',
      path.join(keyDir, 'chain.pem'),
      '-outform',
      'DER',
      '-out',
      out,
    ]);
    return new Uint8Array(await readFile(out));
  } finally {
    await work.remove();
  }
}
