import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Platform } from '../../app.ts';
import { requireUser } from '../../platform/http/guards.ts';
import * as auth from './auth.service.ts';
import { ChangePasswordBody, Me, MfaBody, TotpEnrolment } from './people.schema.ts';
import * as passwords from './passwords.service.ts';
import * as totp from './totp.service.ts';

const perMinute = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });

/** The signed-in user's own account: who am I, TOTP enrolment, password change. */
export const meRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  app.get(
    '/me',
    { schema: { tags: ['me'], summary: 'The signed-in user with roles', response: { 200: Me } } },
    async (request) => auth.getMe(request.serviceContext(), platform),
  );

  app.post(
    '/me/totp',
    {
      schema: {
        tags: ['me'],
        summary: 'Start TOTP enrolment: a new secret and its otpauth:// URI',
        response: { 200: TotpEnrolment },
      },
    },
    async (request) => {
      requireUser(request);
      return totp.startTotpEnrolment(request.serviceContext(), platform);
    },
  );

  app.post(
    '/me/totp/confirm',
    { config: perMinute(10), schema: { tags: ['me'], summary: 'Confirm TOTP enrolment with a code', body: MfaBody } },
    async (request, reply) => {
      requireUser(request);
      await totp.confirmTotpEnrolment(request.serviceContext(), platform, request.body);
      return reply.status(204).send();
    },
  );

  app.delete(
    '/me/totp',
    {
      config: perMinute(10),
      schema: { tags: ['me'], summary: 'Switch TOTP off (needs a current code)', body: MfaBody },
    },
    async (request, reply) => {
      requireUser(request);
      await totp.disableTotp(request.serviceContext(), platform, request.body);
      return reply.status(204).send();
    },
  );

  app.post(
    '/me/password',
    {
      config: perMinute(10),
      schema: { tags: ['me'], summary: 'Change the password; other sessions end', body: ChangePasswordBody },
    },
    async (request, reply) => {
      requireUser(request);
      await passwords.changePassword(request.serviceContext(), { ...request.body, keepSessionId: request.sessionId });
      return reply.status(204).send();
    },
  );
};
