import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED, Signer } from '@signpdf/utils';
import { PDFDocument } from 'pdf-lib';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { createDetachedSignature } from './cms.ts';
import { type KeyStore, type SigningKey, validSigningKey } from './key-store.ts';
import { drawSignatureStamps } from './pdf-stamp.ts';
import { findSignatureRanges } from './pdf-signatures.ts';
import { readName } from './x509.ts';

/**
 * PAdES baseline B-B signatures on PDFs: each key in turn adds one signature as an incremental update
 * (@signpdf/placeholder-plain appends a signature dictionary, its widget and a new xref section), so every earlier
 * signature still covers exactly the bytes it signed. The CMS inside is built with pkijs (cms.ts), not
 * @signpdf/signer-p12, whose node-forge encoding garbles Vietnamese names in issuerAndSerialNumber.
 */

/** Room for the CMS: two certificates and the signature are ≈ 3 kB of DER; 8 kB leaves space for longer chains. */
const SIGNATURE_BYTES = 8192;

/** Adapts a key handle to @signpdf's Signer: the bytes it receives are the document minus the Contents gap. */
class CmsSigner extends Signer {
  constructor(
    private readonly key: SigningKey,
    private readonly at: Date,
  ) {
    super();
  }

  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    return Buffer.from(await createDetachedSignature(this.key, pdfBuffer, this.at));
  }
}

export type SignPdfOptions = {
  /** Signers in order: usually the officer's personal key, then the agency's seal (NĐ 30/2020 Art. 13–14). */
  keyIds: readonly string[];
  reason: string;
  location: string;
  clock: Clock;
  /**
   * Draw the signers' stamps (name, organisation, signing time ISO 8601 with offset) on the last page. Possible only
   * while the file carries no signature yet, because drawing rewrites the file; default true.
   */
  visible?: boolean;
};

/**
 * PDF text strings in @signpdf's placeholder are written through a UTF-8 Buffer, which corrupts the UTF-16 it
 * produces for non-ASCII text; the dictionary's Reason/Location/Name are therefore written without diacritics (the
 * certificate inside the signature keeps the exact Vietnamese name, and the stamp shows the full text).
 */
export function foldToAscii(text: string): string {
  return text
    .replaceAll('đ', 'd')
    .replaceAll('Đ', 'D')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?');
}

/**
 * Signs a PDF with each key in order.
 * @returns the signed file: the input (re-saved once by pdf-lib when it had no signature yet) plus one incremental
 * update per signature
 * @throws AppError SIGNING_KEY_NOT_FOUND, CERTIFICATE_NOT_VALID (a certificate outside its validity at the signing
 * time), NOT_A_PDF, SIGNATURE_MALFORMED (a PDF whose structure the placeholder cannot extend)
 */
export async function signPdf(keyStore: KeyStore, pdfBytes: Uint8Array, options: SignPdfOptions): Promise<Uint8Array> {
  if (options.keyIds.length === 0) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'keyIds', message: 'at least one key' }] });
  }
  if (Buffer.from(pdfBytes.subarray(0, 5)).toString('latin1') !== '%PDF-') {
    throw new AppError('NOT_A_PDF');
  }
  const signingTime = options.clock.now();
  const keys: SigningKey[] = [];
  for (const keyId of options.keyIds) {
    keys.push(await validSigningKey(keyStore, keyId, signingTime));
  }

  let pdf: Buffer = Buffer.from(pdfBytes);
  if (findSignatureRanges(pdf).length === 0) {
    // Never signed: pdf-lib may rewrite it. The incremental writer needs a classic xref table, hence no object streams.
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    if (options.visible !== false) {
      await drawSignatureStamps(
        doc,
        keys.map((key) => ({ ...readName(key.certificate.subject), agency: isAgencySeal(key) })),
        signingTime,
      );
    }
    pdf = Buffer.from(await doc.save({ useObjectStreams: false }));
  }

  const signpdf = new SignPdf();
  for (const key of keys) {
    const name = readName(key.certificate.subject);
    try {
      const withPlaceholder = plainAddPlaceholder({
        pdfBuffer: pdf,
        reason: foldToAscii(options.reason),
        location: foldToAscii(options.location),
        name: foldToAscii(name.commonName ?? key.keyId),
        contactInfo: '',
        signingTime,
        signatureLength: SIGNATURE_BYTES,
        subFilter: SUBFILTER_ETSI_CADES_DETACHED,
        appName: 'ChinhQuyenSo',
      });
      pdf = await signpdf.sign(withPlaceholder, new CmsSigner(key, signingTime));
    } catch (error) {
      if (error instanceof Error && error.name === 'SignPdfError') {
        throw new AppError('SIGNATURE_MALFORMED', { reason: error.message });
      }
      throw error;
    }
  }
  return new Uint8Array(pdf);
}

/** An agency seal carries the organisational-unit mark `Con dấu điện tử` the demo CA (and our issuing) puts in it. */
function isAgencySeal(key: SigningKey): boolean {
  return key.certificate.subject.typesAndValues.some(
    (atv) =>
      atv.type === '2.5.4.11' &&
      String((atv.value as unknown as { valueBlock: { value: unknown } }).valueBlock.value) === 'Con dấu điện tử',
  );
}
