import { type BlobStore, readAll } from '../../platform/blobs/blob-store.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { isAppError } from '../../platform/errors.ts';
import { getIncoming } from '../documents/incoming-engine.ts';
import { getOutgoing } from '../documents/outgoing-engine.ts';
import { openDocumentFile } from '../documents/read-documents.ts';
import type { KeyStore } from '../signing/key-store.ts';
import type { TVerificationReport } from '../signing/signing.schema.ts';
import { verifyPdf } from '../signing/verify.ts';

/**
 * A document as its page shows it: the register's facts and, for each PDF file, who signed it and whether the
 * signature still holds (valid, changed after signing, or a signer this platform does not trust). Whoever may open
 * the document sees it; out of scope is NOT_FOUND. Reads only.
 */

export type SignedFile = {
  id: string;
  kind: string;
  filename: string;
  contentType: string;
  size: number;
  /** null: not a PDF; an empty list: a PDF without signatures. */
  signatures: TVerificationReport['signatures'] | null;
};

export async function viewDocument(
  ctx: ServiceContext,
  deps: { blobs: BlobStore; keyStore: KeyStore },
  direction: 'outgoing' | 'incoming',
  id: string,
) {
  const document = direction === 'outgoing' ? await getOutgoing(ctx, id) : await getIncoming(ctx, id);
  const trusted = await deps.keyStore.trustedCertificates();
  const files: SignedFile[] = [];
  for (const file of document.files) {
    let signatures: SignedFile['signatures'] = null;
    if (file.contentType === 'application/pdf') {
      const { stream } = await openDocumentFile(ctx, deps, direction, id, file.id);
      try {
        signatures = (await verifyPdf(await readAll(stream), trusted)).signatures;
      } catch (error) {
        // A PDF without a signature is an answer, not a failure; anything else unreadable shows as such.
        if (!isAppError(error)) throw error;
        signatures = error.code === 'NO_SIGNATURE' ? [] : null;
      }
    }
    files.push({ ...file, signatures });
  }
  return { direction, document, files };
}
