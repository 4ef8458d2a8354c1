import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../../../test/support/auth.ts';
import { decodeQrOnFirstPage, pdfText } from '../dossiers-print/pdf-test-support.ts';
import { ok, problem } from '../dossiers/dossiers.fixtures.ts';
import type { TDossierDetail } from '../dossiers/dossiers.schema.ts';
import {
  PAYMENT_TABLES,
  PUBLIC_URL,
  type PaymentWorld,
  callIpn,
  createPaymentWorld,
  hiddenFields,
  pathOf,
  payOnSandbox,
  paymentRow,
  startPayment,
  startedPayment,
  submitDossier,
  submitPayForm,
} from './payments.fixtures.ts';
import type { TPayment, TPaymentStarted, TReturnResult } from './payments.schema.ts';

/**
 * Online payment end to end through the real HTTP API and the bank stand-in: the citizen starts a payment, the
 * stand-in shows its page, the choice goes to our IPN over real HTTP, the IPN settles (and only it), the receipt is
 * numbered once and printed, and the browser's return shows what was recorded.
 */
describe('online fee payment', () => {
  let w: PaymentWorld;
  let dossier: TDossierDetail;
  let started: TPaymentStarted;
  let returnLocation: string;

  beforeAll(async () => {
    w = await createPaymentWorld();
    dossier = await submitDossier(w);
  });
  afterAll(() => w.t.close());

  it('starts a payment for the fee due, once per Idempotency-Key and once per open order', async () => {
    const first = await startPayment(w, w.citizen, dossier.id, 'pay-key-0001');
    started = ok<TPaymentStarted>(first, 201);
    expect(started.amount).toBe(10_000);
    expect(started.paymentUrl.startsWith(`${w.baseUrl}/vnpay-sandbox/paymentv2/vpcpay.html?`)).toBe(true);
    const url = new URL(started.paymentUrl);
    expect(url.searchParams.get('vnp_Amount')).toBe('1000000');
    expect(url.searchParams.get('vnp_CreateDate')).toBe('20260302080000');
    expect(url.searchParams.get('vnp_ExpireDate')).toBe('20260302081500');
    expect(url.searchParams.get('vnp_Locale')).toBe('vn');
    expect(url.searchParams.get('vnp_OrderInfo')).toContain(dossier.code);

    const replay = ok<TPaymentStarted>(await startPayment(w, w.citizen, dossier.id, 'pay-key-0001'), 201);
    const again = ok<TPaymentStarted>(await startPayment(w, w.citizen, dossier.id), 201);
    expect(replay).toEqual(started);
    const other = await submitDossier(w);
    problem(await startPayment(w, w.citizen, other.id, 'pay-key-0001'), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(again.paymentId).toBe(started.paymentId);
    expect((await countRows(w.db, ['payments'])).payments).toBe(1);
    expect((await paymentRow(w.db, started.paymentId)).status).toBe('pending');
  });

  it('shows the stand-in’s own Vietnamese page with the order and labelled choices', async () => {
    const page = await w.t.app.inject({ url: pathOf(started.paymentUrl) });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain('<html lang="vi">');
    expect(page.body).toContain('GIẢ LẬP');
    expect(page.body).toContain('10.000 đồng');
    expect(page.body).toContain('<label for="bank">Ngân hàng</label>');
    expect(page.body).toContain('<legend>Kết quả giao dịch muốn giả lập</legend>');
    expect(page.body).not.toContain('<script');
  });

  it('refuses a tampered payment URL and a tampered form, and notifies nobody', async () => {
    const before = await countRows(w.db, PAYMENT_TABLES);
    const tampered = pathOf(started.paymentUrl).replace('vnp_Amount=1000000', 'vnp_Amount=100000');
    const refused = await w.t.app.inject({ url: tampered });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Chữ ký của yêu cầu thanh toán không hợp lệ');
    expect(refused.body).not.toContain('<form');

    const page = await w.t.app.inject({ url: pathOf(started.paymentUrl) });
    const fields = { ...hiddenFields(page.body), vnp_Amount: '100', outcome: 'success', bankCode: 'NCB' };
    const posted = await submitPayForm(w, fields);
    expect(posted.statusCode).toBe(400);
    expect(posted.headers.location).toBeUndefined();
    expect(await countRows(w.db, PAYMENT_TABLES)).toEqual(before);
    expect((await paymentRow(w.db, started.paymentId)).status).toBe('pending');
  });

  it('settles on the IPN when the payer succeeds: fee paid online, receipt numbered, browser sent back', async () => {
    returnLocation = await payOnSandbox(w, started.paymentUrl, 'success', 'VIETCOMBANK');
    expect(returnLocation.startsWith(`${w.baseUrl}/api/v1/payments/vnpay/return?`)).toBe(true);

    const row = await paymentRow(w.db, started.paymentId);
    expect(row).toMatchObject({ status: 'paid', bank_code: 'VIETCOMBANK', gateway_response_code: '00' });
    expect(row.gateway_transaction_no).toMatch(/^\d{8}$/);
    expect(row.paid_at?.toISOString()).toBe('2026-03-02T01:00:00.000Z');
    const receipts = await w.db.selectFrom('payment_receipts').selectAll().execute();
    expect(receipts).toHaveLength(1);
    expect(receipts[0]?.number).toBe(`${dossier.receivingAgency.code}-BL2026-000001`);
    const fee = await w.db
      .selectFrom('dossier_fees')
      .select(['paid_via', 'payment_id', 'paid_at'])
      .where('dossier_id', '=', dossier.id)
      .executeTakeFirstOrThrow();
    expect(fee).toMatchObject({ paid_via: 'online', payment_id: started.paymentId });
    const audit = await w.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', started.paymentId)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['payment.create', 'payment.settle_paid']);
    expect(ok(await w.api.get(w.citizen, dossier.id)).fees.every((f) => f.paidAt !== null)).toBe(true);
  });

  it('shows the settled payment on the return page and to the payer', async () => {
    const shown = ok<TReturnResult>(await w.t.app.inject({ url: pathOf(returnLocation) }));
    expect(shown).toMatchObject({
      paymentId: started.paymentId,
      status: 'paid',
      gatewaySaysSuccess: true,
      dossierCode: dossier.code,
      amount: 10_000,
    });
    expect(shown.receiptNumber).toMatch(/-BL2026-000001$/);
    const payment = ok<TPayment>(
      await w.t.app.inject({ url: `/api/v1/payments/${started.paymentId}`, headers: w.citizen }),
    );
    expect(payment).toMatchObject({ status: 'paid', bankCode: 'VIETCOMBANK', amount: 10_000, currency: 'VND' });
    expect(payment.receipt?.number).toBe(shown.receiptNumber);
  });

  it('prints the receipt in Vietnamese with the amount, the dossier code and the lookup QR', async () => {
    const response = await w.t.app.inject({ url: `/api/v1/payments/${started.paymentId}/receipt`, headers: w.citizen });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(response.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toContain('BIÊN LAI THU PHÍ, LỆ PHÍ');
    expect(text).toContain(`Số: ${dossier.receivingAgency.code}-BL2026-000001`);
    expect(text).toContain('Tổng số tiền đã nộp: 10.000 đồng');
    expect(text).toContain(`Mã hồ sơ: ${dossier.code}`);
    expect(text).toContain('Tên người nộp tiền: Lò Thị Mai');
    expect(text).toContain('Ngân hàng: VIETCOMBANK');
    expect(await decodeQrOnFirstPage(response.rawPayload)).toBe(
      `${PUBLIC_URL}/tra-cuu/${encodeURIComponent(dossier.code)}`,
    );
  });

  it('answers a replayed IPN with 02 and changes nothing; nothing is left to pay', async () => {
    const before = await countRows(w.db, PAYMENT_TABLES);
    const replay = await callIpn(w, new URL(returnLocation).search.slice(1));
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
    expect(await countRows(w.db, PAYMENT_TABLES)).toEqual(before);
    problem(await startPayment(w, w.citizen, dossier.id), 409, 'PAYMENT_NOT_DUE');
    expect(await countRows(w.db, PAYMENT_TABLES)).toEqual(before);
  });

  it('records a failed payment without receipt or paid fee, and lets the applicant try again', async () => {
    const second = await submitDossier(w);
    const attempt = await startedPayment(w, second.id);
    const location = await payOnSandbox(w, attempt.paymentUrl, 'insufficient');
    expect(await paymentRow(w.db, attempt.paymentId)).toMatchObject({
      status: 'failed',
      gateway_response_code: '51',
      gateway_transaction_status: '02',
      paid_at: null,
    });
    const shown = ok<TReturnResult>(await w.t.app.inject({ url: pathOf(location) }));
    expect(shown).toMatchObject({
      status: 'failed',
      gatewaySaysSuccess: false,
      responseCode: '51',
      receiptNumber: null,
    });
    problem(
      await w.t.app.inject({ url: `/api/v1/payments/${attempt.paymentId}/receipt`, headers: w.citizen }),
      409,
      'RECEIPT_NOT_AVAILABLE',
    );
    const fee = await w.db
      .selectFrom('dossier_fees')
      .select('paid_at')
      .where('dossier_id', '=', second.id)
      .executeTakeFirstOrThrow();
    expect(fee.paid_at).toBeNull();
    expect((await w.db.selectFrom('payment_receipts').select('id').execute()).length).toBe(1);

    const retry = await startedPayment(w, second.id);
    expect(retry.paymentId).not.toBe(attempt.paymentId);
    const cancelled = await payOnSandbox(w, retry.paymentUrl, 'cancelled');
    expect(ok<TReturnResult>(await w.t.app.inject({ url: pathOf(cancelled) })).responseCode).toBe('24');
    expect((await paymentRow(w.db, retry.paymentId)).status).toBe('failed');
  });

  it('keeps payments from other citizens and other units, and refuses staff paying online', async () => {
    const before = await countRows(w.db, PAYMENT_TABLES);
    const third = await submitDossier(w);
    const afterSubmit = await countRows(w.db, PAYMENT_TABLES);
    problem(await startPayment(w, w.otherCitizen, third.id), 404, 'NOT_FOUND');
    problem(await startPayment(w, w.desk, third.id), 403, 'FORBIDDEN');
    expect(await countRows(w.db, PAYMENT_TABLES)).toEqual(afterSubmit);
    expect(afterSubmit.payments).toBe(before.payments);

    const id = started.paymentId;
    for (const headers of [w.otherCitizen, w.farDesk]) {
      problem(await w.t.app.inject({ url: `/api/v1/payments/${id}`, headers }), 404, 'NOT_FOUND');
      problem(await w.t.app.inject({ url: `/api/v1/payments/${id}/receipt`, headers }), 404, 'NOT_FOUND');
    }
    problem(await w.t.app.inject({ url: `/api/v1/payments/${id}` }), 401, 'UNAUTHENTICATED');
    expect(ok<TPayment>(await w.t.app.inject({ url: `/api/v1/payments/${id}`, headers: w.desk })).status).toBe('paid');
  });

  it('lists payments for reconciliation in the desk’s scope, with totals per status', async () => {
    const page = ok<{ items: TPayment[]; totals: { status: string; count: number; amount: number }[] }>(
      await w.t.app.inject({ url: '/api/v1/payments?from=2026-03-02&to=2026-03-02', headers: w.desk }),
    );
    expect(page.items).toHaveLength(3);
    expect(page.totals).toEqual([
      { status: 'failed', count: 2, amount: 20_000 },
      { status: 'paid', count: 1, amount: 10_000 },
    ]);
    const paidOnly = ok<{ items: TPayment[] }>(
      await w.t.app.inject({ url: `/api/v1/payments?status=paid&unitId=${w.wardId}`, headers: w.desk }),
    );
    expect(paidOnly.items.map((p) => p.id)).toEqual([started.paymentId]);
    const paged = ok<{ items: TPayment[]; nextCursor: string | null }>(
      await w.t.app.inject({ url: '/api/v1/payments?limit=2', headers: w.desk }),
    );
    expect(paged.items).toHaveLength(2);
    const rest = ok<{ items: TPayment[]; nextCursor: string | null }>(
      await w.t.app.inject({
        url: `/api/v1/payments?limit=2&cursor=${paged.nextCursor}`,
        headers: w.desk,
      }),
    );
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    const nextDay = ok<{ items: TPayment[] }>(
      await w.t.app.inject({ url: '/api/v1/payments?from=2026-03-03', headers: w.desk }),
    );
    expect(nextDay.items).toEqual([]);
    const far = ok<{ items: TPayment[]; totals: unknown[] }>(
      await w.t.app.inject({ url: '/api/v1/payments', headers: w.farDesk }),
    );
    expect(far).toMatchObject({ items: [], totals: [] });
    problem(await w.t.app.inject({ url: '/api/v1/payments', headers: w.citizen }), 403, 'FORBIDDEN');
  });
});
