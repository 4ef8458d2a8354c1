import {
  type ActionRecord,
  type DossierStatus,
  type ReturnMethod,
  type SupplementPhase,
  statusAllows,
} from './dossier-model.ts';

/**
 * The fold: a dossier's state is derived from its action log, and from nothing else. Pure and total over valid
 * logs; an action its status does not allow throws, so a log that breaks the rules cannot be folded silently.
 * The service applies the same function to the action it is about to record, and writes the result as the
 * projection on the dossiers row.
 */

/** Where a consultation came from: the step, unit and officer the reply goes back to. */
export type ConsultOrigin = {
  stepId: string;
  unitId: string;
  agencyId: string | null;
  assigneeId: string | null;
  stepDueAt: Date | null;
};

export type DossierState = {
  status: DossierStatus;
  /** Seq of the last action. */
  version: number;
  channel: 'online' | 'counter';
  submittedAt: Date;
  /** When the desk accepted it (the clock started); null before. */
  receivedAt: Date | null;
  /** The workflow's start step (the desk's), known from acceptance. */
  startStepId: string | null;
  stepId: string | null;
  unitId: string;
  agencyId: string | null;
  assigneeId: string | null;
  dueAt: Date | null;
  stepDueAt: Date | null;
  calendarVersion: string | null;
  /** When the clock stopped; null while it runs (or before it started). */
  pausedAt: Date | null;
  /** The status a supplement or a resumption goes back to. */
  pausedFrom: DossierStatus | null;
  consultOrigin: ConsultOrigin | null;
  decision: 'approved' | 'rejected' | null;
  late: boolean;
  completedAt: Date | null;
  resultNumber: string | null;
  returnedAt: Date | null;
  returnMethod: ReturnMethod | null;
  rating: number | null;
  ratingComment: string | null;
  /** Supplement requests made, per phase: the law asks for everything at once. */
  supplementRequests: Record<SupplementPhase, number>;
  apologies: number;
  /** Who last held each step, so a dossier sent back returns to the officer who had it. */
  lastAssigneeByStep: Readonly<Record<string, string>>;
};

/** A log the fold cannot accept: an action its status does not allow, or a log that does not start with creation. */
export class InvalidActionError extends Error {
  constructor(
    readonly action: string,
    readonly status: DossierStatus | null,
    readonly reason: string,
  ) {
    super(`${action} is not allowed${status ? ` in status ${status}` : ''}: ${reason}`);
    this.name = 'InvalidActionError';
  }
}

const EMPTY: Omit<DossierState, 'status' | 'version' | 'channel' | 'submittedAt' | 'unitId' | 'agencyId'> = {
  receivedAt: null,
  startStepId: null,
  stepId: null,
  assigneeId: null,
  dueAt: null,
  stepDueAt: null,
  calendarVersion: null,
  pausedAt: null,
  pausedFrom: null,
  consultOrigin: null,
  decision: null,
  late: false,
  completedAt: null,
  resultNumber: null,
  returnedAt: null,
  returnMethod: null,
  rating: null,
  ratingComment: null,
  supplementRequests: { reception: 0, processing: 0 },
  apologies: 0,
  lastAssigneeByStep: {},
};

const date = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));

/** The state after a whole log. @throws InvalidActionError for an empty or invalid log */
export function deriveState(actions: readonly ActionRecord[]): DossierState {
  let state: DossierState | null = null;
  for (const action of actions) {
    state = applyAction(state, action);
  }
  if (!state) {
    throw new InvalidActionError('(none)', null, 'a dossier has at least one action');
  }
  return state;
}

/**
 * The state after one more action. `state` is null for the first action, which must create the dossier.
 * @throws InvalidActionError when the action does not fit
 */
export function applyAction(state: DossierState | null, record: ActionRecord): DossierState {
  if (state === null) {
    return create(record);
  }
  if (record.seq !== state.version + 1) {
    throw new InvalidActionError(record.action, state.status, `seq ${record.seq} does not follow ${state.version}`);
  }
  if (!statusAllows(state.status, record.action)) {
    throw new InvalidActionError(record.action, state.status, 'the status does not allow it');
  }
  const next = { ...step(state, record), version: record.seq };
  if (next.stepId !== null && next.assigneeId !== null && next.lastAssigneeByStep[next.stepId] !== next.assigneeId) {
    next.lastAssigneeByStep = { ...next.lastAssigneeByStep, [next.stepId]: next.assigneeId };
  }
  return next;
}

