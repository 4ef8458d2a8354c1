import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { type ManualClock, manualClock } from '../../platform/clock.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { seedDemo } from '../../seed/index.ts';
import {
  DossierApi,
  applicant,
  createCitizen,
  createStaff,
  headersFor,
  ok,
  procedureByNationalCode,
  unitByCode,
} from '../dossiers/dossiers.fixtures.ts';
import type { TDossierDetail } from '../dossiers/dossiers.schema.ts';
import type { TPaymentStarted } from './payments.schema.ts';
import { signedQuery } from './vnpay/vnpay-signing.ts';

/**
 * Test helpers of the payment suites (not a test file): the whole platform listening on an ephemeral port (the
 * bank stand-in calls the IPN over real HTTP), the Lào Cai demo data, accounts, and a browser's moves on the
 * stand-in's pay page.
 */

export const PUBLIC_URL = 'https://dichvucong.laocai.gov.vn';
/** Cấp Giấy xác nhận tình trạng hôn nhân: offered fully online at Phường Lào Cai, lệ phí 10.000 đồng. */
export const PROCEDURE_CODE = '1.004873';
export const DAY = '2026-03-02';

export type PaymentWorld = {
  t: TestApp;
  db: Queryable;
  clock: ManualClock;
  baseUrl: string;
  api: DossierApi;
  wardId: string;
  procedure: Awaited<ReturnType<typeof procedureByNationalCode>>;
  citizen: Record<string, string>;
  citizenId: string;
  otherCitizen: Record<string, string>;
  desk: Record<string, string>;
  /** A one-stop officer of another commune: sees none of the ward's payments. */
  farDesk: Record<string, string>;
  hashSecret: string;
  tmnCode: string;
};

export async function createPaymentWorld(): Promise<PaymentWorld> {
  const clock = manualClock(`${DAY}T08:00:00+07:00`);
  const t = await createTestApp({ publicUrl: PUBLIC_URL }, undefined, (app) => {
    app.platform.clock = clock;
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  // The gateway and our addresses on the live port; the receipt's QR keeps the public address.
  Object.assign(t.app.platform.config.vnpay, {
    url: `${baseUrl}/vnpay-sandbox/paymentv2/vpcpay.html`,
    ipnUrl: `${baseUrl}/api/v1/payments/vnpay/ipn`,
    returnUrl: `${baseUrl}/api/v1/payments/vnpay/return`,
  });
  const db = t.database.db;
  await seedDemo(db);
  const ward = await unitByCode(db, '02647', DAY);
  const far = await db
    .selectFrom('units')
    .select('id')
    .where('kind', '=', ward.kind)
    .where('id', '!=', ward.id)
    .where('valid_to', 'is', null)
    .executeTakeFirstOrThrow();
  const deskUser = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'motcua.phuonglaocai')
    .executeTakeFirstOrThrow();
  const citizenId = await createCitizen(db, { fullName: 'Lò Thị Mai', personalId: '010190001111' });
  const otherId = await createCitizen(db, { fullName: 'Người Khác', personalId: '010190002222' });
  const farDeskId = await createStaff(db, { username: 'motcua.xakhac', unitId: far.id, role: 'one_stop_officer' });
  return {
    t,
    db,
    clock,
    baseUrl,
    api: new DossierApi(t.app),
    wardId: ward.id,
    procedure: await procedureByNationalCode(db, PROCEDURE_CODE),
    citizen: await headersFor(t.app, db, citizenId),
    citizenId,
    otherCitizen: await headersFor(t.app, db, otherId),
    desk: await headersFor(t.app, db, deskUser.id),
    farDesk: await headersFor(t.app, db, farDeskId),
    hashSecret: t.app.platform.config.vnpay.hashSecret,
    tmnCode: t.app.platform.config.vnpay.tmnCode,
  };
}

/** The citizen submits a dossier online (its fee still due). */
export async function submitDossier(w: PaymentWorld): Promise<TDossierDetail> {
  return ok(
    await w.api.submit(w.citizen, {
      procedureId: w.procedure.id,
      receivingUnitId: w.wardId,
      applicant: applicant('Lò Thị Mai', '010190001111'),
      components: w.procedure.requiredComponents,
      fees: w.procedure.fees,
    }),
    201,
  );
}

export function startPayment(w: PaymentWorld, headers: Record<string, string>, dossierId: string, key?: string) {
  return w.t.app.inject({
    method: 'POST',
    url: `/api/v1/dossiers/${dossierId}/payments`,
    headers: { ...headers, ...(key ? { 'idempotency-key': key } : {}) },
  });
}

export async function startedPayment(w: PaymentWorld, dossierId: string): Promise<TPaymentStarted> {
  return ok<TPaymentStarted>(await startPayment(w, w.citizen, dossierId), 201);
}

/** Path and query of an absolute URL, for inject(). */
export const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The hidden fields of the pay page's form, as a browser would send them back. */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[unescapeHtml(m[1] ?? '')] = unescapeHtml(m[2] ?? '');
  }
  return fields;
}

/** Posts the pay page's form (no JavaScript: a plain urlencoded post). */
export function submitPayForm(w: PaymentWorld, fields: Record<string, string>) {
  return w.t.app.inject({
    method: 'POST',
    url: '/vnpay-sandbox/paymentv2/vpcpay.html',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
}

/** Opens the payment URL on the stand-in, picks an outcome and a bank, submits. @returns the 303's Location */
export async function payOnSandbox(
  w: PaymentWorld,
  paymentUrl: string,
  outcome: 'success' | 'cancelled' | 'insufficient',
  bankCode = 'NCB',
): Promise<string> {
  const page = await w.t.app.inject({ url: pathOf(paymentUrl) });
  expect(page.statusCode, page.body).toBe(200);
  const answer = await submitPayForm(w, { ...hiddenFields(page.body), outcome, bankCode });
  expect(answer.statusCode, answer.body).toBe(303);
  return String(answer.headers.location);
}

/** The stored payment row. */
export async function paymentRow(db: Queryable, id: string) {
  return db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** A signed IPN query for a payment as the gateway would send it; `override` changes fields before signing. */
export function ipnQuery(
  w: PaymentWorld,
  payment: { txn_ref: string; amount: number; order_info: string },
  override: Record<string, string> = {},
  secret = w.hashSecret,
): string {
  return signedQuery(
    {
      vnp_Amount: String(Number(payment.amount) * 100),
      vnp_BankCode: 'NCB',
      vnp_BankTranNo: 'VNP14123456',
      vnp_CardType: 'ATM',
      vnp_OrderInfo: payment.order_info,
      vnp_PayDate: '20260302080500',
      vnp_ResponseCode: '00',
      vnp_TmnCode: w.tmnCode,
      vnp_TransactionNo: '14123456',
      vnp_TransactionStatus: '00',
      vnp_TxnRef: payment.txn_ref,
      ...override,
    },
    secret,
  );
}

export function callIpn(w: PaymentWorld, query: string) {
  return w.t.app.inject({ url: `/api/v1/payments/vnpay/ipn?${query}` });
}

/** Tables a payment change writes: compared before and after a refusal. */
export const PAYMENT_TABLES = ['payments', 'payment_receipts', 'payment_receipt_counters', 'audit_log'] as const;
