import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED, Signer } from '@signpdf/utils';
import { PDFDocument, PDFName } from 'pdf-lib';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { createDetachedSignature } from './cms.ts';
import { type KeyStore, type SigningKey, validSigningKey } from './key-store.ts';
import { drawSignatureStamps } from './pdf-stamp.ts';
import { AGENCY_SEAL_UNIT } from './demo-ca.ts';
import { findSignatureRanges, signedBytes } from './pdf-signatures.ts';
import { placeholderText, writeDictionaryTexts } from './pdf-text.ts';
import { verifyCms } from './verify.ts';
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
  const earlierSignatures = findSignatureRanges(pdf).length;
  if (earlierSignatures === 0) {
    pdf = await prepareUnsignedPdf(pdf, options.visible === false ? [] : keys, signingTime);
  } else if (pdf[pdf.length - 1] === 0x0a || pdf[pdf.length - 1] === 0x0d) {
    // @signpdf cuts a final end-of-line before appending, which would change bytes an earlier signature (poppler's,
    // for one) covers. A repeated `%%EOF` comment line gives it nothing to cut and leaves those bytes alone.
    pdf = Buffer.concat([pdf, Buffer.from('%%EOF')]);
  }

  const signpdf = new SignPdf();
  for (const key of keys) {
    const name = readName(key.certificate.subject);
    const texts = { Reason: options.reason, Location: options.location, Name: name.commonName ?? key.keyId };
    let withPlaceholder: Buffer;
    try {
      withPlaceholder = plainAddPlaceholder({
        pdfBuffer: pdf,
        reason: placeholderText('Reason', texts.Reason),
        location: placeholderText('Location', texts.Location),
        name: placeholderText('Name', texts.Name),
        contactInfo: '',
        signingTime,
        signatureLength: SIGNATURE_BYTES,
        subFilter: SUBFILTER_ETSI_CADES_DETACHED,
        appName: 'ChinhQuyenSo',
      });
      // The placeholder drops the file's final newline before appending; search from just before that point.
      withPlaceholder = writeDictionaryTexts(withPlaceholder, pdf.length - 2, texts);
    } catch (error) {
      // The placeholder's string-level parser meets a structure it does not know (xref streams after a foreign signature…).
      throw new AppError('SIGNATURE_MALFORMED', { reason: error instanceof Error ? error.message : String(error) });
    }
    pdf = await signpdf.sign(withPlaceholder, new CmsSigner(key, signingTime));
  }
  await assertNewSignaturesHold(pdf, earlierSignatures, keys.length);
  return new Uint8Array(pdf);
}

/**
 * Before the first signature pdf-lib may rewrite the file: it draws the stamps and saves with a classic xref table
 * (no object streams), which the incremental writer needs. Form fields are flattened into the page and the old form
 * removed, because the placeholder would otherwise rewrite the AcroForm without the fields' resources; a document
 * being signed for issue is final anyway.
 */
async function prepareUnsignedPdf(pdf: Buffer, stampKeys: readonly SigningKey[], signingTime: Date): Promise<Buffer> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false });
    // pdf-lib loads leniently: a file without a catalog or pages only fails when first used, so use it here.
    if (doc.getPageCount() === 0) throw new Error('the document has no pages');
  } catch (error) {
    throw new AppError('SIGNATURE_MALFORMED', { reason: error instanceof Error ? error.message : String(error) });
  }
  if (doc.catalog.has(PDFName.of('AcroForm'))) {
    doc.getForm().flatten();
    doc.catalog.delete(PDFName.of('AcroForm'));
  }
  if (stampKeys.length > 0) {
    const signers = stampKeys.map((key) => {
      const name = readName(key.certificate.subject);
      return { ...name, agency: name.organizationalUnit === AGENCY_SEAL_UNIT };
    });
    await drawSignatureStamps(doc, signers, signingTime);
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/**
 * Checks what was just written the way a verifier will (signature and digest; trust is not the signer's concern),
 * so a file the placeholder mangled is refused here instead of being issued with a broken signature.
 * @throws AppError SIGNATURE_MALFORMED
 */
async function assertNewSignaturesHold(pdf: Buffer, earlier: number, added: number): Promise<void> {
  const ranges = findSignatureRanges(pdf);
  const fresh = ranges.slice(earlier);
  const last = fresh[fresh.length - 1];
  const lastEnd = last ? last.byteRange[2] + last.byteRange[3] : -1;
  if (fresh.length !== added || lastEnd !== pdf.length) {
    throw new AppError('SIGNATURE_MALFORMED', {
      reason: 'the signed file does not carry the new signatures as expected',
    });
  }
  for (const range of fresh) {
    const outcome = range.cms ? await verifyCms(range.cms, signedBytes(pdf, range.byteRange), []) : null;
    if (!outcome || outcome.status === 'invalid') {
      throw new AppError('SIGNATURE_MALFORMED', { reason: outcome?.reason ?? range.problem ?? 'unreadable signature' });
    }
  }
}
