import type { Clock } from '../../platform/clock.ts';
import { createDetachedSignature } from './cms.ts';
import { type KeyStore, validSigningKey } from './key-store.ts';

/**
 * A detached CAdES signature (.p7s, DER) over any file the platform issues that is not a PDF (XML, spreadsheets,
 * archives): the same CMS as inside a PDF signature, verifiable with `openssl cms -verify -binary -content <file>`.
 * @throws AppError SIGNING_KEY_NOT_FOUND, CERTIFICATE_NOT_VALID
 */
export async function signDetached(
  keyStore: KeyStore,
  keyId: string,
  bytes: Uint8Array,
  clock: Clock,
): Promise<Uint8Array> {
  const signingTime = clock.now();
  const key = await validSigningKey(keyStore, keyId, signingTime);
  return createDetachedSignature(key, bytes, signingTime);
}
