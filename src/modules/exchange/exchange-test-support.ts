import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EdocHeader } from './edxml/model.ts';

/** Test-only helpers: keys and certificates made by the real `openssl` CLI, and a sample document header. */

export type TestIdentity = { privateKeyPem: string; certificatePem: string; dir: string };

/** An RSA-2048 key and a self-signed certificate with a Vietnamese (UTF-8) subject, valid for `days` from now. */
export function makeIdentity(commonName: string, organization = 'UBND tỉnh Lào Cai', days = 365): TestIdentity {
  const dir = mkdtempSync(path.join(tmpdir(), 'egov-exchange-pki-'));
  const key = path.join(dir, 'exchange.key.pem');
  const cert = path.join(dir, 'exchange.cert.pem');
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
      `/C=VN/O=${organization}/CN=${commonName}`,
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { privateKeyPem: readFileSync(key, 'utf8'), certificatePem: readFileSync(cert, 'utf8'), dir };
}

/** A công văn header like the reference's samples, from one agency to another. */
export function sampleHeader(
  fromId: string,
  toIds: string[],
  number = '125',
): Omit<EdocHeader, 'documentId'> & { documentId?: string } {
  return {
    from: {
      organId: fromId,
      organName: 'Văn phòng UBND tỉnh Lào Cai',
      organizationInCharge: 'UBND tỉnh Lào Cai',
      organAdd: 'Đại lộ Trần Hưng Đạo, phường Cam Đường, tỉnh Lào Cai',
      email: 'vanphong@laocai.gov.vn',
      telephone: '0214 3840 000',
      website: 'https://laocai.gov.vn',
    },
    to: toIds.map((organId, i) => ({ organId, organName: `Cơ quan nhận ${i + 1} <&> "Sở"` })),
    codeNumber: number,
    codeNotation: 'UBND-VP',
    promulgationPlace: 'Lào Cai',
    promulgationDate: '2026-03-02',
    documentType: 1,
    documentTypeName: 'Công văn',
    subject: 'V/v triển khai liên thông văn bản điện tử theo QCVN 102:2016/BTTTT',
    content: 'Đề nghị các cơ quan, đơn vị triển khai & báo cáo kết quả trước ngày 15/3/2026.',
    signer: { competence: 'TL. CHỦ TỊCH', position: 'Chánh Văn phòng', fullName: 'Nguyễn Văn An' },
    dueDate: '2026-03-15',
    toPlaces: ['Như trên', 'Lưu: VT'],
    priority: 0,
    sphereOfPromulgation: 'Văn bản hành chính',
    typerNotation: 'NVA',
    promulgationAmount: 2,
    pageAmount: 1,
    appendixes: [],
    responseFor: [],
    steeringType: 1,
  };
}
