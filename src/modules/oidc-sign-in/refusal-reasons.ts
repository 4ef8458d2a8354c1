/**
 * Why a sign-in through the identity provider was refused. Each reason has its own message on the sign-in page
 * (citizenAccess.vneid.refused.<reason>); none of them opens a session or writes a row. Pure, so the page can use it.
 */
export const REFUSAL_REASONS = [
  'state',
  'expired',
  'denied',
  'grant',
  'nonce',
  'token',
  'issuer',
  'claims',
  'disabled',
  'unavailable',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** True for a known refusal reason (the sign-in page shows only these). */
export function isRefusalReason(value: unknown): value is RefusalReason {
  return typeof value === 'string' && (REFUSAL_REASONS as readonly string[]).includes(value);
}
