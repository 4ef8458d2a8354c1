import { sql } from 'kysely';
import type { ServiceContext } from '../../platform/context.ts';
import { type Queryable, inTransaction } from '../../platform/db/database.ts';
import type { DossierState } from './derive-state.ts';
import { type DossierStatus, OPEN_STATUSES } from './dossier-model.ts';
import type { DossierDeps } from './dossiers.deps.ts';
import { commitAction, draft, loadDossier } from './engine.ts';
import type { WorkflowDefinition } from '../procedures/workflow-model.ts';
import { RoutingError, createRouter } from './routing.ts';
import * as routingRepo from './routing.repository.ts';

/**
 * Reform (issue item 10): when units merge or a level is abolished, open dossiers follow their units to the
 * successors — current place, pending opinion and receiving desk — as one `reform_move` action each, so the code,
 * the due times and the history stay and the fold yields the new place. Closed dossiers keep the unit that handled
 * them: their history is a fact of the old tree. Where the successions do not name one successor (a commune split
 * into parts with no whole one, several agencies of the kind), nothing is guessed: the dossier is reported for a
 * manual decision and left where it is.
 */

export type ReformMoveOptions = {
  /** The reform day, YYYY-MM-DD: units whose valid_to is before it have ended. */
  effectiveOn: string;
  /** Plan and report only; write nothing. */
  dryRun: boolean;
  /**
   * Which agency took over which, by electronic code (or id) — the reform's own decisions, e.g. the merged
   * province's departments with their new codes. Consulted before guessing by kind, so departments (many of one
   * kind in a province) can follow too.
   */
  agencyMap?: Readonly<Record<string, string>> | undefined;
};

/** Why a dossier was left for a person to decide. */
export type DecisionReason = 'several_partial_successors' | 'no_successor' | 'agency_ambiguous' | 'no_desk';

export type MovedDossier = {
  dossierId: string;
  code: string;
  status: DossierStatus;
  from: { unitId: string; unitName: string; agencyId: string | null };
  to: { unitId: string; unitName: string; agencyId: string | null };
  /** Set when the receiving desk moved too. */
  receiving: { fromUnitId: string; toUnitId: string; toAgencyId: string } | null;
  assigneeKept: boolean;
  /**
   * Steps still ahead of the dossier that cannot be placed on the new tree (a step of an abolished level): the
   * dossier moved, but before it reaches them someone must move it to a procedure version made for the new tree.
   */
  unplaceableSteps: string[];
};

export type DossierNeedingDecision = {
  dossierId: string;
  code: string;
  unitId: string;
  unitName: string;
  reason: DecisionReason;
  /** The units (or agencies, for agency_ambiguous) a person chooses from. */
  candidates: { id: string; name: string }[];
};

export type ReformMoveReport = {
  effectiveOn: string;
  dryRun: boolean;
  moved: MovedDossier[];
  needsDecision: DossierNeedingDecision[];
  /** Closed dossiers of ended units, left with the unit that handled them. */
  closedLeftInPlace: number;
};

type UnitInfo = { id: string; name: string; parent_id: string | null; valid_to: string | null };

type Successor =
  | { ok: true; unit: UnitInfo }
  | { ok: false; unit: UnitInfo; reason: DecisionReason; candidates: { id: string; name: string }[] };

type Plan =
  | {
      ok: true;
      /** null when the current unit is still in force and only the receiving desk moves. */
      current: { unit: UnitInfo; agencyId: string | null } | null;
      receiving: { unitId: string; agencyId: string } | null;
      consultOrigin: { toUnitId: string; toAgencyId: string | null } | null;
      assigneeId: string | null;
    }
  | { ok: false; unit: UnitInfo; reason: DecisionReason; candidates: { id: string; name: string }[] };

// The 2025 reform replaced the commune one-stop desks by public service centres: a desk is succeeded by a desk.
const DESK_KINDS = ['one_stop', 'public_service_center'];
// A unit chain longer than this is a cycle in the data, not a history.
const MAX_HOPS = 8;

const ended = (unit: UnitInfo, effectiveOn: string) => unit.valid_to !== null && unit.valid_to < effectiveOn;

