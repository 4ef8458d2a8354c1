import {
  type Duration,
  LEVELS,
  ROLE_ACTIONS,
  STEP_KIND_ACTIONS,
  STEP_KINDS,
  STEP_PLACES,
  type StepActor,
  type StepPlace,
  TRANSITION_ACTIONS,
  TRANSITION_RULES,
  type Transition,
  type TransitionAction,
  type Level,
  WORKFLOW_ROLES,
  type WorkflowDefinition,
  type WorkflowProblem,
  type WorkflowRule,
  type WorkflowStep,
  type WorkflowTree,
  type WorkflowVersionFacts,
} from './workflow-model.ts';
import { AGENCY_KINDS } from '../units/units.schema.ts';

export * from './workflow-model.ts';

/**
 * The validator of procedure workflows: refuses a definition the dossier engine could not run (no start, unreachable
 * steps, no way to an end, cycles other than return and reply, a main path that does not add up to the legal
 * deadline, roles and places that are not valid, levels the unit tree lacks). Pure: no I/O.
 */

const STEP_ID = /^[a-z][a-z0-9_-]{0,39}$/;
const AGENCY_CODE = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;
const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);
const isLevel = (place: StepPlace): place is Level => place !== 'receiving_unit';

/** Duration in the deadline's unit, as an integer count of half days or of hours; null when the units differ. */
function units(duration: Duration, inDays: boolean): number | null {
  if ('workingDays' in duration) return inDays ? duration.workingDays * 2 : null;
  return inDays ? null : duration.workingHours;
}

function describe(value: number, inDays: boolean): string {
  return inDays ? `${value / 2} working days` : `${value} working hours`;
}

/**
 * Checks a workflow against the procedure version it belongs to and the unit tree it will run on.
 * @returns every problem found (empty when the workflow is valid), each with a path such as
 *   `workflow.steps.2.transitions.0.to`.
 */
export function validateWorkflow(
  def: WorkflowDefinition,
  version: WorkflowVersionFacts,
  tree: WorkflowTree,
): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const report = (path: string, rule: WorkflowRule, message: string) =>
    problems.push({ path: `workflow${path}`, rule, message });
  const inDays = 'workingDays' in version.deadline;
  const deadline = units(version.deadline, inDays) ?? 0;
  const steps = Array.isArray(def.steps) ? def.steps : [];
  const index = new Map<string, number>();

  steps.forEach((step, i) => {
    if (typeof step.id !== 'string' || !STEP_ID.test(step.id)) {
      report(
        `.steps.${i}.id`,
        'invalid_value',
        'a step id is 1–40 lower-case letters, digits, _ or -, starting with a letter',
      );
    } else if (index.has(step.id)) {
      report(`.steps.${i}.id`, 'duplicate_step', `step id "${step.id}" is used twice`);
    } else {
      index.set(step.id, i);
    }
  });

  const startIndex = index.get(def.start);
  const start = startIndex === undefined ? undefined : steps[startIndex];
  if (!start) {
    report('.start', 'no_start', `the start step "${String(def.start)}" is not a step of the workflow`);
  } else if (start.kind !== 'task' || start.actor?.role !== 'one_stop_officer' || start.actor.at !== 'receiving_unit') {
    report(
      '.start',
      'start_not_reception',
      'the workflow must start with a task of the one-stop officer at the receiving unit',
    );
  }

  steps.forEach((step, i) => {
    checkStep(step, i, tree, inDays, index, steps, report);
  });
  if (problems.length > 0) {
    // The graph checks below assume well-formed steps and edges; report the local problems first.
    return problems;
  }
  checkGraph(steps, index, startIndex ?? 0, version, inDays, deadline, report);
  return problems;
}

type Report = (path: string, rule: WorkflowRule, message: string) => void;

