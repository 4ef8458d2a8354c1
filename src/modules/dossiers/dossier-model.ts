import type { StepKind, TransitionAction } from '../procedures/workflow-model.ts';

/**
 * The model of the one-stop dossier: its statuses, the actions that can be recorded on it, which actions each
 * status allows (a table the compiler checks), and the typed details each action carries in the log. Pure: no I/O.
 *
 * A dossier is an append-only log of actions; its status is derived by folding the log (derive-state.ts). Within
 * the statuses where a dossier is being processed, the procedure's workflow decides further which transitions may
 * leave the current step, and the actor's role and unit decide who may take them (dossiers.policy.ts).
 */

export const DOSSIER_STATUSES = [
  /** Submitted online; waiting for the one-stop desk to review it (DVCQG 1, Mới đăng ký). */
  'submitted',
  /** Waiting for the applicant to supplement it; the clock is stopped when it had started (DVCQG 5). */
  'supplement_requested',
  /** Not accepted by the desk, with reasons (Phiếu từ chối tiếp nhận, DVCQG 3). Final. */
  'refused',
  /** Accepted as complete (receipt with appointment issued) and at the desk's step of the workflow (DVCQG 2). */
  'received',
  /** At a processing step of the workflow (DVCQG 4). */
  'in_progress',
  /** At an opinion step of another unit, which will reply (DVCQG 4). */
  'consulting',
  /** Processing stopped for a stated reason; the clock is stopped (DVCQG 8). */
  'suspended',
  /** Withdrawn by the applicant (DVCQG 7). Final. */
  'withdrawn',
  /** Approved and at the desk's end step: the result is being registered (DVCQG 9, Đã xử lý xong). */
  'processed',
  /** Processing refused by a leader, with reasons; the desk returns the refusal (DVCQG 9). */
  'rejected',
  /** The result (or the refusal letter) is registered and waiting for the applicant (DVCQG 9). */
  'result_ready',
  /** The result was handed over (DVCQG 10, Đã trả kết quả). Only a rating may follow. */
  'returned',
] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

/** Workflow transitions, recorded under the same names as in the procedure's workflow. */
export const TRANSITION_DOSSIER_ACTIONS = [
  'forward',
  'transfer',
  'return',
  'consult',
  'reply',
  'approve',
  'reject',
] as const satisfies readonly TransitionAction[];

export const DOSSIER_ACTIONS = [
  /** Created online by the applicant. */
  'submit',
  /** Created at the counter by the desk, accepted at once. */
  'receive',
  'accept',
  'request_supplement',
  'supply',
  'refuse',
  'assign',
  ...TRANSITION_DOSSIER_ACTIONS,
  'suspend',
  'resume',
  'withdraw',
  'apologize',
  'register_result',
  'return_result',
  'rate',
  /** Recorded by the system when a reform ends the dossier's unit: it moves to the successor unit (egov reform). */
  'reform_move',
] as const;
export type DossierAction = (typeof DOSSIER_ACTIONS)[number];
/** Actions on an existing dossier (every action but the two that create one). */
export type DossierFollowUpAction = Exclude<DossierAction, 'submit' | 'receive'>;
/**
 * Actions whose notes and details are the officers' own working record (a proposal to the leader, an opinion asked
 * of another unit): the applicant sees that they happened, when and where, but not what was written. Everything
 * addressed to the applicant (supplement items, refusal and rejection reasons, apologies, the result) stays visible.
 */
export const INTERNAL_NOTE_ACTIONS: ReadonlySet<DossierAction> = new Set([
  'assign',
  'forward',
  'transfer',
  'return',
  'consult',
  'reply',
  'approve',
  'reform_move',
]);
/** Actions only the system records, never offered to an officer or an applicant. */
export const SYSTEM_DOSSIER_ACTIONS = ['reform_move'] as const satisfies readonly DossierAction[];
export type TransitionDossierAction = (typeof TRANSITION_DOSSIER_ACTIONS)[number];

const STEP_WORK = [
  'forward',
  'transfer',
  'return',
  'consult',
  'approve',
  'reject',
  'assign',
  'request_supplement',
  'suspend',
  'apologize',
  'withdraw',
] as const;

/**
 * The actions each status allows. For transitions (forward, transfer, return, consult, reply, approve, reject) the
 * current step's workflow transitions narrow the list further; who may take each is the policy's business.
 */
export const ALLOWED_ACTIONS_BY_STATUS = {
  submitted: ['accept', 'request_supplement', 'refuse', 'withdraw', 'reform_move'],
  supplement_requested: ['supply', 'withdraw', 'reform_move'],
  refused: [],
  received: [...STEP_WORK, 'reform_move'],
  in_progress: [...STEP_WORK, 'reform_move'],
  consulting: ['reply', 'assign', 'apologize', 'withdraw', 'reform_move'],
  suspended: ['resume', 'withdraw', 'reform_move'],
  processed: ['register_result', 'assign', 'apologize', 'reform_move'],
  rejected: ['register_result', 'return_result', 'assign', 'reform_move'],
  result_ready: ['return_result', 'assign', 'reform_move'],
  returned: ['rate'],
  withdrawn: [],
} as const satisfies Record<DossierStatus, readonly DossierFollowUpAction[]>;

