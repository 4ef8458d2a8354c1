import { recordAudit } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import * as dossierRepo from '../dossiers/dossiers.repository.ts';
import type { PaymentDeps } from './payments.deps.ts';
import { canPayFor } from './payments.policy.ts';
import * as repo from './payments.repository.ts';
import type { TPaymentStarted } from './payments.schema.ts';
import { PAYMENT_TTL_MINUTES, buildPaymentUrl, orderInfoFor } from './vnpay/vnpay-client.ts';

/** Dossiers closed without processing owe nothing more. */
const CLOSED_UNPAID_STATUSES = ['refused', 'withdrawn'];

const sameCodes = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

function started(row: Pick<repo.PaymentRow, 'id' | 'payment_url' | 'amount' | 'expires_at'>): TPaymentStarted {
  return {
    paymentId: row.id,
    paymentUrl: row.payment_url,
    amount: Number(row.amount),
    expiresAt: row.expires_at.toISOString(),
  };
}

/**
 * The applicant starts paying the fees still due on their dossier online: a pending payment for all of them and
 * the signed gateway URL to send the browser to. While an earlier payment's link is still valid, that one is handed
 * out again (one open order per dossier, so a double click cannot charge twice); lapsed ones are marked expired.
 * Nothing due means no payment, even while an earlier link is still open.
 * The dossier row is locked meanwhile, so two concurrent starts cannot both create one.
 * @throws UNAUTHENTICATED, FORBIDDEN (staff), NOT_FOUND (not the caller's dossier), PAYMENT_NOT_DUE,
 *   SERVICE_UNAVAILABLE (no gateway configured)
 */
export async function startPayment(
  ctx: ServiceContext,
  deps: PaymentDeps,
  dossierId: string,
): Promise<TPaymentStarted> {
  const actor = ctx.actor;
  if (actor.kind !== 'user') {
    throw new AppError('UNAUTHENTICATED');
  }
  if (actor.userKind === 'staff') {
    // Fees taken at the desk are recorded with the counter reception; paying online is the applicant's own act.
    throw new AppError('FORBIDDEN');
  }
  const gateway = deps.config.vnpay;
  const gatewayUrl = gateway.url;
  if (!gatewayUrl) {
    throw new AppError('SERVICE_UNAVAILABLE', { reason: 'payment_gateway_not_configured' });
  }
  return inTransaction(ctx.db, async (trx) => {
    const dossier = await dossierRepo.lockDossier(trx, dossierId);
    if (!dossier || !canPayFor(actor, dossier)) {
      throw new AppError('NOT_FOUND', { subject: 'dossier' });
    }
    if (CLOSED_UNPAID_STATUSES.includes(dossier.status)) {
      throw new AppError('PAYMENT_NOT_DUE', { reason: 'dossier_closed', status: dossier.status });
    }
    const now = deps.clock.now();
    for (const expiredId of await repo.expireLapsedPayments(trx, dossier.id, now)) {
      await recordAudit(trx, {
        actor,
        meta: ctx.meta,
        action: 'payment.expire',
        subjectType: 'payment',
        subjectId: expiredId,
        unitId: dossier.receiving_unit_id,
        data: { dossierId: dossier.id },
      });
    }
    const due = (await repo.listDossierFees(trx, dossier.id)).filter((f) => f.paid_at === null && Number(f.amount) > 0);
    if (due.length === 0) {
      throw new AppError('PAYMENT_NOT_DUE', { reason: 'nothing_outstanding' });
    }
    const open = await repo.findOpenPayment(trx, dossier.id, now);
    // The open order is handed out again only while it still covers exactly what is due (a fee may have been paid
    // at the desk meanwhile); the gateway cannot cancel a link, so a superseded one simply lapses.
    if (
      open &&
      sameCodes(
        open.fee_codes,
        due.map((f) => f.code),
      )
    ) {
      return started(open);
    }
    const id = newId();
    const amount = due.reduce((sum, f) => sum + Number(f.amount), 0);
    // The payment's own id, without hyphens: unique by construction and within the gateway's alphabet.
    const txnRef = id.replaceAll('-', '');
    const expiresAt = new Date(now.getTime() + PAYMENT_TTL_MINUTES * 60_000);
    const orderInfo = orderInfoFor(dossier.code);
    const clientIp = ctx.meta.ip ?? '127.0.0.1';
    const paymentUrl = buildPaymentUrl(
      { url: gatewayUrl, tmnCode: gateway.tmnCode, hashSecret: gateway.hashSecret, returnUrl: gateway.returnUrl },
      { txnRef, amount, orderInfo, clientIp, createdAt: now, expiresAt },
    );
    const row: repo.PaymentInsert = {
      id,
      dossier_id: dossier.id,
      unit_id: dossier.receiving_unit_id,
      agency_id: dossier.receiving_agency_id,
      payer_user_id: actor.userId,
      amount,
      fee_codes: due.map((f) => f.code),
      txn_ref: txnRef,
      status: 'pending',
      gateway: 'vnpay',
      order_info: orderInfo,
      payment_url: paymentUrl,
      client_ip: clientIp,
      expires_at: expiresAt,
      created_at: now,
    };
    await repo.insertPayment(trx, row);
    await recordAudit(trx, {
      actor,
      meta: ctx.meta,
      action: 'payment.create',
      subjectType: 'payment',
      subjectId: id,
      unitId: dossier.receiving_unit_id,
      data: { dossierId: dossier.id, amount, feeCodes: row.fee_codes, txnRef, gateway: 'vnpay' },
    });
    return started(row);
  });
}
