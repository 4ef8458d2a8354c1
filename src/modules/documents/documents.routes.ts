import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import type { Database } from '../../platform/db/database.ts';
import { requireStaff } from '../../platform/http/guards.ts';
import { runIdempotent } from '../../platform/http/idempotency.ts';
import { FILE_ROUTE_BODY_LIMIT } from '../dossiers/files.ts';
import type { DocumentDeps } from './documents.ports.ts';
import { getAgencySettings, setAgencySettings } from './agency-settings.ts';
import {
  AgencyParams,
  AgencySettings,
  AgencySettingsBody,
  DocumentTypeList,
  DraftBody,
  FileParams,
  IdParams,
  IncomingActionBody,
  IncomingDetail,
  IncomingPage,
  IncomingQuery,
  OutgoingActionBody,
  OutgoingDetail,
  OutgoingPage,
  OutgoingQuery,
  OverdueList,
  OverdueQuery,
  PaperIncomingBody,
  RegisterQuery,
} from './documents.schema.ts';
import { draftDocument } from './draft-document.ts';
import { performIncomingAction } from './incoming-actions.ts';
import { getIncoming } from './incoming-engine.ts';
import { performOutgoingAction } from './outgoing-actions.ts';
import { getOutgoing } from './outgoing-engine.ts';
import {
  listDocumentTypes,
  listIncomingDocuments,
  listOutgoingDocuments,
  listOverdueIncoming,
  openDocumentFile,
} from './read-documents.ts';
import { registerPaperIncoming } from './register-incoming.ts';
import { printIncomingRegister, printOutgoingRegister } from './registers-pdf.ts';

/** A file as a download: the sniffed type, never rendered inline, never sniffed again by the browser. */
function sendFile(
  reply: FastifyReply,
  file: { content_type: string; size: number; filename: string },
  stream: Readable,
): FastifyReply {
  return reply
    .header('content-type', file.content_type)
    .header('content-length', String(file.size))
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .send(stream);
}

function sendPdf(reply: FastifyReply, name: string, bytes: Uint8Array): FastifyReply {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${name}"`)
    .send(Buffer.from(bytes));
}

