import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import jsQR from 'jsqr';

/**
 * Test helpers (not a test file): read a PDF the way a person's tools do — its text through poppler's pdftotext,
 * its first page as pixels through pdftoppm — and decode the QR code on it.
 */

const run = promisify(execFile);

async function withPdf<T>(bytes: Uint8Array, work: (file: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'egov-pdf-'));
  try {
    const file = path.join(dir, 'form.pdf');
    await writeFile(file, bytes);
    return await work(file, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text of a PDF as pdftotext extracts it (reading order, UTF-8). */
export function pdfText(bytes: Uint8Array): Promise<string> {
  return withPdf(bytes, async (file) => (await run('pdftotext', ['-enc', 'UTF-8', file, '-'])).stdout);
}

/** Number of pages, from pdfinfo. */
export function pdfPages(bytes: Uint8Array): Promise<number> {
  return withPdf(bytes, async (file) => Number(/Pages:\s+(\d+)/.exec((await run('pdfinfo', [file])).stdout)?.[1]));
}

/**
 * Renders page 1 in grey at `dpi` (a binary PGM, trivial to read) and decodes the QR code on it.
 * @returns the decoded text, or null when no code is found
 */
export function decodeQrOnFirstPage(bytes: Uint8Array, dpi = 150): Promise<string | null> {
  return withPdf(bytes, async (file, dir) => {
    await run('pdftoppm', [
      '-gray',
      '-r',
      String(dpi),
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      file,
      path.join(dir, 'page'),
    ]);
    const pgm = await readFile(path.join(dir, 'page.pgm'));
    const { width, height, pixels } = parsePgm(pgm);
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      const v = pixels[i] ?? 255;
      rgba[i * 4] = v;
      rgba[i * 4 + 1] = v;
      rgba[i * 4 + 2] = v;
      rgba[i * 4 + 3] = 255;
    }
    return jsQR(rgba, width, height)?.data ?? null;
  });
}

/** A binary (P5) 8-bit PGM: header `P5 <w> <h> <max>` then one byte per pixel. */
function parsePgm(data: Buffer): { width: number; height: number; pixels: Buffer } {
  const fields: string[] = [];
  let offset = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(data[offset] ?? 32))) offset++;
    if (data[offset] === 0x23) {
      while (data[offset] !== 0x0a) offset++;
      continue;
    }
    let token = '';
    while (!/\s/.test(String.fromCharCode(data[offset] ?? 32))) token += String.fromCharCode(data[offset++] ?? 32);
    fields.push(token);
  }
  if (fields[0] !== 'P5') throw new Error(`not a binary PGM: ${fields[0]}`);
  const width = Number(fields[1]);
  const height = Number(fields[2]);
  return { width, height, pixels: data.subarray(offset + 1, offset + 1 + width * height) };
}
