import { decodePdfString } from './pdf-text.ts';

/**
 * Finds the signatures of a PDF the way a validator must: by each signature dictionary's /ByteRange, whose gap is
 * the /Contents hex string holding the CMS. Nothing else of the file has to be parsed, so a damaged or hostile file
 * cannot mislead the check: whatever the rest says, a signature covers exactly the bytes its ByteRange names.
 */

export type SignatureRange = {
  /** Offset of the `/ByteRange` keyword. */
  position: number;
  byteRange: [number, number, number, number];
  /** The CMS bytes from the Contents gap, or null when the gap is not a well-formed hex string. */
  cms: Uint8Array | null;
  /** The /SubFilter of the dictionary the ByteRange sits in, when it can be read. */
  subFilter: string | null;
  /** What the signature dictionary states (/Reason, /Location, /Name), decoded; null when absent. */
  stated: { reason: string | null; location: string | null; name: string | null };
  /** Why the range is unusable, when it is. */
  problem: string | null;
};

const BYTE_RANGE = /\/ByteRange\s*\[\s*([^\]]*)\]/g;

/** Every filled-in signature of the file (unfilled placeholders are skipped), in file order. */
export function findSignatureRanges(pdf: Uint8Array): SignatureRange[] {
  // latin1 maps each byte to one UTF-16 unit, so string offsets are byte offsets.
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const ranges: SignatureRange[] = [];
  for (const match of text.matchAll(BYTE_RANGE)) {
    const fields = (match[1] ?? '').trim().split(/\s+/);
    if (fields.some((f) => f.startsWith('/'))) {
      continue; // a placeholder still waiting for its signature
    }
    const position = match.index ?? 0;
    const dictionary = enclosingObject(text, position);
    const subFilter = /\/SubFilter\s*\/([A-Za-z0-9.#_-]+)/.exec(dictionary)?.[1] ?? null;
    const stated = {
      reason: readString(dictionary, 'Reason'),
      location: readString(dictionary, 'Location'),
      name: readString(dictionary, 'Name'),
    };
    const numbers = fields.map((f) => (/^\d+$/.test(f) ? Number(f) : Number.NaN));
    if (numbers.length !== 4 || numbers.some((n) => !Number.isSafeInteger(n))) {
      ranges.push({
        position,
        byteRange: [0, 0, 0, 0],
        cms: null,
        subFilter,
        stated,
        problem: 'ByteRange is not four offsets',
      });
      continue;
    }
    const byteRange = numbers as [number, number, number, number];
    const [start, gapStart, gapEnd, tailLength] = byteRange;
    const problem =
      start !== 0
        ? 'ByteRange does not start at the beginning of the file'
        : gapEnd <= gapStart || gapEnd + tailLength > pdf.length
          ? 'ByteRange points outside the file'
          : text[gapStart] !== '<' || text[gapEnd - 1] !== '>'
            ? 'the ByteRange gap is not the Contents hex string'
            : null;
    if (problem) {
      ranges.push({ position, byteRange, cms: null, subFilter, stated, problem });
      continue;
    }
    const hex = text.slice(gapStart + 1, gapEnd - 1).replace(/\s+/g, '');
    if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) {
      ranges.push({ position, byteRange, cms: null, subFilter, stated, problem: 'Contents is not a hex string' });
      continue;
    }
    ranges.push({
      position,
      byteRange,
      cms: new Uint8Array(Buffer.from(hex, 'hex')),
      subFilter,
      stated,
      problem: null,
    });
  }
  return ranges;
}

/** The bytes a signature covers: the file minus the Contents gap. */
export function signedBytes(pdf: Uint8Array, byteRange: readonly [number, number, number, number]): Uint8Array {
  const [start, gapStart, gapEnd, tailLength] = byteRange;
  return new Uint8Array(
    Buffer.concat([pdf.subarray(start, start + gapStart), pdf.subarray(gapEnd, gapEnd + tailLength)]),
  );
}

/** The text of the object around `position`: from the enclosing `obj` to its `endobj`. */
function enclosingObject(text: string, position: number): string {
  const objectStart = Math.max(0, text.lastIndexOf(' obj', position));
  const objectEnd = text.indexOf('endobj', position);
  return text.slice(objectStart, objectEnd === -1 ? position + 4096 : objectEnd);
}

/** A string entry of a dictionary, literal or hex, decoded; null when absent. */
function readString(dictionary: string, key: string): string | null {
  const match = new RegExp(`/${key}\\s*(\\((?:\\\\.|[^\\\\)])*\\)|<[0-9A-Fa-f\\s]*>)`).exec(dictionary);
  return match?.[1] ? decodePdfString(match[1]) : null;
}
