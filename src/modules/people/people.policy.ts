import type { Actor } from '../../platform/auth/actor.ts';
import { ROLE_DEFINITIONS, type Role } from '../../platform/auth/permissions.ts';
import { isEmptyScope, scopeCovers, scopeCoversSubtree, scopeFor } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * Who may see and change staff accounts and their roles. Pure functions over the actor's grants and where the
 * thing sits in the unit tree, so they can be property-tested without a database.
 *
 * A staff account is placed at its home unit. Agency-only grants do not reach accounts (an account belongs to a
 * unit, not to one of its agencies). An account the caller may not even read is answered NOT_FOUND, so a refusal
 * never confirms that it exists; one it may read but not change is FORBIDDEN.
 */

/** Where an account lives: its home unit's ancestry, root first and the unit itself last; [] when it has none. */
export type AccountPlacement = { unitAncestorIds: readonly string[] };

/** Where a role grant applies. */
export type GrantPlacement = { unitAncestorIds: readonly string[]; agencyId: string | null; includesSubUnits: boolean };

/** True when the actor may see the account. */
export function canReadUser(actor: Actor, account: AccountPlacement): boolean {
  return scopeCovers(scopeFor(actor, 'users.read'), account);
}

/** True when the actor may change, disable or unlock the account. */
export function canManageUser(actor: Actor, account: AccountPlacement): boolean {
  return scopeCovers(scopeFor(actor, 'users.manage'), account);
}

/** True when the actor may grant or revoke a role placed so (not considering whom it is for). */
export function canManageGrant(actor: Actor, grant: GrantPlacement): boolean {
  const scope = scopeFor(actor, 'roles.manage');
  if (!scopeCovers(scope, { unitAncestorIds: grant.unitAncestorIds, agencyId: grant.agencyId })) {
    return false;
  }
  // A grant reaching the units below needs authority over that whole subtree, or it would hand out more than
  // the granter holds.
  return !grant.includesSubUnits || scopeCoversSubtree(scope, grant.unitAncestorIds);
}

/** Listing accounts needs users.read somewhere. @throws FORBIDDEN */
export function assertCanListUsers(actor: Actor): void {
  if (isEmptyScope(scopeFor(actor, 'users.read'))) {
    throw new AppError('FORBIDDEN');
  }
}

/** @throws NOT_FOUND when the account lies outside the caller's users.read scope */
export function assertCanReadUser(actor: Actor, account: AccountPlacement): void {
  if (!canReadUser(actor, account)) {
    throw new AppError('NOT_FOUND', { subject: 'user' });
  }
}

/** @throws NOT_FOUND when the caller cannot see the account; FORBIDDEN when it may see but not change it */
export function assertCanManageUser(actor: Actor, account: AccountPlacement): void {
  assertCanReadUser(actor, account);
  if (!canManageUser(actor, account)) {
    throw new AppError('FORBIDDEN');
  }
}

/** Creating a staff account in a unit needs users.manage over that unit. @throws FORBIDDEN */
export function assertCanCreateStaff(actor: Actor, unitAncestorIds: readonly string[]): void {
  if (!canManageUser(actor, { unitAncestorIds })) {
    throw new AppError('FORBIDDEN');
  }
}

/**
 * Granting or revoking a role of `targetUserId`: the caller must see the account, must not be its holder (nobody
 * raises or trims their own authority), and must hold roles.manage where the grant applies.
 * @throws NOT_FOUND, FORBIDDEN
 */
export function assertCanChangeGrant(
  actor: Actor,
  target: { userId: string; placement: AccountPlacement },
  grant: GrantPlacement,
): void {
  assertCanReadUser(actor, target.placement);
  if (actor.kind === 'user' && actor.userId === target.userId) {
    throw new AppError('FORBIDDEN', { reason: 'ownGrants' });
  }
  if (!canManageGrant(actor, grant)) {
    throw new AppError('FORBIDDEN');
  }
}

/**
 * Whether a new grant reaches the units below: as asked, else the role's default. An agency grant never does —
 * an agency has no sub-units.
 * @throws VALIDATION_FAILED when sub-units are asked for an agency grant
 */
export function resolveIncludesSubUnits(role: Role, agencyId: string | null, asked: boolean | undefined): boolean {
  if (agencyId !== null) {
    if (asked === true) {
      throw new AppError('VALIDATION_FAILED', {
        issues: [{ path: 'body.includesSubUnits', message: 'an agency grant cannot include sub-units' }],
      });
    }
    return false;
  }
  return asked ?? ROLE_DEFINITIONS[role].inheritsByDefault;
}

/** The signed-in account behind the actor. @throws UNAUTHENTICATED for anonymous callers and the system */
export function assertSignedIn(actor: Actor): Extract<Actor, { kind: 'user' }> {
  if (actor.kind !== 'user') {
    throw new AppError('UNAUTHENTICATED');
  }
  return actor;
}
