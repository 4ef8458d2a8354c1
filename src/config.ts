import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Typed configuration, read once from the environment and validated at start.
 * Every knob the platform has is here, with its default; nothing else reads `process.env`.
 */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** Folder of the embedded database, blobs and the generated secret. */
  DATA_DIR: z.string().default('./data'),
  /** When set, PostgreSQL is used instead of the embedded PGlite database. */
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** The address citizens and officers use to reach the platform; links in e-mails and QR codes point here. */
  PUBLIC_URL: z.string().url().optional(),
  /** Secret for signing cookies and CSRF tokens. Generated into DATA_DIR when absent. */
  APP_SECRET: z.string().min(32).optional(),
  /** `smtp://user:pass@host:port` — when absent, mail is written as .eml files under DATA_DIR/outbox. */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Chính quyền số <no-reply@laocai.gov.vn>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Load the Lào Cai demo data (units, agencies, demo accounts) on start when the database is empty. */
  SEED_DEMO: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** `required` makes every staff account enrol a TOTP second factor before it can work. */
  STAFF_MFA: z.enum(['optional', 'required']).default('optional'),
  /** Run the job workers inside the web process (the single-process default); `egov worker` runs them apart. */
  RUN_WORKERS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Seconds between audit-chain sealing runs. */
  AUDIT_SEAL_INTERVAL: z.coerce.number().int().min(1).default(10),
  /** Set when a reverse proxy sits in front: client addresses are then read from X-Forwarded-For. */
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** How text messages leave: `logging` appends JSON lines to DATA_DIR/sms-outbox.log; `none` drops them. */
  SMS_TRANSPORT: z.enum(['logging', 'none']).default('logging'),
  /** Base address of the national public-service portal's adapter (DVCQG, via LGSP); sync is off when absent. */
  DVCQG_URL: z.string().url().optional(),
  DVCQG_USERNAME: z.string().optional(),
  DVCQG_PASSWORD: z.string().optional(),
  /** Our agency code at the portal (`madonvi`), e.g. 000.00.00.H38. */
  DVCQG_AGENCY_CODE: z.string().default('000.00.00.H38'),
  /** Mount the local stand-in of the portal at /dvcqg-sandbox (demo, tests); sync then targets it unless DVCQG_URL is set. */
  DVCQG_SANDBOX: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Warn the officer holding a dossier this many working hours before its step or result is due. */
  DEADLINE_WARNING_HOURS: z.coerce.number().min(0).max(200).default(7.5),
  /** How often (cron) the deadline sweep warns, flags overdue dossiers and escalates them to unit leaders. */
  DEADLINE_SWEEP_CRON: z.string().default('*/15 * * * *'),
  /** Seconds a public lookup answer may be served from memory (0 turns the cache off); changes here drop it at once. */
  LOOKUP_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  /** Folder of the signing keys, certificates and trusted CAs (`egov pki`); default DATA_DIR/pki. */
  PKI_DIR: z.string().optional(),
  /**
   * The payment gateway's pay page (VNPay protocol, §8.2 of the e-gov reference). Defaults to the local stand-in of
   * the bank at PUBLIC_URL/vnpay-sandbox/paymentv2/vpcpay.html when VNPAY_SANDBOX is on; online payment is off
   * when neither is set.
   */
  VNPAY_URL: z.string().url().optional(),
  /** Our merchant terminal code at the gateway (vnp_TmnCode). */
  VNPAY_TMN_CODE: z
    .string()
    .regex(/^[A-Za-z0-9]{1,20}$/)
    .default('LCDEMO01'),
  /** The merchant hash secret (HMAC-SHA512 key). The demo default is refused with a real gateway in production. */
  VNPAY_HASH_SECRET: z.string().min(16).optional(),
  /** Mount the local stand-in of the bank at /vnpay-sandbox (demo, tests); on by default outside production. */
  VNPAY_SANDBOX: z.enum(['true', 'false']).optional(),
  /** PEM private key and certificate that sign outgoing edXML packages; default DATA_DIR/pki/exchange.{key,cert}.pem. Exchange is off without them. */
  EXCHANGE_KEY_FILE: z.string().optional(),
  EXCHANGE_CERT_FILE: z.string().optional(),
  /** XML-DSig algorithm of outgoing edXML (the one each axis requires is unconfirmed); incoming rsa-sha1 only with EXCHANGE_ACCEPT_RSA_SHA1. */
  EXCHANGE_SIGNATURE_ALGORITHM: z.enum(['rsa-sha256', 'rsa-sha512', 'rsa-sha1']).default('rsa-sha256'),
  EXCHANGE_ACCEPT_RSA_SHA1: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Largest edXML package accepted from a peer, in MB (attachments are base64 inside it). */
  EXCHANGE_MAX_PACKAGE_MB: z.coerce.number().int().min(1).max(200).default(20),
  /** Sign-in through an OpenID Connect provider (VNeID): its issuer URL; off when unset (and no stand-in). */
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Where the provider sends the browser back; default PUBLIC_URL/dang-nhap/vneid/callback (register it there). */
  OIDC_REDIRECT_URI: z.string().url().optional(),
  /** The claim carrying the 12-digit personal ID (CCCD), from the ID token or else the userinfo answer. */
  OIDC_PERSONAL_ID_CLAIM: z.string().min(1).default('personal_id'),
  OIDC_SCOPES: z.string().default('openid profile email phone'),
  /** Mount a LOCAL STAND-IN of VNeID at /vneid-standin with demo identities (demo, tests); refused in production. */
  VNEID_STANDIN: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
});

