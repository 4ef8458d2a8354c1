import type { Actor } from './actor.ts';
import { type Permission, type Role, roleAllows } from './permissions.ts';

/**
 * Where an actor may exercise one permission, as sets the database can filter by:
 * - `subtreeUnitIds`: these units and everything below them;
 * - `unitIds`: these units only;
 * - `agencyIds`: only these agencies (of a unit).
 * `everywhere` is the system actor.
 */
export type Scope = {
  everywhere: boolean;
  subtreeUnitIds: readonly string[];
  unitIds: readonly string[];
  agencyIds: readonly string[];
};

export const EMPTY_SCOPE: Scope = { everywhere: false, subtreeUnitIds: [], unitIds: [], agencyIds: [] };

/** The scope in which `actor` holds `permission`. Citizens and anonymous callers hold no staff permission. */
export function scopeFor(actor: Actor, permission: Permission): Scope {
  return scopeOfGrants(actor, permission, null);
}

/**
 * Where `actor` holds `permission` through grants of one role only: a workflow step names the role that works it,
 * so a leader's grant does not make its holder the specialist of that step.
 */
export function scopeForRole(actor: Actor, role: Role, permission: Permission): Scope {
  return scopeOfGrants(actor, permission, role);
}

function scopeOfGrants(actor: Actor, permission: Permission, role: Role | null): Scope {
  if (actor.kind === 'system') {
    return { ...EMPTY_SCOPE, everywhere: true };
  }
  if (actor.kind !== 'user' || actor.userKind !== 'staff') {
    return EMPTY_SCOPE;
  }
  const subtree = new Set<string>();
  const units = new Set<string>();
  const agencies = new Set<string>();
  for (const grant of actor.grants) {
    if ((role !== null && grant.role !== role) || !roleAllows(grant.role, permission)) {
      continue;
    }
    if (grant.agencyId) {
      agencies.add(grant.agencyId);
    } else if (grant.includesSubUnits) {
      subtree.add(grant.unitId);
    } else {
      units.add(grant.unitId);
    }
  }
  return { everywhere: false, subtreeUnitIds: [...subtree], unitIds: [...units], agencyIds: [...agencies] };
}

/** True when the scope grants nothing at all. */
export function isEmptyScope(scope: Scope): boolean {
  return (
    !scope.everywhere && scope.subtreeUnitIds.length === 0 && scope.unitIds.length === 0 && scope.agencyIds.length === 0
  );
}

/** Where a thing lives: its unit's ancestry (root first, the unit itself last) and, if any, its agency. */
export type Placement = { unitAncestorIds: readonly string[]; agencyId?: string | null };

/**
 * True when the scope covers a thing placed at `placement`. A unit-wide grant covers every agency of the unit;
 * an agency grant covers only things of that agency.
 */
export function scopeCovers(scope: Scope, placement: Placement): boolean {
  if (scope.everywhere) {
    return true;
  }
  const unitId = placement.unitAncestorIds[placement.unitAncestorIds.length - 1];
  if (unitId === undefined) {
    return false;
  }
  if (scope.unitIds.includes(unitId)) {
    return true;
  }
  if (placement.unitAncestorIds.some((id) => scope.subtreeUnitIds.includes(id))) {
    return true;
  }
  return placement.agencyId != null && scope.agencyIds.includes(placement.agencyId);
}

/** True when the scope covers the whole subtree under a unit (needed to grant a role that includes sub-units). */
export function scopeCoversSubtree(scope: Scope, unitAncestorIds: readonly string[]): boolean {
  return scope.everywhere || unitAncestorIds.some((id) => scope.subtreeUnitIds.includes(id));
}
