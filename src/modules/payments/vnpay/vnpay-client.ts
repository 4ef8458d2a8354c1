import { type VnpParams, signedQuery, vnpDate } from './vnpay-signing.ts';

/**
 * The merchant side of the VNPay payment-URL protocol: the signed URL that sends the payer to the gateway, and the
 * answers our IPN endpoint gives. Pure; the payment service supplies the order and the configuration.
 */

export const VNP_VERSION = '2.1.0';

/** How long the gateway accepts a payment after its URL is made. */
export const PAYMENT_TTL_MINUTES = 15;

export type GatewaySettings = { url: string; tmnCode: string; hashSecret: string; returnUrl: string };

export type GatewayOrder = {
  txnRef: string;
  /** Integer VND; sent × 100 as the protocol asks. */
  amount: number;
  /** Plain ASCII, no diacritics (the gateway's rule). */
  orderInfo: string;
  clientIp: string;
  createdAt: Date;
  expiresAt: Date;
  locale?: 'vn' | 'en';
  bankCode?: string;
};

/** The request parameters of a payment, unsigned (§8.2). */
export function paymentParams(settings: GatewaySettings, order: GatewayOrder): VnpParams {
  return {
    vnp_Version: VNP_VERSION,
    vnp_Command: 'pay',
    vnp_TmnCode: settings.tmnCode,
    vnp_Amount: String(order.amount * 100),
    vnp_CurrCode: 'VND',
    vnp_TxnRef: order.txnRef,
    vnp_OrderInfo: order.orderInfo,
    vnp_OrderType: 'other',
    vnp_Locale: order.locale ?? 'vn',
    vnp_ReturnUrl: settings.returnUrl,
    vnp_IpAddr: order.clientIp,
    vnp_CreateDate: vnpDate(order.createdAt),
    vnp_ExpireDate: vnpDate(order.expiresAt),
    ...(order.bankCode ? { vnp_BankCode: order.bankCode } : {}),
  };
}

/** The signed URL that sends the payer to the gateway's pay page. */
export function buildPaymentUrl(settings: GatewaySettings, order: GatewayOrder): string {
  const separator = settings.url.includes('?') ? '&' : '?';
  return `${settings.url}${separator}${signedQuery(paymentParams(settings, order), settings.hashSecret)}`;
}

/** `vnp_OrderInfo` for a dossier's fees: ASCII only, as the gateway requires. */
export function orderInfoFor(dossierCode: string): string {
  return `Thanh toan phi le phi ho so ${dossierCode}`.replace(/[^\x20-\x7e]/g, '');
}

/** The answers of our IPN endpoint (§8.2), each with the message VNPay's samples send. */
export const IPN_ANSWERS = {
  confirmed: { RspCode: '00', Message: 'Confirm Success' },
  orderNotFound: { RspCode: '01', Message: 'Order not found' },
  alreadyConfirmed: { RspCode: '02', Message: 'Order already confirmed' },
  invalidAmount: { RspCode: '04', Message: 'Invalid amount' },
  invalidSignature: { RspCode: '97', Message: 'Invalid signature' },
  unknownError: { RspCode: '99', Message: 'Unknown error' },
} as const;

export type IpnAnswer = (typeof IPN_ANSWERS)[keyof typeof IPN_ANSWERS];

/** A payment is successful only when both the response code and the transaction status say 00. */
export function isSuccessfulResult(params: Readonly<Record<string, string | undefined>>): boolean {
  return params.vnp_ResponseCode === '00' && params.vnp_TransactionStatus === '00';
}
