import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/guards.ts';
import { runIdempotent } from '../../platform/http/idempotency.ts';
import type { DossierDeps } from './dossiers.deps.ts';
import {
  ActionBody,
  ApplicantQuery,
  CounterApplicant,
  BulkActionBody,
  BulkActionResult,
  CounterBody,
  DossierDetail,
  DossierNoteList,
  DossierPage,
  FileParams,
  FileQuery,
  IdParams,
  NoteBody,
  QueueQuery,
  SubmitBody,
} from './dossiers.schema.ts';
import { FILE_ROUTE_BODY_LIMIT } from './files.ts';
import { findApplicant } from './find-applicant.ts';
import { performBulkAction } from './bulk-actions.ts';
import { addDossierNote, listDossierNotes } from './dossier-notes.ts';
import { INLINE_CONTENT_TYPES } from './files.ts';
import { performAction } from './perform-action.ts';
import { getDossier, listDossiers, openDossierFile } from './read-dossiers.ts';
import { receiveAtCounter } from './receive-at-counter.ts';
import { submitDossier } from './submit-dossier.ts';

/** REST routes of the one-stop dossier engine. Thin: sign-in check, schema, one service call. */
export const dossierRoutes: FastifyPluginAsyncZod<{ database: Database; deps: DossierDeps }> = async (
  app,
  { database, deps },
) => {
  app.post(
    '/dossiers',
    {
      bodyLimit: FILE_ROUTE_BODY_LIMIT,
      schema: {
        tags: ['dossiers'],
        summary: 'Submit a dossier online (citizen or business); honours Idempotency-Key',
        body: SubmitBody,
        response: { 201: DossierDetail },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const result = await runIdempotent(request, database, 201, (ctx) => submitDossier(ctx, deps, request.body));
      return reply.status(result.status).send(result.body);
    },
  );

  app.get(
    '/dossiers/counter/applicant',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Find the applicant’s account at the counter by personal ID or tax code (audited)',
        querystring: ApplicantQuery,
        response: { 200: CounterApplicant },
      },
    },
    async (request) => {
      requireUser(request);
      const found = await findApplicant(request.serviceContext(), request.query);
      if (!found) throw new AppError('NOT_FOUND', { subject: 'applicant' });
      return found;
    },
  );

  app.post(
    '/dossiers/counter',
    {
      bodyLimit: FILE_ROUTE_BODY_LIMIT,
      schema: {
        tags: ['dossiers'],
        summary: 'Receive a dossier at the one-stop counter (accepted at once); honours Idempotency-Key',
        body: CounterBody,
        response: { 201: DossierDetail },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const result = await runIdempotent(request, database, 201, (ctx) => receiveAtCounter(ctx, deps, request.body));
      return reply.status(result.status).send(result.body);
    },
  );

  app.get(
    '/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Work queue: the dossiers the caller may see (own dossiers for applicants), most urgent first',
        querystring: QueueQuery,
        response: { 200: DossierPage },
      },
    },
    async (request) => {
      requireUser(request);
      return listDossiers(request.serviceContext(), deps, request.query);
    },
  );

  app.get(
    '/dossiers/:id',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'One dossier with its timeline and the actions the caller may take now',
        params: IdParams,
        response: { 200: DossierDetail },
      },
    },
    async (request) => {
      requireUser(request);
      return getDossier(request.serviceContext(), deps, request.params.id);
    },
  );

  app.post(
    '/dossiers/:id/actions',
    {
      bodyLimit: FILE_ROUTE_BODY_LIMIT,
      schema: {
        tags: ['dossiers'],
        summary: 'Take an action on a dossier (accept, forward, approve, return the result…) at the version seen',
        params: IdParams,
        body: ActionBody,
        response: { 200: DossierDetail },
      },
    },
    async (request) => {
      requireUser(request);
      return performAction(request.serviceContext(), deps, request.params.id, request.body);
    },
  );

  app.post(
    '/dossiers/bulk-actions',
    {
      schema: {
        tags: ['dossiers'],
        summary:
          'Take one action (assign, accept, forward, approve) on several dossiers, each separately at the version seen; answers per dossier what was done or why it was refused',
        body: BulkActionBody,
        response: { 200: BulkActionResult },
      },
    },
    async (request) => {
      requireUser(request);
      return performBulkAction(request.serviceContext(), deps, request.body);
    },
  );

  app.get(
    '/dossiers/:id/notes',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Officers’ internal notes on a dossier (never shown to the applicant)',
        params: IdParams,
        response: { 200: DossierNoteList },
      },
    },
    async (request) => {
      requireUser(request);
      return { items: await listDossierNotes(request.serviceContext(), deps, request.params.id) };
    },
  );

  app.post(
    '/dossiers/:id/notes',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Add an internal note to a dossier (does not change its state or version)',
        params: IdParams,
        body: NoteBody,
        response: { 201: DossierNoteList },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const items = await addDossierNote(request.serviceContext(), deps, request.params.id, request.body);
      return reply.status(201).send({ items });
    },
  );

  app.get(
    '/dossiers/:id/files/:fileId',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Download a file of a dossier (as an attachment), or with `inline=true` view a PDF or image in place',
        params: FileParams,
        querystring: FileQuery,
      },
    },
    async (request, reply) => {
      requireUser(request);
      const { file, stream } = await openDossierFile(
        request.serviceContext(),
        deps,
        request.params.id,
        request.params.fileId,
      );
      // The type was sniffed from the bytes at upload and the browser may not sniff again. Only PDFs and images are
      // ever shown in place (for the officers' preview, framed by our own pages only); anything else is an attachment.
      const inline = request.query.inline && INLINE_CONTENT_TYPES.has(file.content_type);
      if (inline) {
        reply.header('content-security-policy', "frame-ancestors 'self'").header('cache-control', 'private, no-store');
      }
      return reply
        .header('content-type', file.content_type)
        .header('content-length', String(file.size))
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-disposition',
          `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        )
        .send(stream);
    },
  );
};
