import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encryption at rest for small secrets the platform must read back (TOTP seeds, provider credentials), with
 * AES-256-GCM. Each purpose gets its own key, derived from the application secret with HKDF, so a key leaked or
 * misused for one purpose opens nothing else. The optional `context` is bound as associated data: a sealed value
 * copied onto another row (say, another user's TOTP seed) no longer opens.
 *
 * Sealed form: `v1.<iv>.<ciphertext>.<tag>`, each part base64url; the version lets the scheme change later.
 */
export type SecretBox = {
  seal(plaintext: string, context?: string): string;
  /** @throws Error when the value was not sealed by this box and context, or was altered. */
  open(sealed: string, context?: string): string;
};

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * A box for one purpose.
 * @param appSecret the application secret (config.appSecret)
 * @param purpose a stable label such as `totp`; changing it makes every stored value unreadable
 */
export function createSecretBox(appSecret: string, purpose: string): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', appSecret, 'egov:secret-box', `egov:${purpose}`, 32));
  const aad = (context: string | undefined) => Buffer.from(`${purpose}\n${context ?? ''}`, 'utf8');

  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv, body, cipher.getAuthTag()]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    open(sealed, context) {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) {
        throw new Error('secret-box: unknown sealed format');
      }
      const [iv, body, tag] = parts.slice(1).map((part) => Buffer.from(part, 'base64url')) as [Buffer, Buffer, Buffer];
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
        throw new Error('secret-box: malformed sealed value');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(context));
      decipher.setAuthTag(tag);
      // final() throws when the tag does not match: wrong key, wrong context or tampered bytes.
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    },
  };
}
