import { randomBytes, webcrypto } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { type Clock, systemClock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { pkiPaths, writeKeyFiles } from './key-store.ts';
import {
  buildName,
  certificatesFromPem,
  certificateToPem,
  fromPem,
  importPrivateKey,
  type NameAttribute,
  OID,
  RSA_SHA256,
  readName,
  toPem,
} from './x509.ts';

/**
 * A demonstration certification authority in a PKI folder, so the platform signs and verifies end to end without a
 * licensed provider (in production the keys come from a licensed CA — Ban Cơ yếu Chính phủ for agencies — and only
 * the trust list and key store change). Every certificate says THỬ NGHIỆM (test) in its names.
 */

export const DEMO_CA_NAME = 'CA Chính quyền số Lào Cai (THỬ NGHIỆM)';
/** The organisational unit that marks an agency's seal certificate (stamps draw it as the agency's). */
export const AGENCY_SEAL_UNIT = 'Con dấu điện tử';
const DEMO_CA_ORG = 'Ủy ban nhân dân tỉnh Lào Cai';
const CA_YEARS = 10;
const DAY_MS = 86_400_000;

export type CertificateSummary = {
  subject: string;
  serial: string;
  notBefore: string;
  notAfter: string;
};

function summarize(certificate: pkijs.Certificate): CertificateSummary {
  return {
    subject: readName(certificate.subject).text,
    serial: Buffer.from(certificate.serialNumber.valueBlock.valueHexView).toString('hex'),
    notBefore: certificate.notBefore.value.toISOString(),
    notAfter: certificate.notAfter.value.toISOString(),
  };
}

function keyUsage(bits: {
  digitalSignature?: boolean;
  nonRepudiation?: boolean;
  keyCertSign?: boolean;
  cRLSign?: boolean;
}) {
  const byte =
    (bits.digitalSignature ? 0x80 : 0) |
    (bits.nonRepudiation ? 0x40 : 0) |
    (bits.keyCertSign ? 0x04 : 0) |
    (bits.cRLSign ? 0x02 : 0);
  // DER drops trailing zero bits: the unused-bits count is the number of zero bits after the last set one.
  let unusedBits = 0;
  while (unusedBits < 7 && (byte & (1 << unusedBits)) === 0) unusedBits++;
  return new pkijs.Extension({
    extnID: OID.keyUsage,
    critical: true,
    extnValue: new asn1js.BitString({ valueHex: new Uint8Array([byte]), unusedBits }).toBER(false),
  });
}

async function keyIdentifier(publicKey: pkijs.PublicKeyInfo): Promise<ArrayBuffer> {
  return webcrypto.subtle.digest('SHA-1', publicKey.subjectPublicKey.valueBlock.valueHexView);
}

/** A positive 128-bit serial number (RFC 5280 asks for at most 20 octets, unpredictable). */
function newSerial(): asn1js.Integer {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return new asn1js.Integer({ valueHex: bytes });
}

async function generateKeyPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(
    { ...RSA_SHA256, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
}

type CertificateRequest = {
  subject: NameAttribute[];
  publicKey: CryptoKey;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
  issuer: { certificate: pkijs.Certificate; privateKey: CryptoKey } | { selfSignedWith: CryptoKey };
};

async function createCertificate(request: CertificateRequest): Promise<pkijs.Certificate> {
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = newSerial();
  certificate.subject = buildName(request.subject);
  certificate.issuer =
    'certificate' in request.issuer
      ? pkijs.RelativeDistinguishedNames.fromBER(request.issuer.certificate.subject.toSchema().toBER(false))
      : buildName(request.subject);
  certificate.notBefore.value = request.notBefore;
  certificate.notAfter.value = request.notAfter;
  await certificate.subjectPublicKeyInfo.importKey(request.publicKey);
  const subjectKeyId = await keyIdentifier(certificate.subjectPublicKeyInfo);
  const authorityKeyId =
    'certificate' in request.issuer
      ? await keyIdentifier(request.issuer.certificate.subjectPublicKeyInfo)
      : subjectKeyId;
  certificate.extensions = [
    new pkijs.Extension({
      extnID: OID.basicConstraints,
      critical: true,
      extnValue: new pkijs.BasicConstraints({ cA: request.isCa }).toSchema().toBER(false),
    }),
    request.isCa
      ? keyUsage({ keyCertSign: true, cRLSign: true })
      : keyUsage({ digitalSignature: true, nonRepudiation: true }),
    new pkijs.Extension({
      extnID: OID.subjectKeyIdentifier,
      extnValue: new asn1js.OctetString({ valueHex: subjectKeyId }).toBER(false),
    }),
    new pkijs.Extension({
      extnID: OID.authorityKeyIdentifier,
      extnValue: new pkijs.AuthorityKeyIdentifier({
        keyIdentifier: new asn1js.OctetString({ valueHex: authorityKeyId }),
      })
        .toSchema()
        .toBER(false),
    }),
  ];
  const signingKey = 'certificate' in request.issuer ? request.issuer.privateKey : request.issuer.selfSignedWith;
  await certificate.sign(signingKey, 'SHA-256');
  // Round-trip through DER so every field (names included) is the parsed form other code compares against.
  return pkijs.Certificate.fromBER(certificate.toSchema(true).toBER(false));
}

/**
 * Creates the demo CA in the PKI folder and puts its certificate in the trust list; does nothing when it exists.
 * @returns the CA certificate and whether it was created now
 */
export async function initDemoCa(
  dir: string,
  clock: Clock = systemClock,
): Promise<{ created: boolean; certificate: CertificateSummary; certificatePath: string }> {
  const paths = pkiPaths(dir);
  const trustedCopy = path.join(paths.trustedDir, 'demo-ca.pem');
  if (existsSync(paths.caCert) && existsSync(paths.caKey)) {
    if (!existsSync(trustedCopy)) {
      await mkdir(paths.trustedDir, { recursive: true });
      await copyFile(paths.caCert, trustedCopy);
    }
    const [certificate] = certificatesFromPem(await readFile(paths.caCert, 'utf8'));
    if (!certificate) throw new Error(`${paths.caCert} holds no certificate`);
    return { created: false, certificate: summarize(certificate), certificatePath: paths.caCert };
  }
  const keys = await generateKeyPair();
  const now = clock.now();
  const subject: NameAttribute[] = [
    { type: 'countryName', value: 'VN' },
    { type: 'stateOrProvinceName', value: 'Lào Cai' },
    { type: 'organizationName', value: DEMO_CA_ORG },
    { type: 'commonName', value: DEMO_CA_NAME },
  ];
  const certificate = await createCertificate({
    subject,
    publicKey: keys.publicKey,
    // Back-dated an hour so a verifier whose clock lags a little still sees it in force.
    notBefore: new Date(now.getTime() - 3_600_000),
    notAfter: new Date(now.getTime() + CA_YEARS * 365 * DAY_MS),
    isCa: true,
    issuer: { selfSignedWith: keys.privateKey },
  });
  await mkdir(path.dirname(paths.caKey), { recursive: true, mode: 0o700 });
  await mkdir(paths.trustedDir, { recursive: true });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  await writeFile(paths.caKey, toPem('PRIVATE KEY', pkcs8), { mode: 0o600 });
  await writeFile(paths.caCert, certificateToPem(certificate));
  await copyFile(paths.caCert, trustedCopy);
  return { created: true, certificate: summarize(certificate), certificatePath: paths.caCert };
}

export type IssueRequest = {
  keyId: string;
  /** A person (an officer's own signature) or an agency (its seal). */
  kind: 'person' | 'agency';
  /** The common name: the person's full name, or the agency's name. */
  name: string;
  /** The organisation: the person's agency, or the agency's parent body. */
  org: string;
  /** Validity in days from `validFrom` (default 730). */
  days?: number;
  /** Start of validity (default: now, back-dated an hour). */
  validFrom?: Date;
};

/**
 * Issues a signing certificate from the demo CA (digitalSignature + nonRepudiation) with a fresh RSA-2048 key, and
 * writes key, certificate and chain under `keys/<keyId>/`, replacing what was there.
 * @throws Error when the CA has not been created (`egov pki init`)
 */
export async function issueCertificate(
  dir: string,
  request: IssueRequest,
  clock: Clock = systemClock,
): Promise<{ certificate: CertificateSummary; keyDir: string }> {
  const paths = pkiPaths(dir);
  const keyDir = paths.keyDir(request.keyId);
  if (!existsSync(paths.caCert) || !existsSync(paths.caKey)) {
    throw new Error(`no CA in ${dir}: run \`egov pki init\` first`);
  }
  const [caCertificate] = certificatesFromPem(await readFile(paths.caCert, 'utf8'));
  const [caKeyDer] = fromPem('PRIVATE KEY', await readFile(paths.caKey, 'utf8'));
  if (!caCertificate || !caKeyDer) throw new Error(`the CA files in ${dir} are damaged`);
  const days = request.days ?? 730;
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ path: 'days', message: 'a whole number of days, 1 to 3650' }],
    });
  }
  const validFrom = request.validFrom ?? new Date(clock.now().getTime() - 3_600_000);
  const keys = await generateKeyPair();
  const subject: NameAttribute[] = [
    { type: 'countryName', value: 'VN' },
    { type: 'stateOrProvinceName', value: 'Lào Cai' },
    { type: 'organizationName', value: request.org },
    ...(request.kind === 'agency' ? [{ type: 'organizationalUnitName' as const, value: AGENCY_SEAL_UNIT }] : []),
    { type: 'commonName', value: request.name },
  ];
  const certificate = await createCertificate({
    subject,
    publicKey: keys.publicKey,
    notBefore: validFrom,
    notAfter: new Date(validFrom.getTime() + days * DAY_MS),
    isCa: false,
    issuer: { certificate: caCertificate, privateKey: await importPrivateKey(caKeyDer) },
  });
  await writeKeyFiles(dir, request.keyId, {
    privateKeyPkcs8: await webcrypto.subtle.exportKey('pkcs8', keys.privateKey),
    certificate,
    chain: [caCertificate],
  });
  return { certificate: summarize(certificate), keyDir };
}

