import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../../config.ts';
import { type XmlSigner, certificateSha256, createPemSigner, subjectName } from './edxml/signature.ts';

/**
 * The platform's exchange key on disk. In production the key and certificate come from the government CA (Ban Cơ
 * yếu Chính phủ) and are placed at EXCHANGE_KEY_FILE / EXCHANGE_CERT_FILE; for a demo or a test network a
 * self-signed pair is made with the real `openssl` CLI. Either way peers pin the certificate shown by `describe`.
 */

export type ExchangeCertificateInfo = { subject: string; sha256: string; validTo: string; certificatePem: string };

/** What to give a peer's operator: the certificate, its subject and fingerprint. @throws when absent */
export function describeExchangeCertificate(config: Pick<AppConfig, 'exchange'>): ExchangeCertificateInfo {
  const pem = readFileSync(config.exchange.certFile, 'utf8');
  const certificate = new X509Certificate(pem);
  return {
    subject: subjectName(certificate),
    sha256: certificateSha256(pem),
    validTo: new Date(certificate.validTo).toISOString(),
    certificatePem: certificate.toString(),
  };
}

/**
 * Makes a self-signed RSA-2048 key and certificate at the configured paths (never over existing ones).
 * @param subject an OpenSSL subject, UTF-8, e.g. `/C=VN/O=UBND tỉnh Lào Cai/CN=Văn phòng UBND tỉnh Lào Cai`
 * @throws when a file already exists or openssl fails
 */
export function generateExchangeKey(
  config: Pick<AppConfig, 'exchange'>,
  subject: string,
  days = 730,
): ExchangeCertificateInfo {
  const { keyFile, certFile } = config.exchange;
  for (const file of [keyFile, certFile]) {
    if (existsSync(file)) throw new Error(`${file} exists already; move it away to make a new key`);
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  }
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-utf8',
      '-days',
      String(days),
      '-subj',
      subject,
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  chmodSync(keyFile, 0o600);
  return describeExchangeCertificate(config);
}

/**
 * This platform's edXML signer from the configured PEM files, or undefined when they are absent (exchange is then
 * off: the endpoint answers 503 and nothing is sent).
 */
export function loadExchangeSigner(config: Pick<AppConfig, 'exchange'>): XmlSigner | undefined {
  const { keyFile, certFile, signatureAlgorithm } = config.exchange;
  if (!existsSync(keyFile) || !existsSync(certFile)) return undefined;
  return createPemSigner({
    privateKeyPem: readFileSync(keyFile, 'utf8'),
    certificatePem: readFileSync(certFile, 'utf8'),
    algorithm: signatureAlgorithm,
  });
}
