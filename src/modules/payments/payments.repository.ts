import { type Expression, type SqlBool, sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';

/**
 * All SQL of payments and receipts, plus the one write the payments module makes to a dossier: marking the fees a
 * settled payment covers as paid online. Takes the database or a transaction; never opens one.
 */

export type PaymentStatus = 'pending' | 'paid' | 'failed' | 'expired';

export type PaymentInsert = {
  id: string;
  dossier_id: string;
  unit_id: string;
  agency_id: string;
  payer_user_id: string;
  amount: number;
  fee_codes: string[];
  txn_ref: string;
  status: PaymentStatus;
  gateway: 'vnpay';
  order_info: string;
  payment_url: string;
  client_ip: string;
  expires_at: Date;
  created_at: Date;
};

export type PaymentRow = PaymentInsert & {
  bank_code: string | null;
  gateway_transaction_no: string | null;
  gateway_response_code: string | null;
  gateway_transaction_status: string | null;
  paid_at: Date | null;
  settled_at: Date | null;
};

/** A payment with what its pages and lists show: the dossier's code, the desk, the receipt. */
export type PaymentView = PaymentRow & {
  dossier_code: string;
  applicant_user_id: string | null;
  agency_code: string | null;
  agency_name: string;
  unit_name: string;
  unit_ancestor_ids: string[];
  receipt_number: string | null;
  receipt_issued_at: Date | null;
};

const PAYMENT_COLUMNS = [
  'p.id',
  'p.dossier_id',
  'p.unit_id',
  'p.agency_id',
  'p.payer_user_id',
  'p.amount',
  'p.fee_codes',
  'p.txn_ref',
  'p.status',
  'p.gateway',
  'p.order_info',
  'p.payment_url',
  'p.client_ip',
  'p.expires_at',
  'p.created_at',
  'p.bank_code',
  'p.gateway_transaction_no',
  'p.gateway_response_code',
  'p.gateway_transaction_status',
  'p.paid_at',
  'p.settled_at',
] as const;

function viewQuery(db: Queryable) {
  return db
    .selectFrom('payments as p')
    .innerJoin('dossiers as d', 'd.id', 'p.dossier_id')
    .innerJoin('agencies as a', 'a.id', 'p.agency_id')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .leftJoin('payment_receipts as r', 'r.payment_id', 'p.id')
    .select([
      ...PAYMENT_COLUMNS,
      'd.code as dossier_code',
      'd.applicant_user_id',
      'a.code as agency_code',
      'a.name as agency_name',
      'u.name as unit_name',
      'u.ancestor_ids as unit_ancestor_ids',
      'r.number as receipt_number',
      'r.issued_at as receipt_issued_at',
    ]);
}

export async function insertPayment(trx: Queryable, row: PaymentInsert): Promise<void> {
  await trx.insertInto('payments').values(row).execute();
}

export async function findPaymentView(db: Queryable, id: string): Promise<PaymentView | undefined> {
  return (await viewQuery(db).where('p.id', '=', id).executeTakeFirst()) as PaymentView | undefined;
}

export async function findPaymentViewByTxnRef(db: Queryable, txnRef: string): Promise<PaymentView | undefined> {
  return (await viewQuery(db).where('p.txn_ref', '=', txnRef).executeTakeFirst()) as PaymentView | undefined;
}

/** The payment named by a gateway reference, locked until the transaction ends: one settlement at a time. */
export async function lockPaymentByTxnRef(trx: Queryable, txnRef: string): Promise<PaymentRow | undefined> {
  const row = await trx
    .selectFrom('payments as p')
    .select(PAYMENT_COLUMNS)
    .where('p.txn_ref', '=', txnRef)
    .forUpdate()
    .executeTakeFirst();
  return row as PaymentRow | undefined;
}

/** The dossier's pending payment whose gateway link is still valid at `now`, if any. */
export async function findOpenPayment(db: Queryable, dossierId: string, now: Date): Promise<PaymentRow | undefined> {
  const row = await db
    .selectFrom('payments as p')
    .select(PAYMENT_COLUMNS)
    .where('p.dossier_id', '=', dossierId)
    .where('p.status', '=', 'pending')
    .where('p.expires_at', '>', now)
    .orderBy('p.created_at', 'desc')
    .executeTakeFirst();
  return row as PaymentRow | undefined;
}

/** Marks the dossier's pending payments whose link lapsed by `now` as expired. @returns their ids */
export async function expireLapsedPayments(trx: Queryable, dossierId: string, now: Date): Promise<string[]> {
  const rows = await trx
    .updateTable('payments')
    .set({ status: 'expired' })
    .where('dossier_id', '=', dossierId)
    .where('status', '=', 'pending')
    .where('expires_at', '<=', now)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export type Settlement = {
  status: 'paid' | 'failed';
  bank_code: string | null;
  gateway_transaction_no: string | null;
  gateway_response_code: string | null;
  gateway_transaction_status: string | null;
  paid_at: Date | null;
  settled_at: Date;
};

export async function settlePayment(trx: Queryable, id: string, settlement: Settlement): Promise<void> {
  await trx.updateTable('payments').set(settlement).where('id', '=', id).execute();
}

/** The dossier's fees with what they are owed and whether they are paid. */
export async function listDossierFees(db: Queryable, dossierId: string) {
  return db
    .selectFrom('dossier_fees')
    .select(['code', 'name', 'kind', 'amount', 'position', 'paid_at', 'paid_via', 'payment_id'])
    .where('dossier_id', '=', dossierId)
    .orderBy('position')
    .execute();
}

/**
 * Marks the fees a settled payment covers as paid online, those still unpaid only (one paid at the desk meanwhile
 * stays as it is). @returns the codes marked
 */
export async function markFeesPaidOnline(
  trx: Queryable,
  input: { dossierId: string; feeCodes: readonly string[]; paidAt: Date; paymentId: string },
): Promise<string[]> {
  const rows = await trx
    .updateTable('dossier_fees')
    .set({ paid_at: input.paidAt, paid_via: 'online', payment_id: input.paymentId })
    .where('dossier_id', '=', input.dossierId)
    .where('code', 'in', [...input.feeCodes])
    .where('paid_at', 'is', null)
    .returning('code')
    .execute();
  return rows.map((r) => r.code);
}

/** The next number of the desk's receipt series for the year, taken in the caller's transaction. */
export async function nextReceiptSeq(trx: Queryable, agencyId: string, year: number): Promise<number> {
  const result = await sql<{ last_value: number }>`INSERT INTO payment_receipt_counters (agency_id, year, last_value)
    VALUES (${agencyId}, ${year}, 1)
    ON CONFLICT (agency_id, year) DO UPDATE SET last_value = payment_receipt_counters.last_value + 1
    RETURNING last_value`.execute(trx);
  const value = result.rows[0]?.last_value;
  if (value === undefined) {
    throw new Error('the receipt counter returned no row');
  }
  return value;
}

export async function insertReceipt(
  trx: Queryable,
  row: {
    id: string;
    payment_id: string;
    unit_id: string;
    agency_id: string;
    year: number;
    seq: number;
    number: string;
    issued_at: Date;
  },
): Promise<void> {
  await trx.insertInto('payment_receipts').values(row).execute();
}

export type PaymentFilter = {
  /** Which payments the caller may see (an SQL condition over `p`). */
  visible: Expression<SqlBool>;
  /** Inclusive bounds on the creation time. */
  from?: Date | undefined;
  until?: Date | undefined;
  status?: PaymentStatus | undefined;
  /** Only payments of dossiers received in this unit or below it. */
  unitId?: string | undefined;
};

function filtered(db: Queryable, filter: PaymentFilter) {
  let qb = viewQuery(db).where(filter.visible);
  if (filter.from) qb = qb.where('p.created_at', '>=', filter.from);
  if (filter.until) qb = qb.where('p.created_at', '<', filter.until);
  if (filter.status) qb = qb.where('p.status', '=', filter.status);
  if (filter.unitId) qb = qb.where(sql<SqlBool>`u.ancestor_ids @> ARRAY[${filter.unitId}]::uuid[]`);
  return qb;
}

/** A page of payments, newest first, `limit + 1` rows for pagination. */
export async function listPayments(
  db: Queryable,
  filter: PaymentFilter & { after?: { createdAt: Date; id: string } | undefined; limit: number },
): Promise<PaymentView[]> {
  let qb = filtered(db, filter);
  if (filter.after) {
    qb = qb.where(sql<SqlBool>`(p.created_at, p.id) < (${filter.after.createdAt}, ${filter.after.id}::uuid)`);
  }
  const rows = await qb
    .orderBy('p.created_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  return rows as PaymentView[];
}

/** Count and sum of the filtered payments per status (over every page). */
export async function totalsByStatus(db: Queryable, filter: PaymentFilter) {
  const rows = await filtered(db, filter)
    .clearSelect()
    .select((eb) => ['p.status', eb.fn.countAll<number>().as('count'), eb.fn.sum<number>('p.amount').as('amount')])
    .groupBy('p.status')
    .orderBy('p.status')
    .execute();
  return rows.map((r) => ({ status: r.status as PaymentStatus, count: Number(r.count), amount: Number(r.amount) }));
}
