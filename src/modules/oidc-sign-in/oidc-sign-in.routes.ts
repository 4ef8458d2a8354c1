import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Platform } from '../../app.ts';
import { sessionCookieOptions } from '../people/people.deps.ts';
import { SESSION_COOKIE } from '../../platform/http/request-context.ts';
import { signInWithIdentity } from './oidc-sign-in.service.ts';
import { OidcRefusal } from './refusals.ts';
import { createRelyingParty } from './relying-party.ts';
import { TRANSACTION_COOKIE, TRANSACTION_MINUTES, openTransaction, sealTransaction } from './transaction.ts';

/** Where the "Đăng nhập bằng VNeID" button leads: starts a sign-in and sends the browser to the provider. */
export const OIDC_START_PATH = '/dang-nhap/vneid';
/** The sign-in page, where refusals are told (`?vneid=<reason>`). */
const SIGN_IN_PAGE = '/dang-nhap';

/** A local path to return to, never another site. */
function localPath(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')
    ? value
    : '';
}

/**
 * The browser side of signing in through the identity provider: two plain GET routes that redirect (no page of
 * their own, so they work without JavaScript). They sit outside /api/v1: they are navigations, not API calls.
 * Mounted only when OIDC is configured.
 */
export async function oidcSignInRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  const config = platform.config.oidc;
  if (!config) return;
  const rp = createRelyingParty({
    config,
    clock: () => platform.clock,
    fetch: () => platform.oidcFetch,
    allowHttp: !platform.config.isProduction && config.issuer.startsWith('http://'),
  });
  const transactionCookie = {
    path: '/',
    httpOnly: true,
    // Lax: the cookie must come back on the provider's top-level redirect to us, and on nothing cross-site else.
    sameSite: 'lax',
    secure: platform.config.secureCookies,
  } as const;
  const perMinute = { rateLimit: { max: 30, timeWindow: '1 minute' } };

  function refuse(request: FastifyRequest, reply: FastifyReply, refusal: OidcRefusal) {
    request.log.warn({ reason: refusal.reason, detail: refusal.detail }, 'oidc sign-in refused');
    return reply.redirect(`${SIGN_IN_PAGE}?vneid=${refusal.reason}`, 303);
  }

  app.get(OIDC_START_PATH, { config: perMinute, schema: { hide: true } }, async (request, reply) => {
    const next = localPath((request.query as Record<string, unknown>).next);
    try {
      const { url, transaction } = await rp.start(next);
      reply.setCookie(TRANSACTION_COOKIE, await sealTransaction(platform.config.appSecret, transaction), {
        ...transactionCookie,
        maxAge: TRANSACTION_MINUTES * 60,
      });
      return reply.header('cache-control', 'no-store').redirect(url, 303);
    } catch (error) {
      // Only refusals are expected (the relying party turns every protocol failure into one); others are bugs.
      if (error instanceof OidcRefusal) return refuse(request, reply, error);
      throw error;
    }
  });

  app.get(
    new URL(config.redirectUri).pathname,
    { config: perMinute, schema: { hide: true } },
    async (request, reply) => {
      // Whatever happens, this attempt is over: its cookie goes.
      reply.clearCookie(TRANSACTION_COOKIE, { path: transactionCookie.path });
      reply.header('cache-control', 'no-store');
      try {
        const transaction = await openTransaction(platform.config.appSecret, request.cookies[TRANSACTION_COOKIE]);
        // The answer as the provider addressed it: our registered redirect URI with the answer's query.
        const callbackUrl = new URL(config.redirectUri);
        callbackUrl.search = new URL(request.url, 'http://placeholder').search;
        const identity = await rp.finish(callbackUrl, transaction);
        const result = await signInWithIdentity(request.serviceContext(), platform, identity, {
          personalIdClaim: config.personalIdClaim,
          replacesToken: request.cookies[SESSION_COOKIE],
        });
        reply.setCookie(SESSION_COOKIE, result.token, sessionCookieOptions(platform.config.secureCookies));
        request.log.info({ userId: result.userId, outcome: result.outcome }, 'oidc sign-in');
        if (result.mfaRequired) {
          const next = transaction.next ? `&next=${encodeURIComponent(transaction.next)}` : '';
          return reply.redirect(`${SIGN_IN_PAGE}?buoc=xac-thuc${next}`, 303);
        }
        return reply.redirect(transaction.next || '/', 303);
      } catch (error) {
        if (error instanceof OidcRefusal) return refuse(request, reply, error);
        throw error;
      }
    },
  );
}
