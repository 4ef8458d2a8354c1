import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { constants as zlibConstants, createBrotliCompress, createGzip } from 'node:zlib';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ServerBuild, createRequestHandler } from 'react-router';
import type { Actor } from '../auth/actor.ts';
import type { ServiceContext } from '../context.ts';
import { sessionCookieOptions } from '../../modules/people/people.deps.ts';
import { isAppError } from '../errors.ts';
import { type Language, translate } from '../i18n/index.ts';
import { CSRF_FIELD, CSRF_HEADER, isUnsafeMethod } from './csrf.ts';
import { LANGUAGE_COOKIE, SESSION_COOKIE } from './request-context.ts';
import { toAppError } from './problem.ts';
import { type WebServices, createWebServices } from './web-services.ts';
import { MAX_REQUEST_FILE_BYTES } from '../../modules/dossiers/files.ts';

/** Where `npm run build` puts the web UI. */
export const WEB_BUILD_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../build');
export const WEB_SERVER_ENTRY = path.join(WEB_BUILD_DIR, 'server/index.js');

/** Largest form body a web page accepts (uploads will get their own, streamed route). */
export const WEB_BODY_LIMIT = 256 * 1024;

/**
 * Pages whose forms carry files (the one-stop counter and dossier actions, the online submission's uploads, the
 * applicant's supplement answer): they take multipart bodies up to the dossier files' own cap plus room for the
 * fields, and their CSRF token may come as the multipart `_csrf` field, because a plain HTML form (no JavaScript)
 * cannot set a header.
 */
export const WEB_UPLOAD_PREFIXES = ['/mot-cua/', '/nop-ho-so/', '/ho-so-cua-toi/'] as const;
export const WEB_UPLOAD_BODY_LIMIT = MAX_REQUEST_FILE_BYTES + 1024 * 1024;

/** Pages whose forms take credentials or send mail: posts to them are rate-limited per client address. */
const GUARDED_FORMS = [
  '/dang-nhap',
  '/quen-mat-khau',
  '/dat-lai-mat-khau',
  '/tai-khoan',
  '/dang-ky',
  '/dang-ky/doanh-nghiep',
  '/xac-minh-email',
];
const GUARDED_FORM_LIMIT = { max: 20, timeWindow: 60_000 } as const;

/**
 * The public dossier lookup pages (`/tra-cuu/<code>`): every view tries a code (and maybe four digits proving the
 * applicant), so they are limited per client address like the lookup API (30 a minute), against guessing.
 */
const LOOKUP_PAGE_PREFIX = '/tra-cuu/';
const LOOKUP_PAGE_LIMIT = { max: 30, timeWindow: 60_000 } as const;

/**
 * What every loader and action receives as `context`: the caller, the request facts, and the platform services
 * already bound to this request. Route modules reach the platform only through this object, because they are
 * bundled separately by Vite and must not hold their own copies of stateful modules.
 */
export type WebLoadContext = {
  requestId: string;
  language: Language;
  /** Per-request CSP nonce for inline scripts React Router emits. */
  nonce: string;
  /** The value every `<Form method="post">` sends as `_csrf`. */
  csrfToken: string;
  actor: Actor;
  sessionId: string | null;
  serviceContext: ServiceContext;
  settings: { staffMfa: 'optional' | 'required'; publicUrl: string; secureCookies: boolean };
  cookies: {
    /** Sets the session cookie after a successful sign-in. */
    startSession(token: string): void;
    /** Clears the session cookie (sign-out). */
    endSession(): void;
    /** Remembers the reader's language for a year. */
    setLanguage(language: Language): void;
  };
  services: WebServices;
};

/**
 * Mounts the server-rendered UI on every path the API does not own: static assets under /assets/ (immutable),
 * and everything else through React Router's request handler. Runs in an encapsulated plugin whose only body
 * parser buffers the raw bytes (capped), so React Router reads the form itself and CSRF can be checked first.
 */
