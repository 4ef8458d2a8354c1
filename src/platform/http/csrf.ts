import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

export const CSRF_COOKIE = 'egov_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * CSRF protection by a signed double submit: a random HttpOnly cookie identifies the browser, and the token put in
 * forms (or the `x-csrf-token` header) is an HMAC of it under the application secret. A page on another site can
 * neither read the cookie nor compute the token.
 */
export function createCsrf(secret: string, secureCookies: boolean) {
  const sign = (browserId: string) => createHmac('sha256', secret).update(`csrf:${browserId}`).digest('base64url');

  return {
    /** The token for a given browser id (the CSRF cookie's value). */
    tokenForBrowser: sign,

    /** The token for this browser, setting its cookie on first use. */
    tokenFor(request: FastifyRequest, reply: FastifyReply): string {
      let browserId = request.cookies[CSRF_COOKIE];
      if (!browserId || browserId.length < 16) {
        browserId = randomBytes(18).toString('base64url');
        reply.setCookie(CSRF_COOKIE, browserId, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: secureCookies,
        });
        // Later reads in the same request must see the new cookie.
        request.cookies[CSRF_COOKIE] = browserId;
      }
      return sign(browserId);
    },

    /** @throws AppError CSRF_INVALID unless `token` matches this browser's cookie. */
    verify(request: FastifyRequest, token: unknown): void {
      const browserId = request.cookies[CSRF_COOKIE];
      if (!browserId || typeof token !== 'string' || token.length === 0) {
        throw new AppError('CSRF_INVALID');
      }
      const expected = Buffer.from(sign(browserId));
      const given = Buffer.from(token);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
        throw new AppError('CSRF_INVALID');
      }
    },
  };
}

export type Csrf = ReturnType<typeof createCsrf>;

/** Methods that change state and therefore need a CSRF token when the caller authenticates with a cookie. */
export function isUnsafeMethod(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}
