import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * Small X.509 helpers on top of pkijs: PEM in and out, distinguished names that other tools read the way a person
 * wrote them, and the readable parts of a certificate's subject.
 */

// pkijs finds Node's WebCrypto on globalThis in Node 20; naming it once keeps every call on the same engine.
pkijs.setEngine('node-webcrypto', new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: webcrypto as Crypto }));

/** The RSA signature algorithm every key of the platform uses. */
export const RSA_SHA256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

export const OID = {
  commonName: '2.5.4.3',
  countryName: '2.5.4.6',
  localityName: '2.5.4.7',
  stateOrProvinceName: '2.5.4.8',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  title: '2.5.4.12',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
} as const;

/** One attribute of a name, in the order it is written (country first, common name last). */
export type NameAttribute = { type: keyof typeof OID; value: string };

/**
 * A distinguished name with ONE attribute per RDN, strings as UTF8String (the country as PrintableString, as RFC
 * 5280 requires). pkijs' own `RelativeDistinguishedNames.toSchema()` puts every attribute into a single multi-valued
 * RDN (`C=VN + O=… + CN=…`), which tools then show as one unreadable blob; building the DER here and parsing it back
 * keeps pkijs re-emitting exactly these bytes (it re-uses `valueBeforeDecode`).
 */
export function buildName(attributes: readonly NameAttribute[]): pkijs.RelativeDistinguishedNames {
  const sequence = new asn1js.Sequence({
    value: attributes.map(
      ({ type, value }) =>
        new asn1js.Set({
          value: [
            new asn1js.Sequence({
              value: [
                new asn1js.ObjectIdentifier({ value: OID[type] }),
                type === 'countryName' ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value }),
              ],
            }),
          ],
        }),
    ),
  });
  return pkijs.RelativeDistinguishedNames.fromBER(sequence.toBER(false));
}

/** The readable fields of a name (first value of each type). */
export type ReadableName = {
  commonName: string | null;
  organization: string | null;
  organizationalUnit: string | null;
  country: string | null;
  text: string;
};

const SHORT_NAMES: Record<string, string> = {
  [OID.commonName]: 'CN',
  [OID.organizationName]: 'O',
  [OID.organizationalUnitName]: 'OU',
  [OID.countryName]: 'C',
  [OID.localityName]: 'L',
  [OID.stateOrProvinceName]: 'ST',
  [OID.title]: 'T',
};

/** The subject or issuer of a certificate as people read it: `CN=Nguyễn Văn A, O=UBND tỉnh Lào Cai, C=VN`. */
export function readName(name: pkijs.RelativeDistinguishedNames): ReadableName {
  const parts: { type: string; value: string }[] = name.typesAndValues.map((atv) => ({
    type: atv.type,
    // Every directory string type of asn1js exposes its decoded text as valueBlock.value.
    value: String((atv.value as unknown as { valueBlock: { value: unknown } }).valueBlock.value ?? ''),
  }));
  const first = (oid: string) => parts.find((p) => p.type === oid)?.value ?? null;
  const text = [...parts]
    .reverse()
    .map((p) => `${SHORT_NAMES[p.type] ?? p.type}=${p.value}`)
    .join(', ');
  return {
    commonName: first(OID.commonName),
    organization: first(OID.organizationName),
    organizationalUnit: first(OID.organizationalUnitName),
    country: first(OID.countryName),
    text,
  };
}

/** PEM armour of DER bytes. */
export function toPem(label: 'CERTIFICATE' | 'PRIVATE KEY', der: ArrayBuffer | Uint8Array): string {
  const base64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64');
  return `-----BEGIN ${label}-----\n${base64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

/** Every PEM block of one label in a text, as DER. */
export function fromPem(label: 'CERTIFICATE' | 'PRIVATE KEY', pem: string): Uint8Array[] {
  const pattern = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+?)-----END ${label}-----`, 'g');
  return [...pem.matchAll(pattern)].map((m) => new Uint8Array(Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64')));
}

/** Parses DER certificate bytes. */
export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(new Uint8Array(der));
}

/** Parses every certificate of a PEM text. */
export function certificatesFromPem(pem: string): pkijs.Certificate[] {
  return fromPem('CERTIFICATE', pem).map(parseCertificate);
}

/** A certificate as PEM. */
export function certificateToPem(certificate: pkijs.Certificate): string {
  return toPem('CERTIFICATE', certificate.toSchema().toBER(false));
}

/** The serial number of a certificate as lower-case hex. */
export function serialHex(certificate: pkijs.Certificate): string {
  return Buffer.from(certificate.serialNumber.valueBlock.valueHexView).toString('hex');
}

/** SHA-256 of a certificate's DER, hex: the fingerprint people compare. */
export async function fingerprint(certificate: pkijs.Certificate): Promise<string> {
  const digest = await webcrypto.subtle.digest('SHA-256', certificate.toSchema().toBER(false));
  return Buffer.from(digest).toString('hex');
}

/** True when `at` lies within the certificate's validity period. */
export function isValidAt(certificate: pkijs.Certificate, at: Date): boolean {
  return certificate.notBefore.value.getTime() <= at.getTime() && at.getTime() <= certificate.notAfter.value.getTime();
}

/** Imports a PKCS#8 RSA private key for RSASSA-PKCS1-v1_5 with SHA-256 signatures. */
export function importPrivateKey(pkcs8Der: Uint8Array): Promise<CryptoKey> {
  return webcrypto.subtle.importKey('pkcs8', pkcs8Der, RSA_SHA256, false, ['sign']) as Promise<CryptoKey>;
}
