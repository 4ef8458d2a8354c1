import type { Actor } from '../../platform/auth/actor.ts';
import { isEmptyScope, scopeFor } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * Who may do what in the exchange. Peers and the address book serve every agency of the platform, so changing them
 * needs `exchange.manage` over a whole tree: the system, or an administrator holding it on a root unit (a province)
 * with its sub-units. Reading the exchange trace needs the permission somewhere; lists are then filtered to the
 * caller's units in SQL, and a single message outside them is NOT_FOUND.
 */

/** @throws FORBIDDEN unless the actor manages the exchange over one of `rootUnitIds` (or is the system) */
export function assertCanManageExchange(actor: Actor, rootUnitIds: readonly string[]): void {
  const scope = scopeFor(actor, 'exchange.manage');
  if (scope.everywhere) return;
  if (!rootUnitIds.some((id) => scope.subtreeUnitIds.includes(id))) {
    throw new AppError('FORBIDDEN');
  }
}

/** @throws FORBIDDEN when the actor holds `exchange.manage` nowhere */
export function assertCanReadExchange(actor: Actor): void {
  if (isEmptyScope(scopeFor(actor, 'exchange.manage'))) {
    throw new AppError('FORBIDDEN');
  }
}
