import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../../../test/support/auth.ts';
import { onPostgres } from '../../../test/support/database.ts';
import { ok, problem } from '../dossiers/dossiers.fixtures.ts';
import {
  PAYMENT_TABLES,
  type PaymentWorld,
  callIpn,
  createPaymentWorld,
  ipnQuery,
  pathOf,
  paymentRow,
  startPayment,
  startedPayment,
  submitDossier,
} from './payments.fixtures.ts';
import type { TReturnResult } from './payments.schema.ts';

/**
 * The IPN endpoint as the gateway calls it, with hand-signed parameters: every refusal answers its RspCode with
 * HTTP 200 and writes nothing; the return URL never settles; two identical IPNs at once settle once.
 */
describe('VNPay IPN and return', () => {
  let w: PaymentWorld;
  let payment: Awaited<ReturnType<typeof paymentRow>>;

  beforeAll(async () => {
    w = await createPaymentWorld();
    const dossier = await submitDossier(w);
    payment = await paymentRow(w.db, (await startedPayment(w, dossier.id)).paymentId);
  });
  afterAll(() => w.t.close());

  async function expectUnchanged(work: () => Promise<void>): Promise<void> {
    const before = await countRows(w.db, PAYMENT_TABLES);
    await work();
    expect(await countRows(w.db, PAYMENT_TABLES)).toEqual(before);
    expect((await paymentRow(w.db, payment.id)).status).toBe('pending');
  }

  it('answers 97 to a bad signature and changes nothing', async () => {
    await expectUnchanged(async () => {
      const forged = await callIpn(w, ipnQuery(w, payment, {}, 'not-the-merchant-secret-0000'));
      expect(forged.statusCode).toBe(200);
      expect(forged.json()).toEqual({ RspCode: '97', Message: 'Invalid signature' });
      const edited = ipnQuery(w, payment).replace('vnp_ResponseCode=00', 'vnp_ResponseCode=24');
      expect((await callIpn(w, edited)).json().RspCode).toBe('97');
      const unsigned = ipnQuery(w, payment).replace(/&vnp_SecureHash=.*$/, '');
      expect((await callIpn(w, unsigned)).json().RspCode).toBe('97');
      expect((await callIpn(w, '')).json().RspCode).toBe('97');
      // Online payment switched off: no secret is trusted, not even the right one.
      const url = w.t.app.platform.config.vnpay.url;
      w.t.app.platform.config.vnpay.url = undefined;
      try {
        expect((await callIpn(w, ipnQuery(w, payment))).json().RspCode).toBe('97');
      } finally {
        w.t.app.platform.config.vnpay.url = url;
      }
    });
  });

  it('answers 04 to a wrong amount and 01 to an unknown order, changing nothing', async () => {
    await expectUnchanged(async () => {
      const wrong = await callIpn(w, ipnQuery(w, payment, { vnp_Amount: String(Number(payment.amount) * 100 - 100) }));
      expect(wrong.json()).toEqual({ RspCode: '04', Message: 'Invalid amount' });
      const unknown = await callIpn(w, ipnQuery(w, { ...payment, txn_ref: 'KHONGCO0001' }));
      expect(unknown.json()).toEqual({ RspCode: '01', Message: 'Order not found' });
      const otherMerchant = await callIpn(w, ipnQuery(w, payment, { vnp_TmnCode: 'KHAC0001' }));
      expect(otherMerchant.json().RspCode).toBe('01');
    });
  });

  it('never settles from the return URL, whatever it claims', async () => {
    await expectUnchanged(async () => {
      const shown = ok<TReturnResult>(
        await w.t.app.inject({ url: `/api/v1/payments/vnpay/return?${ipnQuery(w, payment)}` }),
      );
      expect(shown).toMatchObject({ status: 'pending', gatewaySaysSuccess: true, receiptNumber: null });
      const forged = ipnQuery(w, payment, {}, 'not-the-merchant-secret-0000');
      problem(
        await w.t.app.inject({ url: `/api/v1/payments/vnpay/return?${forged}` }),
        400,
        'PAYMENT_SIGNATURE_INVALID',
      );
    });
  });

  it('settles two identical IPNs arriving together exactly once', async () => {
    const query = ipnQuery(w, payment);
    const answers = await Promise.all([callIpn(w, query), callIpn(w, query), callIpn(w, query)]);
    expect(answers.map((a) => a.json().RspCode).sort()).toEqual(['00', '02', '02']);
    expect(await paymentRow(w.db, payment.id)).toMatchObject({ status: 'paid', gateway_transaction_no: '14123456' });
    const receipts = await w.db
      .selectFrom('payment_receipts')
      .select('number')
      .where('payment_id', '=', payment.id)
      .execute();
    expect(receipts).toHaveLength(1);
    const settled = await w.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', payment.id)
      .where('action', '=', 'payment.settle_paid')
      .execute();
    expect(settled).toHaveLength(1);
    // A failure report after success changes nothing either.
    await expect(callIpn(w, ipnQuery(w, payment, { vnp_ResponseCode: '24' }))).resolves.toMatchObject({
      statusCode: 200,
    });
    expect((await paymentRow(w.db, payment.id)).status).toBe('paid');
  });

  it('numbers receipts in one series per desk and year, even when IPNs race', async () => {
    const payments = [];
    for (let i = 0; i < 3; i++) {
      const dossier = await submitDossier(w);
      payments.push(await paymentRow(w.db, (await startedPayment(w, dossier.id)).paymentId));
    }
    const answers = await Promise.all(payments.map((p) => callIpn(w, ipnQuery(w, p))));
    expect(answers.map((a) => a.json().RspCode)).toEqual(['00', '00', '00']);
    const numbers = (await w.db.selectFrom('payment_receipts').select('seq').orderBy('seq').execute()).map(
      (r) => r.seq,
    );
    expect(numbers).toEqual([1, 2, 3, 4]);
  });

  it.runIf(onPostgres)('holds the payment row lock while settling (PostgreSQL)', async () => {
    // A second transaction cannot even read the row FOR UPDATE while an IPN holds it.
    const dossier = await submitDossier(w);
    const next = await paymentRow(w.db, (await startedPayment(w, dossier.id)).paymentId);
    let released = false;
    const blocker = w.db.transaction().execute(async (trx) => {
      await trx.selectFrom('payments').select('id').where('id', '=', next.id).forUpdate().execute();
      await new Promise((resolve) => setTimeout(resolve, 300));
      released = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const answer = await callIpn(w, ipnQuery(w, next));
    expect(released).toBe(true);
    expect(answer.json().RspCode).toBe('00');
    await blocker;
  });
});

describe('an expired payment link', () => {
  let w: PaymentWorld;
  afterAll(() => w.t.close());

  it('is refused by the gateway, replaced by a new order, and still settled by a late IPN from the bank', async () => {
    w = await createPaymentWorld();
    const dossier = await submitDossier(w);
    const first = await startedPayment(w, dossier.id);
    w.clock.advanceMinutes(16);
    const page = await w.t.app.inject({ url: pathOf(first.paymentUrl) });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('đã hết hạn');

    const second = await startedPayment(w, dossier.id);
    expect(second.paymentId).not.toBe(first.paymentId);
    const old = await paymentRow(w.db, first.paymentId);
    expect(old.status).toBe('expired');
    const expiry = await w.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', first.paymentId)
      .orderBy('id')
      .execute();
    expect(expiry.map((a) => a.action)).toEqual(['payment.create', 'payment.expire']);

    // The bank took the money just before the link lapsed and reports late: it is authoritative.
    expect((await callIpn(w, ipnQuery(w, old))).json().RspCode).toBe('00');
    expect((await paymentRow(w.db, first.paymentId)).status).toBe('paid');
    problem(await startPayment(w, w.citizen, dossier.id), 409, 'PAYMENT_NOT_DUE');
  });
});
