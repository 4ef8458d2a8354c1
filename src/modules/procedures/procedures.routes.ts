import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../platform/db/database.ts';
import { requireStaff } from '../../platform/http/guards.ts';
import { runIdempotent } from '../../platform/http/idempotency.ts';
import * as manage from './manage-procedures.ts';
import {
  IdParams,
  Procedure,
  ProcedureCreateBody,
  ProcedureFieldList,
  ProcedureListQuery,
  ProcedurePage,
  ProcedureVersion,
  VersionBody,
  VersionParams,
} from './procedures.schema.ts';
import * as procedures from './procedures.service.ts';

const tags = ['procedures'];

/** REST routes of the procedure catalogue: read publicly, versioned by the province's administrators. */
export const procedureRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  app.get(
    '/procedures',
    {
      schema: {
        tags,
        summary: 'Search the procedures in force',
        querystring: ProcedureListQuery,
        response: { 200: ProcedurePage },
      },
    },
    async (request) => procedures.listProcedures(request.serviceContext(), request.query),
  );

  app.get(
    '/procedure-fields',
    {
      schema: {
        tags,
        summary: 'Fields (lĩnh vực) with their number of procedures in force',
        response: { 200: ProcedureFieldList },
      },
    },
    async (request) => procedures.listFields(request.serviceContext()),
  );

  app.get(
    '/procedures/:id',
    {
      schema: {
        tags,
        summary: 'One procedure with its version in force',
        params: IdParams,
        response: { 200: Procedure },
      },
    },
    async (request) => procedures.getProcedure(request.serviceContext(), request.params.id),
  );

  app.get(
    '/procedures/:id/versions/:version',
    {
      schema: {
        tags,
        summary: 'One version with its whole workflow',
        params: VersionParams,
        response: { 200: ProcedureVersion },
      },
    },
    async (request) => procedures.getVersion(request.serviceContext(), request.params.id, request.params.version),
  );

  app.post(
    '/procedures',
    {
      schema: {
        tags,
        summary: 'Create a procedure with a first draft version (province administrators); honours Idempotency-Key',
        body: ProcedureCreateBody,
        response: { 201: Procedure },
      },
    },
    async (request, reply) => {
      requireStaff(request);
      const result = await runIdempotent(request, database, 201, (ctx) => manage.createProcedure(ctx, request.body));
      return reply.status(result.status).send(result.body);
    },
  );

  app.post(
    '/procedures/:id/versions',
    {
      schema: {
        tags,
        summary: 'Open a new draft copied from the version in force; honours Idempotency-Key',
        params: IdParams,
        response: { 201: ProcedureVersion },
      },
    },
    async (request, reply) => {
      requireStaff(request);
      const result = await runIdempotent(request, database, 201, (ctx) =>
        manage.createDraftVersion(ctx, request.params.id),
      );
      return reply.status(result.status).send(result.body);
    },
  );

  app.put(
    '/procedures/:id/versions/:version',
    {
      schema: {
        tags,
        summary: 'Replace a draft version (published versions are immutable: CONFLICT)',
        params: VersionParams,
        body: VersionBody,
        response: { 200: ProcedureVersion },
      },
    },
    async (request) => {
      requireStaff(request);
      return manage.updateDraftVersion(
        request.serviceContext(),
        request.params.id,
        request.params.version,
        request.body,
      );
    },
  );

  app.post(
    '/procedures/:id/versions/:version/publish',
    {
      schema: {
        tags,
        summary: 'Publish a draft after validating its workflow; retires the version it replaces',
        params: VersionParams,
        response: { 200: Procedure },
      },
    },
    async (request, reply) => {
      requireStaff(request);
      const result = await runIdempotent(request, database, 200, (ctx) =>
        manage.publishVersion(ctx, request.params.id, request.params.version),
      );
      return reply.status(result.status).send(result.body);
    },
  );
};
