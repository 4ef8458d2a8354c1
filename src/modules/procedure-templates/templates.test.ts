import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, signInAs } from '../../../test/support/auth.ts';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { createFileBlobStore } from '../../platform/blobs/blob-store.ts';
import { webBuildExists } from '../../platform/http/web.ts';
import { seedDemo } from '../../seed/index.ts';
import { MAX_TEMPLATE_BYTES } from './template-files.ts';

const WRITTEN = ['procedure_templates', 'audit_log'] as const;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A minimal Word package: the content-types entry that names the main document part, and that part. */
function docxBytes(text: string): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    'word/document.xml': strToU8(`<w:document><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`),
  });
}

function pdfText(bytes: Buffer): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'template-')), 'form.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('procedure form templates', () => {
  let t: TestApp;
  let birthId: string;
  let docxProcedure: { id: string; fileName: string };
  let admin: Awaited<ReturnType<typeof signInAs>>;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.database.db, { blobs: createFileBlobStore(path.join(t.config.dataDir, 'blobs')) });
    birthId = (await t.app.inject({ url: '/api/v1/procedures?q=1.001193' })).json().items[0].id;
    const named = await t.database.db
      .selectFrom('procedure_components')
      .select(['procedure_id', 'template_file'])
      .where('template_file', 'like', '%.docx')
      .orderBy('template_file')
      .executeTakeFirstOrThrow();
    docxProcedure = { id: named.procedure_id, fileName: named.template_file as string };
    admin = await signInAs(t.app, t.database.db, 'quantri');
  });
  afterAll(() => t.close());

  const upload = (id: string, fileName: string, body: Uint8Array, headers: Record<string, string>, type = DOCX) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/v1/procedures/${id}/templates/${fileName}`,
      headers: { ...headers, 'content-type': type },
      payload: Buffer.from(body),
    });

  it('serves the seeded birth-registration declaration as a Vietnamese PDF to anyone', async () => {
    const list = await t.app.inject({ url: `/api/v1/procedures/${birthId}/templates` });
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((i: { fileName: string }) => i.fileName === 'to-khai-dang-ky-khai-sinh.pdf');
    expect(item).toMatchObject({ contentType: 'application/pdf' });

    const download = await t.app.inject({
      url: `/api/v1/procedures/${birthId}/templates/to-khai-dang-ky-khai-sinh.pdf`,
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe('attachment; filename="to-khai-dang-ky-khai-sinh.pdf"');
    expect(createHash('sha256').update(download.rawPayload).digest('hex')).toBe(item.sha256);
    const text = pdfText(download.rawPayload);
    expect(text).toContain('TỜ KHAI ĐĂNG KÝ KHAI SINH');
    expect(text).toContain('Họ, chữ đệm, tên người yêu cầu');
  });

  // The pages need `npm run build` (the test command builds before the suite).
  it.skipIf(!webBuildExists())(
    'links the stored template from the public procedure page and only names the others',
    async () => {
      const page = await t.app.inject({ url: `/thu-tuc/${birthId}` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`href="/api/v1/procedures/${birthId}/templates/to-khai-dang-ky-khai-sinh.pdf"`);
      const other = await t.app.inject({ url: `/thu-tuc/${docxProcedure.id}` });
      expect(other.body).not.toContain(`/templates/${docxProcedure.fileName}`);
      expect(other.body).toContain('chưa có tệp để tải');
    },
  );

  it('lets the province administrator upload the Word file a component names, then serves those bytes', async () => {
    const bytes = docxBytes('Đơn đề nghị');
    const response = await upload(docxProcedure.id, docxProcedure.fileName, bytes, admin.headers);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ fileName: docxProcedure.fileName, contentType: DOCX, size: bytes.length });

    const download = await t.app.inject({
      url: `/api/v1/procedures/${docxProcedure.id}/templates/${docxProcedure.fileName}`,
    });
    expect(download.statusCode).toBe(200);
    expect(Buffer.compare(download.rawPayload, Buffer.from(bytes))).toBe(0);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', 'procedure.template_upload')
      .executeTakeFirstOrThrow();
    expect(audit.data).toMatchObject({ fileName: docxProcedure.fileName, size: bytes.length });
    const list = await t.app.inject({ url: `/api/v1/procedures/${docxProcedure.id}/templates` });
    expect(list.json().items.map((i: { fileName: string }) => i.fileName)).toContain(docxProcedure.fileName);
  });

  it('refuses files whose bytes are not what the name says, empty or broken files, and unused names', async () => {
    const before = await countRows(t.database.db, WRITTEN);
    const pdf = new Uint8Array(Buffer.from('%PDF-1.7\n%%EOF\n'));
    const cases: [string, Uint8Array, string][] = [
      [docxProcedure.fileName, pdf, 'the bytes are a pdf file, not docx'],
      [docxProcedure.fileName, new Uint8Array(Buffer.from('plain text, not a form')), 'not a PDF, DOCX or ODT'],
      [docxProcedure.fileName, zipSync({ 'a.txt': strToU8('a zip, not a Word file') }), 'not a PDF, DOCX or ODT'],
      [
        docxProcedure.fileName,
        new Uint8Array(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])),
        'not a PDF, DOCX or ODT',
      ],
      [docxProcedure.fileName, new Uint8Array(0), 'the file is empty'],
      ['mau-khong-co-trong-thu-tuc.docx', docxBytes('x'), 'no version of the procedure names this template'],
    ];
    for (const [fileName, body, message] of cases) {
      const response = await upload(docxProcedure.id, fileName, body, admin.headers);
      expect(response.statusCode, message).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(response.json().issues)).toContain(message);
    }
    const badName = await upload(docxProcedure.id, 'Mau%20Don.exe', docxBytes('x'), admin.headers);
    expect(badName.statusCode).toBe(400);
    const tooLarge = await upload(
      docxProcedure.id,
      docxProcedure.fileName,
      new Uint8Array(MAX_TEMPLATE_BYTES + 1),
      admin.headers,
    );
    expect(tooLarge.statusCode).toBe(413);
    expect(await countRows(t.database.db, WRITTEN)).toEqual(before);
  });

  it('refuses uploads from anyone but the province administrator, and unknown procedures', async () => {
    const before = await countRows(t.database.db, WRITTEN);
    const communeAdmin = await signInAs(t.app, t.database.db, 'quantri.phuonglaocai');
    const desk = await signInAs(t.app, t.database.db, 'motcua.phuonglaocai');
    const bytes = docxBytes('x');
    expect((await upload(docxProcedure.id, docxProcedure.fileName, bytes, {})).statusCode).toBe(401);
    expect((await upload(docxProcedure.id, docxProcedure.fileName, bytes, communeAdmin.headers)).statusCode).toBe(403);
    expect((await upload(docxProcedure.id, docxProcedure.fileName, bytes, desk.headers)).statusCode).toBe(403);
    const unknown = '0190a000-0000-7000-8000-000000000000';
    expect((await upload(unknown, docxProcedure.fileName, bytes, admin.headers)).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/procedures/${unknown}/templates` })).statusCode).toBe(404);
    expect(
      (await t.app.inject({ url: `/api/v1/procedures/${birthId}/templates/to-khai-khong-co.pdf` })).statusCode,
    ).toBe(404);
    expect(await countRows(t.database.db, WRITTEN)).toEqual(before);
  });
});