/** The demo client registered at the VNeID stand-in: fine for the stand-in, never for a real provider. */
export const VNEID_STANDIN_CLIENT = { id: 'chinh-quyen-so-demo', secret: 'chinh-quyen-so-demo-oidc-secret' } as const;
/** Where the stand-in answers on this platform's own address. */
export const VNEID_STANDIN_PATH = '/vneid-standin';
/** Our redirect URI's path (the OIDC sign-in module serves it). */
export const OIDC_CALLBACK_PATH = '/dang-nhap/vneid/callback';

/** The published demo merchant secret: fine for the sandbox, never for a real gateway. */
export const DEMO_VNPAY_HASH_SECRET = 'chinh-quyen-so-demo-vnpay-secret';

export type AppConfig = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  publicUrl: string;
  appSecret: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  seedDemo: boolean;
  staffMfa: 'optional' | 'required';
  runWorkers: boolean;
  trustProxy: boolean;
  auditSealIntervalSeconds: number;
  isProduction: boolean;
  /** Secure cookies only when the public address is https. */
  secureCookies: boolean;
  smsTransport: 'logging' | 'none';
  /** National-portal sync; `url` undefined means off. */
  dvcqg: { url: string | undefined; username: string; password: string; agencyCode: string; sandbox: boolean };
  /** Deadline alerts: warning window in working hours, and the sweep's cron schedule. */
  deadlines: { warningWorkingHours: number; sweepCron: string };
  /** Seconds a public lookup answer may be served from memory. */
  lookupCacheSeconds: number;
  /** Signing keys and trust list (file key store). */
  pkiDir: string;
  /**
   * Online fee payment through a VNPay-protocol gateway; `url` undefined means off. The IPN and return addresses
   * are ours, under PUBLIC_URL; the gateway is told them (return in each payment URL, IPN at registration).
   */
  vnpay: {
    url: string | undefined;
    tmnCode: string;
    hashSecret: string;
    sandbox: boolean;
    ipnUrl: string;
    returnUrl: string;
  };
  /** Inter-agency document exchange (edXML): signing key files, algorithm, size limit. */
  exchange: {
    keyFile: string;
    certFile: string;
    signatureAlgorithm: 'rsa-sha256' | 'rsa-sha512' | 'rsa-sha1';
    acceptRsaSha1: boolean;
    maxPackageBytes: number;
  };
  /** Sign-in through an OpenID Connect provider (VNeID); null means off. */
  oidc: OidcConfig | null;
  /** Mount the local VNeID stand-in at VNEID_STANDIN_PATH (never in production). */
  vneidStandin: boolean;
};

/** The relying party's settings for the national identity provider. */
export type OidcConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Claim holding the personal ID (CCCD). */
  personalIdClaim: string;
  scopes: string;
};

