import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { type VersionRow, findParts } from '../procedures/procedures.repository.ts';
import type { Duration, WorkflowStep } from '../procedures/workflow-model.ts';
import { dueAfter, localDay, rebase, remainingAt, stepDueAfter } from './deadlines.ts';
import type { DossierState } from './derive-state.ts';
import { isDesk } from './dossiers.policy.ts';
import * as partsRepo from './dossier-parts.repository.ts';
import { componentIssues, throwIssues } from './intake.ts';
import { type ActionHandler, actorUserId, draft, stepById, withCalendar } from './engine.ts';
import { createRouter, pickAssignee } from './routing.ts';

/**
 * The desk's review (NĐ 61/2018 Art. 15–16): accept a complete dossier (receipt with the appointment), ask for
 * everything missing at once, or refuse with reasons; and the applicant's supplement, after which the dossier comes
 * back where it was and, when the clock had started, the due times are re-based on what remained.
 */

/** The legal deadline of a version. */
export function deadlineOf(version: Pick<VersionRow, 'deadline_working_days' | 'deadline_working_hours'>): Duration {
  return version.deadline_working_days !== null
    ? { workingDays: version.deadline_working_days }
    : { workingHours: version.deadline_working_hours ?? 0 };
}

/** Due time of a step entered at `at`; an end step keeps the dossier's own due time. */
export function stepDueFor(
  calendar: WorkingCalendar,
  step: WorkflowStep,
  at: Date,
  dossierDue: Date | null,
): Date | null {
  if (step.kind === 'end') {
    return dossierDue;
  }
  return stepDueAfter(calendar, at, step.duration);
}

/** The due times set when the desk accepts a dossier (or takes it at the counter) at `at`. */
export function acceptanceTimes(calendar: WorkingCalendar, version: VersionRow, startStep: WorkflowStep, at: Date) {
  return withCalendar(() => {
    const dueAt = dueAfter(calendar, at, deadlineOf(version));
    return {
      dueAt: dueAt.toISOString(),
      stepDueAt: stepDueFor(calendar, startStep, at, dueAt)?.toISOString() ?? null,
      calendarVersion: calendar.version,
    };
  });
}

/**
 * The due times when a stopped clock restarts at `at`: what remained of the dossier's time (in its deadline's unit)
 * and of the step's (in working minutes) when it stopped, counted again from now. Nulls when the clock had not
 * started (review before acceptance).
 */
export function restartTimes(calendar: WorkingCalendar, state: DossierState, version: VersionRow, at: Date) {
  if (state.pausedAt === null || state.dueAt === null) {
    return { dueAt: null, stepDueAt: null, calendarVersion: null };
  }
  const stoppedAt = state.pausedAt;
  const inDays = version.deadline_working_days !== null;
  return withCalendar(() => ({
    dueAt: rebase(calendar, at, remainingAt(calendar, stoppedAt, state.dueAt as Date, inDays)).toISOString(),
    stepDueAt:
      state.stepDueAt === null
        ? null
        : rebase(calendar, at, remainingAt(calendar, stoppedAt, state.stepDueAt, false)).toISOString(),
    calendarVersion: calendar.version,
  }));
}

export const accept: ActionHandler<'accept'> = async ({ trx, ctx, loaded, body, now, calendar }) => {
  const start = stepById(loaded.workflow, loaded.workflow.start);
  if (!start) {
    throw new Error('the workflow has no start step');
  }
  const { dossier } = loaded;
  const router = createRouter(
    trx,
    { unitId: dossier.receiving_unit_id, agencyId: dossier.receiving_agency_id },
    localDay(now),
  );
  const placement = await router.placeStep(start);
  const times = acceptanceTimes(calendar, loaded.version, start, now);
  // The officer who accepted keeps the dossier at the desk's step until forwarding it.
  const assigneeId = await pickAssignee(trx, start, placement, [actorUserId(ctx.actor)]);
  return {
    draft: draft(
      'accept',
      { startStepId: start.id, ...times, feesPaid: body.feesPaid },
      {
        note: body.note ?? null,
        unitId: dossier.receiving_unit_id,
        agencyId: dossier.receiving_agency_id,
        toStepId: start.id,
        toUnitId: placement.unitId,
        toAgencyId: placement.agencyId,
        assigneeId,
      },
    ),
    alsoWrite: body.feesPaid
      ? () => partsRepo.markFeesPaidAtCounter(trx, dossier.id, now, actorUserId(ctx.actor))
      : undefined,
  };
};

export const requestSupplement: ActionHandler<'request_supplement'> = async ({ loaded, body }) => {
  const { state } = loaded;
  return {
    draft: draft(
      'request_supplement',
      { phase: state.receivedAt === null ? 'reception' : 'processing', items: body.items },
      { note: body.note ?? null, unitId: state.unitId, agencyId: state.agencyId, fromStepId: state.stepId },
    ),
  };
};

export const refuse: ActionHandler<'refuse'> = async ({ loaded, body }) => ({
  draft: draft(
    'refuse',
    { reasons: body.reasons },
    { note: body.note ?? null, unitId: loaded.dossier.receiving_unit_id, agencyId: loaded.dossier.receiving_agency_id },
  ),
});

export const supply: ActionHandler<'supply'> = async ({ trx, ctx, loaded, body, now, calendar, files }) => {
  const parts = await findParts(trx, loaded.dossier.procedure_id, loaded.dossier.procedure_version);
  throwIssues(componentIssues(body.components, parts.components, { requireAll: false }));
  const byDesk = ctx.actor.kind === 'user' && ctx.actor.userKind === 'staff' && isDesk(ctx.actor, loaded.facts);
  return {
    draft: draft('supply', restartTimes(calendar, loaded.state, loaded.version, now), {
      note: body.note ?? null,
      unitId: byDesk ? loaded.dossier.receiving_unit_id : null,
      agencyId: byDesk ? loaded.dossier.receiving_agency_id : null,
      fromStepId: loaded.state.stepId,
    }),
    files: { kind: 'supplement', items: files },
  };
};
