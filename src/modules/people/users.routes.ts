import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Platform } from '../../app.ts';
import { requireStaff } from '../../platform/http/guards.ts';
import { runIdempotent } from '../../platform/http/idempotency.ts';
import {
  GrantBody,
  GrantList,
  GrantParams,
  IdParams,
  RoleGrant,
  StaffUser,
  UserCreateBody,
  UserListQuery,
  UserPage,
  UserUpdateBody,
} from './people.schema.ts';
import * as roles from './roles.service.ts';
import * as users from './users.service.ts';

/** Staff accounts and their roles, administered within the caller's units. */
export const userRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: "Staff accounts of the caller's units",
        querystring: UserListQuery,
        response: { 200: UserPage },
      },
    },
    async (request) => {
      requireStaff(request);
      return users.listUsers(request.serviceContext(), request.query);
    },
  );

  app.get(
    '/users/:id',
    { schema: { tags: ['users'], summary: 'One staff account', params: IdParams, response: { 200: StaffUser } } },
    async (request) => {
      requireStaff(request);
      return users.getUser(request.serviceContext(), request.params.id);
    },
  );

  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a staff account (with a password, or a set-password link by e-mail); honours Idempotency-Key',
        body: UserCreateBody,
        response: { 201: StaffUser },
      },
    },
    async (request, reply) => {
      requireStaff(request);
      const result = await runIdempotent(request, platform.database, 201, (ctx) =>
        users.createUser(ctx, platform, request.body),
      );
      return reply.status(result.status).send(result.body);
    },
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change name, e-mail, phone or status (disabling ends its sessions)',
        params: IdParams,
        body: UserUpdateBody,
        response: { 200: StaffUser },
      },
    },
    async (request) => {
      requireStaff(request);
      return users.updateUser(request.serviceContext(), request.params.id, request.body);
    },
  );

  app.post(
    '/users/:id/unlock',
    { schema: { tags: ['users'], summary: 'Lift a sign-in lockout', params: IdParams, response: { 200: StaffUser } } },
    async (request) => {
      requireStaff(request);
      return users.unlockUser(request.serviceContext(), request.params.id);
    },
  );

  app.get(
    '/users/:id/roles',
    {
      schema: { tags: ['users'], summary: 'Roles of a staff account', params: IdParams, response: { 200: GrantList } },
    },
    async (request) => {
      requireStaff(request);
      return roles.listUserGrants(request.serviceContext(), request.params.id);
    },
  );

  app.post(
    '/users/:id/roles',
    {
      schema: {
        tags: ['users'],
        summary: 'Grant a role in a unit or one of its agencies; honours Idempotency-Key',
        params: IdParams,
        body: GrantBody,
        response: { 201: RoleGrant },
      },
    },
    async (request, reply) => {
      requireStaff(request);
      const result = await runIdempotent(request, platform.database, 201, (ctx) =>
        roles.grantRole(ctx, request.params.id, request.body),
      );
      return reply.status(result.status).send(result.body);
    },
  );

  app.delete(
    '/users/:id/roles/:grantId',
    { schema: { tags: ['users'], summary: 'Revoke a role', params: GrantParams } },
    async (request, reply) => {
      requireStaff(request);
      await roles.revokeRole(request.serviceContext(), request.params.id, request.params.grantId);
      return reply.status(204).send();
    },
  );
};
