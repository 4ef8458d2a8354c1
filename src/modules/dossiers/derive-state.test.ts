import { describe, expect, it } from 'vitest';
import { InvalidActionError, applyAction, deriveState, projectionOf } from './derive-state.ts';
import {
  ALLOWED_ACTIONS_BY_STATUS,
  type ActionRecord,
  DOSSIER_ACTIONS,
  DOSSIER_STATUSES,
  OPEN_STATUSES,
} from './dossier-model.ts';

/** The fold and the status table, without a database. */

const WARD = '01900000-0000-7000-8000-000000000001';
const DESK = '01900000-0000-7000-8000-000000000002';
const COMMITTEE = '01900000-0000-7000-8000-000000000003';
const OFFICER = '01900000-0000-7000-8000-000000000004';
const SPECIALIST = '01900000-0000-7000-8000-000000000005';

let seq = 0;
const at = (hhmm: string, day = '2026-03-02') => new Date(`${day}T${hhmm}:00+07:00`);
function rec<A extends ActionRecord['action']>(
  action: A,
  data: Extract<ActionRecord, { action: A }>['data'],
  fields: Partial<ActionRecord> = {},
): ActionRecord {
  seq += 1;
  return {
    action,
    data,
    seq,
    at: at('09:00'),
    actorId: null,
    unitId: null,
    agencyId: null,
    note: null,
    fromStepId: null,
    toStepId: null,
    toUnitId: null,
    toAgencyId: null,
    assigneeId: null,
    ...fields,
  } as ActionRecord;
}

function happyLog(): ActionRecord[] {
  seq = 0;
  const due = at('15:00').toISOString();
  return [
    rec('submit', { channel: 'online', paperComponents: [] }, { at: at('08:00'), toUnitId: WARD, toAgencyId: DESK }),
    rec('request_supplement', { phase: 'reception', items: ['x'] }),
    rec('supply', { dueAt: null, stepDueAt: null, calendarVersion: null }),
    rec(
      'accept',
      {
        startStepId: 'receive',
        dueAt: due,
        stepDueAt: at('10:00').toISOString(),
        calendarVersion: 'v1',
        feesPaid: false,
      },
      { toStepId: 'receive', toUnitId: WARD, toAgencyId: DESK, assigneeId: OFFICER },
    ),
    rec(
      'forward',
      { stepKind: 'task', stepDueAt: at('11:00').toISOString() },
      { toStepId: 'process', toUnitId: WARD, toAgencyId: COMMITTEE, assigneeId: SPECIALIST },
    ),
    rec('request_supplement', { phase: 'processing', items: ['y'] }, { at: at('10:30') }),
    rec(
      'supply',
      { dueAt: at('16:00').toISOString(), stepDueAt: at('12:00').toISOString(), calendarVersion: 'v1' },
      { at: at('11:00') },
    ),
    rec('forward', { stepKind: 'task', stepDueAt: null }, { toStepId: 'sign', toUnitId: WARD, toAgencyId: COMMITTEE }),
    rec(
      'approve',
      { stepKind: 'end', stepDueAt: null },
      { toStepId: 'return', toUnitId: WARD, toAgencyId: DESK, assigneeId: OFFICER },
    ),
    rec('register_result', { resultNumber: '1/KS' }, { at: at('16:30') }),
    rec('return_result', { method: 'counter' }),
    rec('rate', { rating: 4, comment: null }),
  ];
}

describe('the status table', () => {
  it('names every status, allows only follow-up actions, and leaves final statuses without any', () => {
    expect(Object.keys(ALLOWED_ACTIONS_BY_STATUS).sort()).toEqual([...DOSSIER_STATUSES].sort());
    for (const actions of Object.values(ALLOWED_ACTIONS_BY_STATUS)) {
      for (const action of actions) {
        expect(DOSSIER_ACTIONS).toContain(action);
        expect(['submit', 'receive']).not.toContain(action);
      }
    }
    expect(ALLOWED_ACTIONS_BY_STATUS.refused).toEqual([]);
    expect(ALLOWED_ACTIONS_BY_STATUS.withdrawn).toEqual([]);
    expect(ALLOWED_ACTIONS_BY_STATUS.returned).toEqual(['rate']);
    // Every open status offers a way forward.
    for (const status of OPEN_STATUSES) {
      expect(ALLOWED_ACTIONS_BY_STATUS[status].length).toBeGreaterThan(0);
    }
  });
});

