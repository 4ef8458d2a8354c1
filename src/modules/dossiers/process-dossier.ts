import { scopeCovers, scopeForRole } from '../../platform/auth/scope.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { loadActor } from '../people/sessions.ts';
import type { WorkflowStep } from '../procedures/workflow-model.ts';
import { localDay } from './deadlines.ts';
import type { TransitionDossierAction } from './dossier-model.ts';
import { leadsCurrentUnit, transitionsFor } from './dossiers.policy.ts';
import { type ActionHandler, type HandlerInput, actorUserId, draft, stepById, withCalendar } from './engine.ts';
import { stepDueFor } from './review-dossier.ts';
import { RoutingError, type StepPlacement, createRouter, pickAssignee } from './routing.ts';

/**
 * Moving a dossier through its workflow: forward and transfer (to the next step, at the same or another level),
 * return (back to an earlier step), consult (to another unit's opinion step) and reply (back to the step that
 * asked), approve and reject (a leader's decision); and assigning the current step to an officer.
 * Each move places the target step (routing.ts), assigns it (the officer named by the sender if eligible, the one
 * who held that step before, or round-robin) and gives it its due time from its duration.
 */

/** True when the account is a staff member holding the step's role over the place. */
async function isEligible(
  db: Queryable,
  userId: string,
  step: WorkflowStep,
  placement: StepPlacement,
): Promise<boolean> {
  const officer = await loadActor(db, userId);
  return (
    officer?.kind === 'user' &&
    officer.userKind === 'staff' &&
    scopeCovers(scopeForRole(officer, step.actor.role, 'dossiers.process'), placement)
  );
}

type MoveBody = {
  toStepId?: string | undefined;
  assigneeId?: string | undefined;
  note?: string | undefined;
  reasons?: string[];
};

/** Records a workflow transition of the current step. */
async function move(input: Omit<HandlerInput<'forward'>, 'body'>, action: TransitionDossierAction, body: MoveBody) {
  const { trx, loaded, now, calendar } = input;
  const { state, dossier, workflow } = loaded;
  const origin = state.consultOrigin;
  let target: WorkflowStep | null;
  if (action === 'reply' && origin) {
    target = stepById(workflow, origin.stepId);
  } else {
    const candidates = transitionsFor(loaded.facts, action);
    const chosen = body.toStepId ? candidates.filter((t) => t.to === body.toStepId) : candidates;
    if (chosen.length === 0) {
      throw new AppError('DOSSIER_ACTION_NOT_ALLOWED', {
        action,
        reason: 'workflow',
        status: state.status,
        stepId: state.stepId,
        allowedTargets: candidates.map((t) => t.to),
      });
    }
    if (chosen.length > 1) {
      throw new AppError('VALIDATION_FAILED', {
        issues: [{ path: 'body.toStepId', message: `choose one of ${chosen.map((t) => t.to).join(', ')}` }],
      });
    }
    target = stepById(workflow, chosen[0]?.to ?? null);
  }
  if (!target) {
    throw new Error(`the workflow of dossier ${dossier.id} leads to an unknown step`);
  }
  let placement: StepPlacement;
  if (action === 'reply' && origin) {
    placement = {
      unitId: origin.unitId,
      agencyId: origin.agencyId,
      unitAncestorIds: await unitAncestry(trx, dossier, origin.unitId),
    };
  } else {
    const router = createRouter(
      trx,
      { unitId: dossier.receiving_unit_id, agencyId: dossier.receiving_agency_id },
      localDay(now),
    );
    try {
      placement = await router.placeStep(target);
    } catch (error) {
      if (error instanceof RoutingError) {
        throw new AppError('DOSSIER_ACTION_NOT_ALLOWED', { action, reason: 'step_unresolvable', stepId: target.id });
      }
      throw error;
    }
  }
  let assigneeId: string | null;
  if (body.assigneeId) {
    if (!(await isEligible(trx, body.assigneeId, target, placement))) {
      throw new AppError('VALIDATION_FAILED', {
        issues: [{ path: 'body.assigneeId', message: 'not an officer of the next step' }],
      });
    }
    assigneeId = body.assigneeId;
  } else {
    const previous = action === 'reply' ? origin?.assigneeId : state.lastAssigneeByStep[target.id];
    assigneeId = await pickAssignee(trx, target, placement, [previous]);
  }
  const stepDueAt =
    action === 'reply' && origin
      ? (origin.stepDueAt?.toISOString() ?? null)
      : (withCalendar(() => stepDueFor(calendar, target, now, state.dueAt))?.toISOString() ?? null);
  const routing = { stepKind: target.kind, stepDueAt };
  const fields = {
    note: body.note ?? null,
    unitId: state.unitId,
    agencyId: state.agencyId,
    fromStepId: state.stepId,
    toStepId: target.id,
    toUnitId: placement.unitId,
    toAgencyId: placement.agencyId,
    assigneeId,
  };
  if (action === 'reject') {
    return { draft: draft('reject', { ...routing, reasons: body.reasons ?? [] }, fields) };
  }
  return { draft: draft(action, routing, fields) };
}

/** The ancestry of a unit the dossier was at (the reply goes back there). */
async function unitAncestry(db: Queryable, dossier: { receiving_unit_id: string }, unitId: string): Promise<string[]> {
  const row = await db.selectFrom('units').select('ancestor_ids').where('id', '=', unitId).executeTakeFirst();
  return row?.ancestor_ids ?? [dossier.receiving_unit_id];
}

export const forward: ActionHandler<'forward'> = (input) => move(input, 'forward', input.body);
export const transfer: ActionHandler<'transfer'> = (input) => move(input, 'transfer', input.body);
export const returnBack: ActionHandler<'return'> = (input) => move(input, 'return', input.body);
export const consult: ActionHandler<'consult'> = (input) => move(input, 'consult', input.body);
export const reply: ActionHandler<'reply'> = (input) => move(input, 'reply', input.body);
export const approve: ActionHandler<'approve'> = (input) => move(input, 'approve', input.body);
export const reject: ActionHandler<'reject'> = (input) => move(input, 'reject', input.body);

export const assign: ActionHandler<'assign'> = async ({ trx, ctx, loaded, body }) => {
  const { state, facts } = loaded;
  const step = facts.step;
  if (!step) {
    throw new AppError('DOSSIER_ACTION_NOT_ALLOWED', { action: 'assign', reason: 'no_step', status: state.status });
  }
  // Holders of the step may only take it themselves; handing it to someone else is a leader's call.
  if (!leadsCurrentUnit(ctx.actor, facts) && body.assigneeId !== actorUserId(ctx.actor)) {
    throw new AppError('FORBIDDEN');
  }
  const placement = { unitId: state.unitId, agencyId: state.agencyId, unitAncestorIds: facts.current.unitAncestorIds };
  if (!(await isEligible(trx, body.assigneeId, step, placement))) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ path: 'body.assigneeId', message: 'not an officer of the current step' }],
    });
  }
  return {
    draft: draft(
      'assign',
      {},
      { note: body.note ?? null, unitId: state.unitId, agencyId: state.agencyId, assigneeId: body.assigneeId },
    ),
  };
};
