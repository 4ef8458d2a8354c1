import { type SqlBool, sql } from 'kysely';
import type { Actor } from '../../platform/auth/actor.ts';
import { isEmptyScope, scopeCovers, scopeFor } from '../../platform/auth/scope.ts';
import { inScope } from '../../platform/db/scope-filter.ts';

/**
 * Who may pay and who may see payments. Pure, except for the SQL condition lists filter by.
 *
 * - Paying online is the applicant's own act: only the account the dossier belongs to starts a payment.
 * - The payer (and the dossier's applicant) sees the payment and its receipt.
 * - Staff see payments of dossiers received in their `payments.read` scope (the collecting desk and those above
 *   it), as they reconcile the desk's takings with the gateway.
 * - Everyone else gets NOT_FOUND: a payment's existence is not revealed.
 */

/** True for the applicant's own account (never staff acting for them). */
export function canPayFor(actor: Actor, dossier: { applicant_user_id: string | null }): boolean {
  return actor.kind === 'user' && actor.userKind !== 'staff' && actor.userId === dossier.applicant_user_id;
}

export type PaymentPlacement = {
  payer_user_id: string;
  applicant_user_id: string | null;
  unit_ancestor_ids: readonly string[];
  agency_id: string;
};

/** Whether the actor may see one payment. */
export function canReadPayment(actor: Actor, payment: PaymentPlacement): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user') return false;
  if (actor.userKind !== 'staff') {
    return actor.userId === payment.payer_user_id || actor.userId === payment.applicant_user_id;
  }
  return scopeCovers(scopeFor(actor, 'payments.read'), {
    unitAncestorIds: payment.unit_ancestor_ids,
    agencyId: payment.agency_id,
  });
}

/** True when the actor may reconcile payments somewhere (staff holding `payments.read`). */
export function mayReconcile(actor: Actor): boolean {
  return actor.kind === 'system' || !isEmptyScope(scopeFor(actor, 'payments.read'));
}

/** The SQL condition (over `p`, the payments row) of the payments the actor's lists show. */
export function visiblePayments(actor: Actor) {
  if (actor.kind === 'system') return sql<SqlBool>`true`;
  if (actor.kind !== 'user' || actor.userKind !== 'staff') return sql<SqlBool>`false`;
  return inScope(scopeFor(actor, 'payments.read'), 'p.unit_id', 'p.agency_id');
}
