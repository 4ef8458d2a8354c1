import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { translate } from '../../../platform/i18n/index.ts';
import { checkStandinLogin, standinClaims } from './identities.ts';
import { StandinStorage } from './standin-storage.ts';
import { renderConsentPage, renderErrorPage, renderLoginPage } from './standin-pages.ts';

/**
 * A LOCAL STAND-IN for VNeID, the national electronic identity — not VNeID, and nobody's real identity. It is a
 * real OpenID Connect provider (the `oidc-provider` library: discovery, JWKS, authorization code flow with PKCE,
 * signed ID tokens, userinfo) with a few demo identities and its own simple login and consent pages, so the demo and
 * the tests run the platform's real relying-party path end to end. Mounted at /vneid-standin when VNEID_STANDIN is
 * on (refused in production), or started on its own port by tests.
 */

export type StandinClient = { clientId: string; clientSecret: string; redirectUris: string[]; name: string };

export type StandinOptions = {
  /** The issuer URL: read at the first request, so a test can listen on a random port first. */
  issuer: () => string;
  clients: () => StandinClient[];
  /** The claim name that carries the personal ID (the platform's OIDC_PERSONAL_ID_CLAIM). */
  personalIdClaim: string;
  /** Believe X-Forwarded-* (behind the platform's reverse proxy). */
  trustProxy?: boolean;
};

const INTERACTION = '/interaction';

/** Builds the provider: one RSA signing key made at start, cookies signed with a random key, memory storage. */
function createProvider(options: StandinOptions, mountPath: string): Provider {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: `standin-${randomBytes(4).toString('hex')}`, use: 'sig' };
  const configuration: Configuration = {
    adapter: StandinStorage,
    clients: options.clients().map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      client_name: client.name,
      redirect_uris: client.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: { keys: [jwk as never] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { methods: ['S256'], required: () => true },
    // Seconds; an ID token lives an hour, a code a minute, as the library's defaults but stated.
    ttl: {
      AuthorizationCode: 60,
      AccessToken: 600,
      IdToken: 3600,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
    },
    responseTypes: ['code'],
    scopes: ['openid', 'profile', 'email', 'phone'],
    claims: {
      openid: ['sub'],
      profile: ['name', options.personalIdClaim],
      email: ['email', 'email_verified'],
      phone: ['phone_number', 'phone_number_verified'],
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      userinfo: { enabled: true },
    },
    async findAccount(_ctx, sub) {
      const claims = standinClaims(sub, options.personalIdClaim);
      return claims ? { accountId: sub, claims: () => claims as { sub: string } } : undefined;
    },
    interactions: { url: (_ctx, interaction) => `${mountPath}${INTERACTION}/${interaction.uid}` },
    async renderError(ctx: KoaContextWithOIDC, out) {
      const nonce = randomBytes(16).toString('base64');
      ctx.type = 'html';
      ctx.set('content-security-policy', csp(nonce));
      ctx.body = renderErrorPage(nonce, String(out.error_description ?? out.error ?? ''));
    },
  };
  const provider = new Provider(options.issuer(), configuration);
  provider.proxy = options.trustProxy ?? false;
  return provider;
}