export async function webPlugin(app: FastifyInstance, opts: { buildDir?: string } = {}): Promise<void> {
  const buildDir = opts.buildDir ?? WEB_BUILD_DIR;
  const build = (await import(pathToFileURL(path.join(buildDir, 'server/index.js')).href)) as ServerBuild;
  const platform = app.platform;
  const handle = createRequestHandler(build, platform.config.isProduction ? 'production' : 'development');
  const stylesheets = rootStylesheets(build);
  // The applicant's "pay online" form is answered with a redirect to the payment gateway; browsers hold such a
  // redirect to the page's form-action policy, so the gateway's origin is allowed as a form target.
  const formTargets = platform.config.vnpay.url ? [new URL(platform.config.vnpay.url).origin] : [];
  const formLimiter = app.createRateLimit({
    ...GUARDED_FORM_LIMIT,
    keyGenerator: (request) => `web-form:${request.ip}:${pagePath(request.url)}`,
  });
  const lookupLimiter = app.createRateLimit({
    ...LOOKUP_PAGE_LIMIT,
    keyGenerator: (request) => `web-lookup:${request.ip}`,
  });

  await app.register(async (web) => {
    web.removeAllContentTypeParsers();
    web.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEB_BODY_LIMIT }, (_request, body, done) => {
      done(null, body);
    });
    web.setErrorHandler((error, request, reply) => {
      const appError = toAppError(error);
      if (!appError) {
        request.log.error({ err: error }, 'unexpected error in web layer');
      }
      const status = appError?.status ?? 500;
      if (appError?.code === 'RATE_LIMITED') {
        reply.header('retry-after', '60');
      }
      return sendErrorPage(
        reply,
        request,
        status,
        appError ? `errors.${appError.code}` : 'errors.INTERNAL',
        stylesheets,
      );
    });

    await web.register(fastifyStatic, {
      root: path.join(buildDir, 'client/assets'),
      prefix: '/assets/',
      // The build writes .br and .gz beside each script and stylesheet (vite.config.ts).
      preCompressed: true,
      immutable: true,
      maxAge: '1y',
      index: false,
      wildcard: true,
    });

    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const url = request.url;
      if (url.startsWith('/api/') || url === '/api' || url.startsWith('/r1/')) {
        // Unknown API paths keep answering problem+json through the app's not-found handler.
        return reply.callNotFound();
      }
      const nonce = randomBytes(16).toString('base64');
      reply.header('content-security-policy', contentSecurityPolicy(nonce, formTargets));
      // helmet's no-referrer makes browsers send `Origin: null` on form posts, which React Router's own origin
      // check refuses; same-origin keeps the origin for our posts and still tells other sites nothing.
      reply.header('referrer-policy', 'same-origin');
      if (isUnsafeMethod(request.method)) {
        if (!(await csrfTokenValid(request))) {
          request.log.info({ code: 'CSRF_INVALID' }, 'web form refused');
          return sendErrorPage(reply, request, 403, 'errors.CSRF_INVALID', stylesheets, nonce);
        }
        if (GUARDED_FORMS.includes(pagePath(url)) && (await exceeded(formLimiter, request))) {
          reply.header('retry-after', '60');
          return sendErrorPage(reply, request, 429, 'errors.RATE_LIMITED', stylesheets, nonce);
        }
      }
      if (pagePath(url).startsWith(LOOKUP_PAGE_PREFIX) && (await exceeded(lookupLimiter, request))) {
        reply.header('retry-after', '60');
        return sendErrorPage(reply, request, 429, 'errors.RATE_LIMITED', stylesheets, nonce);
      }
      const context: WebLoadContext = {
        requestId: request.id,
        language: request.language,
        nonce,
        csrfToken: platform.csrf.tokenFor(request, reply),
        actor: request.actor,
        sessionId: request.sessionId,
        serviceContext: request.serviceContext(),
        settings: {
          staffMfa: platform.config.staffMfa,
          publicUrl: platform.config.publicUrl,
          secureCookies: platform.config.secureCookies,
        },
        cookies: cookieJar(reply, platform.config.secureCookies),
        services: createWebServices(platform, request),
      };
      const controller = new AbortController();
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) {
          controller.abort();
        }
      });
      const response = await handle(toFetchRequest(request, controller.signal), context);
      return sendFetchResponse(reply, response, acceptedEncoding(request));
    };
    const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
    // Pages are not part of the API description, which must not depend on whether the web app is built.
    web.route({ method: methods, url: '/*', schema: { hide: true }, handler });
    for (const prefix of WEB_UPLOAD_PREFIXES) {
      web.route({
        method: methods,
        url: `${prefix}*`,
        bodyLimit: WEB_UPLOAD_BODY_LIMIT,
        schema: { hide: true },
        handler,
      });
    }
  });
}

