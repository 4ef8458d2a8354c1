import { describe, expect, it } from 'vitest';
import { OidcRefusal } from './refusals.ts';
import { TRANSACTION_MINUTES, openTransaction, sealTransaction } from './transaction.ts';

const SECRET = 'test-secret-test-secret-test-secret-0123456789';
const ATTEMPT = { state: 's'.repeat(43), nonce: 'n'.repeat(43), codeVerifier: 'v'.repeat(43), next: '/tra-cuu' };

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OidcRefusal) return error.reason;
    throw error;
  }
  throw new Error('not refused');
}

/** The sign-in attempt cookie: sealed with the application secret, readable only by it, for ten minutes. */
describe('sign-in attempt cookie', () => {
  it('gives back what was sealed, and hides it from the browser', async () => {
    const cookie = await sealTransaction(SECRET, ATTEMPT);
    expect(cookie).not.toContain(ATTEMPT.state);
    expect(await openTransaction(SECRET, cookie)).toEqual(ATTEMPT);
  });

  it('refuses a missing, foreign, edited or expired cookie', async () => {
    const cookie = await sealTransaction(SECRET, ATTEMPT);
    expect(await refusal(openTransaction(SECRET, undefined))).toBe('state');
    expect(await refusal(openTransaction(`${SECRET}-other`, cookie))).toBe('state');
    const parts = cookie.split('.');
    parts[3] = `${parts[3]?.startsWith('A') ? 'B' : 'A'}${parts[3]?.slice(1)}`;
    expect(await refusal(openTransaction(SECRET, parts.join('.')))).toBe('state');
    const later = new Date(Date.now() + (TRANSACTION_MINUTES + 1) * 60_000);
    expect(await refusal(openTransaction(SECRET, cookie, later))).toBe('expired');
  });
});
