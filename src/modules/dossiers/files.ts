import { createHash } from 'node:crypto';
import type { BlobStore } from '../../platform/blobs/blob-store.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { FileRow } from './dossier-parts.repository.ts';

/**
 * Uploaded files, for now as base64 inside the JSON body (a multipart transport can feed the same checks later).
 * Each file is size-capped and its type is read from its first bytes, never from its name or the declared type:
 * a declared type that the bytes contradict is refused, so nothing stored can pass for something else.
 */

export const FILE_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type FileContentType = (typeof FILE_CONTENT_TYPES)[number];
/**
 * Types the file route may serve inline for preview. Every stored file's type was read from its bytes at upload
 * (prepareFiles refuses a declared type the bytes disagree with), so this is the sniffed type, never a claim.
 */
export const INLINE_CONTENT_TYPES: ReadonlySet<string> = new Set<string>(FILE_CONTENT_TYPES);

/** Per file, decoded. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Per request, decoded. */
export const MAX_REQUEST_FILE_BYTES = 15 * 1024 * 1024;
/** Body limit of the routes that carry files: the decoded cap in base64, plus room for the rest of the JSON. */
export const FILE_ROUTE_BODY_LIMIT = Math.ceil((MAX_REQUEST_FILE_BYTES * 4) / 3) + 256 * 1024;
/** Longest base64 text of one file. */
export const MAX_FILE_BASE64 = Math.ceil(MAX_FILE_BYTES / 3) * 4;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The type the bytes are, by their magic numbers; null when not one we accept. */
export function sniffContentType(bytes: Uint8Array): FileContentType | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf'; // %PDF-
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  return null;
}

/** Why an upload was refused. */
export type FileRule = 'base64' | 'empty' | 'too_large' | 'type' | 'total_too_large';

export type FileUpload = { filename: string; contentType: FileContentType; data: string };

/** A checked upload, ready to store. */
export type PreparedFile = {
  componentCode: string | null;
  filename: string;
  contentType: FileContentType;
  bytes: Buffer;
  sha256: string;
};

/**
 * Decodes and checks uploads: base64, non-empty, within the caps, bytes of the declared type.
 * @param uploads each with the request path to report problems at
 * @throws AppError VALIDATION_FAILED listing every bad file
 */
export function prepareFiles(
  uploads: readonly (FileUpload & { componentCode: string | null; path: string })[],
): PreparedFile[] {
  // `rule` names the problem for forms that say it in the reader's language (the online submission pages).
  const issues: { path: string; message: string; rule: FileRule }[] = [];
  const prepared: PreparedFile[] = [];
  let total = 0;
  for (const upload of uploads) {
    const text = upload.data.replace(/\s+/g, '');
    if (!BASE64.test(text) || text.length % 4 !== 0) {
      issues.push({ path: `${upload.path}.data`, message: 'not base64', rule: 'base64' });
      continue;
    }
    const bytes = Buffer.from(text, 'base64');
    total += bytes.length;
    if (bytes.length === 0) {
      issues.push({ path: `${upload.path}.data`, message: 'the file is empty', rule: 'empty' });
      continue;
    }
    if (bytes.length > MAX_FILE_BYTES) {
      issues.push({ path: `${upload.path}.data`, message: `larger than ${MAX_FILE_BYTES} bytes`, rule: 'too_large' });
      continue;
    }
    const sniffed = sniffContentType(bytes);
    if (sniffed !== upload.contentType) {
      issues.push({
        path: `${upload.path}.contentType`,
        message: sniffed
          ? `the bytes are ${sniffed}, not ${upload.contentType}`
          : 'the bytes are not a PDF, JPEG or PNG file',
        rule: 'type',
      });
      continue;
    }
    prepared.push({
      componentCode: upload.componentCode,
      filename: upload.filename,
      contentType: sniffed,
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  }
  if (total > MAX_REQUEST_FILE_BYTES) {
    issues.push({
      path: 'body',
      message: `files larger than ${MAX_REQUEST_FILE_BYTES} bytes in all`,
      rule: 'total_too_large',
    });
  }
  if (issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', { issues });
  }
  return prepared;
}

/**
 * Puts the bytes in the blob store and returns the rows to record. Called only once every check has passed; a
 * transaction that still fails afterwards leaves unreferenced blobs, which are harmless (content-addressed) and
 * left to a later sweep.
 */
export async function storeFiles(
  blobs: BlobStore,
  files: readonly PreparedFile[],
  row: { kind: FileRow['kind']; actionSeq: number; uploadedBy: string | null },
): Promise<Omit<FileRow, 'created_at'>[]> {
  const rows: Omit<FileRow, 'created_at'>[] = [];
  for (const file of files) {
    const ref = await blobs.put(file.bytes);
    rows.push({
      id: newId(),
      action_seq: row.actionSeq,
      kind: row.kind,
      component_code: file.componentCode,
      filename: file.filename,
      content_type: file.contentType,
      size: ref.size,
      sha256: ref.sha256,
      uploaded_by: row.uploadedBy,
    });
  }
  return rows;
}

/**
 * A dossier code: `<receiving agency e-id code>-<yyMMdd>-<NNNN>` (reference §2.1; the format is the common reading
 * of TT 01/2018, unconfirmed), the number at least four digits and growing beyond them rather than wrapping.
 */
export function formatDossierCode(agencyCode: string, day: string, number: number): string {
  const yymmdd = `${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}`;
  return `${agencyCode}-${yymmdd}-${String(number).padStart(4, '0')}`;
}
