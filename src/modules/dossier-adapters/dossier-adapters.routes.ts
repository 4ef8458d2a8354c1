import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/guards.ts';
import { renderApologyPdf, renderReceiptPdf, renderSupplementRequestPdf } from '../dossiers-print/one-stop-forms.ts';
import type { DossierDeps } from '../dossiers/dossiers.deps.ts';
import { getDossier } from '../dossiers/read-dossiers.ts';
import { loadDossierFacts } from './dossier-facts.ts';
import { type LookupRecord, lookupDossier, LookupAnswer } from './lookup.ts';
import type { LookupCache } from './lookup-cache.ts';
import { renderControlSheetPdf, renderRefusalPdf } from '../dossiers-print/refusal-and-control-forms.ts';
import { apologyInput, controlSheetInput, receiptInput, refusalInput, supplementRequestInput } from './print-inputs.ts';

const FORMS = {
  receipt: { fill: receiptInput, render: renderReceiptPdf, file: 'giay-tiep-nhan' },
  'supplement-request': {
    fill: supplementRequestInput,
    render: renderSupplementRequestPdf,
    file: 'phieu-yeu-cau-bo-sung',
  },
  apology: { fill: apologyInput, render: renderApologyPdf, file: 'phieu-xin-loi' },
  refusal: { fill: refusalInput, render: renderRefusalPdf, file: 'phieu-tu-choi' },
  'control-sheet': { fill: controlSheetInput, render: renderControlSheetPdf, file: 'phieu-kiem-soat' },
} as const;

/**
 * Routes that join the dossier module with the forms and the public lookup: the PDF forms of a dossier (for those
 * who may open it) and the public status lookup by code (rate limited; personal data only with a proof).
 */
export const dossierAdapterRoutes: FastifyPluginAsyncZod<{
  database: Database;
  deps: DossierDeps;
  publicUrl: string;
  lookupCache: LookupCache<LookupRecord>;
}> = async (app, { database, deps, publicUrl, lookupCache }) => {
  app.get(
    '/dossiers/:id/forms/:form',
    {
      schema: {
        tags: ['dossiers'],
        summary:
          'A one-stop form of the dossier as PDF: receipt with appointment (Mẫu 01), supplement request (02), ' +
          'refusal (03), apology (04) or the control sheet of its hand-overs (05)',
        params: z.object({
          id: z.uuid(),
          form: z.enum(['receipt', 'supplement-request', 'refusal', 'apology', 'control-sheet']),
        }),
      },
    },
    async (request, reply) => {
      requireUser(request);
      const ctx = request.serviceContext();
      // The dossier's own read decides who may see it (NOT_FOUND otherwise); the forms add nothing to that.
      await getDossier(ctx, deps, request.params.id);
      const facts = await loadDossierFacts(ctx.db, request.params.id);
      if (!facts) throw new AppError('NOT_FOUND', { subject: 'dossier' });
      const form = FORMS[request.params.form];
      const pdf = await form.render(form.fill(facts, publicUrl) as never);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="${form.file}-${facts.dossier.code}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(pdf));
    },
  );

  app.get(
    '/lookup/:code',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['lookup'],
        summary: 'Public status of a dossier by its code; the applicant’s name and contact only with ?verify=',
        params: z.object({ code: z.string().trim().min(1).max(50) }),
        querystring: z.object({
          verify: z
            .string()
            .regex(/^\d{4}$/)
            .optional()
            .describe('Last four digits of the applicant’s phone number or personal id / tax code'),
        }),
        response: { 200: LookupAnswer },
      },
    },
    async (request, reply) => {
      const { json, personal } = await lookupDossier(
        database.db,
        lookupCache,
        request.params.code,
        request.query.verify,
      );
      if (personal) reply.header('cache-control', 'private, no-store');
      // JSON text built from the typed answer once per cache entry: Fastify sends a string as is, so the route's
      // schema documents the answer without re-validating and re-serialising it on every scan.
      return reply.type('application/json; charset=utf-8').send(json as never);
    },
  );
};
