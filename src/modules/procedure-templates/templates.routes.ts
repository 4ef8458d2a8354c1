import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { BlobStore } from '../../platform/blobs/blob-store.ts';
import { requireStaff } from '../../platform/http/guards.ts';
import { MAX_TEMPLATE_BYTES, TEMPLATE_TYPES } from './template-files.ts';
import { ProcedureParams, Template, TemplateList, TemplateParams } from './templates.schema.ts';
import * as templates from './templates.service.ts';

const tags = ['procedures'];
const UPLOAD_TYPES = [...Object.values(TEMPLATE_TYPES), 'application/octet-stream'];

/**
 * Form templates of a procedure: listed and downloaded publicly (the procedure page links them), uploaded by the
 * province's administrators as the raw bytes of the file. The type is read from the bytes, not from the header.
 */
export const procedureTemplateRoutes: FastifyPluginAsyncZod<{ blobs: BlobStore }> = async (app, { blobs }) => {
  // Only this plugin reads raw file bodies, and only up to the template cap.
  app.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: MAX_TEMPLATE_BYTES }, (_request, body, done) =>
    done(null, body),
  );

  app.get(
    '/procedures/:id/templates',
    {
      schema: {
        tags,
        summary: 'The form templates a procedure has files for',
        params: ProcedureParams,
        response: { 200: TemplateList },
      },
    },
    async (request) => ({ items: await templates.listTemplates(request.serviceContext(), request.params.id) }),
  );

  app.get(
    '/procedures/:id/templates/:fileName',
    {
      schema: {
        tags,
        summary: 'Download a form template (as an attachment)',
        params: TemplateParams,
      },
    },
    async (request, reply) => {
      const { template, stream } = await templates.openTemplate(
        request.serviceContext(),
        blobs,
        request.params.id,
        request.params.fileName,
      );
      return reply
        .header('content-type', template.contentType)
        .header('content-length', String(template.size))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'public, max-age=300')
        .header('etag', `"${template.sha256}"`)
        .header('content-disposition', `attachment; filename="${template.fileName}"`)
        .send(stream);
    },
  );

  app.put(
    '/procedures/:id/templates/:fileName',
    {
      bodyLimit: MAX_TEMPLATE_BYTES,
      schema: {
        tags,
        summary: 'Upload or replace the file behind a template name (raw bytes: PDF, DOCX or ODT)',
        params: TemplateParams,
        response: { 200: Template },
      },
    },
    async (request) => {
      requireStaff(request);
      const body = request.body;
      return templates.uploadTemplate(request.serviceContext(), blobs, {
        procedureId: request.params.id,
        fileName: request.params.fileName,
        bytes: Buffer.isBuffer(body) ? body : Buffer.alloc(0),
      });
    },
  );
};