function checkStep(
  step: WorkflowStep,
  i: number,
  tree: WorkflowTree,
  inDays: boolean,
  index: ReadonlyMap<string, number>,
  steps: readonly WorkflowStep[],
  report: Report,
): void {
  const at = `.steps.${i}`;
  if (typeof step.name !== 'string' || step.name.trim().length === 0)
    report(`${at}.name`, 'invalid_value', 'a step needs a name');
  if (!isOneOf(STEP_KINDS, step.kind))
    report(`${at}.kind`, 'invalid_value', `kind must be one of ${STEP_KINDS.join(', ')}`);
  const actor = step.actor ?? ({} as StepActor);
  const roleOk = isOneOf(WORKFLOW_ROLES, actor.role);
  if (!roleOk) report(`${at}.actor.role`, 'invalid_value', `role must be one of ${WORKFLOW_ROLES.join(', ')}`);
  if (!isOneOf(STEP_PLACES, actor.at)) {
    report(`${at}.actor.at`, 'invalid_value', `at must be one of ${STEP_PLACES.join(', ')}`);
  } else if (isLevel(actor.at) && !tree.levels.includes(actor.at)) {
    report(
      `${at}.actor.at`,
      'level_unavailable',
      `the unit tree has no ${actor.at} level (it has ${tree.levels.join(', ')})`,
    );
  } else if (actor.at === 'receiving_unit' && actor.role !== 'one_stop_officer') {
    report(`${at}.actor.at`, 'invalid_place', 'only the one-stop officer works at the receiving unit');
  }
  if (actor.agencyKind !== undefined && !isOneOf(AGENCY_KINDS, actor.agencyKind)) {
    report(`${at}.actor.agencyKind`, 'invalid_value', `agencyKind must be one of ${AGENCY_KINDS.join(', ')}`);
  }
  if (actor.agencyCode !== undefined) checkAgency(actor, `${at}.actor`, tree, report);

  const value = units(step.duration ?? { workingDays: Number.NaN }, inDays);
  if (value === null) {
    report(
      `${at}.duration`,
      'duration_unit',
      `the deadline is in working ${inDays ? 'days' : 'hours'}; give the step's duration in the same unit`,
    );
  } else if (!Number.isInteger(value) || value < 0) {
    report(
      `${at}.duration`,
      'duration_value',
      inDays ? 'working days come in halves (0.5, 1, 1.5…)' : 'working hours are whole numbers',
    );
  } else if (value === 0 && step.kind !== 'end') {
    report(`${at}.duration`, 'duration_value', 'only an end step may take no time');
  }

  const transitions = Array.isArray(step.transitions) ? step.transitions : [];
  if (step.kind === 'end') {
    if (transitions.length > 0) report(`${at}.transitions`, 'end_has_transitions', 'an end step has no transitions');
    if (actor.role !== 'one_stop_officer')
      report(`${at}.actor.role`, 'end_not_one_stop', 'results are returned by the one-stop officer');
  }
  if (step.kind === 'consult' && !transitions.some((t) => t.action === 'reply')) {
    report(`${at}.transitions`, 'consult_without_reply', 'a consultation must reply to the step that asked for it');
  }
  const seen = new Set<string>();
  transitions.forEach((transition, j) => {
    const path = `${at}.transitions.${j}`;
    if (!isOneOf(TRANSITION_ACTIONS, transition.action)) {
      report(`${path}.action`, 'invalid_value', `action must be one of ${TRANSITION_ACTIONS.join(', ')}`);
      return;
    }
    const action = transition.action;
    if (isOneOf(STEP_KINDS, step.kind) && !(STEP_KIND_ACTIONS[step.kind] as readonly string[]).includes(action)) {
      report(`${path}.action`, 'action_not_allowed', `a ${step.kind} step cannot ${action}`);
    } else if (roleOk && !(ROLE_ACTIONS[actor.role] as readonly string[]).includes(action)) {
      report(`${path}.action`, 'action_not_allowed', `a ${actor.role} cannot ${action}`);
    }
    const key = `${action}>${transition.to}`;
    if (seen.has(key)) report(path, 'duplicate_transition', `"${action}" to "${transition.to}" is listed twice`);
    seen.add(key);
    const targetIndex = index.get(transition.to);
    const target = targetIndex === undefined ? undefined : steps[targetIndex];
    if (!target) {
      report(`${path}.to`, 'unknown_target', `"${String(transition.to)}" is not a step of the workflow`);
      return;
    }
    if (target === step) {
      report(`${path}.to`, 'self_transition', 'a step cannot lead to itself');
      return;
    }
    const rule = TRANSITION_RULES[action];
    if (!(rule.targets as readonly string[]).includes(target.kind)) {
      report(`${path}.to`, 'target_kind', `"${action}" must lead to a step of kind ${rule.targets.join(' or ')}`);
    }
    const from = actor.at;
    const to = target.actor?.at;
    const crossLevel = isOneOf(LEVELS, from) && isOneOf(LEVELS, to) && from !== to;
    if (action === 'transfer' && isOneOf(LEVELS, from) && isOneOf(LEVELS, to) && from === to) {
      report(
        `${path}.action`,
        'transfer_same_level',
        `a transfer moves the dossier to another level; both steps are at ${from}`,
      );
    } else if ((action === 'forward' || action === 'approve') && crossLevel) {
      report(`${path}.action`, 'missing_transfer', `moving the dossier from ${from} to ${to} is a transfer`);
    }
  });
}

