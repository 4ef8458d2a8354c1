import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { AppConfig } from './config.ts';
import { calendarRoutes } from './modules/calendar/calendar.routes.ts';
import { type CalendarService, createCalendarService } from './modules/calendar/calendar.service.ts';
import { identifierRoutes } from './modules/identifiers/identifiers.routes.ts';
import { peopleRoutes } from './modules/people/people.routes.ts';
import { resolveSessionActor } from './modules/people/sessions.ts';
import { dossierRoutes } from './modules/dossiers/dossiers.routes.ts';
import type { DossierEvent } from './modules/dossiers/dossiers.deps.ts';
import { dossierDeadlineRoutes } from './modules/dossier-deadlines/dossier-deadlines.routes.ts';
import { documentRoutes } from './modules/documents/documents.routes.ts';
import { taskRoutes } from './modules/tasks/tasks.routes.ts';
import type { DocumentSigner, ExchangeSender, IncomingStatusListener } from './modules/documents/documents.ports.ts';
import { dossierAdapterRoutes } from './modules/dossier-adapters/dossier-adapters.routes.ts';
import { createDossierOutbox } from './modules/dossier-adapters/on-dossier-action.ts';
import type { LookupRecord } from './modules/dossier-adapters/lookup.ts';
import { createLookupCache } from './modules/dossier-adapters/lookup-cache.ts';
import { mountDvcqgSandbox } from './modules/dvcqg-sync/dvcqg-sync.ts';
import { paymentRoutes } from './modules/payments/payments.routes.ts';
import { mountVnpaySandbox } from './modules/payments/vnpay-sandbox/sandbox-gateway.ts';
import { oidcSignInRoutes } from './modules/oidc-sign-in/oidc-sign-in.routes.ts';
import { mountVneidStandin } from './modules/oidc-sign-in/vneid-standin/standin-mount.ts';
import { createDocumentExchange } from './modules/document-exchange/document-exchange.ts';
import { documentSignatureRoutes } from './modules/document-signatures/document-signatures.routes.ts';
import { exchangeRoutes } from './modules/exchange/exchange.routes.ts';
import type { IncomingDocumentSink } from './modules/exchange/exchange.ports.ts';
import { procedureTemplateRoutes } from './modules/procedure-templates/templates.routes.ts';
import { procedureRoutes } from './modules/procedures/procedures.routes.ts';
import { createKeyStoreDocumentSigner } from './modules/signing/document-signer.ts';
import { type KeyStore, createFileKeyStore } from './modules/signing/key-store.ts';
import { signingRoutes } from './modules/signing/signing.routes.ts';
import { unitRoutes } from './modules/units/units.routes.ts';
import { type BlobStore, createFileBlobStore } from './platform/blobs/blob-store.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import { type Database, type Tx, openDatabase } from './platform/db/database.ts';
import { migrate } from './platform/db/migrations.ts';
import { AppError } from './platform/errors.ts';
import { type Csrf, CSRF_HEADER, createCsrf, isUnsafeMethod } from './platform/http/csrf.ts';
import { registerOps } from './platform/http/ops.ts';
import { sendProblem } from './platform/http/problem.ts';
import { requestContextPlugin, SESSION_COOKIE } from './platform/http/request-context.ts';
import { webBuildExists, webPlugin } from './platform/http/web.ts';
import { type Jobs, createJobs } from './platform/jobs/jobs.ts';
import { type Mailer, createMailer } from './platform/mail/mailer.ts';
import { type SmsSender, createSmsSender } from './platform/sms/sms.ts';
import { createRequestIdGenerator } from './platform/http/request-id.ts';

