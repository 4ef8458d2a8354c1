import { webcrypto } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type * as pkijs from 'pkijs';
import { AppError } from '../../platform/errors.ts';
import {
  certificatesFromPem,
  certificateToPem,
  fromPem,
  importPrivateKey,
  isValidAt,
  RSA_SHA256,
  toPem,
} from './x509.ts';

/**
 * Where signing keys live. The port hands out a key *handle* that signs bytes, never the key itself, so a
 * hardware module or a remote signing service (the providers' "ký số từ xa") can implement it without the platform
 * ever holding the private key; the default keeps PKCS#8 files on disk.
 */

/** One signing identity: its certificate, the chain up to (not necessarily including) a root, and a signer. */
export type SigningKey = {
  keyId: string;
  certificate: pkijs.Certificate;
  /** Issuing CA certificates, nearest first; carried inside signatures so verifiers can build the path. */
  chain: pkijs.Certificate[];
  /** RSASSA-PKCS1-v1_5 with SHA-256 over `data`. */
  sign(data: Uint8Array): Promise<Uint8Array>;
};

export interface KeyStore {
  /** The signing identity named `keyId`. @throws AppError SIGNING_KEY_NOT_FOUND */
  signingKey(keyId: string): Promise<SigningKey>;
  /** The CA certificates trusted as roots when verifying signatures (the trust list). */
  trustedCertificates(): Promise<pkijs.Certificate[]>;
}

/** Key ids become folder names: a conservative alphabet keeps them from escaping the PKI folder. */
export const KEY_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

/** Files of the PKI folder. */
export function pkiPaths(dir: string) {
  return {
    dir,
    caKey: path.join(dir, 'ca', 'ca.key.pem'),
    caCert: path.join(dir, 'ca', 'ca.cert.pem'),
    trustedDir: path.join(dir, 'trusted'),
    keyDir: (keyId: string) => path.join(dir, 'keys', assertKeyId(keyId)),
    key: (keyId: string) => path.join(dir, 'keys', assertKeyId(keyId), 'key.pem'),
    cert: (keyId: string) => path.join(dir, 'keys', assertKeyId(keyId), 'cert.pem'),
    chain: (keyId: string) => path.join(dir, 'keys', assertKeyId(keyId), 'chain.pem'),
  };
}

function assertKeyId(keyId: string): string {
  if (!KEY_ID_PATTERN.test(keyId)) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'keyId', message: 'letters, digits, . _ - only' }] });
  }
  return keyId;
}

/**
 * The file-based key store over a PKI folder:
 * `keys/<keyId>/key.pem` (PKCS#8, mode 0600), `cert.pem`, `chain.pem`; `trusted/*.pem` the trusted CAs.
 * Keys are read on each use, so a certificate renewed on disk is picked up without a restart.
 */
export function createFileKeyStore(dir: string): KeyStore {
  const paths = pkiPaths(dir);
  return {
    async signingKey(keyId) {
      if (!KEY_ID_PATTERN.test(keyId) || !existsSync(paths.key(keyId)) || !existsSync(paths.cert(keyId))) {
        throw new AppError('SIGNING_KEY_NOT_FOUND', { keyId });
      }
      const [keyPem, certPem, chainPem] = await Promise.all([
        readFile(paths.key(keyId), 'utf8'),
        readFile(paths.cert(keyId), 'utf8'),
        existsSync(paths.chain(keyId)) ? readFile(paths.chain(keyId), 'utf8') : Promise.resolve(''),
      ]);
      const keyDer = fromPem('PRIVATE KEY', keyPem)[0];
      const certificate = certificatesFromPem(certPem)[0];
      if (!keyDer || !certificate) {
        throw new AppError('SIGNING_KEY_NOT_FOUND', { keyId });
      }
      const privateKey = await importPrivateKey(keyDer);
      return {
        keyId,
        certificate,
        chain: certificatesFromPem(chainPem),
        sign: async (data) => new Uint8Array(await webcrypto.subtle.sign(RSA_SHA256, privateKey, data)),
      };
    },
    async trustedCertificates() {
      if (!existsSync(paths.trustedDir)) {
        return [];
      }
      const files = (await readdir(paths.trustedDir)).filter((f) => f.endsWith('.pem')).sort();
      const texts = await Promise.all(files.map((f) => readFile(path.join(paths.trustedDir, f), 'utf8')));
      return texts.flatMap((text) => certificatesFromPem(text));
    },
  };
}

/** Writes a key, its certificate and chain under `keys/<keyId>/`; the private key readable by the owner only. */
export async function writeKeyFiles(
  dir: string,
  keyId: string,
  files: { privateKeyPkcs8: ArrayBuffer; certificate: pkijs.Certificate; chain: pkijs.Certificate[] },
): Promise<void> {
  const paths = pkiPaths(dir);
  await mkdir(paths.keyDir(keyId), { recursive: true, mode: 0o700 });
  await writeFile(paths.key(keyId), toPem('PRIVATE KEY', files.privateKeyPkcs8), { mode: 0o600 });
  // writeFile's mode applies only when it creates the file; an overwritten key must still end up 0600.
  await chmod(paths.key(keyId), 0o600);
  await writeFile(paths.cert(keyId), certificateToPem(files.certificate));
  await writeFile(paths.chain(keyId), files.chain.map(certificateToPem).join(''));
}

/**
 * The signing key `keyId`, refused when its certificate is not valid at `at`: a signature made outside the
 * certificate's validity would be worthless to every verifier, so it is not made at all.
 * @throws AppError SIGNING_KEY_NOT_FOUND, CERTIFICATE_NOT_VALID
 */
export async function validSigningKey(keyStore: KeyStore, keyId: string, at: Date): Promise<SigningKey> {
  const key = await keyStore.signingKey(keyId);
  if (!isValidAt(key.certificate, at)) {
    throw new AppError('CERTIFICATE_NOT_VALID', {
      keyId,
      notBefore: key.certificate.notBefore.value.toISOString(),
      notAfter: key.certificate.notAfter.value.toISOString(),
    });
  }
  return key;
}
