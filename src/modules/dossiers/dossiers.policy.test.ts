import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor, Grant } from '../../platform/auth/actor.ts';
import { ROLES } from '../../platform/auth/permissions.ts';
import type { Placement } from '../../platform/auth/scope.ts';
import { TRANSITION_ACTIONS, WORKFLOW_ROLES, type WorkflowStep } from '../procedures/workflow-model.ts';
import { deriveState } from './derive-state.ts';
import {
  ALLOWED_ACTIONS_BY_STATUS,
  DOSSIER_STATUSES,
  type DossierFollowUpAction,
  TRANSITION_DOSSIER_ACTIONS,
} from './dossier-model.ts';
import { type DossierFacts, canReadDossier, refusalFor } from './dossiers.policy.ts';

/**
 * The dossier policy over role × unit × state, without a database: nobody acts on a dossier they cannot see, an
 * officer of unrelated units neither sees nor touches it, applicants act only on their own, and a workflow step is
 * worked only by holders of its role.
 */

// A province with two communes; agencies in each.
const P = 'p0000000-0000-7000-8000-000000000000';
const C1 = 'c1000000-0000-7000-8000-000000000000';
const C2 = 'c2000000-0000-7000-8000-000000000000';
const UNITS: Record<string, string[]> = { [P]: [P], [C1]: [P, C1], [C2]: [P, C2] };
const AGENCIES: Record<string, string[]> = {
  [P]: ['a-dept', 'a-centre'],
  [C1]: ['a-desk1', 'a-committee1'],
  [C2]: ['a-desk2', 'a-committee2'],
};
const CITIZENS = ['u-citizen-1', 'u-citizen-2'];

const unitArb = fc.constantFrom(P, C1, C2);
const placementArb: fc.Arbitrary<Placement> = unitArb.chain((unit) =>
  fc.record({
    unitAncestorIds: fc.constant(UNITS[unit] as string[]),
    agencyId: fc.constantFrom(null, ...(AGENCIES[unit] as string[])),
  }),
);
const grantArb: fc.Arbitrary<Grant> = unitArb.chain((unitId) =>
  fc.record({
    role: fc.constantFrom(...ROLES),
    unitId: fc.constant(unitId),
    agencyId: fc.constantFrom(null, ...(AGENCIES[unitId] as string[])),
    includesSubUnits: fc.boolean(),
  }),
);
const actorArb: fc.Arbitrary<Actor> = fc.oneof(
  fc.record({
    kind: fc.constant('user' as const),
    userId: fc.constant('u-staff'),
    userKind: fc.constant('staff' as const),
    fullName: fc.constant('Cán bộ'),
    grants: fc.array(grantArb, { maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('user' as const),
    userId: fc.constantFrom(...CITIZENS),
    userKind: fc.constant('citizen' as const),
    fullName: fc.constant('Công dân'),
    grants: fc.constant([]),
  }),
  fc.constant({ kind: 'anonymous' as const }),
);

const stepArb: fc.Arbitrary<WorkflowStep> = fc.record({
  id: fc.constant('step'),
  name: fc.constant('Bước'),
  kind: fc.constantFrom('task' as const, 'consult' as const, 'end' as const),
  actor: fc.record({ role: fc.constantFrom(...WORKFLOW_ROLES), at: fc.constant('commune' as const) }),
  duration: fc.constant({ workingDays: 1 }),
  transitions: fc.subarray(
    TRANSITION_ACTIONS.map((action) => ({ action, to: 'next' })),
    { minLength: 0 },
  ),
});

const base = deriveState([
  {
    action: 'submit',
    seq: 1,
    at: new Date('2026-03-02T01:00:00Z'),
    actorId: null,
    unitId: null,
    agencyId: null,
    note: null,
    fromStepId: null,
    toStepId: null,
    toUnitId: C1,
    toAgencyId: 'a-desk1',
    assigneeId: null,
    data: { channel: 'online', paperComponents: [] },
  },
]);

const factsArb: fc.Arbitrary<DossierFacts> = fc
  .record({
    status: fc.constantFrom(...DOSSIER_STATUSES),
    received: fc.boolean(),
    supplements: fc.nat({ max: 1 }),
    rated: fc.boolean(),
    consulting: fc.boolean(),
    applicantUserId: fc.constantFrom(null, ...CITIZENS),
    receiving: placementArb,
    current: placementArb,
    visited: fc.array(placementArb, { maxLength: 2 }),
    step: fc.option(stepArb, { nil: null }),
  })
  .map((f) => ({
    state: {
      ...base,
      status: f.status,
      receivedAt: f.received ? new Date('2026-03-02T02:00:00Z') : null,
      dueAt: f.received ? new Date('2026-03-10T10:00:00Z') : null,
      supplementRequests: { reception: f.supplements, processing: f.supplements },
      rating: f.rated ? 4 : null,
      consultOrigin: f.consulting
        ? { stepId: 'origin', unitId: C1, agencyId: null, assigneeId: null, stepDueAt: null }
        : null,
    },
    applicantUserId: f.applicantUserId,
    receiving: f.receiving,
    current: f.current,
    visited: f.visited,
    step: f.step,
    now: new Date('2026-03-05T03:00:00Z'),
  }));

const FOLLOW_UPS = [...new Set(Object.values(ALLOWED_ACTIONS_BY_STATUS).flat())] as DossierFollowUpAction[];

/** True when some grant of the actor sits on the line of ancestors of a place the dossier is or was at. */
function touches(actor: Actor, facts: DossierFacts): boolean {
  if (actor.kind !== 'user') return false;
  const places = [facts.current, facts.receiving, ...facts.visited];
  return actor.grants.some((g) => places.some((p) => p.unitAncestorIds.includes(g.unitId)));
}

describe('dossier policy, over role × unit × state', () => {
  it('never lets anyone act on a dossier they cannot see, nor an outsider see it', () => {
    fc.assert(
      fc.property(actorArb, factsArb, fc.constantFrom(...FOLLOW_UPS), (actor, facts, action) => {
        const refusal = refusalFor(actor, action, facts);
        const readable = canReadDossier(actor, facts);
        if (refusal === null) {
          expect(readable).toBe(true);
        }
        if (actor.kind === 'user' && actor.userKind === 'staff' && !touches(actor, facts)) {
          expect(readable).toBe(false);
        }
        if (actor.kind === 'anonymous') {
          expect(readable).toBe(false);
          expect(refusal).not.toBeNull();
        }
        if (actor.kind === 'user' && actor.userKind !== 'staff') {
          expect(readable).toBe(actor.userId === facts.applicantUserId);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('lets only holders of the step’s role move it, and only what the status and the workflow allow', () => {
    fc.assert(
      fc.property(actorArb, factsArb, fc.constantFrom(...TRANSITION_DOSSIER_ACTIONS), (actor, facts, action) => {
        if (refusalFor(actor, action, facts) !== null) return;
        expect((ALLOWED_ACTIONS_BY_STATUS[facts.state.status] as readonly string[]).includes(action)).toBe(true);
        expect(actor.kind).toBe('user');
        if (actor.kind !== 'user') return;
        expect(actor.grants.some((g) => g.role === facts.step?.actor.role)).toBe(true);
        if (action !== 'reply') {
          expect(facts.step?.transitions.some((t) => t.action === action)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
