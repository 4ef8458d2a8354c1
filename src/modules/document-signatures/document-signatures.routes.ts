import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type BlobStore, readAll } from '../../platform/blobs/blob-store.ts';
import { requireStaff } from '../../platform/http/guards.ts';
import { openDocumentFile } from '../documents/read-documents.ts';
import type { KeyStore } from '../signing/key-store.ts';
import { VerificationReport } from '../signing/signing.schema.ts';
import { verifyPdf } from '../signing/verify.ts';

/**
 * The signatures of a document's file, checked where the document is read: who signed the PDF a văn thư received or
 * released, whether it changed since, and whether the signer chains to a CA this platform trusts. Whoever may open
 * the file may see its report; it writes nothing.
 */

const Params = z.object({ direction: z.enum(['outgoing', 'incoming']), id: z.uuid(), fileId: z.uuid() });

export const documentSignatureRoutes: FastifyPluginAsyncZod<{ blobs: BlobStore; keyStore: KeyStore }> = async (
  app,
  { blobs, keyStore },
) => {
  app.get(
    '/documents/:direction/:id/files/:fileId/signatures',
    {
      schema: {
        tags: ['documents', 'signatures'],
        summary:
          'The digital signatures of a document file (PDF): valid, invalid (changed after signing) or unknown signer',
        params: Params,
        response: { 200: VerificationReport },
      },
    },
    async (request) => {
      requireStaff(request);
      const { direction, id, fileId } = request.params;
      const { stream } = await openDocumentFile(request.serviceContext(), { blobs }, direction, id, fileId);
      return verifyPdf(await readAll(stream), await keyStore.trustedCertificates());
    },
  );
};
