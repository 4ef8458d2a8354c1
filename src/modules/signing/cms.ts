import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { SigningKey } from './key-store.ts';

/**
 * CMS SignedData (RFC 5652), detached, SHA-256 with RSA, carrying the signed attributes a CAdES baseline B-B
 * signature needs (ETSI EN 319 122-1): content-type, message-digest, signing-time and ESS signing-certificate-v2,
 * which binds the signer's certificate into what is signed so it cannot be swapped for another with the same key.
 */

export const CMS_OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
} as const;

function sha256(bytes: Uint8Array | ArrayBuffer): Uint8Array {
  return new Uint8Array(
    createHash('sha256')
      .update(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes))
      .digest(),
  );
}

/**
 * ESS SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, one ESSCertIDv2 for the signer:
 * { certHash (SHA-256, the DEFAULT algorithm, so omitted), issuerSerial { GeneralNames{directoryName}, serial } }.
 */
function signingCertificateV2(certificate: pkijs.Certificate): asn1js.Sequence {
  const issuerSerial = new pkijs.IssuerSerial({
    issuer: new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: certificate.issuer })] }),
    serialNumber: certificate.serialNumber,
  });
  const essCertId = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: sha256(certificate.toSchema().toBER(false)) }), issuerSerial.toSchema()],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertId] })] });
}

/** RFC 5280: UTCTime through 2049, GeneralizedTime from 2050. */
function timeValue(at: Date): asn1js.UTCTime | asn1js.GeneralizedTime {
  return at.getUTCFullYear() < 2050
    ? new asn1js.UTCTime({ valueDate: at })
    : new asn1js.GeneralizedTime({ valueDate: at });
}

/**
 * Signs `content` (detached: the content is not embedded) and returns the DER of a ContentInfo with SignedData.
 * The signed attributes are sorted as DER's SET OF requires, because verifiers such as OpenSSL re-encode them in
 * DER before checking the signature.
 */
export async function createDetachedSignature(
  key: SigningKey,
  content: Uint8Array,
  signingTime: Date,
): Promise<Uint8Array> {
  const attribute = (type: string, value: asn1js.AsnType) => new pkijs.Attribute({ type, values: [value] });
  const attributes = [
    attribute(CMS_OID.contentType, new asn1js.ObjectIdentifier({ value: CMS_OID.data })),
    attribute(CMS_OID.signingTime, timeValue(signingTime)),
    attribute(CMS_OID.messageDigest, new asn1js.OctetString({ valueHex: sha256(content) })),
    attribute(CMS_OID.signingCertificateV2, signingCertificateV2(key.certificate)),
  ]
    .map((a) => ({ a, der: Buffer.from(a.toSchema().toBER(false)) }))
    .sort((x, y) => Buffer.compare(x.der, y.der))
    .map(({ a }) => a);
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });
  // The signature covers the attributes encoded as a SET (tag 0x31), not as the [0] IMPLICIT field they sit in.
  const toSign = new Uint8Array(signedAttrs.toSchema().toBER(false));
  toSign[0] = 0x31;
  const sha256Algorithm = new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.sha256 });
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({
      issuer: key.certificate.issuer,
      serialNumber: key.certificate.serialNumber,
    }),
    digestAlgorithm: sha256Algorithm,
    signedAttrs,
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: CMS_OID.rsaEncryption,
      algorithmParams: new asn1js.Null(),
    }),
    signature: new asn1js.OctetString({ valueHex: await key.sign(toSign) }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [sha256Algorithm],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: CMS_OID.data }),
    certificates: [key.certificate, ...key.chain],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: CMS_OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}
