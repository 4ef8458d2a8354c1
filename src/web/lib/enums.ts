/**
 * Enumerations the pages offer in select boxes. They mirror the zod schemas (which stay on the server side of
 * the bundle boundary); the compiler checks they match.
 */
import type { TProcedureSummary } from '../../modules/procedures/procedures.schema.ts';
import type { TAgency, TUnit } from '../../modules/units/units.schema.ts';
import { ROLES, type Role } from '../../platform/auth/permissions.ts';

export const UNIT_KINDS = [
  'province',
  'municipality',
  'city',
  'district',
  'town',
  'commune',
  'ward',
  'township',
  'special_zone',
] as const satisfies readonly TUnit['kind'][];

export const AGENCY_KINDS = [
  'people_committee',
  'department',
  'office',
  'one_stop',
  'public_service_center',
  'other',
] as const satisfies readonly TAgency['kind'][];

/** Roles, from the (pure) permissions table. */
export const ROLE_NAMES: readonly Role[] = ROLES;

type Exhaustive<A extends readonly string[], U extends string> = [U] extends [A[number]] ? true : false;
// Fails to compile when a schema gains a value these lists lack.
export const enumsComplete: [
  Exhaustive<typeof UNIT_KINDS, TUnit['kind']>,
  Exhaustive<typeof AGENCY_KINDS, TAgency['kind']>,
] = [true, true];

/** How far a procedure is offered online (procedure versions' onlineLevel). */
export const ONLINE_LEVELS = ['full', 'partial', 'none'] as const satisfies readonly TProcedureSummary['onlineLevel'][];
