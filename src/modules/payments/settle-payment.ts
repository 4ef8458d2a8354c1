import { recordAudit } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { type Tx, inTransaction } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { vietnamParts } from '../../platform/i18n/vietnamese-format.ts';
import type { PaymentDeps } from './payments.deps.ts';
import * as repo from './payments.repository.ts';
import { IPN_ANSWERS, type IpnAnswer, isSuccessfulResult } from './vnpay/vnpay-client.ts';
import { parseVnpDate, verifySignature, vnpParamsOf } from './vnpay/vnpay-signing.ts';

/**
 * Settlement by the gateway's IPN — the only place a payment becomes paid or failed. The call is authenticated by
 * its signature alone; everything after runs in one transaction holding the payment's row lock, so two deliveries
 * of the same IPN (the gateway retries) settle it once: the second waits, then finds it settled and answers 02.
 * On success the covered fees are marked paid online and the receipt is numbered in the same transaction.
 * Refusals (97, 01, 04, 02) write nothing.
 */

/** `<desk code>-BL<year>-<000001>`: the desk's yearly receipt series. */
export function receiptNumber(agencyCode: string | null, year: number, seq: number): string {
  return `${agencyCode ?? 'BL'}-BL${year}-${String(seq).padStart(6, '0')}`;
}

async function issueReceipt(trx: Tx, payment: repo.PaymentRow, at: Date): Promise<string> {
  const agency = await trx
    .selectFrom('agencies')
    .select('code')
    .where('id', '=', payment.agency_id)
    .executeTakeFirstOrThrow();
  const year = vietnamParts(at).year;
  const seq = await repo.nextReceiptSeq(trx, payment.agency_id, year);
  const number = receiptNumber(agency.code, year, seq);
  await repo.insertReceipt(trx, {
    id: newId(),
    payment_id: payment.id,
    unit_id: payment.unit_id,
    agency_id: payment.agency_id,
    year,
    seq,
    number,
    issued_at: at,
  });
  return number;
}

/**
 * Answers one IPN call (its query parameters as parsed). `ctx.actor` is the system actor naming the gateway.
 * @returns the reply the gateway expects; unexpected failures propagate (the route answers 99)
 */
export async function handleIpn(ctx: ServiceContext, deps: PaymentDeps, query: unknown): Promise<IpnAnswer> {
  const params = vnpParamsOf(query);
  const gateway = deps.config.vnpay;
  // With online payment off there is no merchant secret to trust (it would be the published demo one).
  if (!gateway.url || !verifySignature(params, gateway.hashSecret)) {
    return IPN_ANSWERS.invalidSignature;
  }
  const txnRef = params.vnp_TxnRef;
  if (!txnRef || params.vnp_TmnCode !== gateway.tmnCode) {
    return IPN_ANSWERS.orderNotFound;
  }
  return inTransaction(ctx.db, async (trx) => {
    const payment = await repo.lockPaymentByTxnRef(trx, txnRef);
    if (!payment) {
      return IPN_ANSWERS.orderNotFound;
    }
    if (params.vnp_Amount !== String(Number(payment.amount) * 100)) {
      return IPN_ANSWERS.invalidAmount;
    }
    // An expired link is only our bookkeeping: the bank is authoritative, so its late word still settles.
    if (payment.status !== 'pending' && payment.status !== 'expired') {
      return IPN_ANSWERS.alreadyConfirmed;
    }
    const now = deps.clock.now();
    const paid = isSuccessfulResult(params);
    const paidAt = paid ? (parseVnpDate(params.vnp_PayDate) ?? now) : null;
    await repo.settlePayment(trx, payment.id, {
      status: paid ? 'paid' : 'failed',
      bank_code: params.vnp_BankCode ?? null,
      gateway_transaction_no: params.vnp_TransactionNo ?? null,
      gateway_response_code: params.vnp_ResponseCode ?? null,
      gateway_transaction_status: params.vnp_TransactionStatus ?? null,
      paid_at: paidAt,
      settled_at: now,
    });
    let marked: string[] = [];
    let number: string | null = null;
    if (paid && paidAt) {
      marked = await repo.markFeesPaidOnline(trx, {
        dossierId: payment.dossier_id,
        feeCodes: payment.fee_codes,
        paidAt,
        paymentId: payment.id,
      });
      number = await issueReceipt(trx, payment, now);
    }
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: paid ? 'payment.settle_paid' : 'payment.settle_failed',
      subjectType: 'payment',
      subjectId: payment.id,
      unitId: payment.unit_id,
      data: {
        dossierId: payment.dossier_id,
        txnRef,
        amount: Number(payment.amount),
        transactionNo: params.vnp_TransactionNo ?? null,
        bankCode: params.vnp_BankCode ?? null,
        responseCode: params.vnp_ResponseCode ?? null,
        transactionStatus: params.vnp_TransactionStatus ?? null,
        previousStatus: payment.status,
        ...(paid
          ? {
              receiptNumber: number,
              feesMarkedPaid: marked,
              // Fees paid otherwise (at the desk) while this payment was open: money to refund, for reconciliation.
              feesAlreadyPaid: payment.fee_codes.filter((code) => !marked.includes(code)),
            }
          : {}),
      },
    });
    return IPN_ANSWERS.confirmed;
  });
}
