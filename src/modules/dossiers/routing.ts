import type { Queryable } from '../../platform/db/database.ts';
import { levelOfUnitKind } from '../procedures/version-content.ts';
import type { StepActor, WorkflowDefinition, WorkflowStep } from '../procedures/workflow-model.ts';
import * as routingRepo from './routing.repository.ts';

/**
 * Routing: a workflow names who acts RELATIVE to the dossier; this turns each step's actor into a place in the
 * tenant's tree, for the dossier's receiving unit:
 * - `receiving_unit`: the desk that received the dossier (its unit and agency);
 * - `commune`, `district`, `province`: the unit of that level on the receiving unit's line of ancestors (the
 *   receiving unit itself when it is of that level), so the same workflow runs on the two-level tree of today and
 *   on the three-level tree before the 2025 reform;
 * - then `agencyCode` picks that agency (it must belong to the unit found), or `agencyKind` the unit's agency of
 *   that kind; with neither, the step belongs to the whole unit.
 * Agencies must be in force on the day of routing.
 */

/** Where a step is worked: the unit (with its ancestry, for scope checks) and, when named, the agency. */
export type StepPlacement = { unitId: string; unitAncestorIds: readonly string[]; agencyId: string | null };

/** Why a step could not be placed; intake turns it into PROCEDURE_NOT_OFFERED. */
export class RoutingError extends Error {
  constructor(
    readonly stepId: string,
    readonly reason: 'no_unit_at_level' | 'agency_not_found',
  ) {
    super(`step ${stepId}: ${reason}`);
    this.name = 'RoutingError';
  }
}

export type ReceivingPlace = { unitId: string; agencyId: string };

/** Resolves steps for one dossier, reading the receiving unit's ancestry once. */
export function createRouter(db: Queryable, receiving: ReceivingPlace, day: string) {
  let lineage: Promise<routingRepo.UnitNode[]> | undefined;
  const lineageOf = () => {
    lineage ??= routingRepo.unitLineage(db, receiving.unitId);
    return lineage;
  };

  async function place(stepId: string, actor: StepActor): Promise<StepPlacement> {
    const units = await lineageOf();
    const receivingUnit = units[units.length - 1];
    if (!receivingUnit) {
      throw new RoutingError(stepId, 'no_unit_at_level');
    }
    if (actor.at === 'receiving_unit') {
      return { unitId: receivingUnit.id, unitAncestorIds: receivingUnit.ancestor_ids, agencyId: receiving.agencyId };
    }
    // The nearest unit of that level, walking up from the receiving unit.
    const unit = [...units].reverse().find((u) => levelOfUnitKind(u.kind) === actor.at);
    if (!unit) {
      throw new RoutingError(stepId, 'no_unit_at_level');
    }
    if (actor.agencyCode) {
      const agency = await routingRepo.findAgencyByCode(db, actor.agencyCode, day);
      if (!agency || agency.unit_id !== unit.id || (actor.agencyKind && agency.kind !== actor.agencyKind)) {
        throw new RoutingError(stepId, 'agency_not_found');
      }
      return { unitId: unit.id, unitAncestorIds: unit.ancestor_ids, agencyId: agency.id };
    }
    if (actor.agencyKind) {
      const [agency] = await routingRepo.findAgenciesOfKind(db, unit.id, [actor.agencyKind], day);
      if (!agency) {
        throw new RoutingError(stepId, 'agency_not_found');
      }
      return { unitId: unit.id, unitAncestorIds: unit.ancestor_ids, agencyId: agency.id };
    }
    return { unitId: unit.id, unitAncestorIds: unit.ancestor_ids, agencyId: null };
  }

  return {
    /** The place of one step. @throws RoutingError */
    placeStep: (step: WorkflowStep) => place(step.id, step.actor),
    /** Places every step, so a dossier is never received for a workflow that would get stuck. @throws RoutingError */
    async placeAll(workflow: WorkflowDefinition): Promise<Map<string, StepPlacement>> {
      const placed = new Map<string, StepPlacement>();
      for (const step of workflow.steps) {
        placed.set(step.id, await place(step.id, step.actor));
      }
      return placed;
    },
    lineage: lineageOf,
  };
}

export type Router = ReturnType<typeof createRouter>;

/** Picks the officer for a step: the preferred one when still eligible, else round-robin; null when nobody is. */
export async function pickAssignee(
  db: Queryable,
  step: WorkflowStep,
  placement: StepPlacement,
  preferred: readonly (string | null | undefined)[] = [],
): Promise<string | null> {
  const candidates = await routingRepo.findOfficersForStep(
    db,
    { role: step.actor.role, unitId: placement.unitId, agencyId: placement.agencyId },
    200,
  );
  for (const id of preferred) {
    if (id && candidates.some((c) => c.id === id)) {
      return id;
    }
  }
  return candidates[0]?.id ?? null;
}