function create(record: ActionRecord): DossierState {
  if (record.seq !== 1 || record.toUnitId === null) {
    throw new InvalidActionError(record.action, null, 'the first action creates the dossier at its receiving unit');
  }
  const base = {
    ...EMPTY,
    version: 1,
    submittedAt: record.at,
    unitId: record.toUnitId,
    agencyId: record.toAgencyId,
  };
  if (record.action === 'submit') {
    return { ...base, status: 'submitted', channel: 'online' };
  }
  if (record.action === 'receive') {
    const d = record.data;
    const state: DossierState = {
      ...base,
      status: 'received',
      channel: 'counter',
      receivedAt: record.at,
      startStepId: d.startStepId,
      stepId: d.startStepId,
      assigneeId: record.assigneeId,
      dueAt: new Date(d.dueAt),
      stepDueAt: date(d.stepDueAt),
      calendarVersion: d.calendarVersion,
    };
    return record.assigneeId ? { ...state, lastAssigneeByStep: { [d.startStepId]: record.assigneeId } } : state;
  }
  throw new InvalidActionError(record.action, null, 'the first action must be submit or receive');
}

function place(state: DossierState, record: ActionRecord): Pick<DossierState, 'unitId' | 'agencyId'> {
  return record.toUnitId === null
    ? { unitId: state.unitId, agencyId: state.agencyId }
    : { unitId: record.toUnitId, agencyId: record.toAgencyId };
}

function finish(state: DossierState, at: Date): Pick<DossierState, 'completedAt' | 'late'> {
  if (state.completedAt !== null) {
    return { completedAt: state.completedAt, late: state.late };
  }
  return { completedAt: at, late: state.dueAt !== null && at.getTime() > state.dueAt.getTime() };
}

