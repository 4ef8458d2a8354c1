import { z } from 'zod';
import { PageQuery } from '../../platform/http/pagination.ts';

/** Request and response schemas of the payment API: they validate, type and document it. */

export const PAYMENT_STATUSES = ['pending', 'paid', 'failed', 'expired'] as const;

const Uuid = z.uuid();
const IsoDate = z.iso.date().describe('Calendar date in Lào Cai time, YYYY-MM-DD');

export const DossierParams = z.object({ id: Uuid });
export const PaymentParams = z.object({ id: Uuid });

export const PaymentStarted = z
  .object({
    paymentId: Uuid,
    paymentUrl: z.string().describe('The signed gateway URL to send the payer to'),
    amount: z.number().int().describe('Integer VND'),
    expiresAt: z.string().describe('The gateway accepts the payment until then'),
  })
  .meta({ id: 'PaymentStarted' });
export type TPaymentStarted = z.infer<typeof PaymentStarted>;

export const Payment = z
  .object({
    id: Uuid,
    dossier: z.object({ id: Uuid, code: z.string() }),
    agency: z.object({ id: Uuid, code: z.string().nullable(), name: z.string() }),
    unitName: z.string(),
    amount: z.number().int().describe('Integer VND'),
    currency: z.literal('VND'),
    feeCodes: z.array(z.string()),
    txnRef: z.string().describe('vnp_TxnRef'),
    status: z.enum(PAYMENT_STATUSES),
    gateway: z.literal('vnpay'),
    bankCode: z.string().nullable(),
    transactionNo: z.string().nullable().describe('vnp_TransactionNo'),
    responseCode: z.string().nullable().describe('vnp_ResponseCode of the IPN'),
    createdAt: z.string(),
    expiresAt: z.string(),
    paidAt: z.string().nullable().describe('vnp_PayDate'),
    settledAt: z.string().nullable(),
    receipt: z.object({ number: z.string(), issuedAt: z.string() }).nullable(),
  })
  .meta({ id: 'Payment' });
export type TPayment = z.infer<typeof Payment>;

export const PaymentListQuery = PageQuery.extend({
  from: IsoDate.optional().describe('Created on or after this day'),
  to: IsoDate.optional().describe('Created on or before this day'),
  status: z.enum(PAYMENT_STATUSES).optional(),
  unitId: Uuid.optional().describe('Only dossiers received in this unit or below'),
});
export type TPaymentListQuery = z.infer<typeof PaymentListQuery>;

export const PaymentPage = z
  .object({
    items: z.array(Payment),
    nextCursor: z.string().nullable(),
    totals: z
      .array(z.object({ status: z.enum(PAYMENT_STATUSES), count: z.number().int(), amount: z.number().int() }))
      .describe('Count and sum (VND) per status over every page of the filter'),
  })
  .meta({ id: 'PaymentPage' });

export const IpnReply = z
  .object({ RspCode: z.string(), Message: z.string() })
  .meta({ id: 'VnpayIpnReply' })
  .describe(
    '00 confirmed, 01 order not found, 02 already confirmed, 04 invalid amount, 97 invalid signature, 99 error',
  );

export const ReturnResult = z
  .object({
    paymentId: Uuid,
    dossierCode: z.string(),
    amount: z.number().int(),
    status: z.enum(PAYMENT_STATUSES).describe('Our record, as settled by the IPN (the return itself settles nothing)'),
    gatewaySaysSuccess: z
      .boolean()
      .describe('What the gateway told the browser: ResponseCode and TransactionStatus 00'),
    responseCode: z.string().nullable(),
    receiptNumber: z.string().nullable(),
  })
  .meta({ id: 'VnpayReturnResult' });
export type TReturnResult = z.infer<typeof ReturnResult>;
