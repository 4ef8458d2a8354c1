import { unzipSync } from 'fflate';

/**
 * What a template file may be, read from its bytes: a PDF, or a word-processing document in one of the two open
 * formats (Word's DOCX, OpenDocument's ODT), both ZIP packages told apart by the entries inside. The name's extension
 * must agree with the content, so a download is never something else than what its name promises.
 */

export const TEMPLATE_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
} as const;
export type TemplateExtension = keyof typeof TEMPLATE_TYPES;
export type TemplateContentType = (typeof TEMPLATE_TYPES)[TemplateExtension];

/** Forms are a few pages; 5 MB leaves room for scanned ones and keeps a download sane on 3G. */
export const MAX_TEMPLATE_BYTES = 5 * 1024 * 1024;

/** The names components may use: lower-case ASCII, as the national catalogue's file names are. */
export const TEMPLATE_FILE_NAME = /^[a-z0-9][a-z0-9._-]{0,150}\.(pdf|docx|odt)$/;

const ZIP_LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04];
const ODT_MIMETYPE = 'application/vnd.oasis.opendocument.text';

/** The kind of template the bytes are, or null when they are none of the accepted ones (or a broken package). */
export function sniffTemplate(bytes: Uint8Array): TemplateExtension | null {
  const starts = (sig: readonly number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) {
    return 'pdf';
  }
  if (!starts(ZIP_LOCAL_HEADER)) {
    return null;
  }
  let entries: Record<string, Uint8Array>;
  try {
    // Only the two small entries that tell the formats apart are inflated, so a ZIP bomb costs nothing.
    entries = unzipSync(bytes, {
      filter: (file) =>
        (file.name === 'mimetype' && file.originalSize < 100) ||
        (file.name === '[Content_Types].xml' && file.originalSize < 64 * 1024),
    });
  } catch {
    return null;
  }
  const text = (name: string) => (entries[name] ? new TextDecoder().decode(entries[name]) : '');
  if (text('mimetype').trim() === ODT_MIMETYPE) {
    return 'odt';
  }
  if (text('[Content_Types].xml').includes('wordprocessingml.document.main+xml')) {
    return 'docx';
  }
  return null;
}

/** The extension of a template name, when the name is an acceptable one. */
export function extensionOf(fileName: string): TemplateExtension | null {
  const match = TEMPLATE_FILE_NAME.exec(fileName);
  return match ? (match[1] as TemplateExtension) : null;
}
