import type { Role } from '../../platform/auth/permissions.ts';
import type { AGENCY_KINDS } from '../units/units.schema.ts';

/**
 * The model of internal ISO workflows of procedures (quy trình nội bộ): the vocabulary and the typed tables the
 * validator in workflow.ts enforces and the dossier engine follows. Pure: no I/O.
 *
 * A workflow is a graph of steps. Each step names who acts RELATIVE to the dossier (the one-stop desk that received
 * it, the competent commune, the province, optionally one agency by kind or by code), how long it may take, and the
 * transitions that may leave it. Transitions are typed: `forward`, `approve` and `transfer` move the dossier on and
 * form the main path, whose durations must add up to the legal deadline; `consult` opens a branch to another unit
 * that comes back with `reply`; `return` sends the dossier back to an earlier step; `reject` ends it with a refusal.
 * Reception itself (complete or not, receipt or refusal to receive) happens before the workflow starts.
 */

export const LEVELS = ['commune', 'district', 'province'] as const;
/** An administrative level. After 1 July 2025 a province's tree has only `province` and `commune`. */
export type Level = (typeof LEVELS)[number];

/** Where a step happens: the desk that received the dossier, or the competent body at a level. */
export const STEP_PLACES = ['receiving_unit', ...LEVELS] as const;
export type StepPlace = (typeof STEP_PLACES)[number];

export const WORKFLOW_ROLES = ['one_stop_officer', 'specialist', 'leader', 'clerk'] as const satisfies readonly Role[];
export type WorkflowRole = (typeof WORKFLOW_ROLES)[number];

/** `task`: work on the main line; `consult`: an opinion asked of another unit; `end`: the result goes back out. */
export const STEP_KINDS = ['task', 'consult', 'end'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const TRANSITION_ACTIONS = ['forward', 'approve', 'transfer', 'consult', 'reply', 'return', 'reject'] as const;
export type TransitionAction = (typeof TRANSITION_ACTIONS)[number];

export type AgencyKind = (typeof AGENCY_KINDS)[number];
export type StepActor = { role: WorkflowRole; at: StepPlace; agencyKind?: AgencyKind; agencyCode?: string };
/** Working days (in halves, as ISO process charts give them) or whole working hours, matching the deadline. */
export type Duration = { workingDays: number } | { workingHours: number };
export type Transition = { action: TransitionAction; to: string };
export type WorkflowStep = {
  id: string;
  name: string;
  kind: StepKind;
  actor: StepActor;
  duration: Duration;
  transitions: Transition[];
};
export type WorkflowDefinition = { start: string; steps: WorkflowStep[] };

/**
 * What each action means for the graph: whether it is on the main path (counted against the deadline), whether it
 * points backwards (the only edges allowed to close a cycle), and which kinds of step it may lead to.
 */
export const TRANSITION_RULES = {
  forward: { mainPath: true, backward: false, targets: ['task', 'end'] },
  approve: { mainPath: true, backward: false, targets: ['task', 'end'] },
  transfer: { mainPath: true, backward: false, targets: ['task', 'end'] },
  consult: { mainPath: false, backward: false, targets: ['consult'] },
  reply: { mainPath: false, backward: true, targets: ['task'] },
  return: { mainPath: false, backward: true, targets: ['task'] },
  reject: { mainPath: false, backward: false, targets: ['end'] },
} as const satisfies Record<TransitionAction, { mainPath: boolean; backward: boolean; targets: readonly StepKind[] }>;

/** Who may do what: decisions are a leader's; opinions are asked and given by specialists and leaders. */
export const ROLE_ACTIONS = {
  one_stop_officer: ['forward', 'transfer', 'return'],
  clerk: ['forward', 'transfer', 'return'],
  specialist: ['forward', 'transfer', 'consult', 'reply', 'return'],
  leader: ['forward', 'approve', 'transfer', 'consult', 'reply', 'return', 'reject'],
} as const satisfies Record<WorkflowRole, readonly TransitionAction[]>;

/** Which actions may leave each kind of step. */
export const STEP_KIND_ACTIONS = {
  task: ['forward', 'approve', 'transfer', 'consult', 'return', 'reject'],
  consult: ['reply'],
  end: [],
} as const satisfies Record<StepKind, readonly TransitionAction[]>;

/** The facts of the procedure version a workflow must agree with. */
export type WorkflowVersionFacts = { deadline: Duration; decidingLevel: Level };

/** What the tenant's unit tree offers: the levels it has and, when known, its agencies by code. */
export type WorkflowTree = {
  levels: readonly Level[];
  agencies?: ReadonlyMap<string, { level: Level; kind: string }>;
};

export type WorkflowRule =
  | 'invalid_value'
  | 'duplicate_step'
  | 'no_start'
  | 'start_not_reception'
  | 'level_unavailable'
  | 'invalid_place'
  | 'unknown_agency'
  | 'agency_mismatch'
  | 'duration_unit'
  | 'duration_value'
  | 'end_has_transitions'
  | 'end_not_one_stop'
  | 'action_not_allowed'
  | 'unknown_target'
  | 'self_transition'
  | 'target_kind'
  | 'duplicate_transition'
  | 'transfer_same_level'
  | 'missing_transfer'
  | 'consult_without_reply'
  | 'unreachable'
  | 'cycle'
  | 'return_not_backward'
  | 'reply_without_consult'
  | 'consult_too_long'
  | 'no_path_to_end'
  | 'no_main_path'
  | 'deadline_mismatch'
  | 'no_decision'
  | 'decision_level';

/** One problem with a definition: where (relative to the workflow document), which rule, and why. */
export type WorkflowProblem = { path: string; rule: WorkflowRule; message: string };
