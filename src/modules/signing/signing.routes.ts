import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireStaff } from '../../platform/http/guards.ts';
import type { KeyStore } from './key-store.ts';
import { VERIFY_BODY_LIMIT, VerificationReport, VerifyBody } from './signing.schema.ts';
import { verifyUploadedSignatures } from './signing.service.ts';

/** REST routes of the signing module. Thin: sign-in check, schema, one service call. */
export const signingRoutes: FastifyPluginAsyncZod<{ keyStore: KeyStore }> = async (app, { keyStore }) => {
  app.post(
    '/signatures/verify',
    {
      // Larger than the app's 1 MiB default: signed PDFs with embedded fonts run to several MiB.
      bodyLimit: VERIFY_BODY_LIMIT,
      schema: {
        tags: ['signatures'],
        summary:
          'Verify the signatures of a PDF (PAdES), or a detached CMS signature over a file; staff only. The file travels ' +
          'base64 in JSON (at most 10 MiB decoded). Writes nothing.',
        body: VerifyBody,
        response: { 200: VerificationReport },
      },
    },
    async (request) => {
      requireStaff(request);
      return verifyUploadedSignatures(request.serviceContext(), keyStore, request.body);
    },
  );
};
