import { AppError } from '../../platform/errors.ts';
import { endOfWorkingDay } from './deadlines.ts';
import { isApplicant } from './dossiers.policy.ts';
import { type ActionHandler, draft, withCalendar } from './engine.ts';
import { restartTimes } from './review-dossier.ts';

/**
 * The rest of a dossier's life: suspending and resuming processing (the clock stops and is re-based), withdrawal
 * by the applicant, the apology letter with a new appointment (Phiếu xin lỗi và hẹn lại ngày trả kết quả, Mẫu 04),
 * registering the result, returning it, and the applicant's rating.
 */

/** Where the actor acts from: the dossier's current place, or nowhere for the applicant. */
function actingPlace(loaded: Parameters<ActionHandler<'suspend'>>[0]['loaded'], applicant: boolean) {
  return applicant
    ? { unitId: null, agencyId: null }
    : { unitId: loaded.state.unitId, agencyId: loaded.state.agencyId };
}

export const suspend: ActionHandler<'suspend'> = async ({ loaded, body }) => ({
  draft: draft(
    'suspend',
    { reason: body.reason },
    { note: body.note ?? null, ...actingPlace(loaded, false), fromStepId: loaded.state.stepId },
  ),
});

export const resume: ActionHandler<'resume'> = async ({ loaded, body, now, calendar }) => ({
  draft: draft('resume', restartTimes(calendar, loaded.state, loaded.version, now), {
    note: body.note ?? null,
    ...actingPlace(loaded, false),
    fromStepId: loaded.state.stepId,
  }),
});

export const withdraw: ActionHandler<'withdraw'> = async ({ ctx, loaded, body }) => {
  const byApplicant = ctx.actor.kind === 'user' && isApplicant(ctx.actor, loaded.facts);
  return {
    draft: draft(
      'withdraw',
      { reason: body.reason ?? null },
      {
        note: body.note ?? null,
        ...(byApplicant
          ? { unitId: null, agencyId: null }
          : { unitId: loaded.dossier.receiving_unit_id, agencyId: loaded.dossier.receiving_agency_id }),
        fromStepId: loaded.state.stepId,
      },
    ),
  };
};

export const apologize: ActionHandler<'apologize'> = async ({ loaded, body, calendar }) => {
  const current = loaded.state.dueAt;
  if (current === null) {
    throw new AppError('DOSSIER_ACTION_NOT_ALLOWED', { action: 'apologize', reason: 'no_due_time' });
  }
  const dueAt = withCalendar(() => {
    if (!calendar.isWorkingDay(body.newDueDate)) {
      throw new AppError('VALIDATION_FAILED', {
        issues: [{ path: 'body.newDueDate', message: 'the new appointment must be a working day' }],
      });
    }
    return endOfWorkingDay(calendar, body.newDueDate);
  });
  if (dueAt.getTime() <= current.getTime()) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ path: 'body.newDueDate', message: 'the new appointment must be later than the current one' }],
    });
  }
  return {
    draft: draft(
      'apologize',
      {
        reason: body.reason,
        previousDueAt: current.toISOString(),
        dueAt: dueAt.toISOString(),
        newDueDate: body.newDueDate,
      },
      { note: body.note ?? null, ...actingPlace(loaded, false), fromStepId: loaded.state.stepId },
    ),
  };
};

export const registerResult: ActionHandler<'register_result'> = async ({ loaded, body, files }) => ({
  draft: draft(
    'register_result',
    { resultNumber: body.resultNumber },
    { note: body.note ?? null, ...actingPlace(loaded, false), fromStepId: loaded.state.stepId },
  ),
  files: { kind: 'result', items: files },
});

export const returnResult: ActionHandler<'return_result'> = async ({ loaded, body }) => ({
  draft: draft(
    'return_result',
    { method: body.method },
    { note: body.note ?? null, ...actingPlace(loaded, false), fromStepId: loaded.state.stepId },
  ),
});

export const rate: ActionHandler<'rate'> = async ({ loaded, body }) => ({
  draft: draft(
    'rate',
    { rating: body.rating, comment: body.comment ?? null },
    { note: body.note ?? null, ...actingPlace(loaded, true) },
  ),
});
