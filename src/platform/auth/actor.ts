import type { Role } from './permissions.ts';

/** One role held by a staff member, within a unit or one agency of it. */
export type Grant = {
  role: Role;
  unitId: string;
  /** When set, the grant covers only this agency of the unit. */
  agencyId: string | null;
  includesSubUnits: boolean;
};

export type UserKind = 'staff' | 'citizen' | 'business';

/** Who is acting: every service function takes one and checks it first. */
export type Actor =
  | { kind: 'user'; userId: string; userKind: UserKind; fullName: string; grants: readonly Grant[] }
  | { kind: 'anonymous' }
  | { kind: 'system'; name: string };

export const ANONYMOUS: Actor = { kind: 'anonymous' };

/** The platform itself (seeding, jobs, CLI commands): allowed everything, and named in the audit trail. */
export function systemActor(name: string): Actor {
  return { kind: 'system', name };
}

/** Request facts the audit trail records with each change. */
export type RequestMeta = {
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
};

export const NO_REQUEST: RequestMeta = { requestId: null, ip: null, userAgent: null };