/** True when `build/server/index.js` exists, i.e. `npm run build` has run. */
export function webBuildExists(buildDir = WEB_BUILD_DIR): boolean {
  return existsSync(path.join(buildDir, 'server/index.js'));
}

/** The page policy: only our own scripts (plus this response's inline scripts), styles, images and forms. */
export function contentSecurityPolicy(nonce: string, formTargets: readonly string[] = []): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    ["form-action 'self'", ...formTargets].join(' '),
  ].join('; ');
}

/**
 * The CSRF token of an unsafe request: the `_csrf` field of a urlencoded form (what every `<Form>` posts, with or
 * without JavaScript), the `_csrf` field of a multipart form on the upload pages, or the `x-csrf-token` header
 * (other multipart and scripted requests).
 */
async function csrfTokenValid(request: FastifyRequest): Promise<boolean> {
  const header = request.headers[CSRF_HEADER];
  let token: unknown = typeof header === 'string' && header.length > 0 ? header : undefined;
  const contentType = String(request.headers['content-type'] ?? '').toLowerCase();
  if (
    token === undefined &&
    contentType.startsWith('application/x-www-form-urlencoded') &&
    Buffer.isBuffer(request.body)
  ) {
    token = new URLSearchParams(request.body.toString('utf8')).get(CSRF_FIELD) ?? undefined;
  } else if (
    token === undefined &&
    contentType.startsWith('multipart/form-data') &&
    WEB_UPLOAD_PREFIXES.some((prefix) => pagePath(request.url).startsWith(prefix)) &&
    Buffer.isBuffer(request.body)
  ) {
    // The boundary is case-sensitive: the header as sent, not the lower-cased copy.
    token = await multipartField(request.body, String(request.headers['content-type']), CSRF_FIELD);
  }
  try {
    request.server.platform.csrf.verify(request, token);
    return true;
  } catch (error) {
    if (isAppError(error)) {
      return false;
    }
    throw error;
  }
}

/** One text field of a multipart body (undici's own parser); undefined when absent or unreadable. */
async function multipartField(body: Buffer, contentType: string, name: string): Promise<string | undefined> {
  try {
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
    const value = form.get(name);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function cookieJar(reply: FastifyReply, secure: boolean): WebLoadContext['cookies'] {
  // The session cookie's attributes are the people module's, so the API and the pages set the same cookie.
  const base = sessionCookieOptions(secure);
  return {
    startSession(token) {
      reply.setCookie(SESSION_COOKIE, token, base);
    },
    endSession() {
      reply.clearCookie(SESSION_COOKIE, base);
    },
    setLanguage(language) {
      reply.setCookie(LANGUAGE_COOKIE, language, { ...base, maxAge: 365 * 24 * 3600 });
    },
  };
}

/** The Fetch API request React Router expects, built from Fastify's (whose body is the buffered raw bytes). */
function toFetchRequest(request: FastifyRequest, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value) headers.append(name, item);
    } else {
      headers.set(name, String(value));
    }
  }
  const url = `${request.protocol}://${request.host}${request.url}`;
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && Buffer.isBuffer(request.body);
  return new Request(url, {
    method: request.method,
    headers,
    signal,
    ...(hasBody ? { body: new Uint8Array(request.body as Buffer) } : {}),
  });
}