function step(state: DossierState, record: ActionRecord): DossierState {
  switch (record.action) {
    case 'submit':
    case 'receive':
      throw new InvalidActionError(record.action, state.status, 'the dossier exists already');
    case 'accept': {
      const d = record.data;
      return {
        ...state,
        ...place(state, record),
        status: 'received',
        receivedAt: record.at,
        startStepId: d.startStepId,
        stepId: d.startStepId,
        assigneeId: record.assigneeId,
        dueAt: new Date(d.dueAt),
        stepDueAt: date(d.stepDueAt),
        calendarVersion: d.calendarVersion,
      };
    }
    case 'request_supplement': {
      const phase = record.data.phase;
      return {
        ...state,
        status: 'supplement_requested',
        pausedFrom: state.status,
        pausedAt: state.receivedAt === null ? null : record.at,
        supplementRequests: { ...state.supplementRequests, [phase]: state.supplementRequests[phase] + 1 },
      };
    }
    case 'supply':
    case 'resume': {
      if (state.pausedFrom === null) {
        throw new InvalidActionError(record.action, state.status, 'nothing to come back to');
      }
      const d = record.data;
      return {
        ...state,
        status: state.pausedFrom,
        pausedFrom: null,
        pausedAt: null,
        dueAt: d.dueAt === null ? state.dueAt : new Date(d.dueAt),
        stepDueAt: d.stepDueAt === null ? state.stepDueAt : new Date(d.stepDueAt),
        calendarVersion: d.calendarVersion ?? state.calendarVersion,
      };
    }
    case 'refuse':
      return { ...state, status: 'refused', assigneeId: null };
    case 'assign':
      return { ...state, assigneeId: record.assigneeId };
    case 'consult':
      if (state.stepId === null) {
        throw new InvalidActionError(record.action, state.status, 'no step to consult from');
      }
      return {
        ...state,
        ...place(state, record),
        status: 'consulting',
        consultOrigin: {
          stepId: state.stepId,
          unitId: state.unitId,
          agencyId: state.agencyId,
          assigneeId: state.assigneeId,
          stepDueAt: state.stepDueAt,
        },
        stepId: record.toStepId,
        assigneeId: record.assigneeId,
        stepDueAt: date(record.data.stepDueAt),
      };
    case 'forward':
    case 'transfer':
    case 'return':
    case 'reply':
    case 'approve':
    case 'reject': {
      const moved: DossierState = {
        ...state,
        ...place(state, record),
        stepId: record.toStepId,
        assigneeId: record.assigneeId,
        stepDueAt: date(record.data.stepDueAt),
        consultOrigin: record.action === 'reply' ? null : state.consultOrigin,
      };
      if (record.action === 'reject') {
        return { ...moved, status: 'rejected', decision: 'rejected', ...finish(state, record.at) };
      }
      const decision = record.action === 'approve' ? 'approved' : state.decision;
      if (record.data.stepKind === 'end') {
        return { ...moved, status: 'processed', decision };
      }
      return { ...moved, status: record.toStepId === state.startStepId ? 'received' : 'in_progress', decision };
    }
    case 'suspend':
      return { ...state, status: 'suspended', pausedFrom: state.status, pausedAt: record.at };
    case 'withdraw':
      return { ...state, status: 'withdrawn', assigneeId: null, stepDueAt: null, pausedAt: null, pausedFrom: null };
    case 'apologize':
      return { ...state, dueAt: new Date(record.data.dueAt), apologies: state.apologies + 1 };
    case 'register_result':
      return {
        ...state,
        status: 'result_ready',
        resultNumber: record.data.resultNumber,
        ...finish(state, record.at),
      };
    case 'return_result':
      return {
        ...state,
        status: 'returned',
        returnedAt: record.at,
        returnMethod: record.data.method,
        assigneeId: null,
        stepDueAt: null,
      };
    case 'reform_move':
      // Only the place changes: status, step, due times and history stay. The assignee is the one the service
      // found still entitled at the new unit, or nobody, so the new unit's leader or round-robin picks it up.
      return {
        ...state,
        ...place(state, record),
        assigneeId: record.assigneeId,
        consultOrigin:
          state.consultOrigin && record.data.consultOrigin
            ? {
                ...state.consultOrigin,
                unitId: record.data.consultOrigin.toUnitId,
                agencyId: record.data.consultOrigin.toAgencyId,
              }
            : state.consultOrigin,
      };
    case 'rate':
      if (state.rating !== null) {
        throw new InvalidActionError(record.action, state.status, 'the dossier was rated already');
      }
      return { ...state, rating: record.data.rating, ratingComment: record.data.comment };
  }
}

/** The columns of the dossiers row that mirror the fold; what the property test compares. */
export type Projection = {
  status: DossierStatus;
  version: number;
  received_at: Date | null;
  due_at: Date | null;
  calendar_version: string | null;
  current_step_id: string | null;
  current_unit_id: string;
  current_agency_id: string | null;
  assignee_id: string | null;
  step_due_at: Date | null;
  paused_at: Date | null;
  decision: 'approved' | 'rejected' | null;
  is_late: boolean;
  completed_at: Date | null;
  result_number: string | null;
  returned_at: Date | null;
  return_method: ReturnMethod | null;
  rating: number | null;
  rating_comment: string | null;
};

/** The projection columns for a state. */
export function projectionOf(state: DossierState): Projection {
  return {
    status: state.status,
    version: state.version,
    received_at: state.receivedAt,
    due_at: state.dueAt,
    calendar_version: state.calendarVersion,
    current_step_id: state.stepId,
    current_unit_id: state.unitId,
    current_agency_id: state.agencyId,
    assignee_id: state.assigneeId,
    step_due_at: state.stepDueAt,
    paused_at: state.pausedAt,
    decision: state.decision,
    is_late: state.late,
    completed_at: state.completedAt,
    result_number: state.resultNumber,
    returned_at: state.returnedAt,
    return_method: state.returnMethod,
    rating: state.rating,
    rating_comment: state.ratingComment,
  };
}
