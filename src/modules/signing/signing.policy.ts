import type { Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * Checking signatures is a desk tool for officers (received documents, dossier files). It reads nothing of the
 * tenant and writes nothing, so any staff member may use it; citizens get it later through the public portal's
 * own, rate-limited lookup.
 * @throws UNAUTHENTICATED, FORBIDDEN
 */
export function assertCanVerifySignatures(actor: Actor): void {
  if (actor.kind === 'system') return;
  if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED');
  if (actor.userKind !== 'staff') throw new AppError('FORBIDDEN');
}
