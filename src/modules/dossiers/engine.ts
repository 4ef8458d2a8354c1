import { recordAudit } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { CalendarGapError, type WorkingCalendar } from '../calendar/working-calendar.ts';
import * as procedureRepo from '../procedures/procedures.repository.ts';
import type { WorkflowDefinition, WorkflowStep } from '../procedures/workflow-model.ts';
import { type DossierState, InvalidActionError, applyAction, deriveState, projectionOf } from './derive-state.ts';
import { type ActionRecord, type DossierAction, DVCQG_STATUS_BY_STATUS } from './dossier-model.ts';
import type { DossierDeps } from './dossiers.deps.ts';
import type { TActionBody, TActionBodyOf } from './dossiers.schema.ts';
import type { DossierFacts } from './dossiers.policy.ts';
import * as repo from './dossiers.repository.ts';
import * as partsRepo from './dossier-parts.repository.ts';
import { type PreparedFile, storeFiles } from './files.ts';

/**
 * The engine every use case goes through: load a dossier with its log and workflow, fold the log, and record one
 * more action — the action row, the projection, files and an audit row in one transaction, the projection written
 * only if nobody recorded an action since the version the caller saw.
 */

/** A dossier as the use cases see it: the row, the folded log, its procedure version and the policy's facts. */
export type LoadedDossier = {
  dossier: repo.DossierRow;
  actions: ActionRecord[];
  state: DossierState;
  version: procedureRepo.VersionRow;
  workflow: WorkflowDefinition;
  facts: DossierFacts;
};

/** The step of a workflow by id. */
export function stepById(workflow: WorkflowDefinition, id: string | null): WorkflowStep | null {
  return id === null ? null : (workflow.steps.find((s) => s.id === id) ?? null);
}

/**
 * Loads a dossier, its log folded, and its procedure version; with `lock`, the row stays locked until the
 * transaction ends so actions on one dossier take turns.
 */
export async function loadDossier(
  db: Queryable,
  id: string,
  now: Date,
  options: { lock: boolean },
): Promise<LoadedDossier | undefined> {
  const dossier = options.lock ? await repo.lockDossier(db, id) : await repo.findDossier(db, id);
  if (!dossier) {
    return undefined;
  }
  const actions = await repo.listActions(db, id);
  const state = deriveState(actions);
  const version = await procedureRepo.findVersion(db, dossier.procedure_id, dossier.procedure_version);
  if (!version) {
    throw new Error(`dossier ${id} refers to a missing procedure version`);
  }
  const workflow = version.workflow as WorkflowDefinition;
  const visitedUnits = [...new Set(actions.flatMap((a) => (a.toUnitId ? [a.toUnitId] : [])))];
  const ancestry = await repo.unitAncestries(db, visitedUnits);
  const visited = [
    ...new Map(
      actions.flatMap((a) => {
        const unitAncestorIds = a.toUnitId ? ancestry.get(a.toUnitId) : undefined;
        return unitAncestorIds
          ? [[`${a.toUnitId}/${a.toAgencyId}`, { unitAncestorIds, agencyId: a.toAgencyId }] as const]
          : [];
      }),
    ).values(),
  ];
  return {
    dossier,
    actions,
    state,
    version,
    workflow,
    facts: {
      state,
      applicantUserId: dossier.applicant_user_id,
      receiving: { unitAncestorIds: dossier.receiving_unit_ancestor_ids, agencyId: dossier.receiving_agency_id },
      current: { unitAncestorIds: dossier.current_unit_ancestor_ids, agencyId: dossier.current_agency_id },
      visited,
      step: stepById(workflow, state.stepId),
      now,
    },
  };
}

/** Runs a deadline computation, turning a missing calendar year into CALENDAR_NOT_AVAILABLE. */
export function withCalendar<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof CalendarGapError) {
      throw new AppError('CALENDAR_NOT_AVAILABLE', { year: error.year });
    }
    throw error;
  }
}

/** The calendar in force for due times. */
export function calendarOf(deps: DossierDeps, db: Queryable): Promise<WorkingCalendar> {
  return deps.calendar.current(db);
}

/** What a use case decides; the engine adds the sequence number, the time and the actor. */
export type ActionDraft = {
  [A in DossierAction]: Omit<Extract<ActionRecord, { action: A }>, 'seq' | 'at' | 'actorId'>;
}[DossierAction];

/** A draft with every optional routing field empty. */
export function draft<A extends DossierAction>(
  action: A,
  data: Extract<ActionRecord, { action: A }>['data'],
  fields: Partial<Omit<ActionDraft, 'action' | 'data'>> = {},
): ActionDraft {
  return {
    action,
    data,
    unitId: null,
    agencyId: null,
    note: null,
    fromStepId: null,
    toStepId: null,
    toUnitId: null,
    toAgencyId: null,
    assigneeId: null,
    ...fields,
  } as ActionDraft;
}

