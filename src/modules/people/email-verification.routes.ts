import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '../../app.ts';
import * as verification from './email-verification.service.ts';

/** The link token from a verification mail. */
export const EmailVerificationCompleteBody = z.object({ token: z.string().trim().min(20).max(200) }).strict();
export type TEmailVerificationCompleteBody = z.infer<typeof EmailVerificationCompleteBody>;

const EmailVerificationSent = z.object({ sentTo: z.string() }).meta({ id: 'EmailVerificationSent' });

/** Proving the account's e-mail address: send the link again (signed in), and consume a link. */
export const emailVerificationRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  app.post(
    '/auth/email-verification',
    {
      config: { rateLimit: { max: 5, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: "Mail a new link proving the signed-in account's e-mail address (one a minute, five a day)",
        response: { 202: EmailVerificationSent },
      },
    },
    async (request, reply) => {
      const sent = await verification.requestVerificationEmail(request.serviceContext(), platform);
      return reply.status(202).send(sent);
    },
  );

  app.post(
    '/auth/email-verification/complete',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Prove the e-mail address with the link token (single use, 24 hours)',
        body: EmailVerificationCompleteBody,
      },
    },
    async (request, reply) => {
      await verification.completeEmailVerification(request.serviceContext(), request.body);
      return reply.status(204).send();
    },
  );
};
