import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Level,
  TRANSITION_ACTIONS,
  TRANSITION_RULES,
  type TransitionAction,
  type WorkflowDefinition,
  type WorkflowStep,
  type WorkflowTree,
  mainPath,
  validateWorkflow,
} from './workflow.ts';

const TWO_LEVELS: WorkflowTree = { levels: ['province', 'commune'] };
const THREE_DAYS = { deadline: { workingDays: 3 }, decidingLevel: 'commune' as Level };

/** The usual commune flow: desk receives → specialist → chairman signs → desk returns; 0.5 + 1.5 + 1 + 0 = 3 days. */
function communeFlow(): WorkflowDefinition {
  return {
    start: 'receive',
    steps: [
      {
        id: 'receive',
        name: 'Tiếp nhận',
        kind: 'task',
        actor: { role: 'one_stop_officer', at: 'receiving_unit' },
        duration: { workingDays: 0.5 },
        transitions: [{ action: 'forward', to: 'process' }],
      },
      {
        id: 'process',
        name: 'Thẩm định',
        kind: 'task',
        actor: { role: 'specialist', at: 'commune' },
        duration: { workingDays: 1.5 },
        transitions: [
          { action: 'forward', to: 'sign' },
          { action: 'consult', to: 'opinion' },
          { action: 'return', to: 'receive' },
        ],
      },
      {
        id: 'opinion',
        name: 'Xin ý kiến Sở',
        kind: 'consult',
        actor: { role: 'specialist', at: 'province', agencyCode: '000.00.07.H38' },
        duration: { workingDays: 1 },
        transitions: [{ action: 'reply', to: 'process' }],
      },
      {
        id: 'sign',
        name: 'Ký duyệt',
        kind: 'task',
        actor: { role: 'leader', at: 'commune' },
        duration: { workingDays: 1 },
        transitions: [
          { action: 'approve', to: 'return' },
          { action: 'reject', to: 'return' },
          { action: 'return', to: 'process' },
        ],
      },
      {
        id: 'return',
        name: 'Trả kết quả',
        kind: 'end',
        actor: { role: 'one_stop_officer', at: 'receiving_unit' },
        duration: { workingDays: 0 },
        transitions: [],
      },
    ],
  };
}

const rules = (def: WorkflowDefinition, facts = THREE_DAYS, tree = TWO_LEVELS) =>
  validateWorkflow(def, facts, tree).map((p) => p.rule);
const step = (def: WorkflowDefinition, id: string) => def.steps.find((s) => s.id === id) as WorkflowStep;