/** The demo signing identities: one officer's personal key and two agency seals (see src/seed users/agencies). */
export const DEMO_SIGNING_KEYS = [
  { keyId: 'lanhdao.tuphap', kind: 'person', name: 'Phạm Quốc Đạo', org: 'Sở Tư pháp tỉnh Lào Cai' },
  { keyId: 'agency.000.00.03.H38', kind: 'agency', name: 'Sở Tư pháp tỉnh Lào Cai', org: 'Ủy ban nhân dân tỉnh Lào Cai' },
  { keyId: 'agency.000.00.00.H38', kind: 'agency', name: 'Ủy ban nhân dân tỉnh Lào Cai', org: 'Ủy ban nhân dân tỉnh Lào Cai' },
] as const satisfies readonly IssueRequest[];

/**
 * The demo PKI: the CA plus the demo keys that are missing. Idempotent: existing keys are kept.
 * @returns the key ids issued now
 */
export async function ensureDemoPki(
  dir: string,
  clock: Clock = systemClock,
): Promise<{ caCreated: boolean; issued: string[] }> {
  const ca = await initDemoCa(dir, clock);
  const paths = pkiPaths(dir);
  const issued: string[] = [];
  for (const key of DEMO_SIGNING_KEYS) {
    if (!existsSync(paths.key(key.keyId)) || !existsSync(paths.cert(key.keyId))) {
      await issueCertificate(dir, key, clock);
      issued.push(key.keyId);
    }
  }
  return { caCreated: ca.created, issued };
}
