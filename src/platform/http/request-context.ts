import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ANONYMOUS, type Actor, type RequestMeta } from '../auth/actor.ts';
import type { Database } from '../db/database.ts';
import type { ServiceContext } from '../context.ts';
import { DEFAULT_LANGUAGE, type Language, isLanguage } from '../i18n/index.ts';

export const SESSION_COOKIE = 'egov_session';
export const LANGUAGE_COOKIE = 'lang';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    /** Id of the signed-in session, when there is one. */
    sessionId: string | null;
    language: Language;
    /** Request facts for the audit trail. */
    meta(): RequestMeta;
    /** The context every service function takes, bound to this request. */
    serviceContext(): ServiceContext;
  }
}

export type SessionResolver = (token: string) => Promise<{ actor: Actor; sessionId: string } | null>;

/**
 * Resolves who is calling (from the session cookie), which language they read, and gives handlers the
 * service context. Static assets and probes skip the session lookup.
 */
export const requestContextPlugin = fp(
  async (app: FastifyInstance, opts: { database: Database; resolveSession: SessionResolver }) => {
    app.decorateRequest('actor', null as never);
    app.decorateRequest('sessionId', null);
    app.decorateRequest('language', DEFAULT_LANGUAGE);
    app.decorateRequest('meta', function (this: FastifyRequest): RequestMeta {
      return { requestId: this.id, ip: this.ip, userAgent: this.headers['user-agent'] ?? null };
    });
    app.decorateRequest('serviceContext', function (this: FastifyRequest): ServiceContext {
      return { actor: this.actor, meta: this.meta(), db: opts.database.db };
    });

    app.addHook('onRequest', async (request, reply) => {
      request.actor = ANONYMOUS;
      request.language = pickLanguage(request);
      reply.header('x-request-id', request.id);
      if (request.url.startsWith('/assets/') || isProbe(request.url)) {
        return;
      }
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        const session = await opts.resolveSession(token);
        if (session) {
          request.actor = session.actor;
          request.sessionId = session.sessionId;
        }
      }
    });
  },
  { name: 'request-context', dependencies: ['@fastify/cookie'] },
);

function isProbe(url: string): boolean {
  return url === '/healthz' || url === '/readyz' || url === '/metrics';
}

/** `?lang=` wins, then the language cookie, then Accept-Language, then Vietnamese. */
function pickLanguage(request: FastifyRequest): Language {
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = query?.lang;
  if (isLanguage(fromQuery)) {
    return fromQuery;
  }
  const fromCookie = request.cookies[LANGUAGE_COOKIE];
  if (isLanguage(fromCookie)) {
    return fromCookie;
  }
  const accept = request.headers['accept-language'];
  if (typeof accept === 'string' && /^en\b/i.test(accept.trim())) {
    return 'en';
  }
  return DEFAULT_LANGUAGE;
}
