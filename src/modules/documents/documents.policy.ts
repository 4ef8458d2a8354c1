import type { Actor } from '../../platform/auth/actor.ts';
import type { Permission } from '../../platform/auth/permissions.ts';
import { type Placement, scopeCovers, scopeFor } from '../../platform/auth/scope.ts';
import type { ErrorCode } from '../../platform/errors.ts';
import {
  type AssignmentRole,
  type IncomingFollowUpAction,
  type IncomingStatus,
  type OutgoingFollowUpAction,
  type OutgoingStatus,
  incomingActionsIn,
  nextIncomingStatus,
  nextOutgoingStatus,
  outgoingActionsIn,
} from './document-model.ts';

/**
 * Who may see a document and who may take which action on it. Pure: the facts are loaded by the caller.
 *
 * - An outgoing document belongs to its issuing agency and its drafting unit: staff whose `documents.read` scope
 *   covers either see it; once released, internal units it was sent to for information see it too.
 * - An incoming document belongs to the receiving agency; those assigned to handle it (an officer, or a unit in
 *   the reader's scope) see it too.
 * - Out of sight answers NOT_FOUND; in sight but not theirs to do, FORBIDDEN; not possible in the status,
 *   DOCUMENT_ACTION_NOT_ALLOWED.
 */

export type Refusal = { code: ErrorCode; details: Record<string, unknown> };

const FORBIDDEN: Refusal = { code: 'FORBIDDEN', details: {} };

function covers(actor: Actor, permission: Permission, placement: Placement): boolean {
  return scopeCovers(scopeFor(actor, permission), placement);
}

function isStaff(actor: Actor): boolean {
  return actor.kind === 'system' || (actor.kind === 'user' && actor.userKind === 'staff');
}

function userIdOf(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.userId : null;
}

export type OutgoingFacts = {
  status: OutgoingStatus;
  issuer: Placement;
  drafting: Placement;
  /** Internal units the document was sent to for information. */
  internalRecipients: readonly Placement[];
  intendedSignerId: string | null;
};

/** Whether the actor may see the outgoing document at all. */
export function canReadOutgoing(actor: Actor, facts: OutgoingFacts): boolean {
  if (!isStaff(actor)) return false;
  if (covers(actor, 'documents.read', facts.issuer) || covers(actor, 'documents.read', facts.drafting)) return true;
  return facts.status === 'released' && facts.internalRecipients.some((p) => covers(actor, 'documents.read', p));
}

/** Whether the actor may draft a document for the issuer through the drafting unit. */
export function canDraftFor(actor: Actor, issuer: Placement, drafting: Placement): boolean {
  return covers(actor, 'documents.draft', issuer) || covers(actor, 'documents.draft', drafting);
}

/** Why the actor may not take `action` on the outgoing document now, or null when they may. */
export function outgoingRefusal(actor: Actor, action: OutgoingFollowUpAction, facts: OutgoingFacts): Refusal | null {
  if (nextOutgoingStatus(facts.status, action) === null) {
    return {
      code: 'DOCUMENT_ACTION_NOT_ALLOWED',
      details: { action, reason: 'status', status: facts.status, allowed: outgoingActionsIn(facts.status) },
    };
  }
  return mayActOnOutgoing(actor, action, facts) ? null : FORBIDDEN;
}

function mayActOnOutgoing(actor: Actor, action: OutgoingFollowUpAction, facts: OutgoingFacts): boolean {
  switch (action) {
    case 'revise':
    case 'submit':
    case 'cancel':
      return canDraftFor(actor, facts.issuer, facts.drafting);
    case 'review':
      return covers(actor, 'documents.review', facts.issuer) || covers(actor, 'documents.review', facts.drafting);
    case 'return':
      return (
        covers(actor, 'documents.review', facts.issuer) ||
        covers(actor, 'documents.review', facts.drafting) ||
        covers(actor, 'documents.approve', facts.issuer)
      );
    case 'approve':
      return covers(actor, 'documents.approve', facts.issuer);
    case 'sign':
      // The leader named as the signer signs; without one, any leader of the issuer may.
      return (
        covers(actor, 'documents.approve', facts.issuer) &&
        (facts.intendedSignerId === null || facts.intendedSignerId === userIdOf(actor) || actor.kind === 'system')
      );
    case 'number':
    case 'release':
      return covers(actor, 'documents.register', facts.issuer);
  }
}

/** The actions the actor may take now (for the detail view). */
export function outgoingActionsFor(actor: Actor, facts: OutgoingFacts): OutgoingFollowUpAction[] {
  return outgoingActionsIn(facts.status).filter((a) => outgoingRefusal(actor, a, facts) === null);
}

export type AssignmentFact = { role: AssignmentRole; placement: Placement | null; userId: string | null };

export type IncomingFacts = {
  status: IncomingStatus;
  receiving: Placement;
  /** The current handling assignment. */
  assignments: readonly AssignmentFact[];
};

function isAssigned(actor: Actor, facts: IncomingFacts, roles: readonly AssignmentRole[], permission: Permission) {
  const userId = userIdOf(actor);
  return facts.assignments.some(
    (a) =>
      roles.includes(a.role) &&
      ((userId !== null && a.userId === userId) || (a.placement !== null && covers(actor, permission, a.placement))),
  );
}

/** Whether the actor may see the incoming document at all. */
export function canReadIncoming(actor: Actor, facts: IncomingFacts): boolean {
  if (!isStaff(actor)) return false;
  if (covers(actor, 'documents.read', facts.receiving)) return true;
  return isAssigned(actor, facts, ['lead', 'coordinate', 'inform'], 'documents.read');
}

/** Why the actor may not take `action` on the incoming document now, or null when they may. */
export function incomingRefusal(actor: Actor, action: IncomingFollowUpAction, facts: IncomingFacts): Refusal | null {
  if (nextIncomingStatus(facts.status, action) === null) {
    return {
      code: 'DOCUMENT_ACTION_NOT_ALLOWED',
      details: { action, reason: 'status', status: facts.status, allowed: incomingActionsIn(facts.status) },
    };
  }
  return mayActOnIncoming(actor, action, facts) ? null : FORBIDDEN;
}

function mayActOnIncoming(actor: Actor, action: IncomingFollowUpAction, facts: IncomingFacts): boolean {
  switch (action) {
    case 'register':
    case 'refuse':
    case 'present':
      return covers(actor, 'documents.register', facts.receiving);
    case 'assign':
      return covers(actor, 'documents.assign', facts.receiving);
    case 'record_progress':
      return isAssigned(actor, facts, ['lead', 'coordinate'], 'documents.handle');
    case 'complete':
      // The lead handler completes; the leader who assigned may close it too.
      return (
        isAssigned(actor, facts, ['lead'], 'documents.handle') || covers(actor, 'documents.assign', facts.receiving)
      );
  }
}

/** The actions the actor may take now (for the detail view). */
export function incomingActionsFor(actor: Actor, facts: IncomingFacts): IncomingFollowUpAction[] {
  return incomingActionsIn(facts.status).filter((a) => incomingRefusal(actor, a, facts) === null);
}
