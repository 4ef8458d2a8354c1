import type { Actor } from '../../platform/auth/actor.ts';
import { scopeCovers, scopeCoversSubtree, scopeFor } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * Who may change the unit tree and agencies. Reading units and agencies is public: they are published
 * administrative facts. Refusals say FORBIDDEN only to staff who could see the thing anyway.
 */

/** Creating a unit under `parent` needs authority over the parent's whole subtree; a root unit needs the system. */
export function assertCanCreateUnit(actor: Actor, parentAncestorIds: readonly string[] | null): void {
  const scope = scopeFor(actor, 'units.manage');
  const allowed = parentAncestorIds === null ? scope.everywhere : scopeCoversSubtree(scope, parentAncestorIds);
  if (!allowed) {
    throw new AppError('FORBIDDEN');
  }
}

/** Changing a unit (its name, its validity) needs units.manage over it. */
export function assertCanManageUnit(actor: Actor, unitAncestorIds: readonly string[]): void {
  if (!scopeCovers(scopeFor(actor, 'units.manage'), { unitAncestorIds })) {
    throw new AppError('FORBIDDEN');
  }
}

/** Creating or changing an agency needs agencies.manage over its unit (or that agency). */
export function assertCanManageAgency(actor: Actor, unitAncestorIds: readonly string[], agencyId: string | null): void {
  if (!scopeCovers(scopeFor(actor, 'agencies.manage'), { unitAncestorIds, agencyId })) {
    throw new AppError('FORBIDDEN');
  }
}