/** The compression the browser accepts for a page, Brotli first. */
function acceptedEncoding(request: FastifyRequest): 'br' | 'gzip' | null {
  const accepted = String(request.headers['accept-encoding'] ?? '').toLowerCase();
  if (/(^|[\s,])br($|[\s,;])/.test(accepted)) return 'br';
  if (/(^|[\s,])gzip($|[\s,;])/.test(accepted)) return 'gzip';
  return null;
}

/**
 * Pages and their data are text that shrinks to a fifth: compressed on the way out. Brotli at quality 5 costs about
 * as much CPU as gzip's default and still beats it on size; streaming keeps working (the compressor flushes at end).
 */
function compressor(encoding: 'br' | 'gzip') {
  return encoding === 'br'
    ? createBrotliCompress({ params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } })
    : createGzip({ level: 6 });
}

async function sendFetchResponse(
  reply: FastifyReply,
  response: Response,
  encoding: 'br' | 'gzip' | null = null,
): Promise<FastifyReply> {
  reply.status(response.status);
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') {
      reply.header(name, value);
    }
  }
  for (const cookie of response.headers.getSetCookie()) {
    reply.header('set-cookie', cookie);
  }
  // Pages carry CSRF tokens and personal data: never store them in shared caches.
  if (!response.headers.has('cache-control')) {
    reply.header('cache-control', 'private, no-store');
  }
  if (!response.body) {
    return reply.send();
  }
  const body = Readable.fromWeb(response.body as NodeReadableStream);
  const type = response.headers.get('content-type') ?? '';
  if (encoding && !response.headers.has('content-encoding') && /^text\//.test(type)) {
    reply.removeHeader('content-length');
    reply.header('content-encoding', encoding);
    reply.header('vary', 'accept-encoding');
    return reply.send(body.pipe(compressor(encoding)));
  }
  return reply.send(body);
}

/** True when the request is over the limit ("isAllowed" only means "on the allow list"). */
async function exceeded(
  limiter: ReturnType<FastifyInstance['createRateLimit']>,
  request: FastifyRequest,
): Promise<boolean> {
  const result = await limiter(request);
  return !result.isAllowed && result.isExceeded;
}

/** The stylesheets the root route links, so plain error pages look like the rest of the site. */
function rootStylesheets(build: ServerBuild): string[] {
  const links = build.routes.root?.module.links?.() ?? [];
  return links.flatMap((link) =>
    'rel' in link && link.rel === 'stylesheet' && typeof link.href === 'string' ? [link.href] : [],
  );
}

/** The page a URL names, without query and without React Router's `.data` suffix. */
function pagePath(url: string): string {
  const pathname = url.split('?')[0] ?? '/';
  const page = pathname.endsWith('.data') ? pathname.slice(0, -'.data'.length) : pathname;
  return page === '/_root' ? '/' : page.replace(/\/+$/, '') || '/';
}

/** A plain error page (the site's stylesheet, no React, no scripts), used when a request must not reach the app. */
function sendErrorPage(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  messageKey: string,
  stylesheets: readonly string[],
  nonce = randomBytes(16).toString('base64'),
): FastifyReply {
  const language = request.language ?? 'vi';
  const t = (key: string, params?: Record<string, string | number>) => translate(language, key, params);
  const html = `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t('web.errorPage.title'))} – ${escapeHtml(t('app.name'))}</title>
${stylesheets.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join('\n')}
</head>
<body>
<header class="site-header"><div class="site-header__bar"><div class="container site-header__inner">
<a class="site-header__brand" href="/"><span class="site-header__name">${escapeHtml(t('app.name'))}</span>
<span class="site-header__tenant">${escapeHtml(t('app.tenant'))}</span></a></div></div></header>
<main class="container main" id="noi-dung">
<h1>${escapeHtml(t('web.errorPage.title'))}</h1>
<p>${escapeHtml(t(messageKey))}</p>
<p><a href="/">${escapeHtml(t('web.errorPage.home'))}</a></p>
<p class="secondary">${escapeHtml(t('errors.requestId', { id: request.id }))}</p>
</main>
</body>
</html>`;
  return reply
    .status(status)
    .header('content-security-policy', contentSecurityPolicy(nonce))
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(html);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