/** True when `status` allows `action` (before the workflow and the policy have their say). */
export function statusAllows(status: DossierStatus, action: DossierAction): boolean {
  return (ALLOWED_ACTIONS_BY_STATUS[status] as readonly DossierAction[]).includes(action);
}

/** Statuses in which the dossier is still open (counted in queues and for lateness). */
export const OPEN_STATUSES = [
  'submitted',
  'supplement_requested',
  'received',
  'in_progress',
  'consulting',
  'suspended',
  'processed',
  'rejected',
  'result_ready',
] as const satisfies readonly DossierStatus[];

/** Statuses in which the legal clock runs (after acceptance, before completion, not paused). */
export const CLOCK_RUNNING_STATUSES = [
  'received',
  'in_progress',
  'consulting',
  'processed',
] as const satisfies readonly DossierStatus[];

/**
 * The national public-service portal's status codes (TrangThaiHoSo, reference §2.3): what the sync sends for each
 * of our statuses. Codes 4–9 are UNCONFIRMED in the reference; keep this table the one place to change them.
 */
export const DVCQG_STATUS_BY_STATUS = {
  submitted: 1,
  received: 2,
  refused: 3,
  in_progress: 4,
  consulting: 4,
  supplement_requested: 5,
  withdrawn: 7,
  suspended: 8,
  processed: 9,
  rejected: 9,
  result_ready: 9,
  returned: 10,
} as const satisfies Record<DossierStatus, number>;

export const RETURN_METHODS = ['counter', 'post', 'online'] as const;
export type ReturnMethod = (typeof RETURN_METHODS)[number];

/** Which phase a supplement request belongs to: the desk's review, or processing after acceptance. */
export type SupplementPhase = 'reception' | 'processing';

/** Where an action moved the dossier, and who got it. */
type Routing = { stepKind: StepKind; stepDueAt: string | null };
/** New due times after the clock restarted (null before acceptance, when there is no clock yet). */
type Rebased = { dueAt: string | null; stepDueAt: string | null; calendarVersion: string | null };

/**
 * The typed details each action carries in `dossier_actions.data`. Times are ISO 8601 strings. Every value the fold
 * needs (due times, the start step, the kind of the step reached) is computed by the service when the action is
 * taken and written here, so the fold needs no calendar and no workflow and gives the same answer forever.
 */
export type DossierActionData = {
  submit: { channel: 'online'; paperComponents: string[] };
  receive: {
    channel: 'counter';
    paperComponents: string[];
    startStepId: string;
    dueAt: string;
    stepDueAt: string | null;
    calendarVersion: string;
    feesPaid: boolean;
  };
  accept: { startStepId: string; dueAt: string; stepDueAt: string | null; calendarVersion: string; feesPaid: boolean };
  request_supplement: { phase: SupplementPhase; items: string[] };
  supply: Rebased;
  refuse: { reasons: string[] };
  assign: Record<string, never>;
  forward: Routing;
  transfer: Routing;
  return: Routing;
  consult: Routing;
  reply: Routing;
  approve: Routing;
  reject: Routing & { reasons: string[] };
  suspend: { reason: string };
  resume: Rebased;
  withdraw: { reason: string | null };
  apologize: { reason: string; previousDueAt: string; dueAt: string; newDueDate: string };
  register_result: { resultNumber: string };
  return_result: { method: ReturnMethod };
  rate: { rating: number; comment: string | null };
  /**
   * Where a reform moved the dossier from (the record's toUnitId/toAgencyId say where to), and its receiving desk
   * when that unit ended too. The receiving place is a column of the row, not part of the fold.
   */
  reform_move: {
    reason: string;
    effectiveOn: string;
    fromUnitId: string;
    fromAgencyId: string | null;
    receiving: { fromUnitId: string; fromAgencyId: string; toUnitId: string; toAgencyId: string } | null;
    /** Where a pending opinion now goes back to, when the unit that asked for it ended too. */
    consultOrigin: { toUnitId: string; toAgencyId: string | null } | null;
  };
};

/** One recorded action, as the fold reads it. */
export type ActionRecord = {
  [A in DossierAction]: {
    action: A;
    seq: number;
    at: Date;
    actorId: string | null;
    /** The unit and agency on whose behalf the actor acted. */
    unitId: string | null;
    agencyId: string | null;
    note: string | null;
    fromStepId: string | null;
    /** Set when the action moved the dossier to a step. */
    toStepId: string | null;
    /** Set when the action placed the dossier (with toAgencyId, null meaning the whole unit). */
    toUnitId: string | null;
    toAgencyId: string | null;
    /** Set when the action assigned the dossier to an officer. */
    assigneeId: string | null;
    data: DossierActionData[A];
  };
}[DossierAction];

/** The time-left marks a queue can be filtered by (src/web/lib/time-left.ts says how each is judged). */
export const TIME_LEFT_FILTERS = ['overdue', 'nearDue', 'onTime', 'paused'] as const;

/** Actions a queue may apply to several dossiers at once; each dossier's own rules still decide for it. */
export const BULK_ACTIONS = ['assign', 'accept', 'forward', 'approve'] as const satisfies readonly DossierAction[];