describe('validateWorkflow', () => {
  it('accepts the usual commune flow and reports its main path', () => {
    const def = communeFlow();
    expect(validateWorkflow(def, THREE_DAYS, TWO_LEVELS)).toEqual([]);
    expect(mainPath(def).map((s) => s.id)).toEqual(['receive', 'process', 'sign', 'return']);
  });

  it('refuses a missing start step and one that is not the one-stop reception', () => {
    expect(rules({ ...communeFlow(), start: 'nowhere' })).toEqual(['no_start']);
    expect(rules({ ...communeFlow(), start: 'process' })).toContain('start_not_reception');
  });

  it('refuses unreachable steps', () => {
    const def = communeFlow();
    def.steps.push({
      id: 'orphan',
      name: 'Lạc',
      kind: 'task',
      actor: { role: 'specialist', at: 'commune' },
      duration: { workingDays: 1 },
      transitions: [{ action: 'forward', to: 'return' }],
    });
    const problems = validateWorkflow(def, THREE_DAYS, TWO_LEVELS);
    expect(problems).toEqual([expect.objectContaining({ rule: 'unreachable', path: 'workflow.steps.5' })]);
  });

  it('refuses a step with no way to an end', () => {
    const def = communeFlow();
    step(def, 'process').transitions.push({ action: 'forward', to: 'limbo' });
    def.steps.push({
      id: 'limbo',
      name: 'Treo',
      kind: 'task',
      actor: { role: 'specialist', at: 'commune' },
      duration: { workingDays: 1 },
      transitions: [],
    });
    expect(rules(def)).toContain('no_path_to_end');
  });

  it('refuses cycles made of forward edges but allows return and reply edges', () => {
    const def = communeFlow();
    step(def, 'sign').transitions.push({ action: 'forward', to: 'process' });
    expect(rules(def)).toEqual(['cycle']);
  });

  it('refuses a return that does not go back', () => {
    const def = communeFlow();
    step(def, 'process').transitions.push({ action: 'return', to: 'sign' });
    expect(rules(def)).toEqual(['return_not_backward']);
  });

  it('refuses durations that do not add up to the deadline, naming both figures', () => {
    const def = communeFlow();
    step(def, 'process').duration = { workingDays: 2.5 };
    const problems = validateWorkflow(def, THREE_DAYS, TWO_LEVELS);
    expect(problems).toEqual([
      expect.objectContaining({ rule: 'deadline_mismatch', message: expect.stringContaining('4 working days') }),
    ]);
  });

  it('refuses mixed units and fractions that are not halves', () => {
    const def = communeFlow();
    step(def, 'process').duration = { workingHours: 4 };
    step(def, 'sign').duration = { workingDays: 0.25 };
    expect(rules(def)).toEqual(['duration_unit', 'duration_value']);
  });

  it('refuses invalid roles, places and actions for a role', () => {
    const def = communeFlow();
    (step(def, 'process').actor as { role: string }).role = 'janitor';
    (step(def, 'sign').actor as { at: string }).at = 'ward';
    step(def, 'receive').transitions.push({ action: 'approve', to: 'return' });
    expect(rules(def)).toEqual(['action_not_allowed', 'invalid_value', 'invalid_value']);
  });

  it('refuses a level the unit tree does not have (no districts after the 2025 reform)', () => {
    const def = communeFlow();
    step(def, 'sign').actor.at = 'district';
    step(def, 'process').transitions[0] = { action: 'transfer', to: 'sign' };
    const facts = { ...THREE_DAYS, decidingLevel: 'district' as Level };
    expect(rules(def, facts)).toEqual(['level_unavailable']);
    // The same definition is fine on the three-level tree of before the reform.
    expect(rules(def, facts, { levels: ['province', 'district', 'commune'] })).toEqual([]);
  });

  it('requires transfers between levels and refuses a transfer within one level', () => {
    const def = communeFlow();
    step(def, 'sign').actor.at = 'province';
    expect(rules(def, { ...THREE_DAYS, decidingLevel: 'province' })).toEqual(['missing_transfer']);
    const same = communeFlow();
    step(same, 'process').transitions[0] = { action: 'transfer', to: 'sign' };
    expect(rules(same)).toEqual(['transfer_same_level']);
  });

  it('refuses an approval taken at another level than the deciding one, and a main path without approval', () => {
    expect(rules(communeFlow(), { ...THREE_DAYS, decidingLevel: 'province' })).toEqual(['decision_level']);
    const def = communeFlow();
    step(def, 'sign').transitions[0] = { action: 'forward', to: 'return' };
    expect(rules(def)).toEqual(['no_decision']);
  });

  it("checks consultations: a reply to the asker, within the asking step's time", () => {
    const def = communeFlow();
    step(def, 'opinion').transitions = [{ action: 'reply', to: 'sign' }];
    expect(rules(def)).toContain('reply_without_consult');
    const slow = communeFlow();
    step(slow, 'opinion').duration = { workingDays: 2 };
    expect(rules(slow)).toEqual(['consult_too_long']);
  });

  it('checks named agencies against the tree when it is known', () => {
    const agencies = new Map([['000.00.07.H38', { level: 'province' as Level, kind: 'department' }]]);
    expect(rules(communeFlow(), THREE_DAYS, { ...TWO_LEVELS, agencies })).toEqual([]);
    expect(rules(communeFlow(), THREE_DAYS, { ...TWO_LEVELS, agencies: new Map() })).toEqual(['unknown_agency']);
    const def = communeFlow();
    step(def, 'opinion').actor.agencyKind = 'people_committee';
    expect(rules(def, THREE_DAYS, { ...TWO_LEVELS, agencies })).toEqual(['agency_mismatch']);
  });

  it('lists every local problem with its path', () => {
    const def = communeFlow();
    step(def, 'process').transitions.push({ action: 'forward', to: 'ghost' }, { action: 'forward', to: 'sign' });
    step(def, 'return').transitions.push({ action: 'forward', to: 'receive' });
    expect(validateWorkflow(def, THREE_DAYS, TWO_LEVELS)).toEqual([
      expect.objectContaining({ path: 'workflow.steps.1.transitions.3.to', rule: 'unknown_target' }),
      expect.objectContaining({ path: 'workflow.steps.1.transitions.4', rule: 'duplicate_transition' }),
      expect.objectContaining({ path: 'workflow.steps.4.transitions', rule: 'end_has_transitions' }),
      expect.objectContaining({ path: 'workflow.steps.4.transitions.0.action', rule: 'action_not_allowed' }),
    ]);
  });
});

