import type { Actor } from '../../platform/auth/actor.ts';
import type { Permission } from '../../platform/auth/permissions.ts';
import { type Placement, scopeCovers, scopeFor, scopeForRole } from '../../platform/auth/scope.ts';
import type { ErrorCode } from '../../platform/errors.ts';
import type { Transition, WorkflowStep } from '../procedures/workflow-model.ts';
import type { DossierState } from './derive-state.ts';
import {
  ALLOWED_ACTIONS_BY_STATUS,
  type DossierFollowUpAction,
  TRANSITION_DOSSIER_ACTIONS,
  type TransitionDossierAction,
  statusAllows,
} from './dossier-model.ts';

/**
 * Who may see a dossier and who may take which action on it. Pure: the facts are loaded by the caller.
 *
 * - Applicants see and act on their own dossiers only (the account that submitted, or that the desk linked).
 * - Staff see dossiers placed in their `dossiers.read` scope: where the dossier is now, the desk that received it
 *   (it answers the applicant and returns the result), or a place it has passed through.
 * - A workflow step is worked by holders of the step's ROLE whose grant covers the step's unit (or agency):
 *   a leader's grant does not make its holder the specialist of a step.
 * - Out of sight answers NOT_FOUND (existence is not revealed); in sight but not theirs to do, FORBIDDEN; not
 *   possible in the dossier's status or step, DOSSIER_ACTION_NOT_ALLOWED.
 */

export type DossierFacts = {
  state: DossierState;
  applicantUserId: string | null;
  receiving: Placement;
  current: Placement;
  /** Every place the dossier has been at (from its log). */
  visited: readonly Placement[];
  /** The workflow step the dossier is at, when it is at one. */
  step: WorkflowStep | null;
  now: Date;
};

export type Refusal = { code: ErrorCode; details: Record<string, unknown> };

const isTransition = (action: string): action is TransitionDossierAction =>
  (TRANSITION_DOSSIER_ACTIONS as readonly string[]).includes(action);

/** True for the applicant of the dossier (and for the platform itself). */
export function isApplicant(actor: Actor, facts: Pick<DossierFacts, 'applicantUserId'>): boolean {
  if (actor.kind === 'system') return true;
  return actor.kind === 'user' && actor.userKind !== 'staff' && actor.userId === facts.applicantUserId;
}

/** True for a one-stop officer of the desk that received the dossier. */
export function isDesk(actor: Actor, facts: Pick<DossierFacts, 'receiving'>): boolean {
  return scopeCovers(scopeForRole(actor, 'one_stop_officer', 'dossiers.receive'), facts.receiving);
}

/** True for a holder of the current step's role whose grant covers where the dossier is. */
export function holdsStep(
  actor: Actor,
  facts: Pick<DossierFacts, 'step' | 'current'>,
  permission: Permission,
): boolean {
  return facts.step !== null && scopeCovers(scopeForRole(actor, facts.step.actor.role, permission), facts.current);
}

/** True for a leader over where the dossier is (may assign its work). */
export function leadsCurrentUnit(actor: Actor, facts: Pick<DossierFacts, 'current'>): boolean {
  return scopeCovers(scopeFor(actor, 'dossiers.assign'), facts.current);
}

/**
 * Whether the actor may see the dossier at all. Staff see it where it is now, at the desk that received it, and in
 * every unit it has passed through: a unit keeps sight of what it handled (its own register, questions from the
 * applicant), and an officer still sees the dossier they just sent on.
 */
export function canReadDossier(
  actor: Actor,
  facts: Pick<DossierFacts, 'applicantUserId' | 'receiving' | 'current' | 'visited'>,
): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user') return false;
  if (actor.userKind !== 'staff') return actor.userId === facts.applicantUserId;
  const scope = scopeFor(actor, 'dossiers.read');
  return (
    scopeCovers(scope, facts.current) ||
    scopeCovers(scope, facts.receiving) ||
    facts.visited.some((place) => scopeCovers(scope, place))
  );
}

/** The workflow transitions of this kind that leave the current step. */
export function transitionsFor(facts: Pick<DossierFacts, 'step'>, action: TransitionDossierAction): Transition[] {
  return (facts.step?.transitions ?? []).filter((t) => t.action === action);
}

function notAllowed(facts: DossierFacts, action: string, reason: string): Refusal {
  const { status, stepId } = facts.state;
  return {
    code: 'DOSSIER_ACTION_NOT_ALLOWED',
    details: { action, reason, status, stepId, allowed: ALLOWED_ACTIONS_BY_STATUS[status] },
  };
}

const FORBIDDEN: Refusal = { code: 'FORBIDDEN', details: {} };

/**
 * Why the actor may not take `action` now, or null when they may. Checks, in order: the status table, the
 * workflow and the dossier's own rules (one supplement request per phase, apology before the due time, one
 * rating), then who the actor is. Details that depend on the request body (the target step, the assignee, the
 * new date) are checked by the use case.
 */
export function refusalFor(actor: Actor, action: DossierFollowUpAction, facts: DossierFacts): Refusal | null {
  const state = facts.state;
  if (!statusAllows(state.status, action)) {
    return notAllowed(facts, action, 'status');
  }
  if (isTransition(action)) {
    if (action === 'reply' ? state.consultOrigin === null : transitionsFor(facts, action).length === 0) {
      return notAllowed(facts, action, 'workflow');
    }
  }
  if (action === 'request_supplement') {
    const phase = state.receivedAt === null ? 'reception' : 'processing';
    if (state.supplementRequests[phase] > 0) {
      return notAllowed(facts, action, 'supplement_already_requested');
    }
  }
  if (action === 'apologize' && (state.dueAt === null || facts.now.getTime() >= state.dueAt.getTime())) {
    return notAllowed(facts, action, 'due_time_passed');
  }
  if (action === 'rate' && state.rating !== null) {
    return notAllowed(facts, action, 'already_rated');
  }
  return mayAct(actor, action, facts) ? null : FORBIDDEN;
}

function mayAct(actor: Actor, action: DossierFollowUpAction, facts: DossierFacts): boolean {
  switch (action) {
    case 'accept':
    case 'refuse':
      return isDesk(actor, facts);
    case 'request_supplement':
      return facts.state.receivedAt === null
        ? isDesk(actor, facts)
        : holdsStep(actor, facts, 'dossiers.process') || leadsCurrentUnit(actor, facts);
    case 'supply':
    case 'withdraw':
      return isApplicant(actor, facts) || isDesk(actor, facts);
    case 'assign':
      // A leader assigns anyone eligible; a holder of the step may take it for themselves (checked with the body).
      return leadsCurrentUnit(actor, facts) || holdsStep(actor, facts, 'dossiers.process');
    case 'forward':
    case 'transfer':
    case 'return':
    case 'consult':
    case 'reply':
    case 'register_result':
    case 'return_result':
      return holdsStep(actor, facts, 'dossiers.process');
    case 'approve':
    case 'reject':
      return holdsStep(actor, facts, 'dossiers.approve');
    case 'suspend':
    case 'resume':
    case 'apologize':
      return holdsStep(actor, facts, 'dossiers.process') || leadsCurrentUnit(actor, facts);
    case 'rate':
      return isApplicant(actor, facts);
    case 'reform_move':
      // Recorded only by the reform command as the system; nobody takes it through the API.
      return false;
  }
}
