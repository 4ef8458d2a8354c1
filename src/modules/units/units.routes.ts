import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../platform/db/database.ts';
import { requireStaff } from '../../platform/http/guards.ts';
import { runIdempotent } from '../../platform/http/idempotency.ts';
import {
  Agency,
  AgencyCreateBody,
  AgencyListQuery,
  AgencyPage,
  AgencyUpdateBody,
  IdParams,
  SuccessionBody,
  Unit,
  UnitCreateBody,
  UnitDetail,
  UnitListQuery,
  UnitPage,
  UnitUpdateBody,
} from './units.schema.ts';
import * as units from './units.service.ts';

/** REST routes of the unit tree and agencies: read publicly, changed by administrators of the scope. */
export const unitRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  app.get(
    '/units',
    { schema: { tags: ['units'], summary: 'List administrative units', querystring: UnitListQuery, response: { 200: UnitPage } } },
    async (request) => units.listUnits(request.serviceContext(), request.query),
  );

  app.get(
    '/units/:id',
    { schema: { tags: ['units'], summary: 'One unit with predecessors and successors', params: IdParams, response: { 200: UnitDetail } } },
    async (request) => units.getUnit(request.serviceContext(), request.params.id),
  );

  app.post(
    '/units',
    {
      schema: {
        tags: ['units'],
        summary: 'Create a unit (administrators of the parent subtree); honours Idempotency-Key',
        body: UnitCreateBody,
        response: { 201: Unit },
      },
    },
    async (request, reply) => {
      requireStaff(request);
      const result = await runIdempotent(request, database, 201, (ctx) => units.createUnit(ctx, request.body));
      return reply.status(result.status).send(result.body);
    },
  );

  app.patch(
    '/units/:id',
    { schema: { tags: ['units'], summary: 'Rename a unit or change its validity', params: IdParams, body: UnitUpdateBody, response: { 200: Unit } } },
    async (request) => {
      requireStaff(request);
      return units.updateUnit(request.serviceContext(), request.params.id, request.body);
    },
  );

  app.post(
    '/units/:id/successions',
    {
      schema: {
        tags: ['units'],
        summary: 'Record that another unit took this one over (reform)',
        params: IdParams,
        body: SuccessionBody,
        response: { 201: UnitDetail },
      },
    },
    async (request, reply) => {
      requireStaff(request);
      const result = await runIdempotent(request, database, 201, (ctx) =>
        units.recordSuccession(ctx, request.params.id, request.body),
      );
      return reply.status(result.status).send(result.body);
    },
  );

  app.get(
    '/agencies',
    { schema: { tags: ['agencies'], summary: 'List agencies', querystring: AgencyListQuery, response: { 200: AgencyPage } } },
    async (request) => units.listAgencies(request.serviceContext(), request.query),
  );

  app.get(
    '/agencies/:id',
    { schema: { tags: ['agencies'], summary: 'One agency', params: IdParams, response: { 200: Agency } } },
    async (request) => units.getAgency(request.serviceContext(), request.params.id),
  );

  app.post(
    '/agencies',
    {
      schema: {
        tags: ['agencies'],
        summary: 'Create an agency in a unit; honours Idempotency-Key',
        body: AgencyCreateBody,
        response: { 201: Agency },
      },
    },
    async (request, reply) => {
      requireStaff(request);
      const result = await runIdempotent(request, database, 201, (ctx) => units.createAgency(ctx, request.body));
      return reply.status(result.status).send(result.body);
    },
  );

  app.patch(
    '/agencies/:id',
    { schema: { tags: ['agencies'], summary: 'Change an agency', params: IdParams, body: AgencyUpdateBody, response: { 200: Agency } } },
    async (request) => {
      requireStaff(request);
      return units.updateAgency(request.serviceContext(), request.params.id, request.body);
    },
  );
};