function checkAgency(actor: StepActor, at: string, tree: WorkflowTree, report: Report): void {
  if (typeof actor.agencyCode !== 'string' || !AGENCY_CODE.test(actor.agencyCode)) {
    report(`${at}.agencyCode`, 'invalid_value', 'an agency code looks like 000.00.03.H38');
    return;
  }
  if (actor.at === 'receiving_unit') {
    report(
      `${at}.agencyCode`,
      'invalid_place',
      'the receiving unit is whichever desk received the dossier; it names no agency',
    );
    return;
  }
  const agency = tree.agencies?.get(actor.agencyCode);
  if (!tree.agencies) return;
  if (!agency) {
    report(`${at}.agencyCode`, 'unknown_agency', `no agency with code ${actor.agencyCode} in the unit tree`);
  } else if (agency.level !== actor.at) {
    report(
      `${at}.agencyCode`,
      'agency_mismatch',
      `agency ${actor.agencyCode} is at ${agency.level} level, the step at ${actor.at}`,
    );
  } else if (actor.agencyKind !== undefined && agency.kind !== actor.agencyKind) {
    report(
      `${at}.agencyKind`,
      'agency_mismatch',
      `agency ${actor.agencyCode} is a ${agency.kind}, not a ${actor.agencyKind}`,
    );
  }
}

function checkGraph(
  steps: readonly WorkflowStep[],
  index: ReadonlyMap<string, number>,
  start: number,
  version: WorkflowVersionFacts,
  inDays: boolean,
  deadline: number,
  report: Report,
): void {
  const edges = steps.map((s) => s.transitions.map((t) => ({ action: t.action, to: index.get(t.to) as number })));
  const forwardEdges = edges.map((list) => list.filter((e) => !TRANSITION_RULES[e.action].backward));

  const reachable = walk([start], (i) => edges[i]?.map((e) => e.to) ?? []);
  steps.forEach((step, i) => {
    if (!reachable.has(i)) report(`.steps.${i}`, 'unreachable', `step "${step.id}" cannot be reached from the start`);
  });

  const cycle = findCycle(forwardEdges);
  if (cycle) {
    const names = cycle.map((i) => steps[i]?.id).join(' → ');
    report(`.steps.${cycle[0]}.transitions`, 'cycle', `cycle ${names}: only return and reply may lead back`);
    return;
  }
  // i is before j when j can be reached from i without going back.
  const after = steps.map((_, i) => walk([i], (k) => forwardEdges[k]?.map((e) => e.to) ?? []));
  edges.forEach((list, i) => {
    list.forEach((edge, j) => {
      const path = `.steps.${i}.transitions.${j}.to`;
      if (edge.action === 'return' && !after[edge.to]?.has(i)) {
        report(path, 'return_not_backward', 'return must lead to an earlier step');
      }
      if (edge.action === 'reply' && !edges[edge.to]?.some((e) => e.action === 'consult' && e.to === i)) {
        report(path, 'reply_without_consult', 'reply must lead back to a step that consults this one');
      }
      if (edge.action === 'consult') {
        const asked = units(steps[edge.to]?.duration as Duration, inDays) ?? 0;
        const own = units(steps[i]?.duration as Duration, inDays) ?? 0;
        if (asked > own) {
          report(
            path,
            'consult_too_long',
            `the opinion (${describe(asked, inDays)}) is asked within this step's ${describe(own, inDays)}`,
          );
        }
      }
      if (edge.action === 'approve' && steps[i]?.actor.at !== version.decidingLevel) {
        report(`.steps.${i}.actor.at`, 'decision_level', `the decision is taken at ${version.decidingLevel} level`);
      }
    });
  });

  const ends = steps.flatMap((s, i) => (s.kind === 'end' ? [i] : []));
  const incoming = steps.map(() => [] as number[]);
  edges.forEach((list, i) => {
    for (const e of list) incoming[e.to]?.push(i);
  });
  const leadsToEnd = walk(ends, (i) => incoming[i] ?? []);
  steps.forEach((step, i) => {
    if (reachable.has(i) && !leadsToEnd.has(i))
      report(`.steps.${i}`, 'no_path_to_end', `no path leads from "${step.id}" to an end step`);
  });

  const cost = (i: number) => units(steps[i]?.duration as Duration, inDays) ?? 0;
  const paths = mainPathFacts(edges, steps, cost);
  const fromStart = paths[start];
  if (!fromStart || fromStart.longest === null) {
    report(
      '.start',
      'no_main_path',
      'no path of forward, approve and transfer steps leads from the start to an end step',
    );
    return;
  }
  if (fromStart.longest !== deadline) {
    report(
      '.steps',
      'deadline_mismatch',
      `the main path takes ${describe(fromStart.longest, inDays)}; the legal deadline is ${describe(deadline, inDays)}`,
    );
  }
  if (fromStart.undecided) {
    report('.steps', 'no_decision', 'every main path must pass through an approval by a leader');
  }
}

