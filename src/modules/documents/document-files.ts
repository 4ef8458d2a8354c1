import type { BlobStore } from '../../platform/blobs/blob-store.ts';
import { newId } from '../../platform/ids.ts';
import { type FileUpload, type PreparedFile, prepareFiles } from '../dossiers/files.ts';
import type { FileInsert, FileRow } from './documents.repository.ts';

/**
 * Files of documents go through the same checks as dossier uploads (base64, non-empty, size caps, type sniffed from
 * the bytes and matching the declared type) before any transaction opens, then into the content-addressed blob
 * store. A copy delivered to another agency re-uses the same blobs.
 */

export type DocumentFileKind = FileRow['kind'];
export type PreparedDocumentFile = PreparedFile & { kind: DocumentFileKind };

/**
 * Decodes and checks uploads, each with the kind it will be stored as and the request path to report problems at.
 * @throws AppError VALIDATION_FAILED listing every bad file
 */
export function prepareDocumentFiles(
  uploads: readonly { upload: FileUpload; kind: DocumentFileKind; path: string }[],
): PreparedDocumentFile[] {
  const prepared = prepareFiles(uploads.map((u) => ({ ...u.upload, componentCode: null, path: u.path })));
  return prepared.map((file, i) => ({ ...file, kind: uploads[i]?.kind ?? 'attachment' }));
}

/** Puts the bytes in the blob store and returns the rows to record. */
export async function storeDocumentFiles(
  blobs: BlobStore,
  files: readonly PreparedDocumentFile[],
  row: { unitId: string; actionSeq: number; uploadedBy: string | null },
): Promise<FileInsert[]> {
  const rows: FileInsert[] = [];
  for (const file of files) {
    const ref = await blobs.put(file.bytes);
    rows.push({
      id: newId(),
      unit_id: row.unitId,
      kind: file.kind,
      filename: file.filename,
      content_type: file.contentType,
      size: ref.size,
      sha256: ref.sha256,
      action_seq: row.actionSeq,
      uploaded_by: row.uploadedBy,
    });
  }
  return rows;
}
