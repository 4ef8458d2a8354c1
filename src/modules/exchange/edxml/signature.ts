import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { EdxmlError, XMLDSIG_NS } from './model.ts';
import { DEFAULT_MAX_XML_BYTES, guardXmlText } from './xml-tree.ts';

/**
 * XML-DSig enveloped signature of an edXML package (reference §1.4): one `Signature` inside `edXML:Signature` of the
 * header, one Reference with URI="" (the whole document, attachments included) through the enveloped-signature and
 * exclusive-c14n transforms, and KeyInfo/X509Data with X509SubjectName and X509Certificate. The algorithm each axis
 * requires is UNCONFIRMED (the VPCP sample uses rsa-sha1, a newer implementation rsa-sha256), so it is a parameter.
 */

const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

export const SIGNATURE_ALGORITHMS = {
  'rsa-sha256': {
    signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    digest: 'http://www.w3.org/2001/04/xmlenc#sha256',
  },
  'rsa-sha512': {
    signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
    digest: 'http://www.w3.org/2001/04/xmlenc#sha512',
  },
  'rsa-sha1': {
    signature: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
    digest: 'http://www.w3.org/2000/09/xmldsig#sha1',
  },
} as const;
export type SignatureAlgorithm = keyof typeof SIGNATURE_ALGORITHMS;

/** Signs edXML text; the exchange module asks for nothing more of a key store. */
export interface XmlSigner {
  /** Returns the text with the signature added in `edXML:Signature`. */
  sign(xml: string): string;
  /** The certificate peers pin to authenticate us. */
  readonly certificatePem: string;
}

/** `CN=…,O=…,C=VN` (RFC 4514 order) from Node's multi-line subject. */
export function subjectName(certificate: X509Certificate): string {
  return certificate.subject
    .split('\n')
    .filter((line) => line !== '')
    .reverse()
    .map((line) => {
      const eq = line.indexOf('=');
      return `${line.slice(0, eq)}=${line.slice(eq + 1).replace(/([,+"\\<>;])/g, '\\$1')}`;
    })
    .join(',');
}

function pemBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An XmlSigner over a PEM private key and its certificate. */
export function createPemSigner(options: {
  privateKeyPem: string;
  certificatePem: string;
  algorithm?: SignatureAlgorithm;
}): XmlSigner {
  const algorithm = SIGNATURE_ALGORITHMS[options.algorithm ?? 'rsa-sha256'];
  const certificate = new X509Certificate(options.certificatePem);
  // Fail at start-up, not at the first package, when the key is not the certificate's.
  if (!certificate.checkPrivateKey(createPrivateKey(options.privateKeyPem))) {
    throw new Error('the exchange signing key does not belong to its certificate');
  }
  const keyInfo = `<X509Data><X509SubjectName>${escapeXml(subjectName(certificate))}</X509SubjectName><X509Certificate>${pemBody(options.certificatePem)}</X509Certificate></X509Data>`;
  return {
    certificatePem: certificate.toString(),
    sign(xml) {
      const sig = new SignedXml({
        privateKey: options.privateKeyPem,
        signatureAlgorithm: algorithm.signature,
        canonicalizationAlgorithm: EXC_C14N,
        getKeyInfoContent: () => keyInfo,
      });
      sig.addReference({
        xpath: '/*',
        uri: '',
        isEmptyUri: true,
        transforms: [ENVELOPED, EXC_C14N],
        digestAlgorithm: algorithm.digest,
      });
      sig.computeSignature(xml, {
        location: {
          reference: "/*/*[local-name(.)='edXMLEnvelope']/*[local-name(.)='edXMLHeader']/*[local-name(.)='Signature']",
          action: 'append',
        },
      });
      return sig.getSignedXml();
    },
  };
}

export type VerifyOptions = {
  /** PEM certificates the signer must be one of (the pinned certificate of the peer); any certificate when absent. */
  trustedCertificates?: readonly string[];
  /** Accepted algorithms; rsa-sha1 only when a peer still needs it. Default rsa-sha256 and rsa-sha512. */
  allowedAlgorithms?: readonly SignatureAlgorithm[];
  maxBytes?: number;
};

export type VerifiedSignature = { certificate: X509Certificate; certificatePem: string; algorithm: SignatureAlgorithm };

function invalid(message: string): EdxmlError {
  return new EdxmlError('SIGNATURE_INVALID', [{ path: 'edXMLHeader.Signature', message }]);
}

/**
 * Verifies the enveloped signature of an edXML package and returns the signer's certificate. Exactly one signature
 * is accepted, in the header, covering the whole document; so nothing outside what was signed can be read later.
 * @throws EdxmlError SIGNATURE_MISSING, SIGNATURE_INVALID, CERTIFICATE_NOT_TRUSTED
 */