/** Everything the routes and pages share, wired once here. */
export type Platform = {
  config: AppConfig;
  database: Database;
  jobs: Jobs;
  mailer: Mailer;
  sms: SmsSender;
  blobs: BlobStore;
  csrf: Csrf;
  calendar: CalendarService;
  /** Business time (dossier actions, due times); tests replace it to run on fixed dates. */
  clock: Clock;
  /** Signing keys (officers' and agencies') and the trusted CAs: the file key store under PKI_DIR by default. */
  signingKeys: KeyStore;
  /** Run in the transaction of every dossier action: national-portal sync outbox and applicant notices. */
  dossierOutbox: (trx: Tx, event: DossierEvent) => Promise<void>;
  /** Signs outgoing documents (PAdES); until wired, signing answers SERVICE_UNAVAILABLE. */
  documentSigner: DocumentSigner | undefined;
  /** Hands released documents to recipients elsewhere (edXML); until wired, such releases are refused. */
  exchangeSender: ExchangeSender | undefined;
  /** Told of status changes of incoming documents, to report them to senders elsewhere. */
  incomingStatusListener: IncomingStatusListener | undefined;
  /** The HTTP client of sign-in through the identity provider (tests put a tampering man in the middle here). */
  oidcFetch: typeof fetch;
};

declare module 'fastify' {
  interface FastifyInstance {
    platform: Platform;
  }
}

export type BuildOptions = {
  /** An already-open database (tests share one); otherwise opened from the config. */
  database?: Database;
  /** Apply pending migrations at start (default true). */
  migrate?: boolean;
  /** Replace the configured mail transport (tests). */
  mailer?: Mailer;
  /** Replace the configured SMS transport (tests). */
  sms?: SmsSender;
  /** Business time; defaults to the system clock (tests pass a manual one). */
  clock?: Clock;
  /** Fastify logger option; defaults to JSON logs at the configured level. */
  logger?: boolean | object;
  /** The document signer (the signing module). */
  documentSigner?: DocumentSigner;
  /** The inter-agency exchange's sender (the exchange module). */
  exchangeSender?: ExchangeSender;
  /** The listener reporting incoming-document statuses back through the exchange. */
  incomingStatusListener?: IncomingStatusListener;
  /** Where documents received by edXML exchange are registered (the documents module); refused with 503 when absent. */
  exchangeSink?: IncomingDocumentSink;
};

/**
 * The composition root: opens the database, wires platform services and modules by hand, registers plugins and
 * routes, and returns the Fastify instance without listening (tests call `inject()`; `server.ts` listens).
 */
