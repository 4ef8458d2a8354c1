import { hkdfSync } from 'node:crypto';
import { EncryptJWT, errors as joseErrors, jwtDecrypt } from 'jose';
import { OidcRefusal } from './refusals.ts';

/**
 * One sign-in attempt's secrets — state, nonce, PKCE verifier — and where to go afterwards, kept in the browser
 * that started it: an HttpOnly cookie, encrypted and authenticated (JWE, A256GCM, key derived from the application
 * secret), valid for TRANSACTION_MINUTES. Binding the state to the browser stops login CSRF (a callback link
 * made in someone else's browser fails), and nothing is written to the database until the sign-in succeeds.
 */

export const TRANSACTION_COOKIE = 'egov_oidc';
export const TRANSACTION_MINUTES = 10;

export type SignInTransaction = { state: string; nonce: string; codeVerifier: string; next: string };

function keyFrom(appSecret: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', appSecret, 'egov', 'oidc-sign-in transaction cookie', 32));
}

/** The cookie value for a new attempt. */
export async function sealTransaction(appSecret: string, transaction: SignInTransaction): Promise<string> {
  return new EncryptJWT({ ...transaction })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${TRANSACTION_MINUTES}m`)
    .encrypt(keyFrom(appSecret));
}

/**
 * The attempt a cookie carries (`now`: the machine's time; this is a technical timeout, not business time).
 * @throws OidcRefusal `state` (missing, forged or unreadable cookie), `expired` (older than TRANSACTION_MINUTES)
 */
export async function openTransaction(
  appSecret: string,
  cookie: string | undefined,
  now: Date = new Date(),
): Promise<SignInTransaction> {
  if (!cookie) {
    throw new OidcRefusal('state', 'no transaction cookie');
  }
  try {
    const { payload } = await jwtDecrypt(cookie, keyFrom(appSecret), { currentDate: now });
    const { state, nonce, codeVerifier, next } = payload as Record<string, unknown>;
    if (typeof state !== 'string' || typeof nonce !== 'string' || typeof codeVerifier !== 'string') {
      throw new OidcRefusal('state', 'incomplete transaction');
    }
    return { state, nonce, codeVerifier, next: typeof next === 'string' ? next : '/' };
  } catch (error) {
    if (error instanceof OidcRefusal) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new OidcRefusal('expired');
    throw new OidcRefusal('state', 'unreadable transaction cookie');
  }
}
