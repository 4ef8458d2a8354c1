import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, paginate } from '../../platform/http/pagination.ts';
import type { PaymentDeps } from './payments.deps.ts';
import { canReadPayment, mayReconcile, visiblePayments } from './payments.policy.ts';
import * as repo from './payments.repository.ts';
import type { TPayment, TPaymentListQuery, TReturnResult } from './payments.schema.ts';
import { isSuccessfulResult } from './vnpay/vnpay-client.ts';
import { verifySignature, vnpParamsOf } from './vnpay/vnpay-signing.ts';

/** Reading payments: one (payer or staff in scope), the reconciliation list, and the browser's return. */

const iso = (value: Date | null) => value?.toISOString() ?? null;

export function presentPayment(p: repo.PaymentView): TPayment {
  return {
    id: p.id,
    dossier: { id: p.dossier_id, code: p.dossier_code },
    agency: { id: p.agency_id, code: p.agency_code, name: p.agency_name },
    unitName: p.unit_name,
    amount: Number(p.amount),
    currency: 'VND',
    feeCodes: p.fee_codes,
    txnRef: p.txn_ref,
    status: p.status,
    gateway: p.gateway,
    bankCode: p.bank_code,
    transactionNo: p.gateway_transaction_no,
    responseCode: p.gateway_response_code,
    createdAt: p.created_at.toISOString(),
    expiresAt: p.expires_at.toISOString(),
    paidAt: iso(p.paid_at),
    settledAt: iso(p.settled_at),
    receipt:
      p.receipt_number && p.receipt_issued_at
        ? { number: p.receipt_number, issuedAt: p.receipt_issued_at.toISOString() }
        : null,
  };
}

/** A payment the caller may see. @throws UNAUTHENTICATED, NOT_FOUND */
export async function loadVisiblePayment(ctx: ServiceContext, id: string): Promise<repo.PaymentView> {
  if (ctx.actor.kind === 'anonymous') {
    throw new AppError('UNAUTHENTICATED');
  }
  const payment = await repo.findPaymentView(ctx.db, id);
  if (!payment || !canReadPayment(ctx.actor, payment)) {
    throw new AppError('NOT_FOUND', { subject: 'payment' });
  }
  return payment;
}

/** One payment with its settlement and receipt. @throws UNAUTHENTICATED, NOT_FOUND */
export async function getPayment(ctx: ServiceContext, id: string): Promise<TPayment> {
  return presentPayment(await loadVisiblePayment(ctx, id));
}

/** Midnight starting a Lào Cai calendar day. */
const startOfDay = (day: string) => new Date(`${day}T00:00:00+07:00`);

/**
 * Staff reconciliation: the payments of dossiers received in the caller's scope, filtered in SQL, newest first,
 * with count and sum per status over the whole filter (to compare with the gateway's statement).
 * @throws UNAUTHENTICATED, FORBIDDEN (no `payments.read` anywhere)
 */
export async function listPayments(ctx: ServiceContext, query: TPaymentListQuery) {
  const actor = ctx.actor;
  if (actor.kind === 'anonymous') {
    throw new AppError('UNAUTHENTICATED');
  }
  if (!mayReconcile(actor)) {
    throw new AppError('FORBIDDEN');
  }
  let after: { createdAt: Date; id: string } | undefined;
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor, 2);
    after = { createdAt: new Date(String(at)), id: String(id) };
    if (Number.isNaN(after.createdAt.getTime())) {
      throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'query.cursor', message: 'invalid cursor' }] });
    }
  }
  const filter: repo.PaymentFilter = {
    visible: visiblePayments(actor),
    from: query.from ? startOfDay(query.from) : undefined,
    until: query.to ? new Date(startOfDay(query.to).getTime() + 24 * 60 * 60 * 1000) : undefined,
    status: query.status,
    unitId: query.unitId,
  };
  const [rows, totals] = await Promise.all([
    repo.listPayments(ctx.db, { ...filter, after, limit: query.limit }),
    repo.totalsByStatus(ctx.db, filter),
  ]);
  const page = paginate(rows, query.limit, (r) => [r.created_at.toISOString(), r.id], presentPayment);
  return { ...page, totals };
}

/**
 * The browser's return from the gateway: checks the signature and shows what we recorded. It never settles — the
 * IPN does — so a forged or replayed return can mislead nobody's ledger.
 * @throws PAYMENT_SIGNATURE_INVALID, NOT_FOUND
 */
export async function paymentReturn(ctx: ServiceContext, deps: PaymentDeps, query: unknown): Promise<TReturnResult> {
  const params = vnpParamsOf(query);
  if (!deps.config.vnpay.url || !verifySignature(params, deps.config.vnpay.hashSecret)) {
    throw new AppError('PAYMENT_SIGNATURE_INVALID');
  }
  const payment = params.vnp_TxnRef ? await repo.findPaymentViewByTxnRef(ctx.db, params.vnp_TxnRef) : undefined;
  if (!payment) {
    throw new AppError('NOT_FOUND', { subject: 'payment' });
  }
  return {
    paymentId: payment.id,
    dossierCode: payment.dossier_code,
    amount: Number(payment.amount),
    status: payment.status,
    gatewaySaysSuccess: isSuccessfulResult(params),
    responseCode: params.vnp_ResponseCode ?? null,
    receiptNumber: payment.receipt_number,
  };
}
