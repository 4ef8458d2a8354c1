import * as client from 'openid-client';
import type { OidcConfig } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';
import { OidcRefusal, refusalFromError } from './refusals.ts';
import type { SignInTransaction } from './transaction.ts';

/**
 * The platform as an OpenID Connect relying party of the national identity provider (VNeID), on openid-client:
 * authorization code flow with PKCE (S256), state and nonce; the ID token's signature (provider's JWKS), iss, aud,
 * exp, iat and nonce are checked by the library, and the authorization response's `iss` (RFC 9207) when the
 * provider sends it. Claims not in the ID token are read from userinfo, whose `sub` must match.
 */

/** What a finished sign-in proves: who the provider says the person is. */
export type VerifiedIdentity = { issuer: string; subject: string; claims: Record<string, unknown> };

export type RelyingPartyDeps = {
  config: OidcConfig;
  /** ID token times are judged by the platform's clock (tests move it to see expired tokens refused). */
  clock: () => Clock;
  /** The HTTP client (tests put a tampering man in the middle here). */
  fetch: () => typeof fetch;
  /** Plain-HTTP providers are allowed only outside production (the local stand-in). */
  allowHttp: boolean;
};

export type RelyingParty = ReturnType<typeof createRelyingParty>;

/** Provider metadata is discovered once and kept this long. */
const METADATA_TTL_MS = 60 * 60 * 1000;

export function createRelyingParty(deps: RelyingPartyDeps) {
  const { config } = deps;
  let metadata: { value: client.ServerMetadata; at: number } | undefined;
  let jwksCache: client.ExportedJWKSCache | undefined;

  const customFetch: client.CustomFetch = (url, options) => deps.fetch()(url, options as RequestInit);

  async function serverMetadata(): Promise<client.ServerMetadata> {
    if (metadata && Date.now() - metadata.at < METADATA_TTL_MS) {
      return metadata.value;
    }
    // discovery() checks that the document's issuer is exactly the configured one.
    const discovered = await client.discovery(
      new URL(config.issuer),
      config.clientId,
      { client_secret: config.clientSecret },
      client.ClientSecretBasic(config.clientSecret),
      { execute: deps.allowHttp ? [client.allowInsecureRequests] : [], [client.customFetch]: customFetch },
    );
    metadata = { value: discovered.serverMetadata(), at: Date.now() };
    return metadata.value;
  }

  /** A configuration for one sign-in, with the clock skew of the platform clock at this moment. */
  async function configuration(): Promise<client.Configuration> {
    const skew = Math.round((deps.clock().now().getTime() - Date.now()) / 1000);
    const configured = new client.Configuration(
      await serverMetadata(),
      config.clientId,
      { client_secret: config.clientSecret, [client.clockSkew]: skew },
      client.ClientSecretBasic(config.clientSecret),
    );
    if (deps.allowHttp) client.allowInsecureRequests(configured);
    configured[client.customFetch] = customFetch;
    if (jwksCache) client.setJwksCache(configured, jwksCache);
    return configured;
  }

  return {
    /**
     * Starts a sign-in: fresh state, nonce and PKCE verifier, and the provider's authorization URL.
     * @throws OidcRefusal `unavailable` when the provider cannot be discovered
     */
    async start(next: string): Promise<{ url: string; transaction: SignInTransaction }> {
      try {
        const configured = await configuration();
        const codeVerifier = client.randomPKCECodeVerifier();
        const transaction = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier, next };
        const url = client.buildAuthorizationUrl(configured, {
          redirect_uri: config.redirectUri,
          scope: config.scopes,
          response_type: 'code',
          code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
          code_challenge_method: 'S256',
          state: transaction.state,
          nonce: transaction.nonce,
        });
        return { url: url.href, transaction };
      } catch (error) {
        metadata = undefined;
        throw new OidcRefusal('unavailable', error instanceof Error ? error.message : String(error));
      }
    },

    /**
     * Finishes a sign-in from the provider's answer (`callbackUrl`: our redirect URI with the answer's query).
     * @throws OidcRefusal — state, denied, grant (used or foreign code), nonce, token (signature, audience, expiry),
     *   issuer, unavailable
     */
    async finish(callbackUrl: URL, transaction: SignInTransaction): Promise<VerifiedIdentity> {
      // Our own check comes first: an answer that is not this browser's attempt never gets its code redeemed.
      if (callbackUrl.searchParams.get('state') !== transaction.state) {
        throw new OidcRefusal('state', "state does not match this browser's attempt");
      }
      try {
        const configured = await configuration();
        const tokens = await client.authorizationCodeGrant(configured, callbackUrl, {
          pkceCodeVerifier: transaction.codeVerifier,
          expectedState: transaction.state,
          expectedNonce: transaction.nonce,
          idTokenExpected: true,
        });
        jwksCache = client.getJwksCache(configured) ?? jwksCache;
        const idClaims = tokens.claims();
        if (!idClaims) {
          throw new OidcRefusal('token', 'no ID token');
        }
        let claims: Record<string, unknown> = { ...idClaims };
        if (configured.serverMetadata().userinfo_endpoint && tokens.access_token) {
          const info = await client.fetchUserInfo(configured, tokens.access_token, idClaims.sub);
          // The ID token's own claims (iss, aud, sub, nonce) win over anything userinfo says.
          claims = { ...info, ...idClaims };
        }
        return { issuer: idClaims.iss, subject: idClaims.sub, claims };
      } catch (error) {
        throw refusalFromError(error);
      }
    },
  };
}