export function verifyEdxmlSignature(xml: string, options: VerifyOptions = {}): VerifiedSignature {
  guardXmlText(xml, options.maxBytes ?? DEFAULT_MAX_XML_BYTES);
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: {
      warning: () => {},
      error: (m: string) => errors.push(m),
      fatalError: (m: string) => errors.push(m),
    },
  }).parseFromString(xml, 'text/xml');
  if (errors.length > 0 || !doc.documentElement) {
    throw new EdxmlError('NOT_WELL_FORMED', [{ path: '', message: errors[0] ?? 'no root element' }]);
  }
  const signatures = Array.from(doc.getElementsByTagNameNS(XMLDSIG_NS, 'Signature'));
  const [node] = signatures;
  if (!node) {
    throw new EdxmlError('SIGNATURE_MISSING', [
      { path: 'edXMLHeader.Signature', message: 'the package is not signed' },
    ]);
  }
  if (signatures.length > 1) throw invalid(`${signatures.length} signatures; exactly one is accepted`);
  const holder = node.parentNode as Element | null;
  const header = holder?.localName === 'edXMLHeader' ? holder : (holder?.parentNode as Element | null);
  if (header?.localName !== 'edXMLHeader' || header.parentNode?.parentNode !== doc.documentElement) {
    throw invalid('the signature is not in edXMLHeader');
  }
  const certText = node.getElementsByTagNameNS(XMLDSIG_NS, 'X509Certificate')[0]?.textContent?.replace(/\s+/g, '');
  if (!certText) throw invalid('KeyInfo carries no X509Certificate');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(Buffer.from(certText, 'base64'));
  } catch {
    throw invalid('the X509Certificate in KeyInfo cannot be read');
  }
  if (options.trustedCertificates) {
    const trusted = options.trustedCertificates.some(
      (pem) => new X509Certificate(pem).fingerprint256 === certificate.fingerprint256,
    );
    if (!trusted) {
      throw new EdxmlError('CERTIFICATE_NOT_TRUSTED', [
        {
          path: 'edXMLHeader.Signature.KeyInfo',
          message: `signed by "${subjectName(certificate)}", not a certificate pinned for this sender`,
        },
      ]);
    }
  }
  const allowed = options.allowedAlgorithms ?? ['rsa-sha256', 'rsa-sha512'];
  const sig = new SignedXml({ publicCert: certificate.toString(), getCertFromKeyInfo: () => null });
  sig.loadSignature(node as unknown as Node);
  const algorithm = (Object.keys(SIGNATURE_ALGORITHMS) as SignatureAlgorithm[]).find(
    (name) => SIGNATURE_ALGORITHMS[name].signature === sig.signatureAlgorithm,
  );
  if (!algorithm || !allowed.includes(algorithm)) {
    throw invalid(`signature algorithm ${String(sig.signatureAlgorithm)} is not accepted (${allowed.join(', ')})`);
  }
  let valid = false;
  try {
    valid = sig.checkSignature(xml);
  } catch (error) {
    throw invalid((error as Error).message.replace(/the signature value \S+ is/, 'the signature value is'));
  }
  if (!valid) throw invalid('the content does not match its digest: the package was changed after signing');
  const references = sig.getReferences();
  const [reference] = references;
  if (references.length !== 1 || !reference || reference.uri !== '' || !reference.transforms.includes(ENVELOPED)) {
    throw invalid('the signature must cover the whole document (one Reference, URI="", enveloped-signature)');
  }
  return { certificate, certificatePem: certificate.toString(), algorithm };
}

/**
 * Whether the certificate was valid at the time the package says it was signed.
 * @throws EdxmlError CERTIFICATE_NOT_VALID_AT_SIGNING
 */
export function assertCertificateValidAt(certificate: X509Certificate, signedAt: Date): void {
  const from = new Date(certificate.validFrom);
  const to = new Date(certificate.validTo);
  if (signedAt < from || signedAt > to) {
    throw new EdxmlError('CERTIFICATE_NOT_VALID_AT_SIGNING', [
      {
        path: 'edXMLHeader.Signature.KeyInfo',
        message: `signed at ${signedAt.toISOString()}, certificate valid ${from.toISOString()} – ${to.toISOString()}`,
      },
    ]);
  }
}

/** SHA-256 fingerprint (hex, colon-free) of a PEM certificate, as operators compare it. */
export function certificateSha256(pem: string): string {
  const der = Buffer.from(pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''), 'base64');
  return createHash('sha256').update(der).digest('hex');
}
