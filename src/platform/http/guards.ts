import type { FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import { AppError } from '../errors.ts';

/** The signed-in user behind the request. @throws AppError UNAUTHENTICATED for anonymous callers. */
export function requireUser(request: FastifyRequest): Extract<Actor, { kind: 'user' }> {
  const actor = request.actor;
  if (actor.kind !== 'user') {
    throw new AppError('UNAUTHENTICATED');
  }
  return actor;
}

/** The signed-in staff member behind the request. @throws UNAUTHENTICATED, FORBIDDEN */
export function requireStaff(request: FastifyRequest): Extract<Actor, { kind: 'user' }> {
  const actor = requireUser(request);
  if (actor.userKind !== 'staff') {
    throw new AppError('FORBIDDEN');
  }
  return actor;
}
