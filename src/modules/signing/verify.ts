import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../platform/errors.ts';
import { CMS_OID } from './cms.ts';
import { findSignatureRanges, signedBytes } from './pdf-signatures.ts';
import { isValidAt, OID, readName, serialHex } from './x509.ts';

/**
 * Verification of CMS signatures, detached or inside PDFs, in TypeScript with pkijs. Each signature gets one of
 * three verdicts:
 * - `valid`: the digest and the signature check out, the certificate was valid at the signing time and chains to
 *   a CA of the trust list;
 * - `invalid`: the signed bytes were changed, the signature or its structure is wrong, or the certificate was not
 *   valid at the signing time;
 * - `unknown_signer`: the signature checks out but the certificate does not chain to a trusted CA.
 * The signing time is the one the signer claims (signed attribute); no timestamp authority is involved yet.
 */

export type SignatureStatus = 'valid' | 'invalid' | 'unknown_signer';

export type SignatureReport = {
  index: number;
  status: SignatureStatus;
  /** Machine-readable reason when not valid: digest_mismatch, bad_signature, malformed, certificate_not_valid_at_signing_time, certificate_not_for_signing, signing_certificate_mismatch, untrusted_chain, … */
  reason: string | null;
  signer: { commonName: string | null; organization: string | null; distinguishedName: string } | null;
  issuer: string | null;
  serialNumber: string | null;
  certificateValidity: { notBefore: string; notAfter: string } | null;
  /** ISO 8601, from the signing-time attribute. */
  signingTime: string | null;
  /** PDF only: the ByteRange and whether it reaches the end of the file. */
  byteRange?: [number, number, number, number];
  coversWholeFile?: boolean;
  /** PDF only: bytes appended after this signature (later signatures or other incremental updates). */
  bytesAfter?: number;
  subFilter?: string | null;
  /** PDF only: what the signature dictionary states. It lies inside the signed bytes, but the signer chose it. */
  stated?: { reason: string | null; location: string | null; name: string | null };
};

export type VerificationReport = {
  kind: 'pdf' | 'cms';
  size: number;
  signatures: SignatureReport[];
  /** Every signature valid, and (for a PDF) the last one covers the whole file. */
  allValid: boolean;
};

type Outcome = Pick<
  SignatureReport,
  'status' | 'reason' | 'signer' | 'issuer' | 'serialNumber' | 'certificateValidity' | 'signingTime'
>;

const NOTHING_KNOWN: Omit<Outcome, 'status' | 'reason'> = {
  signer: null,
  issuer: null,
  serialNumber: null,
  certificateValidity: null,
  signingTime: null,
};

function parseSignedData(der: Uint8Array): pkijs.SignedData | null {
  try {
    // fromBER reads one element and stops, so the zero padding after the CMS in a PDF's Contents is ignored.
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset === -1) return null;
    const contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
    if (contentInfo.contentType !== CMS_OID.signedData) return null;
    return new pkijs.SignedData({ schema: contentInfo.content });
  } catch {
    return null;
  }
}

function attributeValue(signerInfo: pkijs.SignerInfo, oid: string): asn1js.AsnType | null {
  return signerInfo.signedAttrs?.attributes.find((a) => a.type === oid)?.values[0] ?? null;
}

function readSigningTime(signerInfo: pkijs.SignerInfo): Date | null {
  const value = attributeValue(signerInfo, CMS_OID.signingTime);
  if (value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime) {
    return value.toDate();
  }
  return null;
}

/** The certHash of the ESS signing-certificate-v2 attribute (SHA-256 by default), or null when absent. */
function essCertificateHash(signerInfo: pkijs.SignerInfo): { algorithm: string; hash: Uint8Array } | null {
  const value = attributeValue(signerInfo, CMS_OID.signingCertificateV2);
  if (!(value instanceof asn1js.Sequence)) return null;
  const certs = value.valueBlock.value[0];
  const first = certs instanceof asn1js.Sequence ? certs.valueBlock.value[0] : null;
  if (!(first instanceof asn1js.Sequence)) return null;
  const [head, second] = first.valueBlock.value;
  if (head instanceof asn1js.OctetString) return { algorithm: CMS_OID.sha256, hash: head.valueBlock.valueHexView };
  if (head instanceof asn1js.Sequence && second instanceof asn1js.OctetString) {
    const algorithm = new pkijs.AlgorithmIdentifier({ schema: head }).algorithmId;
    return { algorithm, hash: second.valueBlock.valueHexView };
  }
  return null;
}

/**
 * Verifies the first signer of a CMS SignedData over `content` against the trust list.
 */