/** A valid chain of n tasks between reception and return, with optional backward returns. */
const validChain = fc
  .record({
    halves: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 6 }),
    returns: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 4 }),
  })
  .map(({ halves, returns }) => {
    const ids = halves.map((_, i) => `s${i}`);
    const steps: WorkflowStep[] = [
      {
        id: 'receive',
        name: 'Tiếp nhận',
        kind: 'task',
        actor: { role: 'one_stop_officer', at: 'receiving_unit' },
        duration: { workingDays: 0.5 },
        transitions: [{ action: 'forward', to: ids[0] as string }],
      },
      ...halves.map((h, i): WorkflowStep => {
        const last = i === halves.length - 1;
        return {
          id: ids[i] as string,
          name: `Bước ${i}`,
          kind: 'task',
          actor: { role: last ? 'leader' : 'specialist', at: 'commune' },
          duration: { workingDays: h / 2 },
          transitions: [{ action: last ? 'approve' : 'forward', to: last ? 'end' : (ids[i + 1] as string) }],
        };
      }),
      {
        id: 'end',
        name: 'Trả kết quả',
        kind: 'end',
        actor: { role: 'one_stop_officer', at: 'receiving_unit' },
        duration: { workingDays: 0 },
        transitions: [],
      },
    ];
    for (const [a, b] of returns) {
      const from = 1 + (a % halves.length);
      const to = b % from;
      const t = steps[from]?.transitions;
      const target = steps[to]?.id as string;
      if (t && !t.some((x) => x.action === 'return' && x.to === target)) t.push({ action: 'return', to: target });
    }
    const total = 1 + halves.reduce((a, b) => a + b, 0);
    return { def: { start: 'receive', steps }, days: total / 2 };
  });