type PathFacts = { longest: number | null; undecided: boolean; next: number | null };

/** Over the (acyclic) main-path edges: the longest duration to an end, and whether some path skips approval. */
function mainPathFacts(
  edges: { action: TransitionAction; to: number }[][],
  steps: readonly WorkflowStep[],
  cost: (i: number) => number,
): PathFacts[] {
  const memo: (PathFacts | undefined)[] = [];
  const visit = (i: number): PathFacts => {
    const known = memo[i];
    if (known) return known;
    // Marked before recursing, so a cyclic (invalid) graph cannot recurse forever.
    memo[i] = { longest: null, undecided: false, next: null };
    let facts: PathFacts = { longest: null, undecided: false, next: null };
    if (steps[i]?.kind === 'end') {
      facts = { longest: cost(i), undecided: true, next: null };
    }
    for (const edge of edges[i] ?? []) {
      if (!TRANSITION_RULES[edge.action].mainPath) continue;
      const onward = visit(edge.to);
      if (onward.longest === null) continue;
      const total = cost(i) + onward.longest;
      if (facts.longest === null || total > facts.longest) facts = { ...facts, longest: total, next: edge.to };
      if (edge.action !== 'approve' && onward.undecided) facts = { ...facts, undecided: true };
    }
    memo[i] = facts;
    return facts;
  };
  return steps.map((_, i) => visit(i));
}

function walk(from: readonly number[], next: (i: number) => readonly number[]): Set<number> {
  const seen = new Set<number>(from);
  const queue = [...from];
  while (queue.length > 0) {
    const i = queue.pop() as number;
    for (const j of next(i)) {
      if (!seen.has(j)) {
        seen.add(j);
        queue.push(j);
      }
    }
  }
  return seen;
}

/** A cycle of the graph as a list of step indexes, or null when it is acyclic. */
function findCycle(edges: { to: number }[][]): number[] | null {
  const state = edges.map(() => 0); // 0 unvisited, 1 on the stack, 2 done
  const stack: number[] = [];
  const visit = (i: number): number[] | null => {
    state[i] = 1;
    stack.push(i);
    for (const { to } of edges[i] ?? []) {
      if (state[to] === 1) return [...stack.slice(stack.indexOf(to)), to];
      if (state[to] === 0) {
        const found = visit(to);
        if (found) return found;
      }
    }
    stack.pop();
    state[i] = 2;
    return null;
  };
  for (let i = 0; i < edges.length; i++) {
    if (state[i] === 0) {
      const found = visit(i);
      if (found) return found;
    }
  }
  return null;
}

/**
 * The main path of a valid workflow: the longest chain of forward, approve and transfer steps from the start to an
 * end step, the one whose durations make up the legal deadline.
 */
export function mainPath(def: WorkflowDefinition): WorkflowStep[] {
  const index = new Map(def.steps.map((s, i) => [s.id, i] as const));
  const edges = def.steps.map((s) => s.transitions.map((t) => ({ action: t.action, to: index.get(t.to) ?? -1 })));
  const inDays = def.steps.some((s) => 'workingDays' in s.duration);
  const facts = mainPathFacts(edges, def.steps, (i) => units(def.steps[i]?.duration as Duration, inDays) ?? 0);
  const path: WorkflowStep[] = [];
  let current: number | null | undefined = index.get(def.start);
  while (current !== null && current !== undefined && path.length <= def.steps.length) {
    const step = def.steps[current];
    if (!step) break;
    path.push(step);
    current = facts[current]?.next;
  }
  return path;
}

/** The transitions a dossier at `stepId` may take, or an empty list for an unknown or end step. */
export function transitionsFrom(def: WorkflowDefinition, stepId: string): readonly Transition[] {
  return def.steps.find((s) => s.id === stepId)?.transitions ?? [];
}
