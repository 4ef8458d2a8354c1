import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { KeyStore } from './key-store.ts';
import type { TVerificationReport, TVerifyBody } from './signing.schema.ts';
import { assertCanVerifySignatures } from './signing.policy.ts';
import { verifyDetached, verifyPdf } from './verify.ts';

/**
 * Verification for other modules and the API. It changes nothing, so there is no transaction and no audit row.
 */

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(text: string, path: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0 || compact.length === 0) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ path, message: 'not base64' }] });
  }
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

/**
 * Verifies the signatures of an uploaded PDF, or a detached signature over an uploaded file, against the trust list.
 * @throws UNAUTHENTICATED, FORBIDDEN, VALIDATION_FAILED (not base64), NOT_A_PDF, NO_SIGNATURE, SIGNATURE_MALFORMED
 */
export async function verifyUploadedSignatures(
  ctx: ServiceContext,
  keyStore: KeyStore,
  body: TVerifyBody,
): Promise<TVerificationReport> {
  assertCanVerifySignatures(ctx.actor);
  const file = decodeBase64(body.file.data, 'body.file.data');
  const trusted = await keyStore.trustedCertificates();
  if (body.signature) {
    return verifyDetached(decodeBase64(body.signature.data, 'body.signature.data'), file, trusted);
  }
  return verifyPdf(file, trusted);
}
