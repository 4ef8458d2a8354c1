import type { Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * Who may fill in an online submission: a signed-in citizen or business, for themselves. Officers receive dossiers
 * at the counter (the dossier service refuses their online submissions too); a draft is its owner's alone, and
 * another's draft answers NOT_FOUND like an unknown one (checked in SQL by the repository).
 * @throws UNAUTHENTICATED (anonymous), FORBIDDEN (staff)
 */
export function assertMayDraft(actor: Actor): { userId: string; userKind: 'citizen' | 'business' } {
  if (actor.kind !== 'user') {
    throw new AppError('UNAUTHENTICATED');
  }
  if (actor.userKind === 'staff') {
    throw new AppError('FORBIDDEN');
  }
  return { userId: actor.userId, userKind: actor.userKind };
}
