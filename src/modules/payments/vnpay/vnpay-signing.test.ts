import { describe, expect, it } from 'vitest';
import { buildPaymentUrl, isSuccessfulResult, paymentParams } from './vnpay-client.ts';
import {
  canonicalQuery,
  parseVnpDate,
  verifySignature,
  vnpDate,
  vnpParamsOf,
  vnpSignature,
  withSignature,
} from './vnpay-signing.ts';

/**
 * The signature against vectors computed outside this code: the canonical query was written out by hand and its
 * HMAC-SHA512 computed with `printf '%s' "$QUERY" | openssl dgst -sha512 -hmac SECRETKEYFORTESTS0123456789`.
 */
const SECRET = 'SECRETKEYFORTESTS0123456789';

const SETTINGS = {
  url: 'https://sandbox.vnpayment.vn/paymentv2/vpcpay.html',
  tmnCode: 'LCDEMO01',
  hashSecret: SECRET,
  returnUrl: 'https://dichvucong.laocai.gov.vn/api/v1/payments/vnpay/return',
};
const ORDER = {
  txnRef: '019cad1f2b3c7def8a9b0c1d2e3f4a5b',
  amount: 10_000,
  orderInfo: 'Thanh toan phi le phi ho so 000.00.50.H38-260302-0001',
  clientIp: '203.0.113.7',
  createdAt: new Date('2026-03-02T08:00:00+07:00'),
  expiresAt: new Date('2026-03-02T08:15:00+07:00'),
};
const EXPECTED_QUERY =
  'vnp_Amount=1000000&vnp_Command=pay&vnp_CreateDate=20260302080000&vnp_CurrCode=VND&vnp_ExpireDate=20260302081500' +
  '&vnp_IpAddr=203.0.113.7&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+phi+le+phi+ho+so+000.00.50.H38-260302-0001' +
  '&vnp_OrderType=other&vnp_ReturnUrl=https%3A%2F%2Fdichvucong.laocai.gov.vn%2Fapi%2Fv1%2Fpayments%2Fvnpay%2Freturn' +
  '&vnp_TmnCode=LCDEMO01&vnp_TxnRef=019cad1f2b3c7def8a9b0c1d2e3f4a5b&vnp_Version=2.1.0';
const EXPECTED_HASH =
  '7d543e50f26f065681340e9b190258668556c4ae9003c15e5c435bebb11e7a03820a52cc1b69522453620d3351b61db3fa579d02120f997873a8e637622dc3cf';

describe('VNPay signing', () => {
  it('builds the payment URL: sorted, form-encoded, amount × 100, dates in Lào Cai time, HMAC-SHA512 in hex', () => {
    const url = buildPaymentUrl(SETTINGS, ORDER);
    expect(url).toBe(`${SETTINGS.url}?${EXPECTED_QUERY}&vnp_SecureHash=${EXPECTED_HASH}`);
    expect(canonicalQuery(paymentParams(SETTINGS, ORDER))).toBe(EXPECTED_QUERY);
  });

  it('encodes reserved and Vietnamese characters the way the reference code does', () => {
    const params = { vnp_OrderInfo: 'a&b=c đồng + (x)', vnp_Amount: '1500000', vnp_Empty: '' };
    expect(canonicalQuery(params)).toBe('vnp_Amount=1500000&vnp_OrderInfo=a%26b%3Dc+%C4%91%E1%BB%93ng+%2B+(x)');
    expect(vnpSignature(params, SECRET)).toBe(
      '8f7d7021f8961591d91b30c1edef499492eb08cd4f3314324d8fe3b129c5b4c84d1aecc6dc23e234e1d79f92726fc50236bf3acd57bde7ef36e35bf38546b794',
    );
  });

  it('verifies what it signed, ignoring the hash fields and other parameters, and refuses any change', () => {
    const signed: Record<string, string> = {
      ...withSignature(paymentParams(SETTINGS, ORDER), SECRET),
      vnp_SecureHashType: 'HmacSHA512',
    };
    expect(verifySignature(signed, SECRET)).toBe(true);
    expect(verifySignature({ ...signed, vnp_SecureHash: String(signed.vnp_SecureHash).toUpperCase() }, SECRET)).toBe(
      true,
    );
    expect(verifySignature({ ...signed, lang: 'en' }, SECRET)).toBe(true);
    expect(verifySignature({ ...signed, vnp_Amount: '100' }, SECRET)).toBe(false);
    expect(verifySignature({ ...signed, vnp_BankCode: 'NCB' }, SECRET)).toBe(false);
    expect(verifySignature(signed, `${SECRET}x`)).toBe(false);
    expect(verifySignature({ ...signed, vnp_SecureHash: 'abc' }, SECRET)).toBe(false);
    const { vnp_SecureHash: _dropped, ...unsigned } = signed;
    expect(verifySignature(unsigned, SECRET)).toBe(false);
  });

  it('keeps only single-valued vnp_ parameters of a parsed query', () => {
    expect(vnpParamsOf({ vnp_A: '1', vnp_B: ['1', '2'], other: 'x' })).toEqual({ vnp_A: '1' });
  });

  it('writes and reads protocol dates in UTC+07:00, refusing impossible ones', () => {
    expect(vnpDate(new Date('2026-12-31T17:30:05Z'))).toBe('20270101003005');
    expect(parseVnpDate('20270101003005')?.toISOString()).toBe('2026-12-31T17:30:05.000Z');
    expect(parseVnpDate('20260230120000')).toBeNull();
    expect(parseVnpDate('2026')).toBeNull();
  });

  it('counts a result as paid only when both codes are 00', () => {
    expect(isSuccessfulResult({ vnp_ResponseCode: '00', vnp_TransactionStatus: '00' })).toBe(true);
    expect(isSuccessfulResult({ vnp_ResponseCode: '00', vnp_TransactionStatus: '01' })).toBe(false);
    expect(isSuccessfulResult({ vnp_ResponseCode: '24', vnp_TransactionStatus: '02' })).toBe(false);
  });
});
