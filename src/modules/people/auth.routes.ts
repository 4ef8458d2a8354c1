import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Platform } from '../../app.ts';
import { runIdempotent } from '../../platform/http/idempotency.ts';
import { SESSION_COOKIE } from '../../platform/http/request-context.ts';
import * as auth from './auth.service.ts';
import { sessionCookieOptions } from './people.deps.ts';
import {
  BusinessRegistrationBody,
  CitizenRegistrationBody,
  CsrfAnswer,
  LoginAnswer,
  LoginBody,
  MfaBody,
  PasswordResetBody,
  PasswordResetCompleteBody,
  Registration,
} from './people.schema.ts';
import * as passwords from './passwords.service.ts';
import * as registrations from './registrations.service.ts';

/** Per client address: generous for a shared office NAT, far too slow for guessing. */
const perMinute = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });

/** Public account routes: sign-in and out, the CSRF token, password reset, self-registration. */
export const authRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  const cookieOptions = sessionCookieOptions(platform.config.secureCookies);

  app.post(
    '/auth/login',
    {
      config: perMinute(20),
      schema: {
        tags: ['auth'],
        summary: 'Sign in (staff: username; citizens and businesses: e-mail, personal id or tax code)',
        body: LoginBody,
        response: { 200: LoginAnswer },
      },
    },
    async (request, reply) => {
      const result = await auth.login(request.serviceContext(), platform, {
        ...request.body,
        replacesToken: request.cookies[SESSION_COOKIE],
      });
      reply.setCookie(SESSION_COOKIE, result.token, cookieOptions);
      return { mfaRequired: result.mfaRequired, mustEnrollMfa: result.mustEnrollMfa, user: result.user };
    },
  );

  app.post(
    '/auth/mfa',
    {
      config: perMinute(10),
      schema: {
        tags: ['auth'],
        summary: 'Second sign-in step: the TOTP code',
        body: MfaBody,
        response: { 200: LoginAnswer },
      },
    },
    async (request, reply) => {
      const result = await auth.completeMfa(request.serviceContext(), platform, {
        ...request.body,
        sessionToken: request.cookies[SESSION_COOKIE],
      });
      reply.setCookie(SESSION_COOKIE, result.token, cookieOptions);
      return { mfaRequired: false, mustEnrollMfa: result.mustEnrollMfa, user: result.user };
    },
  );

  app.post('/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out' } }, async (request, reply) => {
    await auth.logout(request.serviceContext(), request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: cookieOptions.path });
    return reply.status(204).send();
  });

  app.get(
    '/auth/csrf',
    {
      schema: {
        tags: ['auth'],
        summary: 'The CSRF token to send as x-csrf-token with unsafe requests made under a session cookie',
        response: { 200: CsrfAnswer },
      },
    },
    async (request, reply) => ({ token: platform.csrf.tokenFor(request, reply) }),
  );

  app.post(
    '/auth/password-reset',
    {
      config: perMinute(5),
      schema: {
        tags: ['auth'],
        summary: 'E-mail a password-reset link; always 202, whether or not the address has an account',
        body: PasswordResetBody,
      },
    },
    async (request, reply) => {
      await passwords.requestPasswordReset(request.serviceContext(), platform, request.body);
      return reply.status(202).send();
    },
  );

  app.post(
    '/auth/password-reset/complete',
    {
      config: perMinute(10),
      schema: { tags: ['auth'], summary: 'Set a new password with the link token', body: PasswordResetCompleteBody },
    },
    async (request, reply) => {
      await passwords.completePasswordReset(request.serviceContext(), request.body);
      return reply.status(204).send();
    },
  );

  app.post(
    '/registrations/citizen',
    {
      config: perMinute(10),
      schema: {
        tags: ['registrations'],
        summary: 'Open a citizen account; honours Idempotency-Key',
        body: CitizenRegistrationBody,
        response: { 201: Registration },
      },
    },
    async (request, reply) => {
      const result = await runIdempotent(request, platform.database, 201, (ctx) =>
        registrations.registerCitizen(ctx, platform, request.body),
      );
      return reply.status(result.status).send(result.body);
    },
  );

  app.post(
    '/registrations/business',
    {
      config: perMinute(10),
      schema: {
        tags: ['registrations'],
        summary: 'Open a business account; honours Idempotency-Key',
        body: BusinessRegistrationBody,
        response: { 201: Registration },
      },
    },
    async (request, reply) => {
      const result = await runIdempotent(request, platform.database, 201, (ctx) =>
        registrations.registerBusiness(ctx, platform, request.body),
      );
      return reply.status(result.status).send(result.body);
    },
  );
};
