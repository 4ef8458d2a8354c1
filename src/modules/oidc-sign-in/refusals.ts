import * as client from 'openid-client';
import type { RefusalReason } from './refusal-reasons.ts';

export { type RefusalReason, isRefusalReason } from './refusal-reasons.ts';

/** A refused sign-in; `detail` is for the log only, never shown. */
export class OidcRefusal extends Error {
  override readonly name = 'OidcRefusal';
  constructor(
    readonly reason: RefusalReason,
    readonly detail?: string,
  ) {
    super(`OIDC sign-in refused: ${reason}${detail ? ` (${detail})` : ''}`);
  }
}

type Inner = { message?: string; cause?: { claim?: string } };

/**
 * Maps what openid-client (oauth4webapi underneath) throws while finishing a sign-in to a reason: the provider's own
 * error in the callback, a refused code (used, expired, or its PKCE verifier does not match), a nonce, issuer or
 * audience mismatch, a bad signature or an expired ID token, or the provider being unreachable.
 */
export function refusalFromError(error: unknown): OidcRefusal {
  if (error instanceof OidcRefusal) return error;
  if (error instanceof client.AuthorizationResponseError) {
    return new OidcRefusal('denied', error.error);
  }
  if (error instanceof client.ResponseBodyError) {
    return new OidcRefusal(error.error === 'invalid_grant' ? 'grant' : 'unavailable', error.error);
  }
  if (error instanceof client.ClientError) {
    const inner = (error.cause ?? {}) as Inner;
    const detail = `${error.code}: ${inner.message ?? error.message}`;
    switch (error.code) {
      case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED': {
        const claim = inner.cause?.claim;
        return new OidcRefusal(claim === 'nonce' ? 'nonce' : claim === 'iss' ? 'issuer' : 'token', detail);
      }
      case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
        return new OidcRefusal('token', detail);
      case 'OAUTH_INVALID_RESPONSE':
        // RFC 9207: the authorization response names its issuer; another issuer there is a mix-up attack.
        return new OidcRefusal(
          /"iss" \(issuer\) response parameter|parameter "iss"/.test(inner.message ?? '') ? 'issuer' : 'token',
          detail,
        );
      case 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED':
        return new OidcRefusal(/issuer/.test(inner.message ?? '') ? 'issuer' : 'token', detail);
      default:
        return new OidcRefusal('unavailable', detail);
    }
  }
  return new OidcRefusal('unavailable', error instanceof Error ? error.message : String(error));
}