function createResolver(db: Queryable, effectiveOn: string, agencyMap: Readonly<Record<string, string>> = {}) {
  const units = new Map<string, Promise<UnitInfo>>();
  const unitOf = (id: string) => {
    let found = units.get(id);
    if (!found) {
      found = db
        .selectFrom('units')
        .select(['id', 'name', 'parent_id', 'valid_to'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      units.set(id, found);
    }
    return found;
  };

  /** The unit in force on effectiveOn that took over `id` (itself when it has not ended). */
  async function successorOf(id: string, hops = 0): Promise<Successor> {
    const unit = await unitOf(id);
    if (!ended(unit, effectiveOn)) {
      return { ok: true, unit };
    }
    if (hops > MAX_HOPS) {
      return { ok: false, unit, reason: 'no_successor', candidates: [] };
    }
    const rows = await db
      .selectFrom('unit_successions as s')
      .innerJoin('units as u', 'u.id', 's.successor_id')
      .select(['u.id', 'u.name', 's.is_whole'])
      .where('s.predecessor_id', '=', id)
      .orderBy('u.code')
      .execute();
    const whole = rows.filter((r) => r.is_whole);
    const next = rows.length === 1 ? rows[0] : whole.length === 1 ? whole[0] : undefined;
    if (next) {
      const found = await successorOf(next.id, hops + 1);
      return found.ok || found.reason !== 'no_successor' ? found : { ...found, unit };
    }
    if (rows.length > 1) {
      return {
        ok: false,
        unit,
        reason: 'several_partial_successors',
        candidates: rows.map((r) => ({ id: r.id, name: r.name })),
      };
    }
    // An abolished level (the districts in 2025) has no successor of its own: its work goes to whatever took over
    // the unit above it, the new province.
    if (unit.parent_id) {
      const found = await successorOf(unit.parent_id, hops + 1);
      return found.ok || found.reason !== 'no_successor' ? found : { ...found, unit };
    }
    return { ok: false, unit, reason: 'no_successor', candidates: [] };
  }

  /**
   * The agency of the same kind at the successor, in force on the reform day: none of the kind places the dossier
   * with the whole unit; several are a choice for a person unless one keeps the old electronic code.
   */
  async function agencyAt(
    unitId: string,
    fromAgencyId: string | null,
  ): Promise<{ ok: true; agencyId: string | null } | { ok: false; candidates: { id: string; name: string }[] }> {
    if (fromAgencyId === null) {
      return { ok: true, agencyId: null };
    }
    const from = await routingRepo.findAgency(db, fromAgencyId);
    if (!from) {
      return { ok: true, agencyId: null };
    }
    if (from.unit_id === unitId) {
      return { ok: true, agencyId: from.id };
    }
    const mapped = agencyMap[from.id] ?? (from.code ? agencyMap[from.code] : undefined);
    if (mapped !== undefined) {
      const to = /^[0-9a-f-]{36}$/i.test(mapped)
        ? await routingRepo.findAgency(db, mapped)
        : await routingRepo.findAgencyByCode(db, mapped, effectiveOn);
      // A mapping to an agency of another unit (or one not in force) is a mistake in the map: ask a person.
      return to && to.unit_id === unitId ? { ok: true, agencyId: to.id } : { ok: false, candidates: [] };
    }
    const kinds = DESK_KINDS.includes(from.kind) ? DESK_KINDS : [from.kind];
    const found = await routingRepo.findAgenciesOfKind(db, unitId, kinds, effectiveOn);
    const sameCode = found.filter((a) => a.code !== null && a.code === from.code);
    const pick = found.length === 1 ? found[0] : sameCode.length === 1 ? sameCode[0] : undefined;
    if (pick) {
      return { ok: true, agencyId: pick.id };
    }
    return found.length === 0
      ? { ok: true, agencyId: null }
      : { ok: false, candidates: found.map((a) => ({ id: a.id, name: a.name })) };
  }

  return { unitOf, successorOf, agencyAt };
}

type Resolver = ReturnType<typeof createResolver>;

/** True when the officer holds a grant reaching the unit (and the agency, when the grant names one). */
async function holdsGrantAt(db: Queryable, userId: string, unitId: string, agencyId: string | null): Promise<boolean> {
  const rows = await sql<{ ok: number }>`SELECT 1 AS ok FROM role_grants AS g
    JOIN users AS u ON u.id = g.user_id AND u.status = 'active'
    JOIN units AS nu ON nu.id = ${unitId}
    WHERE g.user_id = ${userId}
      AND (g.unit_id = nu.id OR (g.includes_sub_units AND g.unit_id = ANY(nu.ancestor_ids)))
      AND (g.agency_id IS NULL OR g.agency_id = ${agencyId}::uuid)
    LIMIT 1`.execute(db);
  return rows.rows.length > 0;
}

type Candidate = {
  id: string;
  code: string;
  receiving_unit_id: string;
  receiving_agency_id: string;
};

async function planMove(db: Queryable, resolver: Resolver, dossier: Candidate, state: DossierState): Promise<Plan> {
  let current: Extract<Plan, { ok: true }>['current'] = null;
  const currentTo = await resolver.successorOf(state.unitId);
  if (!currentTo.ok) {
    return currentTo;
  }
  if (currentTo.unit.id !== state.unitId) {
    const agency = await resolver.agencyAt(currentTo.unit.id, state.agencyId);
    if (!agency.ok) {
      return { ok: false, unit: currentTo.unit, reason: 'agency_ambiguous', candidates: agency.candidates };
    }
    current = { unit: currentTo.unit, agencyId: agency.agencyId };
  }
  let receiving: Extract<Plan, { ok: true }>['receiving'] = null;
  const receivingTo = await resolver.successorOf(dossier.receiving_unit_id);
  if (!receivingTo.ok) {
    return receivingTo;
  }
  if (receivingTo.unit.id !== dossier.receiving_unit_id) {
    const desk = await resolver.agencyAt(receivingTo.unit.id, dossier.receiving_agency_id);
    if (!desk.ok || desk.agencyId === null) {
      // A dossier needs a receiving desk: it issues the receipt and returns the result.
      return {
        ok: false,
        unit: receivingTo.unit,
        reason: desk.ok ? 'no_desk' : 'agency_ambiguous',
        candidates: desk.ok ? [] : desk.candidates,
      };
    }
    receiving = { unitId: receivingTo.unit.id, agencyId: desk.agencyId };
  }
  let consultOrigin: Extract<Plan, { ok: true }>['consultOrigin'] = null;
  if (state.consultOrigin) {
    const originTo = await resolver.successorOf(state.consultOrigin.unitId);
    if (!originTo.ok) {
      return originTo;
    }
    if (originTo.unit.id !== state.consultOrigin.unitId) {
      const agency = await resolver.agencyAt(originTo.unit.id, state.consultOrigin.agencyId);
      if (!agency.ok) {
        return { ok: false, unit: originTo.unit, reason: 'agency_ambiguous', candidates: agency.candidates };
      }
      consultOrigin = { toUnitId: originTo.unit.id, toAgencyId: agency.agencyId };
    }
  }
  let assigneeId = state.assigneeId;
  if (current && assigneeId && !(await holdsGrantAt(db, assigneeId, current.unit.id, current.agencyId))) {
    assigneeId = null;
  }
  return { ok: true, current, receiving, consultOrigin, assigneeId };
}

/** The steps reachable from `fromStepId` (itself excluded) that the router cannot place from the receiving desk. */
async function stepsAheadUnplaceable(
  db: Queryable,
  workflow: WorkflowDefinition,
  fromStepId: string | null,
  receiving: { unitId: string; agencyId: string; day: string },
): Promise<string[]> {
  const ahead = new Set<string>();
  const queue = [fromStepId ?? workflow.start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const step = workflow.steps.find((s) => s.id === id);
    for (const t of step?.transitions ?? []) {
      if (!ahead.has(t.to)) {
        ahead.add(t.to);
        queue.push(t.to);
      }
    }
  }
  ahead.delete(fromStepId ?? '');
  const router = createRouter(db, { unitId: receiving.unitId, agencyId: receiving.agencyId }, receiving.day);
  const unplaceable: string[] = [];
  for (const step of workflow.steps) {
    if (!ahead.has(step.id)) continue;
    try {
      await router.placeStep(step);
    } catch (error) {
      if (!(error instanceof RoutingError)) throw error;
      unplaceable.push(step.id);
    }
  }
  return unplaceable;
}

/**
 * Moves open dossiers of units ended before `effectiveOn` to the successor units, one `reform_move` action each,
 * each dossier in its own transaction (locked, re-planned on the locked state, so a concurrent action or a second
 * run finds nothing left to move). With `dryRun`, plans and reports without writing.
 * @returns what moved, what needs a manual decision, and how many closed dossiers stay in place
 */
export async function moveDossiersToSuccessors(
  ctx: ServiceContext,
  deps: DossierDeps,
  options: ReformMoveOptions,
): Promise<ReformMoveReport> {
  const { effectiveOn, dryRun } = options;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveOn)) {
    throw new Error(`effectiveOn must be YYYY-MM-DD, got ${effectiveOn}`);
  }
  const candidates = await ctx.db
    .selectFrom('dossiers as d')
    .innerJoin('units as cu', 'cu.id', 'd.current_unit_id')
    .innerJoin('units as ru', 'ru.id', 'd.receiving_unit_id')
    .select(['d.id', 'd.code', 'd.status', 'd.receiving_unit_id', 'd.receiving_agency_id'])
    .where((eb) => eb.or([eb('cu.valid_to', '<', effectiveOn), eb('ru.valid_to', '<', effectiveOn)]))
    .orderBy('d.code')
    .execute();
  const open = new Set<string>(OPEN_STATUSES);
  const report: ReformMoveReport = { effectiveOn, dryRun, moved: [], needsDecision: [], closedLeftInPlace: 0 };
  for (const candidate of candidates) {
    if (!open.has(candidate.status)) {
      report.closedLeftInPlace += 1;
      continue;
    }
    await inTransaction(ctx.db, async (trx) => {
      const now = deps.clock.now();
      const loaded = await loadDossier(trx, candidate.id, now, { lock: !dryRun });
      if (!loaded || !open.has(loaded.state.status)) {
        return;
      }
      const row = loaded.dossier;
      const resolver = createResolver(trx, effectiveOn, options.agencyMap);
      const plan = await planMove(trx, resolver, row, loaded.state);
      const fromUnit = await resolver.unitOf(loaded.state.unitId);
      if (!plan.ok) {
        report.needsDecision.push({
          dossierId: row.id,
          code: row.code,
          unitId: plan.unit.id,
          unitName: plan.unit.name,
          reason: plan.reason,
          candidates: plan.candidates,
        });
        return;
      }
      if (!plan.current && !plan.receiving && !plan.consultOrigin) {
        return;
      }
      const to = plan.current ?? { unit: fromUnit, agencyId: loaded.state.agencyId };
      const unplaceableSteps = await stepsAheadUnplaceable(trx, loaded.workflow, loaded.state.stepId, {
        unitId: plan.receiving?.unitId ?? row.receiving_unit_id,
        agencyId: plan.receiving?.agencyId ?? row.receiving_agency_id,
        day: effectiveOn,
      });
      report.moved.push({
        dossierId: row.id,
        code: row.code,
        status: loaded.state.status,
        from: { unitId: fromUnit.id, unitName: fromUnit.name, agencyId: loaded.state.agencyId },
        to: { unitId: to.unit.id, unitName: to.unit.name, agencyId: to.agencyId },
        receiving: plan.receiving
          ? { fromUnitId: row.receiving_unit_id, toUnitId: plan.receiving.unitId, toAgencyId: plan.receiving.agencyId }
          : null,
        assigneeKept: plan.assigneeId !== null && plan.assigneeId === loaded.state.assigneeId,
        unplaceableSteps,
      });
      if (dryRun) {
        return;
      }
      const receivingUnitId = plan.receiving?.unitId ?? row.receiving_unit_id;
      await commitAction(trx, ctx, deps, {
        dossier: { id: row.id, code: row.code, receivingUnitId },
        prev: loaded.state,
        now,
        draft: draft(
          'reform_move',
          {
            reason: `administrative reform effective ${effectiveOn}`,
            effectiveOn,
            fromUnitId: loaded.state.unitId,
            fromAgencyId: loaded.state.agencyId,
            receiving: plan.receiving
              ? {
                  fromUnitId: row.receiving_unit_id,
                  fromAgencyId: row.receiving_agency_id,
                  toUnitId: plan.receiving.unitId,
                  toAgencyId: plan.receiving.agencyId,
                }
              : null,
            consultOrigin: plan.consultOrigin,
          },
          {
            fromStepId: loaded.state.stepId,
            toStepId: loaded.state.stepId,
            toUnitId: plan.current?.unit.id ?? null,
            toAgencyId: plan.current?.agencyId ?? null,
            assigneeId: plan.assigneeId,
          },
        ),
        // The receiving desk is a column of the row, not part of the fold: it moves with the action it belongs to.
        alsoWrite: plan.receiving
          ? async () => {
              await trx
                .updateTable('dossiers')
                .set({ receiving_unit_id: receivingUnitId, receiving_agency_id: plan.receiving?.agencyId })
                .where('id', '=', row.id)
                .execute();
            }
          : undefined,
      });
    });
  }
  return report;
}