/** REST routes of official documents (văn bản đi/đến). Thin: staff check, schema, one service call. */
export const documentRoutes: FastifyPluginAsyncZod<{ database: Database; deps: DocumentDeps }> = async (
  app,
  { database, deps },
) => {
  const tags = ['documents'];

  app.get(
    '/documents/types',
    {
      schema: {
        tags,
        summary: 'Document types with abbreviations and number series',
        response: { 200: DocumentTypeList },
      },
    },
    async (request) => {
      requireStaff(request);
      return listDocumentTypes(request.serviceContext());
    },
  );

  app.get(
    '/documents/agency-settings/:agencyId',
    {
      schema: {
        tags,
        summary: 'The notation settings of an agency (abbreviation, internal unit of)',
        params: AgencyParams,
        response: { 200: AgencySettings },
      },
    },
    async (request) => {
      requireStaff(request);
      return getAgencySettings(request.serviceContext(), request.params.agencyId);
    },
  );

  app.put(
    '/documents/agency-settings/:agencyId',
    {
      schema: {
        tags,
        summary: 'Set the notation settings of an agency (administrators who manage agencies)',
        params: AgencyParams,
        body: AgencySettingsBody,
        response: { 200: AgencySettings },
      },
    },
    async (request) => {
      requireStaff(request);
      return setAgencySettings(request.serviceContext(), request.params.agencyId, request.body);
    },
  );

  app.post(
    '/documents/outgoing',
    {
      bodyLimit: FILE_ROUTE_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Draft an outgoing document with its main PDF and attachments; honours Idempotency-Key',
        body: DraftBody,
        response: { 201: OutgoingDetail },
      },
    },
    async (request, reply) => {
      requireStaff(request);
      const result = await runIdempotent(request, database, 201, (ctx) => draftDocument(ctx, deps, request.body));
      return reply.status(result.status).send(result.body);
    },
  );

  app.get(
    '/documents/outgoing',
    {
      schema: {
        tags,
        summary: 'Outgoing documents the caller may see, newest first (search ignores accents and case)',
        querystring: OutgoingQuery,
        response: { 200: OutgoingPage },
      },
    },
    async (request) => {
      requireStaff(request);
      return listOutgoingDocuments(request.serviceContext(), request.query);
    },
  );

  app.get(
    '/documents/outgoing/:id',
    {
      schema: {
        tags,
        summary: 'One outgoing document with recipients, files, history and the actions the caller may take',
        params: IdParams,
        response: { 200: OutgoingDetail },
      },
    },
    async (request) => {
      requireStaff(request);
      return getOutgoing(request.serviceContext(), request.params.id);
    },
  );

  app.post(
    '/documents/outgoing/:id/actions',
    {
      bodyLimit: FILE_ROUTE_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Take an action on an outgoing document (submit, return, review, approve, sign, number, release…)',
        params: IdParams,
        body: OutgoingActionBody,
        response: { 200: OutgoingDetail },
      },
    },
    async (request) => {
      requireStaff(request);
      return performOutgoingAction(request.serviceContext(), deps, request.params.id, request.body);
    },
  );

  app.get(
    '/documents/outgoing/:id/files/:fileId',
    { schema: { tags, summary: 'Download a file of an outgoing document', params: FileParams } },
    async (request, reply) => {
      requireStaff(request);
      const { file, stream } = await openDocumentFile(
        request.serviceContext(),
        deps,
        'outgoing',
        request.params.id,
        request.params.fileId,
      );
      return sendFile(reply, file, stream);
    },
  );

  app.post(
    '/documents/incoming',
    {
      bodyLimit: FILE_ROUTE_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Register a paper incoming document from its scan (văn thư); honours Idempotency-Key',
        body: PaperIncomingBody,
        response: { 201: IncomingDetail },
      },
    },
    async (request, reply) => {
      requireStaff(request);
      const result = await runIdempotent(request, database, 201, (ctx) =>
        registerPaperIncoming(ctx, deps, request.body),
      );
      return reply.status(result.status).send(result.body);
    },
  );

  app.get(
    '/documents/incoming',
    {
      schema: {
        tags,
        summary: 'Incoming documents of the caller’s agencies or assigned to them, newest first',
        querystring: IncomingQuery,
        response: { 200: IncomingPage },
      },
    },
    async (request) => {
      requireStaff(request);
      return listIncomingDocuments(request.serviceContext(), request.query);
    },
  );

  app.get(
    '/documents/incoming/overdue',
    {
      schema: {
        tags,
        summary: 'Incoming documents past their handling deadline, most overdue first',
        querystring: OverdueQuery,
        response: { 200: OverdueList },
      },
    },
    async (request) => {
      requireStaff(request);
      return listOverdueIncoming(request.serviceContext(), deps, request.query);
    },
  );

  app.get(
    '/documents/incoming/:id',
    {
      schema: {
        tags,
        summary: 'One incoming document with its assignment, files, history and the actions the caller may take',
        params: IdParams,
        response: { 200: IncomingDetail },
      },
    },
    async (request) => {
      requireStaff(request);
      return getIncoming(request.serviceContext(), request.params.id);
    },
  );

  app.post(
    '/documents/incoming/:id/actions',
    {
      schema: {
        tags,
        summary:
          'Take an action on an incoming document (register, refuse, present, assign, record progress, complete)',
        params: IdParams,
        body: IncomingActionBody,
        response: { 200: IncomingDetail },
      },
    },
    async (request) => {
      requireStaff(request);
      return performIncomingAction(request.serviceContext(), deps, request.params.id, request.body);
    },
  );

  app.get(
    '/documents/incoming/:id/files/:fileId',
    { schema: { tags, summary: 'Download a file of an incoming document', params: FileParams } },
    async (request, reply) => {
      requireStaff(request);
      const { file, stream } = await openDocumentFile(
        request.serviceContext(),
        deps,
        'incoming',
        request.params.id,
        request.params.fileId,
      );
      return sendFile(reply, file, stream);
    },
  );

  app.get(
    '/documents/registers/outgoing.pdf',
    {
      schema: {
        tags,
        summary: 'The outgoing register of an agency for a period, as a landscape PDF (văn thư)',
        querystring: RegisterQuery,
      },
    },
    async (request, reply) => {
      requireStaff(request);
      return sendPdf(reply, 'so-van-ban-di.pdf', await printOutgoingRegister(request.serviceContext(), request.query));
    },
  );

  app.get(
    '/documents/registers/incoming.pdf',
    {
      schema: {
        tags,
        summary: 'The incoming register of an agency for a period, as a landscape PDF (văn thư)',
        querystring: RegisterQuery,
      },
    },
    async (request, reply) => {
      requireStaff(request);
      return sendPdf(reply, 'so-van-ban-den.pdf', await printIncomingRegister(request.serviceContext(), request.query));
    },
  );
};