/**
 * Reads and validates the configuration.
 * @throws when a variable is malformed, naming each bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(overrides.dataDir ?? e.DATA_DIR);
  const port = overrides.port ?? e.PORT;
  const publicUrl = (overrides.publicUrl ?? e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
  return {
    port,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    publicUrl,
    appSecret: overrides.appSecret ?? e.APP_SECRET ?? readOrCreateSecret(dataDir),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO,
    staffMfa: e.STAFF_MFA,
    runWorkers: e.RUN_WORKERS,
    trustProxy: e.TRUST_PROXY,
    auditSealIntervalSeconds: e.AUDIT_SEAL_INTERVAL,
    isProduction: e.NODE_ENV === 'production',
    secureCookies: publicUrl.startsWith('https://'),
    smsTransport: e.SMS_TRANSPORT,
    dvcqg: {
      // The sandbox answers on this very process, so by default the sync talks to it over loopback.
      url:
        e.DVCQG_URL?.replace(/\/$/, '') ??
        (e.DVCQG_SANDBOX ? `http://${loopbackHost(e.HOST)}:${port}/dvcqg-sandbox` : undefined),
      username: e.DVCQG_USERNAME ?? 'sandbox',
      password: e.DVCQG_PASSWORD ?? 'sandbox',
      agencyCode: e.DVCQG_AGENCY_CODE,
      sandbox: e.DVCQG_SANDBOX,
    },
    deadlines: { warningWorkingHours: e.DEADLINE_WARNING_HOURS, sweepCron: e.DEADLINE_SWEEP_CRON },
    lookupCacheSeconds: e.LOOKUP_CACHE_SECONDS,
    pkiDir: path.resolve(e.PKI_DIR ?? path.join(dataDir, 'pki')),
    vnpay: vnpayConfig(e, publicUrl),
    exchange: {
      keyFile: path.resolve(e.EXCHANGE_KEY_FILE ?? path.join(dataDir, 'pki', 'exchange.key.pem')),
      certFile: path.resolve(e.EXCHANGE_CERT_FILE ?? path.join(dataDir, 'pki', 'exchange.cert.pem')),
      signatureAlgorithm: e.EXCHANGE_SIGNATURE_ALGORITHM,
      acceptRsaSha1: e.EXCHANGE_ACCEPT_RSA_SHA1,
      maxPackageBytes: e.EXCHANGE_MAX_PACKAGE_MB * 1024 * 1024,
    },
    ...oidcConfig(e, publicUrl),
    ...overrides,
  };
}

/**
 * The OpenID Connect settings. The stand-in, when on, is the default provider (with its demo client); a real
 * provider needs all three of issuer, client id and secret. The stand-in in production is refused outright: it
 * signs anyone in as a demo citizen.
 */
function oidcConfig(e: z.infer<typeof EnvSchema>, publicUrl: string): Pick<AppConfig, 'oidc' | 'vneidStandin'> {
  if (e.VNEID_STANDIN && e.NODE_ENV === 'production') {
    throw new Error('Invalid configuration:\n  VNEID_STANDIN: the VNeID stand-in must never run in production');
  }
  const standin = e.VNEID_STANDIN && !e.OIDC_ISSUER;
  const issuer = e.OIDC_ISSUER?.replace(/\/$/, '') ?? (standin ? `${publicUrl}${VNEID_STANDIN_PATH}` : undefined);
  const clientId = e.OIDC_CLIENT_ID ?? (standin ? VNEID_STANDIN_CLIENT.id : undefined);
  const clientSecret = e.OIDC_CLIENT_SECRET ?? (standin ? VNEID_STANDIN_CLIENT.secret : undefined);
  if (e.OIDC_ISSUER && (!clientId || !clientSecret)) {
    throw new Error('Invalid configuration:\n  OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: required with OIDC_ISSUER');
  }
  return {
    vneidStandin: e.VNEID_STANDIN,
    oidc:
      issuer && clientId && clientSecret
        ? {
            issuer,
            clientId,
            clientSecret,
            redirectUri: e.OIDC_REDIRECT_URI ?? `${publicUrl}${OIDC_CALLBACK_PATH}`,
            personalIdClaim: e.OIDC_PERSONAL_ID_CLAIM,
            scopes: e.OIDC_SCOPES,
          }
        : null,
  };
}

/**
 * The gateway settings. The sandbox is on by default outside production and is then the default gateway. A real
 * gateway (VNPAY_URL) in production with the published demo secret is refused: anyone could forge its IPN.
 */
function vnpayConfig(e: z.infer<typeof EnvSchema>, publicUrl: string): AppConfig['vnpay'] {
  const isProduction = e.NODE_ENV === 'production';
  const sandbox = e.VNPAY_SANDBOX === undefined ? !isProduction : e.VNPAY_SANDBOX === 'true';
  const hashSecret = e.VNPAY_HASH_SECRET ?? DEMO_VNPAY_HASH_SECRET;
  if (isProduction && e.VNPAY_URL && hashSecret === DEMO_VNPAY_HASH_SECRET) {
    throw new Error(
      'Invalid configuration:\n  VNPAY_HASH_SECRET: set the merchant secret for a real gateway in production',
    );
  }
  return {
    url: e.VNPAY_URL ?? (sandbox ? `${publicUrl}/vnpay-sandbox/paymentv2/vpcpay.html` : undefined),
    tmnCode: e.VNPAY_TMN_CODE,
    hashSecret,
    sandbox,
    ipnUrl: `${publicUrl}/api/v1/payments/vnpay/ipn`,
    // The browser comes back to the citizen's page, which shows the outcome (the API's return route answers JSON).
    returnUrl: `${publicUrl}/thanh-toan/ket-qua`,
  };
}

/** An address this process can call itself on: a wildcard bind address is not one. */
function loopbackHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

/** A single-machine install keeps its secret beside its data, so restarts keep sessions valid. */
function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'app-secret');
  if (existsSync(file)) {
    return readFileSync(file, 'utf8').trim();
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