export function actorUserId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.userId : null;
}

export type Commit = {
  dossier: { id: string; code: string; receivingUnitId: string };
  /** The state before; null when the action creates the dossier. */
  prev: DossierState | null;
  draft: ActionDraft;
  now: Date;
  /** The new row, for the action that creates the dossier. */
  insert?: repo.DossierInsert;
  files?: { kind: partsRepo.FileRow['kind']; items: readonly PreparedFile[] };
  /** Other rows that belong with the action (fees), written before the outbox hook sees it. */
  alsoWrite?: (() => Promise<void>) | undefined;
};

/**
 * Records one action: folds it onto the state, writes the projection (refusing a stale version), the action row,
 * its files and the audit row, then calls the outbox hook — all in the caller's transaction.
 * @returns the state after the action
 * @throws AppError CONFLICT when another action was recorded since `prev`, DOSSIER_ACTION_NOT_ALLOWED when the fold
 *   refuses the action
 */
export async function commitAction(
  trx: Tx,
  ctx: ServiceContext,
  deps: DossierDeps,
  commit: Commit,
): Promise<DossierState> {
  const { prev, dossier } = commit;
  const record = {
    ...commit.draft,
    seq: (prev?.version ?? 0) + 1,
    at: commit.now,
    actorId: actorUserId(ctx.actor),
  } as ActionRecord;
  let next: DossierState;
  try {
    next = applyAction(prev, record);
  } catch (error) {
    if (error instanceof InvalidActionError) {
      throw new AppError('DOSSIER_ACTION_NOT_ALLOWED', {
        action: record.action,
        reason: error.reason,
        status: prev?.status,
      });
    }
    throw error;
  }
  const projection = projectionOf(next);
  if (commit.insert) {
    await repo.insertDossier(trx, commit.insert, projection);
  } else if (!prev || !(await repo.updateProjection(trx, dossier.id, prev.version, projection))) {
    throw new AppError('CONFLICT', { reason: 'stale_version', expectedVersion: prev?.version ?? null });
  }
  await repo.insertAction(trx, {
    dossier_id: dossier.id,
    record,
    actor_kind: ctx.actor.kind === 'system' ? 'system' : 'user',
    from_status: prev?.status ?? null,
    to_status: next.status,
  });
  if (commit.files && commit.files.items.length > 0) {
    const rows = await storeFiles(deps.blobs, commit.files.items, {
      kind: commit.files.kind,
      actionSeq: record.seq,
      uploadedBy: record.actorId,
    });
    await partsRepo.insertFiles(trx, { id: dossier.id, unitId: dossier.receivingUnitId }, rows);
  }
  await commit.alsoWrite?.();
  await recordAudit(trx, {
    actor: ctx.actor,
    meta: ctx.meta,
    action: `dossier.${record.action}`,
    subjectType: 'dossier',
    subjectId: dossier.id,
    unitId: dossier.receivingUnitId,
    data: {
      code: dossier.code,
      seq: record.seq,
      from: prev?.status ?? null,
      to: next.status,
      ...(record.toStepId ? { step: record.toStepId } : {}),
    },
  });
  if (deps.dossierOutbox) {
    await deps.dossierOutbox(trx, {
      dossierId: dossier.id,
      code: dossier.code,
      receivingUnitId: dossier.receivingUnitId,
      seq: record.seq,
      action: record.action,
      fromStatus: prev?.status ?? null,
      toStatus: next.status,
      dvcqgStatus: DVCQG_STATUS_BY_STATUS[next.status],
      at: record.at,
    });
  }
  return next;
}

/** What a use case of an existing dossier receives. */
export type HandlerInput<A extends TActionBody['action']> = {
  trx: Tx;
  ctx: ServiceContext;
  deps: DossierDeps;
  loaded: LoadedDossier;
  body: TActionBodyOf<A>;
  now: Date;
  calendar: WorkingCalendar;
  /** The body's files, already decoded and checked. */
  files: PreparedFile[];
};

/** What a use case decided: the action to record, its files, and writes that belong with it (run after it). */
export type HandlerResult = {
  draft: ActionDraft;
  files?: { kind: partsRepo.FileRow['kind']; items: readonly PreparedFile[] };
  alsoWrite?: (() => Promise<void>) | undefined;
};

/** A use case of an existing dossier: decides the action to record (the policy has already let the actor in). */
export type ActionHandler<A extends TActionBody['action']> = (input: HandlerInput<A>) => Promise<HandlerResult>;