describe('validateWorkflow properties', () => {
  it('accepts any chain whose durations make the deadline, with any backward returns', () => {
    fc.assert(
      fc.property(validChain, ({ def, days }) => {
        const valid = Number.isInteger(days);
        const facts = { deadline: { workingDays: valid ? days : Math.ceil(days) }, decidingLevel: 'commune' as Level };
        const problems = validateWorkflow(def, facts, TWO_LEVELS).map((p) => p.rule);
        expect(problems).toEqual(valid ? [] : ['deadline_mismatch']);
      }),
    );
  });

  it('never accepts a chain with one main edge turned around', () => {
    fc.assert(
      fc.property(validChain, fc.nat(), ({ def, days }, pick) => {
        const forwardSteps = def.steps.filter((s) => s.transitions.some((t) => t.action === 'forward'));
        const chosen = forwardSteps[pick % forwardSteps.length];
        fc.pre(chosen !== undefined && chosen.id !== 'receive');
        const edge = chosen?.transitions.find((t) => t.action === 'forward');
        if (edge) edge.to = 'receive';
        const problems = validateWorkflow(
          def,
          { deadline: { workingDays: Math.max(1, Math.round(days)) }, decidingLevel: 'commune' },
          TWO_LEVELS,
        );
        expect(problems.map((p) => p.rule)).toContain('cycle');
      }),
    );
  });

  /** Random layered graphs: each step leads on to some later step, with extra edges of any kind sprinkled in. */
  const randomGraph = fc.array(
    fc.record({
      role: fc.constantFrom('specialist', 'leader', 'clerk' as const),
      at: fc.constantFrom('commune', 'commune', 'commune', 'commune', 'province' as const),
      halves: fc.integer({ min: 0, max: 3 }),
      next: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }),
      extra: fc.array(fc.record({ action: fc.constantFrom(...TRANSITION_ACTIONS), to: fc.nat() }), { maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 5 },
  );

  it('on random graphs never throws, and whatever it accepts really is sound', () => {
    let accepted = 0;
    fc.assert(
      fc.property(randomGraph, (raw) => {
        const ids = ['receive', ...raw.map((_, i) => `s${i}`), 'end'];
        const steps: WorkflowStep[] = [
          {
            id: 'receive',
            name: 'Tiếp nhận',
            kind: 'task',
            actor: { role: 'one_stop_officer', at: 'receiving_unit' },
            duration: { workingDays: 0.5 },
            transitions: [{ action: 'forward', to: 's0' }],
          },
          ...raw.map((r, i): WorkflowStep => {
            const later = (n: number) => ids[i + 2 + (n % (ids.length - i - 2))] as string;
            const main = r.next.map((n) => ({
              action: (r.role === 'leader' ? 'approve' : 'forward') as TransitionAction,
              to: later(n),
            }));
            const extra = r.extra.map((e) => ({ action: e.action, to: ids[e.to % ids.length] as string }));
            const transitions = [...main, ...extra].filter(
              (t, k, all) => all.findIndex((u) => u.action === t.action && u.to === t.to) === k,
            );
            return {
              id: `s${i}`,
              name: `Bước ${i}`,
              kind: 'task',
              actor: { role: r.role, at: r.at },
              duration: { workingDays: r.halves / 2 },
              transitions,
            };
          }),
          {
            id: 'end',
            name: 'Trả kết quả',
            kind: 'end',
            actor: { role: 'one_stop_officer', at: 'receiving_unit' },
            duration: { workingDays: 0 },
            transitions: [],
          },
        ];
        const def: WorkflowDefinition = { start: 'receive', steps };
        // Try every deadline: at most one fits, and the verdict on the others must be a mismatch only.
        for (let days = 1; days <= 10; days++) {
          const problems = validateWorkflow(
            def,
            { deadline: { workingDays: days }, decidingLevel: 'commune' },
            TWO_LEVELS,
          );
          if (problems.length === 0) {
            accepted += 1;
            assertSound(def, days * 2);
          }
        }
      }),
      { numRuns: 3000 },
    );
    // The property means something only if some random graphs pass.
    expect(accepted).toBeGreaterThan(20);
  });
});

/** An independent oracle: brute-force every main path and check reachability and acyclicity. */
function assertSound(def: WorkflowDefinition, halves: number): void {
  const byId = new Map(def.steps.map((s) => [s.id, s]));
  const seen = new Set<string>();
  const queue = [def.start];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const t of byId.get(id)?.transitions ?? []) queue.push(t.to);
  }
  expect(seen.size).toBe(def.steps.length);
  const totals: number[] = [];
  const explore = (id: string, sum: number, approved: boolean, path: string[]) => {
    expect(path).not.toContain(id);
    const s = byId.get(id) as WorkflowStep;
    const here = sum + ('workingDays' in s.duration ? s.duration.workingDays * 2 : 0);
    if (s.kind === 'end') {
      expect(approved).toBe(true);
      totals.push(here);
    }
    for (const t of s.transitions) {
      if (TRANSITION_RULES[t.action as TransitionAction].mainPath)
        explore(t.to, here, approved || t.action === 'approve', [...path, id]);
    }
  };
  explore(def.start, 0, false, []);
  expect(Math.max(...totals)).toBe(halves);
}
