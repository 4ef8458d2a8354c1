import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { buildEdoc } from './edxml/build.ts';
import { openEdxml } from './edxml/index.ts';
import { sampleHeader } from './exchange-test-support.ts';
import { describeExchangeCertificate, generateExchangeKey, loadExchangeSigner } from './keys.ts';

describe('exchange signing key on disk', () => {
  it('is off without key files, and signs packages peers can verify once a key is made', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'egov-exchange-keys-'));
    const config = loadConfig({ NODE_ENV: 'test' }, { dataDir, appSecret: 'x'.repeat(40) });
    expect(config.exchange.keyFile).toBe(path.join(dataDir, 'pki', 'exchange.key.pem'));
    expect(loadExchangeSigner(config)).toBeUndefined();

    const info = generateExchangeKey(config, '/C=VN/O=UBND tỉnh Lào Cai/CN=Văn phòng UBND tỉnh Lào Cai');
    expect(info.subject).toBe('CN=Văn phòng UBND tỉnh Lào Cai,O=UBND tỉnh Lào Cai,C=VN');
    expect(info.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(describeExchangeCertificate(config).sha256).toBe(info.sha256);

    const signer = loadExchangeSigner(config);
    const xml = signer?.sign(
      buildEdoc({
        header: sampleHeader('000.00.01.H38', ['000.00.00.H14']),
        traces: [{ organId: '000.00.01.H38', timestamp: new Date() }],
        business: { docType: 'new', paper: false, replacements: [] },
        attachments: [],
      }),
    );
    expect(openEdxml(xml ?? '', { trustedCertificates: [info.certificatePem] }).message.kind).toBe('edoc');
    expect(() => generateExchangeKey(config, '/CN=again')).toThrow(/exists already/);
  });
});