export async function buildApp(config: AppConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  const database =
    options.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: config.databasePoolSize,
    }));
  if (options.migrate !== false) {
    await migrate(database.db);
  }
  const signingKeys = createFileKeyStore(config.pkiDir);
  const platform: Platform = {
    config,
    database,
    jobs: createJobs(database, { supervise: config.runWorkers }),
    mailer:
      options.mailer ??
      createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: path.join(config.dataDir, 'outbox') }),
    sms:
      options.sms ??
      createSmsSender({ transport: config.smsTransport, outboxFile: path.join(config.dataDir, 'sms-outbox.log') }),
    blobs: createFileBlobStore(path.join(config.dataDir, 'blobs')),
    csrf: createCsrf(config.appSecret, config.secureCookies),
    calendar: createCalendarService(),
    clock: options.clock ?? systemClock,
    signingKeys,
    dossierOutbox: (trx, event) => {
      lookupCache.forget(event.code);
      return dossierOutbox(trx, event);
    },
    // The officer's signature and the agency's seal from the key store; tests may pass another signer.
    documentSigner:
      options.documentSigner ??
      createKeyStoreDocumentSigner({ keyStore: signingKeys, db: () => database.db, clock: () => platform.clock }),
    exchangeSender: options.exchangeSender,
    incomingStatusListener: options.incomingStatusListener,
    oidcFetch: globalThis.fetch,
  };
  // Documents for agencies elsewhere leave as edXML, packages received become incoming documents, and their statuses
  // travel back; tests may replace any side.
  const documentExchange = createDocumentExchange(platform);
  platform.exchangeSender ??= documentExchange.sender;
  platform.incomingStatusListener ??= documentExchange.statusListener;
  const dossierOutbox = createDossierOutbox(platform);
  const lookupCache = createLookupCache<LookupRecord>({ ttlMs: config.lookupCacheSeconds * 1000 });

  const nextRequestId = createRequestIdGenerator();
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{8,100}$/.test(given) ? given : nextRequestId();
    },
    bodyLimit: 1024 * 1024,
    // Finish in-flight requests on close, but do not wait for idle keep-alive sockets.
    forceCloseConnections: 'idle',
    // Only behind a reverse proxy may X-Forwarded-For be believed; otherwise per-IP limits could be bypassed.
    trustProxy: config.trustProxy,
  });
  app.decorate('platform', platform);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => sendProblem(error, request, reply));
  app.setNotFoundHandler((request, reply) => sendProblem(new AppError('ROUTE_NOT_FOUND'), request, reply));

  await app.register(cookie, { secret: config.appSecret });
  await app.register(helmet, {
    // The web layer sets its own CSP with per-request nonces; the API answers JSON only.
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, { global: false });
  await app.register(requestContextPlugin, {
    database,
    resolveSession: (token) =>
      resolveSessionActor(database.db, token, { requireStaffMfa: config.staffMfa === 'required' }),
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Chính quyền số API',
        version: '1.0.0',
        description:
          'REST API of the Chính quyền số platform. Errors are application/problem+json with a stable `code` ' +
          '(see docs/errors.md). Creating POSTs honour an `Idempotency-Key` header. Lists are cursor-paginated.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: CSRF_HEADER },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await registerOps(app, database);
  await mountDvcqgSandbox(app, config, database);
  await mountVnpaySandbox(app, platform);
  await mountVneidStandin(app, config);
  await oidcSignInRoutes(app, platform);

  await app.register(
    async (api) => {
      // A browser session is ambient authority: unsafe API calls riding on it must prove they come from our pages.
      api.addHook('preHandler', async (request) => {
        if (isUnsafeMethod(request.method) && request.sessionId) {
          platform.csrf.verify(request, request.headers[CSRF_HEADER]);
        }
      });
      await api.register(identifierRoutes);
      await api.register(unitRoutes, { database });
      await api.register(calendarRoutes, { calendar: platform.calendar });
      await api.register(peopleRoutes, { platform });
      await api.register(procedureRoutes, { database });
      await api.register(procedureTemplateRoutes, { blobs: platform.blobs });
      await api.register(dossierRoutes, { database, deps: platform });
      await api.register(dossierDeadlineRoutes, { clock: () => platform.clock });
      await api.register(dossierAdapterRoutes, {
        database,
        deps: platform,
        publicUrl: config.publicUrl,
        lookupCache,
      });
      await api.register(signingRoutes, { keyStore: platform.signingKeys });
      await api.register(documentSignatureRoutes, { blobs: platform.blobs, keyStore: platform.signingKeys });
      await api.register(paymentRoutes, { database, deps: platform });
      await api.register(documentRoutes, { database, deps: platform });
      await api.register(exchangeRoutes, { platform, sink: options.exchangeSink ?? documentExchange.sink });
      await api.register(taskRoutes, { database, deps: platform });
    },
    { prefix: '/api/v1' },
  );

  // Every process starts the job runner, so its tables exist before the first enqueue; workers start elsewhere.
  app.addHook('onReady', async () => {
    await platform.jobs.start();
  });

  // Answers still in flight when shutdown starts tell keep-alive clients to go, so the server can finish closing.
  let isClosing = false;
  app.addHook('preClose', async () => {
    isClosing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (isClosing) {
      reply.header('connection', 'close');
    }
    return payload;
  });

  app.addHook('onClose', async () => {
    await platform.jobs.stop();
    platform.mailer.close();
    if (!options.database) {
      await database.close();
    }
  });

  // Last: the server-rendered pages own every path nothing above claimed (present once `npm run build` has run).
  if (webBuildExists()) {
    await app.register(webPlugin);
  }
  return app;
}