describe('deriveState', () => {
  it('folds a whole life: status, step, placement, assignee, due times, pause, decision, lateness', () => {
    const log = happyLog();
    const statuses = log.map((_, i) => deriveState(log.slice(0, i + 1)).status);
    expect(statuses).toEqual([
      'submitted',
      'supplement_requested',
      'submitted',
      'received',
      'in_progress',
      'supplement_requested',
      'in_progress',
      'in_progress',
      'processed',
      'result_ready',
      'returned',
      'returned',
    ]);
    const paused = deriveState(log.slice(0, 6));
    expect(paused.pausedAt).toEqual(at('10:30'));
    expect(paused.pausedFrom).toBe('in_progress');
    const state = deriveState(log);
    expect(projectionOf(state)).toMatchObject({
      version: 12,
      current_step_id: 'return',
      current_unit_id: WARD,
      current_agency_id: DESK,
      assignee_id: null,
      due_at: at('16:00'),
      paused_at: null,
      decision: 'approved',
      // Registered at 16:30, after the re-based 16:00.
      is_late: true,
      completed_at: at('16:30'),
      result_number: '1/KS',
      return_method: 'counter',
      rating: 4,
    });
    expect(state.supplementRequests).toEqual({ reception: 1, processing: 1 });
    expect(state.lastAssigneeByStep).toEqual({ receive: OFFICER, process: SPECIALIST, return: OFFICER });
  });

  it('refuses an action its status does not allow, a second rating, a gap in the log, and an empty log', () => {
    const log = happyLog();
    const submitted = deriveState(log.slice(0, 1));
    expect(() => applyAction(submitted, { ...(log[4] as ActionRecord), seq: 2 })).toThrow(InvalidActionError);
    expect(() => applyAction(deriveState(log), { ...(log[11] as ActionRecord), seq: 13 })).toThrow(/rated already/);
    expect(() => applyAction(submitted, { ...(log[3] as ActionRecord), seq: 5 })).toThrow(/does not follow/);
    expect(() => deriveState([])).toThrow(InvalidActionError);
    expect(() => deriveState(log.slice(1))).toThrow(/first action/);
  });

  it('goes back to the asking step after a consultation, and to "received" when returned to the desk', () => {
    seq = 0;
    const log = [
      rec(
        'receive',
        {
          channel: 'counter',
          paperComponents: [],
          startStepId: 'receive',
          dueAt: at('17:00', '2026-03-20').toISOString(),
          stepDueAt: null,
          calendarVersion: 'v1',
          feesPaid: true,
        },
        { toStepId: 'receive', toUnitId: WARD, toAgencyId: DESK, assigneeId: OFFICER },
      ),
      rec(
        'forward',
        { stepKind: 'task', stepDueAt: null },
        { toStepId: 'process', toUnitId: WARD, toAgencyId: COMMITTEE, assigneeId: SPECIALIST },
      ),
      rec(
        'consult',
        { stepKind: 'consult', stepDueAt: null },
        { toStepId: 'opinion', toUnitId: DESK, toAgencyId: null },
      ),
      rec(
        'reply',
        { stepKind: 'task', stepDueAt: null },
        { toStepId: 'process', toUnitId: WARD, toAgencyId: COMMITTEE, assigneeId: SPECIALIST },
      ),
      rec(
        'return',
        { stepKind: 'task', stepDueAt: null },
        { toStepId: 'receive', toUnitId: WARD, toAgencyId: DESK, assigneeId: OFFICER },
      ),
    ];
    expect(deriveState(log.slice(0, 3))).toMatchObject({
      status: 'consulting',
      consultOrigin: { stepId: 'process', assigneeId: SPECIALIST },
    });
    expect(deriveState(log.slice(0, 4))).toMatchObject({
      status: 'in_progress',
      consultOrigin: null,
      stepId: 'process',
    });
    expect(deriveState(log)).toMatchObject({ status: 'received', stepId: 'receive', assigneeId: OFFICER });
  });

  it('moves only the place on a reform_move: status, step, due times and the asking step stay', () => {
    const NEW_WARD = '01900000-0000-7000-8000-000000000011';
    const NEW_COMMITTEE = '01900000-0000-7000-8000-000000000012';
    const log = happyLog().slice(0, 5);
    const before = deriveState(log);
    const moved = applyAction(
      before,
      rec(
        'reform_move',
        {
          reason: 'reform',
          effectiveOn: '2025-07-01',
          fromUnitId: WARD,
          fromAgencyId: COMMITTEE,
          receiving: null,
          consultOrigin: { toUnitId: NEW_WARD, toAgencyId: NEW_COMMITTEE },
        },
        { seq: before.version + 1, toStepId: before.stepId, toUnitId: NEW_WARD, toAgencyId: NEW_COMMITTEE },
      ),
    );
    expect(moved).toEqual({
      ...before,
      version: before.version + 1,
      unitId: NEW_WARD,
      agencyId: NEW_COMMITTEE,
      assigneeId: null,
    });
    // Closed dossiers stay with the unit that handled them: the fold refuses the move.
    expect(ALLOWED_ACTIONS_BY_STATUS.returned).not.toContain('reform_move');
    for (const status of OPEN_STATUSES) {
      expect(ALLOWED_ACTIONS_BY_STATUS[status]).toContain('reform_move');
    }
  });
});
