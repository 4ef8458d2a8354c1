import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The VNPay payment-URL protocol's signature (version 2.1.0): every `vnp_*` parameter except the hash itself, empty
 * values dropped, sorted by key, keys and values URL-encoded as VNPay's reference code does (`encodeURIComponent`,
 * then `%20` → `+`), joined as `k=v&…`; the signature is HMAC-SHA512 of that text under the merchant's hash secret,
 * in hex. The same function signs payment URLs and checks the gateway's return and IPN calls, so the two sides can
 * never drift apart.
 */

export type VnpParams = Record<string, string>;

/** The parameters that carry the signature and are left out of what is signed. */
const SIGNATURE_KEYS = new Set(['vnp_SecureHash', 'vnp_SecureHashType']);

/** `encodeURIComponent` with spaces as `+`, like VNPay's Node.js sample (form-style encoding). */
export function vnpEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

/**
 * The canonical query text that is signed (and, with the hash appended, sent): signed keys in code-unit order.
 * Keys that are not `vnp_*` are ignored, so stray parameters can neither be signed in nor break verification.
 */
export function canonicalQuery(params: Readonly<Record<string, string | undefined>>): string {
  return Object.keys(params)
    .filter((key) => key.startsWith('vnp_') && !SIGNATURE_KEYS.has(key))
    .filter((key) => params[key] !== undefined && params[key] !== '')
    .sort()
    .map((key) => `${vnpEncode(key)}=${vnpEncode(params[key] as string)}`)
    .join('&');
}

/** HMAC-SHA512 of the canonical query, lower-case hex. */
export function vnpSignature(params: Readonly<Record<string, string | undefined>>, hashSecret: string): string {
  return createHmac('sha512', hashSecret).update(canonicalQuery(params), 'utf8').digest('hex');
}

/** The parameters' query text with `vnp_SecureHash` appended: what goes after `?` in a payment or return URL. */
export function signedQuery(params: Readonly<Record<string, string | undefined>>, hashSecret: string): string {
  return `${canonicalQuery(params)}&vnp_SecureHash=${vnpSignature(params, hashSecret)}`;
}

/** The parameters with their signature added. */
export function withSignature(params: VnpParams, hashSecret: string): VnpParams {
  return { ...params, vnp_SecureHash: vnpSignature(params, hashSecret) };
}

/**
 * True when `vnp_SecureHash` is the signature of the other `vnp_*` parameters under `hashSecret`. The comparison
 * takes constant time, so response timing reveals nothing about the expected hash. Hex case is ignored (VNPay's
 * samples compare upper- and lower-case alike).
 */
export function verifySignature(params: Readonly<Record<string, string | undefined>>, hashSecret: string): boolean {
  const given = params.vnp_SecureHash;
  if (typeof given !== 'string' || !/^[0-9a-fA-F]{128}$/.test(given)) {
    return false;
  }
  const expected = Buffer.from(vnpSignature(params, hashSecret), 'hex');
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

/**
 * Picks the `vnp_*` string parameters of a parsed query string. A parameter given twice (an array) is dropped, so
 * the signature check fails rather than guessing which value was meant.
 */
export function vnpParamsOf(query: unknown): VnpParams {
  const params: VnpParams = {};
  if (typeof query !== 'object' || query === null) return params;
  for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
    if (key.startsWith('vnp_') && typeof value === 'string') {
      params[key] = value;
    }
  }
  return params;
}

const OFFSET_MS = 7 * 60 * 60 * 1000;
const two = (n: number) => String(n).padStart(2, '0');

/** `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh (UTC+07:00, no daylight saving): the protocol's date format. */
export function vnpDate(at: Date): string {
  const l = new Date(at.getTime() + OFFSET_MS);
  return `${l.getUTCFullYear()}${two(l.getUTCMonth() + 1)}${two(l.getUTCDate())}${two(l.getUTCHours())}${two(l.getUTCMinutes())}${two(l.getUTCSeconds())}`;
}

/** Parses a protocol date (`yyyyMMddHHmmss`, UTC+07:00). @returns null when malformed */
export function parseVnpDate(text: string | undefined): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text ?? '');
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi, s) - OFFSET_MS);
  return vnpDate(at) === text ? at : null;
}
