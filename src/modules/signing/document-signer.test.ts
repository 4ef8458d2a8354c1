import { rename } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows } from '../../../test/support/auth.ts';
import { webBuildExists } from '../../platform/http/web.ts';
import { manualClock } from '../../platform/clock.ts';
import { documentsWorld, draftBody, ok, problem } from '../documents/documents.fixtures.ts';
import type { TOutgoingDetail } from '../documents/documents.schema.ts';
import { ensureDemoPki, issueCertificate } from './demo-ca.ts';
import { createKeyStoreDocumentSigner } from './document-signer.ts';
import { createFileKeyStore, pkiPaths } from './key-store.ts';
import { pdfsig, samplePdf } from './signing.fixtures.ts';

/**
 * The documents module signing with real keys: the leader's personal signature and the People's Committee's seal
 * on the main file of an outgoing document, as poppler verifies them; and a leader without a key is told which key
 * to issue while the document stays approved.
 */
describe('signing an outgoing document with the key store', () => {
  const clock = manualClock('2026-03-02T08:00:00+07:00');
  let world: Awaited<ReturnType<typeof documentsWorld>>;
  /** The demo CA's certificate file, for poppler's trust store. */
  let caPem: string;
  let mainFile: { filename: string; contentType: 'application/pdf'; data: string };

  beforeAll(async () => {
    world = await documentsWorld(clock);
    const dir = world.t.config.pkiDir;
    await ensureDemoPki(dir, clock);
    await issueCertificate(
      dir,
      { keyId: 'ld.ubnd', kind: 'person', name: 'Cán bộ ld.ubnd', org: 'Ủy ban nhân dân tỉnh Lào Cai' },
      clock,
    );
    caPem = pkiPaths(dir).caCert;
    world.t.app.platform.documentSigner = createKeyStoreDocumentSigner({
      keyStore: createFileKeyStore(dir),
      db: () => world.t.database.db,
      clock: () => clock,
    });
    mainFile = {
      filename: 'du-thao.pdf',
      contentType: 'application/pdf',
      data: Buffer.from(await samplePdf()).toString('base64'),
    };
  });
  afterAll(() => world.t.close());

  it('applies the signer’s signature and the agency’s seal, both valid and trusted for poppler', async () => {
    const { api, agencies, people } = world;
    const doc = await api.toSigned(people, draftBody(agencies, { mainFile, intendedSignerId: people.leader.id }));
    expect(doc.status).toBe('signed');
    const signed = doc.files.find((f) => f.kind === 'signed') ?? doc.files.find((f) => f.kind === 'main');
    const file = await world.t.app.inject({
      method: 'GET',
      url: `/api/v1/documents/outgoing/${doc.id}/files/${signed?.id}`,
      headers: people.leader.headers,
    });
    expect(file.statusCode).toBe(200);
    const report = await pdfsig(file.rawPayload, caPem);
    expect(report.match(/Signature is Valid/g)).toHaveLength(2);
    expect(report.match(/Certificate is Trusted/g)).toHaveLength(2);
    expect(report).toContain('Cán bộ ld.ubnd');
    expect(report).toContain('Ủy ban nhân dân tỉnh Lào Cai');
    // The document's own page reports the same, from the platform's verifier.
    const verification = await world.t.app.inject({
      method: 'GET',
      url: `/api/v1/documents/outgoing/${doc.id}/files/${signed?.id}/signatures`,
      headers: people.leader.headers,
    });
    expect(verification.statusCode, verification.body).toBe(200);
    expect(verification.json().signatures.map((s: { status: string }) => s.status)).toEqual(['valid', 'valid']);
    // The document's page shows both signers as valid, without JavaScript.
    if (webBuildExists()) {
      const page = await world.t.app.inject({ url: `/van-ban/di/${doc.id}`, headers: people.leader.headers });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Chữ ký số');
      expect(page.body.match(/<strong class="tag">Hợp lệ<\/strong>/g)).toHaveLength(2);
      expect(page.body).toContain('Cán bộ ld.ubnd');
      const hidden = await world.t.app.inject({ url: `/van-ban/di/${doc.id}`, headers: people.outsider.headers });
      expect(hidden.statusCode).toBe(404);
    }
    // Someone who may not open the document may not see its signatures either.
    const outsider = await world.t.app.inject({
      method: 'GET',
      url: `/api/v1/documents/outgoing/${doc.id}/files/${signed?.id}/signatures`,
      headers: people.outsider.headers,
    });
    expect(outsider.statusCode).toBe(404);
  });

  it('names the missing key when the leader has none, and leaves the document approved', async () => {
    const { api, agencies, people, t } = world;
    // The Office's documents are signed by the Department of Justice's leader here, who holds no key of this name.
    let doc = ok<TOutgoingDetail>(await api.draft(people.drafter.headers, draftBody(agencies, { mainFile })), 201);
    doc = ok(await api.act(people.drafter.headers, doc.id, { action: 'submit', expectedVersion: doc.version }));
    doc = ok(await api.act(people.clerk.headers, doc.id, { action: 'review', expectedVersion: doc.version }));
    doc = ok(await api.act(people.leader.headers, doc.id, { action: 'approve', expectedVersion: doc.version }));
    const keyFolder = pkiPaths(t.config.pkiDir).keyDir('ld.ubnd');
    await rename(keyFolder, `${keyFolder}.away`);
    try {
      const before = await countRows(t.database.db, ['outgoing_documents', 'audit_log']);
      const refused = problem(
        await api.act(people.leader.headers, doc.id, { action: 'sign', expectedVersion: doc.version }),
        422,
        'SIGNING_KEY_NOT_FOUND',
      );
      expect(refused.keyId).toBe('ld.ubnd');
      expect(await countRows(t.database.db, ['outgoing_documents', 'audit_log'])).toEqual(before);
      const after = ok<TOutgoingDetail>(await api.get(people.leader.headers, `/outgoing/${doc.id}`));
      expect(after.status).toBe('approved');
    } finally {
      await rename(`${keyFolder}.away`, keyFolder);
    }
  });
});
