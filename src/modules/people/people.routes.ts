import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Platform } from '../../app.ts';
import { authRoutes } from './auth.routes.ts';
import { emailVerificationRoutes } from './email-verification.routes.ts';
import { meRoutes } from './me.routes.ts';
import { userRoutes } from './users.routes.ts';

/** Every REST route of the people module: sign-in, the own account, staff administration, registrations. */
export const peopleRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  await app.register(authRoutes, { platform });
  await app.register(emailVerificationRoutes, { platform });
  await app.register(meRoutes, { platform });
  await app.register(userRoutes, { platform });
};
