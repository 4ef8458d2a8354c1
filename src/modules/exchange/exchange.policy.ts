import type { Actor } from '../../platform/auth/actor.ts';
import { isEmptyScope, scopeFor } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * Peers and the address book are platform-wide settings: changing them needs `exchange.manage` over the whole
 * platform (the system, or an administrator holding it over a root unit, checked by the caller's scope covering
 * every unit — here: `everywhere` or a subtree grant on a province). Reading the exchange trace needs the permission
 * somewhere; the list is then filtered to the caller's units in SQL.
 */
export function assertCanManageExchange(actor: Actor, rootUnitIds: readonly string[]): void {
  const scope = scopeFor(actor, 'exchange.manage');
  if (scope.everywhere) return;
  if (!rootUnitIds.some((id) => scope.subtreeUnitIds.includes(id))) {
    throw new AppError('FORBIDDEN');
  }
}

export function assertCanReadExchange(actor: Actor): void {
  if (isEmptyScope(scopeFor(actor, 'exchange.manage'))) {
    throw new AppError('FORBIDDEN');
  }
}