function csp(nonce: string): string {
  return `default-src 'none'; style-src 'nonce-${nonce}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;
}

function sendPage(reply: FastifyReply, status: number, html: string, nonce: string) {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', csp(nonce))
    .header('cache-control', 'no-store')
    .send(html);
}

/** The stand-in as a Fastify plugin; register it with a prefix (/vneid-standin) or none (its own server). */
export const vneidStandinPlugin: FastifyPluginAsync<StandinOptions> = async (app, options) => {
  const mountPath = app.prefix;
  let provider: Provider | undefined;
  const getProvider = () => {
    provider ??= createProvider(options, mountPath);
    return provider;
  };

  // The provider's own endpoints: handed the raw request with the mount path cut off (it reads the body itself).
  await app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const callback = getProvider().callback();
      reply.hijack();
      const req = request.raw as IncomingMessage & { originalUrl?: string };
      req.originalUrl = req.url;
      req.url = (req.url ?? '/').slice(mountPath.length) || '/';
      await callback(req, reply.raw);
    };
    raw.all('/*', { schema: { hide: true } }, handler);
  });

  // The interaction pages (login, consent): plain HTML forms, so only urlencoded bodies.
  await app.register(async (pages) => {
    pages.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16 * 1024 },
      (_r, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    registerInteractionRoutes(pages, getProvider, mountPath);
  });
};

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

function registerInteractionRoutes(app: FastifyInstance, getProvider: () => Provider, mountPath: string): void {
  const base = `${mountPath}${INTERACTION}`;

  /** The interaction of this browser, or an error page (expired, or another browser's). */
  async function details(request: FastifyRequest, reply: FastifyReply): Promise<Details | undefined> {
    try {
      const found = await getProvider().interactionDetails(request.raw, reply.raw);
      const { uid } = request.params as { uid: string };
      if (found.uid === uid) return found;
    } catch {
      // Unknown or expired interaction: answered below.
    }
    const nonce = randomBytes(16).toString('base64');
    sendPage(reply, 400, renderErrorPage(nonce, translate('vi', 'citizenAccess.vneid.refused.expired')), nonce);
    return undefined;
  }

  async function clientName(found: Details): Promise<string> {
    const client = await getProvider().Client.find(String(found.params.client_id));
    return client?.clientName ?? String(found.params.client_id);
  }

  function showLogin(
    reply: FastifyReply,
    found: Details,
    client: string,
    extra: { personalId?: string; wrong?: boolean },
  ) {
    const nonce = randomBytes(16).toString('base64');
    const html = renderLoginPage({
      nonce,
      action: `${base}/${found.uid}/login`,
      abortAction: `${base}/${found.uid}/abort`,
      client,
      ...extra,
    });
    return sendPage(reply, extra.wrong ? 400 : 200, html, nonce);
  }

  app.get(`${INTERACTION}/:uid`, { schema: { hide: true } }, async (request, reply) => {
    const found = await details(request, reply);
    if (!found) return reply;
    const client = await clientName(found);
    if (found.prompt.name === 'login') {
      return showLogin(reply, found, client, {});
    }
    const nonce = randomBytes(16).toString('base64');
    const scopes = String(found.params.scope ?? '').split(' ');
    const html = renderConsentPage({
      nonce,
      action: `${base}/${found.uid}/confirm`,
      abortAction: `${base}/${found.uid}/abort`,
      client,
      scopes,
    });
    return sendPage(reply, 200, html, nonce);
  });

  app.post(`${INTERACTION}/:uid/login`, { schema: { hide: true } }, async (request, reply) => {
    const found = await details(request, reply);
    if (!found) return reply;
    const form = (request.body ?? {}) as Record<string, string>;
    const identity = checkStandinLogin(String(form.personalId ?? ''), String(form.password ?? ''));
    if (!identity) {
      return showLogin(reply, found, await clientName(found), {
        personalId: String(form.personalId ?? ''),
        wrong: true,
      });
    }
    const returnTo = await getProvider().interactionResult(
      request.raw,
      reply.raw,
      { login: { accountId: identity.sub } },
      { mergeWithLastSubmission: false },
    );
    return reply.redirect(returnTo, 303);
  });

  app.post(`${INTERACTION}/:uid/confirm`, { schema: { hide: true } }, async (request, reply) => {
    const found = await details(request, reply);
    if (!found) return reply;
    const provider = getProvider();
    const accountId = found.session?.accountId;
    const grant = found.grantId
      ? await provider.Grant.find(found.grantId)
      : new provider.Grant({ accountId, clientId: String(found.params.client_id) });
    if (!grant) return reply.redirect(`${base}/${found.uid}`, 303);
    const missing = found.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    const returnTo = await provider.interactionResult(request.raw, reply.raw, { consent: { grantId } });
    return reply.redirect(returnTo, 303);
  });

  app.post(`${INTERACTION}/:uid/abort`, { schema: { hide: true } }, async (request, reply) => {
    const found = await details(request, reply);
    if (!found) return reply;
    const returnTo = await getProvider().interactionResult(
      request.raw,
      reply.raw,
      { error: 'access_denied', error_description: translate('vi', 'citizenAccess.vneid.refused.denied') },
      { mergeWithLastSubmission: false },
    );
    return reply.redirect(returnTo, 303);
  });
}
