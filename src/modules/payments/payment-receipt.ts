import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { vietnameseDateTime, vnd } from '../../platform/i18n/vietnamese-format.ts';
import { applicantLines, header, signatures, title } from '../dossiers-print/form-parts.ts';
import { FormWriter } from '../dossiers-print/pdf-form.ts';
import { type FormApplicant, type IssuingAgency, lookupUrl } from '../dossiers-print/print-model.ts';
import * as dossierRepo from '../dossiers/dossiers.repository.ts';
import type { PaymentDeps } from './payments.deps.ts';
import * as repo from './payments.repository.ts';
import { loadVisiblePayment } from './read-payments.ts';

/**
 * The electronic receipt (biên lai điện tử) of a settled payment, as a Vietnamese PDF built with the one-stop
 * forms' layout helpers. Its number was issued once, at settlement; the PDF is a faithful rendering of the stored
 * facts, the same bytes every time. A QR code opens the dossier's public lookup page, as on the dossier receipt.
 */

/** The province of the tenant: the place of the date line. */
const PLACE = 'Lào Cai';
const QR_SIZE = 86;

export type PaymentReceiptInput = {
  agency: IssuingAgency;
  number: string;
  issuedAt: Date;
  payer: FormApplicant;
  dossierCode: string;
  procedureName: string;
  fees: { name: string; amount: number }[];
  amount: number;
  bankCode: string | null;
  transactionNo: string | null;
  txnRef: string;
  paidAt: Date;
  lookupUrl: string;
};

/** Renders the receipt. @returns the PDF bytes */
export async function renderPaymentReceiptPdf(input: PaymentReceiptInput): Promise<Uint8Array> {
  const w = await FormWriter.create({
    title: `Biên lai thu phí, lệ phí ${input.number}`,
    subject: input.procedureName,
  });
  header(w, input.agency, input.issuedAt);
  title(w, 'BIÊN LAI THU PHÍ, LỆ PHÍ', ['(Biên lai điện tử)', `Số: ${input.number}`]);
  const top = w.cursor;
  await w.qr(input.lookupUrl, { size: QR_SIZE, caption: ['Quét để tra cứu', input.dossierCode] });
  const width = w.contentWidth - QR_SIZE - 10;
  applicantLines(w, input.payer, width, 'Tên người nộp tiền');
  w.paragraph(`Mã hồ sơ: ${input.dossierCode}`, { width, style: 'bold' });
  w.paragraph(`Thủ tục: ${input.procedureName}`, { width });
  w.cursor = Math.min(w.cursor, top - QR_SIZE - 30);
  const c = w.contentWidth;
  w.table(
    [
      { header: 'STT', width: 30, align: 'center' },
      { header: 'Nội dung thu', width: c - 30 - 120 },
      { header: 'Số tiền', width: 120, align: 'right' },
    ],
    input.fees.map((fee, i) => [String(i + 1), fee.name, vnd(fee.amount)]),
  );
  w.paragraph(`Tổng số tiền đã nộp: ${vnd(input.amount)}`, { style: 'bold', after: 4 });
  w.paragraph('Hình thức nộp: thanh toán trực tuyến qua cổng thanh toán VNPay');
  const bank = [
    input.bankCode ? `Ngân hàng: ${input.bankCode}` : null,
    input.transactionNo ? `Mã giao dịch: ${input.transactionNo}` : null,
  ].filter(Boolean);
  if (bank.length > 0) w.paragraph(bank.join('; '));
  w.paragraph(`Mã tham chiếu thanh toán: ${input.txnRef}`);
  w.paragraph(`Thời gian thanh toán: ${vietnameseDateTime(input.paidAt)}`, { after: 4 });
  w.paragraph(
    'Biên lai điện tử được lập tự động khi giao dịch thanh toán thành công. ' +
      `Tra cứu tình trạng hồ sơ tại ${input.lookupUrl} hoặc quét mã QR trên biên lai này.`,
    { style: 'italic', size: w.baseSize - 1 },
  );
  signatures(w, [
    { title: 'NGƯỜI NỘP TIỀN', hint: '', name: input.payer.fullName },
    { title: 'ĐƠN VỊ THU TIỀN', hint: '(Biên lai điện tử)', name: input.agency.name },
  ]);
  return w.save();
}

/**
 * The receipt of a payment the caller may see, once it was settled as paid.
 * @returns the PDF bytes and the receipt number (for the file name)
 * @throws UNAUTHENTICATED, NOT_FOUND, RECEIPT_NOT_AVAILABLE
 */
export async function paymentReceiptPdf(
  ctx: ServiceContext,
  deps: PaymentDeps,
  paymentId: string,
): Promise<{ number: string; pdf: Uint8Array }> {
  const payment = await loadVisiblePayment(ctx, paymentId);
  if (payment.status !== 'paid' || !payment.receipt_number || !payment.receipt_issued_at || !payment.paid_at) {
    throw new AppError('RECEIPT_NOT_AVAILABLE', { status: payment.status });
  }
  const [dossier, labels, fees] = await Promise.all([
    dossierRepo.findDossier(ctx.db, payment.dossier_id),
    dossierRepo.findDossierLabels(ctx.db, payment.dossier_id),
    repo.listDossierFees(ctx.db, payment.dossier_id),
  ]);
  if (!dossier || !labels) {
    throw new AppError('NOT_FOUND', { subject: 'payment' });
  }
  const pdf = await renderPaymentReceiptPdf({
    agency: { parentName: `UBND ${payment.unit_name}`, name: payment.agency_name, place: PLACE },
    number: payment.receipt_number,
    issuedAt: payment.receipt_issued_at,
    payer: {
      fullName: dossier.applicant_name,
      personalId: dossier.applicant_personal_id,
      taxCode: dossier.applicant_tax_code,
      address: dossier.applicant_address,
    },
    dossierCode: dossier.code,
    procedureName: labels.procedure_name,
    fees: fees
      .filter((f) => payment.fee_codes.includes(f.code))
      .map((f) => ({ name: f.name, amount: Number(f.amount) })),
    amount: Number(payment.amount),
    bankCode: payment.bank_code,
    transactionNo: payment.gateway_transaction_no,
    txnRef: payment.txn_ref,
    paidAt: payment.paid_at,
    lookupUrl: lookupUrl(deps.config.publicUrl, dossier.code),
  });
  return { number: payment.receipt_number, pdf };
}
