import type { Actor } from '../../platform/auth/actor.ts';
import { scopeCoversSubtree, scopeFor } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * Who may change the procedure catalogue. Reading published procedures is public: they are published
 * administrative facts. Changing one needs procedures.manage over the whole subtree of the publishing province,
 * because a procedure binds every commune below it; a commune administrator manages none.
 */

/** True when the actor manages the procedures published by the unit with these ancestors. */
export function canManageProcedures(actor: Actor, unitAncestorIds: readonly string[]): boolean {
  return scopeCoversSubtree(scopeFor(actor, 'procedures.manage'), unitAncestorIds);
}

/**
 * Refuses an actor who does not manage the procedures of the unit. A procedure the caller cannot read either (one
 * never published) answers NOT_FOUND, so its existence is not revealed.
 * @throws FORBIDDEN, NOT_FOUND
 */
export function assertCanManageProcedures(actor: Actor, unitAncestorIds: readonly string[], visible = true): void {
  if (!canManageProcedures(actor, unitAncestorIds)) {
    throw new AppError(visible ? 'FORBIDDEN' : 'NOT_FOUND', visible ? {} : { subject: 'procedure' });
  }
}