export async function verifyCms(
  cms: Uint8Array,
  content: Uint8Array,
  trusted: readonly pkijs.Certificate[],
): Promise<Outcome> {
  const signedData = parseSignedData(cms);
  const signerInfo = signedData?.signerInfos[0];
  if (!signedData || !signerInfo) {
    return { status: 'invalid', reason: 'malformed', ...NOTHING_KNOWN };
  }
  const signingTimeDate = readSigningTime(signerInfo);
  const signingTime = signingTimeDate?.toISOString() ?? null;
  let signerCertificate: pkijs.Certificate | null = null;
  let reason: string | null = null;
  try {
    const result = await signedData.verify({
      signer: 0,
      data: toArrayBuffer(content),
      extendedMode: true,
      checkChain: false,
    });
    signerCertificate = result.signerCertificate ?? null;
    if (!result.signatureVerified) reason = 'bad_signature';
  } catch (error) {
    const failure = error as pkijs.SignedDataVerifyError;
    signerCertificate = failure.signerCertificate ?? null;
    reason = /digest doesn't match/i.test(failure.message ?? '')
      ? 'digest_mismatch'
      : failure.code === 3 || failure.code === 2
        ? 'signer_certificate_missing'
        : 'bad_signature';
  }
  const known: Omit<Outcome, 'status' | 'reason'> = signerCertificate
    ? describe(signerCertificate, signingTime)
    : { ...NOTHING_KNOWN, signingTime };
  if (reason || !signerCertificate) {
    return { status: 'invalid', reason: reason ?? 'signer_certificate_missing', ...known };
  }
  const ess = essCertificateHash(signerInfo);
  if (ess) {
    const algorithm = ess.algorithm === CMS_OID.sha256 ? 'sha256' : null;
    const actual = algorithm
      ? createHash(algorithm)
          .update(Buffer.from(signerCertificate.toSchema().toBER(false)))
          .digest()
      : null;
    if (!actual?.equals(Buffer.from(ess.hash))) {
      return { status: 'invalid', reason: 'signing_certificate_mismatch', ...known };
    }
  }
  if (!allowsSigning(signerCertificate)) {
    return { status: 'invalid', reason: 'certificate_not_for_signing', ...known };
  }
  const checkDate = signingTimeDate ?? new Date();
  if (!isValidAt(signerCertificate, checkDate)) {
    return { status: 'invalid', reason: 'certificate_not_valid_at_signing_time', ...known };
  }
  const chain = new pkijs.CertificateChainValidationEngine({
    trustedCerts: [...trusted],
    certs: [...(signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)],
    checkDate,
  });
  const chainResult = await chain.verify().catch(() => ({ result: false }));
  if (!chainResult.result) {
    return { status: 'unknown_signer', reason: 'untrusted_chain', ...known };
  }
  return { status: 'valid', reason: null, ...known };
}

/** RFC 5280: when keyUsage is present, a document signature needs digitalSignature or nonRepudiation (a CA key may not). */
function allowsSigning(certificate: pkijs.Certificate): boolean {
  const keyUsage = certificate.extensions?.find((e) => e.extnID === OID.keyUsage);
  if (!keyUsage) return true;
  const parsed = asn1js.fromBER(keyUsage.extnValue.valueBlock.valueHexView).result;
  const firstByte = parsed instanceof asn1js.BitString ? (parsed.valueBlock.valueHexView[0] ?? 0) : 0;
  return (firstByte & 0xc0) !== 0;
}

function describe(certificate: pkijs.Certificate, signingTime: string | null): Omit<Outcome, 'status' | 'reason'> {
  const subject = readName(certificate.subject);
  return {
    signer: { commonName: subject.commonName, organization: subject.organization, distinguishedName: subject.text },
    issuer: readName(certificate.issuer).text,
    serialNumber: serialHex(certificate),
    certificateValidity: {
      notBefore: certificate.notBefore.value.toISOString(),
      notAfter: certificate.notAfter.value.toISOString(),
    },
    signingTime,
  };
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Real documents carry a handful of signatures (officer, agency, copies). */
export const MAX_PDF_SIGNATURES = 50;

/**
 * Verifies every signature of a PDF.
 * @throws AppError NOT_A_PDF, NO_SIGNATURE, SIGNATURE_MALFORMED (more than MAX_PDF_SIGNATURES)
 */
export async function verifyPdf(pdf: Uint8Array, trusted: readonly pkijs.Certificate[]): Promise<VerificationReport> {
  if (Buffer.from(pdf.subarray(0, 5)).toString('latin1') !== '%PDF-') {
    throw new AppError('NOT_A_PDF');
  }
  const ranges = findSignatureRanges(pdf);
  if (ranges.length === 0) {
    throw new AppError('NO_SIGNATURE');
  }
  if (ranges.length > MAX_PDF_SIGNATURES) {
    // Each one costs an RSA verification and a chain build: a crafted file must not buy unbounded work.
    throw new AppError('SIGNATURE_MALFORMED', { reason: `more than ${MAX_PDF_SIGNATURES} signatures` });
  }
  const signatures: SignatureReport[] = [];
  for (const [index, range] of ranges.entries()) {
    const end = range.byteRange[2] + range.byteRange[3];
    const coverage = {
      byteRange: range.byteRange,
      coversWholeFile: range.problem === null && end === pdf.length,
      bytesAfter: range.problem === null ? pdf.length - end : 0,
      subFilter: range.subFilter,
      stated: range.stated,
    };
    if (!range.cms) {
      signatures.push({ index, status: 'invalid', reason: 'malformed', ...NOTHING_KNOWN, ...coverage });
      continue;
    }
    const outcome = await verifyCms(range.cms, signedBytes(pdf, range.byteRange), trusted);
    signatures.push({ index, ...outcome, ...coverage });
  }
  const last = signatures[signatures.length - 1];
  return {
    kind: 'pdf',
    size: pdf.length,
    signatures,
    allValid: signatures.every((s) => s.status === 'valid') && last?.coversWholeFile === true,
  };
}

/**
 * Verifies a detached CMS signature (.p7s, DER) over `content`.
 * @throws AppError SIGNATURE_MALFORMED when the signature is not CMS SignedData
 */
export async function verifyDetached(
  cms: Uint8Array,
  content: Uint8Array,
  trusted: readonly pkijs.Certificate[],
): Promise<VerificationReport> {
  if (!parseSignedData(cms)) {
    throw new AppError('SIGNATURE_MALFORMED', { reason: 'not CMS SignedData' });
  }
  const outcome = await verifyCms(cms, content, trusted);
  return {
    kind: 'cms',
    size: content.length,
    signatures: [{ index: 0, ...outcome }],
    allValid: outcome.status === 'valid',
  };
}
