/**
 * Vietnamese text in the signature dictionary (/Reason, /Location, /Name). @signpdf's placeholder writes PDF
 * strings through a UTF-8 Buffer, which garbles the UTF-16 it builds for non-ASCII text. So the placeholder gets a
 * run of filler letters exactly as long as the correct hex string, and the filler is then overwritten in place with
 * `<FEFF…>` (UTF-16BE with its byte-order mark, as PDF text strings require): same length, so every offset in the
 * xref section the placeholder wrote stays right.
 */

const FIELDS = ['Reason', 'Location', 'Name'] as const;
export type DictionaryTextField = (typeof FIELDS)[number];

const FILLER: Record<DictionaryTextField, string> = { Reason: 'R', Location: 'L', Name: 'N' };

/** The PDF hex string of a text: `<FEFF` + UTF-16BE code units + `>`. */
export function pdfTextHex(text: string): string {
  const utf16be = Buffer.from(text, 'utf16le').swap16();
  return `<FEFF${utf16be.toString('hex').toUpperCase()}>`;
}

/** What to hand the placeholder for a field: the text itself when ASCII, otherwise filler of the final length. */
export function placeholderText(field: DictionaryTextField, text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  // `(filler)` must be as long as `<FEFF…>`: both brackets count on each side.
  return FILLER[field].repeat(pdfTextHex(text).length - 2);
}

/**
 * Overwrites the filler of each non-ASCII field, searching only after `from` (the bytes the placeholder appended).
 * @throws Error when a filler is not found exactly once (it would mean the placeholder changed its output)
 */
export function writeDictionaryTexts(pdf: Buffer, from: number, texts: Record<DictionaryTextField, string>): Buffer {
  const result = Buffer.from(pdf);
  for (const field of FIELDS) {
    const text = texts[field];
    const filler = placeholderText(field, text);
    if (filler === text) continue;
    const needle = Buffer.from(`/${field} (${filler})`, 'latin1');
    const at = result.indexOf(needle, from);
    if (at === -1 || result.indexOf(needle, at + 1) !== -1) {
      throw new Error(`the placeholder's /${field} was not found exactly once`);
    }
    result.write(`/${field} ${pdfTextHex(text)}`, at, 'latin1');
  }
  return result;
}

/** Decodes a PDF string token as written in a dictionary: `(literal)` or `<hex>`, UTF-16BE when it has a BOM. */
export function decodePdfString(token: string): string {
  let bytes: Buffer;
  if (token.startsWith('<')) {
    bytes = Buffer.from(token.slice(1, -1).replace(/\s+/g, ''), 'hex');
  } else {
    const body = token
      .slice(1, -1)
      .replace(/\\([nrtbf()\\])/g, (_, c: string) =>
        c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c === 'b' ? '\b' : c === 'f' ? '\f' : c,
      );
    bytes = Buffer.from(body, 'latin1');
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  }
  // Some writers (poppler's pdfsig among them) put raw UTF-8 in literal strings. Multi-byte UTF-8 that decodes
  // cleanly is far likelier than PDFDocEncoding text that happens to form it.
  const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (!utf8.includes('\uFFFD') && bytes.some((b) => b > 0x7f)) {
    return utf8;
  }
  return bytes.toString('latin1');
}
