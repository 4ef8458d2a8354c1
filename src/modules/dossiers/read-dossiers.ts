import type { Readable } from 'node:stream';
import { type SqlBool, sql } from 'kysely';
import type { Actor } from '../../platform/auth/actor.ts';
import { scopeFor } from '../../platform/auth/scope.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { inScope } from '../../platform/db/scope-filter.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, paginate } from '../../platform/http/pagination.ts';
import type { DossierState } from './derive-state.ts';
import {
  ALLOWED_ACTIONS_BY_STATUS,
  CLOCK_RUNNING_STATUSES,
  type DossierAction,
  type DossierFollowUpAction,
  type DossierStatus,
  DVCQG_STATUS_BY_STATUS,
  INTERNAL_NOTE_ACTIONS,
  OPEN_STATUSES,
  TRANSITION_DOSSIER_ACTIONS,
  type TransitionDossierAction,
} from './dossier-model.ts';
import type { DossierDeps } from './dossiers.deps.ts';
import { canReadDossier, refusalFor, transitionsFor } from './dossiers.policy.ts';
import * as repo from './dossiers.repository.ts';
import * as partsRepo from './dossier-parts.repository.ts';
import * as queueRepo from './queue.repository.ts';
import type { TAllowedAction, TDossierDetail, TDossierSummary, TQueueQuery } from './dossiers.schema.ts';
import { type LoadedDossier, loadDossier, stepById } from './engine.ts';

/**
 * Reading dossiers: the work queue (filtered by the caller's scope in SQL, or the applicant's own dossiers), one
 * dossier with its timeline and what the caller may do now, its files, and the log for the national-portal sync.
 */

const iso = (value: Date | null): string | null => value?.toISOString() ?? null;

/** Past due while the clock runs. */
export function isOverdue(state: Pick<DossierState, 'status' | 'dueAt' | 'pausedAt'>, now: Date): boolean {
  return (
    (CLOCK_RUNNING_STATUSES as readonly DossierStatus[]).includes(state.status) &&
    state.pausedAt === null &&
    state.dueAt !== null &&
    now.getTime() > state.dueAt.getTime()
  );
}

/** What the actor may do on the dossier now, with the steps each workflow transition may lead to. */
export function allowedActionsFor(actor: Actor, loaded: LoadedDossier): TAllowedAction[] {
  const { facts, workflow, state } = loaded;
  const allowed: TAllowedAction[] = [];
  for (const action of ALLOWED_ACTIONS_BY_STATUS[state.status] as readonly DossierFollowUpAction[]) {
    if (refusalFor(actor, action, facts) !== null) continue;
    let targets: string[] = [];
    if (action === 'reply') {
      targets = state.consultOrigin ? [state.consultOrigin.stepId] : [];
    } else if ((TRANSITION_DOSSIER_ACTIONS as readonly string[]).includes(action)) {
      targets = transitionsFor(facts, action as TransitionDossierAction).map((t) => t.to);
    }
    allowed.push({
      action,
      targets: targets.map((stepId) => ({ stepId, name: stepById(workflow, stepId)?.name ?? stepId })),
    });
  }
  return allowed;
}

/** Loads a dossier the caller may see. @throws NOT_FOUND otherwise */
async function loadVisible(ctx: ServiceContext, id: string, now: Date): Promise<LoadedDossier> {
  const loaded = await loadDossier(ctx.db, id, now, { lock: false });
  if (!loaded || !canReadDossier(ctx.actor, loaded.facts)) {
    throw new AppError('NOT_FOUND', { subject: 'dossier' });
  }
  return loaded;
}

/** One dossier with its files, fees, timeline and the actions the caller may take now. @throws NOT_FOUND */
export async function getDossier(ctx: ServiceContext, deps: DossierDeps, id: string): Promise<TDossierDetail> {
  const now = deps.clock.now();
  const loaded = await loadVisible(ctx, id, now);
  const { dossier: d, state, workflow } = loaded;
  const [labels, timeline, files, fees] = await Promise.all([
    queueRepo.findDossierLabels(ctx.db, id),
    repo.listTimeline(ctx.db, id),
    partsRepo.listFiles(ctx.db, id),
    partsRepo.listFees(ctx.db, id),
  ]);
  if (!labels) {
    throw new AppError('NOT_FOUND', { subject: 'dossier' });
  }
  const step = stepById(workflow, state.stepId);
  const isStaff = ctx.actor.kind === 'user' && ctx.actor.userKind === 'staff';
  return {
    id: d.id,
    code: d.code,
    status: state.status,
    dvcqgStatus: DVCQG_STATUS_BY_STATUS[state.status],
    channel: d.channel,
    procedure: {
      id: d.procedure_id,
      code: labels.procedure_code,
      name: labels.procedure_name,
      version: d.procedure_version,
    },
    receivingUnit: { id: d.receiving_unit_id, name: labels.receiving_unit_name },
    receivingAgency: {
      id: d.receiving_agency_id,
      code: labels.receiving_agency_code,
      name: labels.receiving_agency_name,
    },
    applicant: {
      kind: d.applicant_kind,
      fullName: d.applicant_name,
      personalId: d.applicant_personal_id,
      taxCode: d.applicant_tax_code,
      phone: d.applicant_phone,
      email: d.applicant_email,
      address: d.applicant_address,
      userId: d.applicant_user_id,
    },
    onBehalfOf: (d.on_behalf_of as Record<string, unknown> | null) ?? null,
    submittedAt: state.submittedAt.toISOString(),
    receivedAt: iso(state.receivedAt),
    dueAt: iso(state.dueAt),
    calendarVersion: state.calendarVersion,
    current: {
      step: step ? { id: step.id, name: step.name } : null,
      unit: { id: state.unitId, name: labels.current_unit_name },
      agency: state.agencyId ? { id: state.agencyId, name: labels.current_agency_name ?? '' } : null,
      assignee: state.assigneeId ? { id: state.assigneeId, fullName: labels.assignee_name ?? '' } : null,
      stepDueAt: iso(state.stepDueAt),
    },
    pausedAt: iso(state.pausedAt),
    decision: state.decision,
    overdue: isOverdue(state, now),
    late: state.late,
    completedAt: iso(state.completedAt),
    resultNumber: state.resultNumber,
    returnedAt: iso(state.returnedAt),
    returnMethod: state.returnMethod,
    rating: state.rating,
    ratingComment: state.ratingComment,
    version: state.version,
    files: files.map((f) => ({
      id: f.id,
      kind: f.kind,
      componentCode: f.component_code,
      filename: f.filename,
      contentType: f.content_type,
      size: f.size,
      sha256: f.sha256,
      actionSeq: f.action_seq,
    })),
    fees: fees.map((f) => ({
      code: f.code,
      name: f.name,
      kind: f.kind,
      amount: Number(f.amount),
      paidAt: iso(f.paid_at),
    })),
    timeline: timeline.map((a) => {
      const toStep = a.to_step_id ? stepById(workflow, a.to_step_id) : null;
      const hidden = !isStaff && INTERNAL_NOTE_ACTIONS.has(a.action as DossierAction);
      return {
        seq: a.seq,
        action: a.action as TDossierDetail['timeline'][number]['action'],
        at: a.at.toISOString(),
        actor: a.actor_id ? { id: a.actor_id, fullName: a.actor_name ?? '' } : null,
        unitName: a.unit_name,
        agencyName: a.agency_name,
        note: hidden ? null : a.note,
        fromStatus: a.from_status as DossierStatus | null,
        toStatus: a.to_status as DossierStatus,
        fromStepId: a.from_step_id,
        toStep: a.to_step_id ? { id: a.to_step_id, name: toStep?.name ?? a.to_step_id } : null,
        toUnitName: a.to_unit_name,
        toAgencyName: a.to_agency_name,
        assignee: a.assignee_id ? { id: a.assignee_id, fullName: a.assignee_name ?? '' } : null,
        data: hidden ? {} : ((a.data ?? {}) as Record<string, unknown>),
      };
    }),
    allowedActions: allowedActionsFor(ctx.actor, loaded),
  };
}

/**
 * The SQL condition for the dossiers the actor lists: applicants their own; staff those at their units now (the
 * work queue) or, with `all`, every dossier they may open (received or handled there too).
 */
export function visibleTo(actor: Actor, view: TQueueQuery['view']) {
  if (actor.kind === 'system') {
    return sql<SqlBool>`true`;
  }
  if (actor.kind !== 'user') {
    return sql<SqlBool>`false`;
  }
  if (actor.userKind !== 'staff') {
    return sql<SqlBool>`d.applicant_user_id = ${actor.userId}`;
  }
  const scope = scopeFor(actor, 'dossiers.read');
  const current = inScope(scope, 'd.current_unit_id', 'd.current_agency_id');
  if (view === 'current') {
    return current;
  }
  return sql<SqlBool>`(${current} OR ${inScope(scope, 'd.receiving_unit_id', 'd.receiving_agency_id')}
    OR EXISTS (SELECT 1 FROM dossier_actions AS visit WHERE visit.dossier_id = d.id AND visit.to_unit_id IS NOT NULL
      AND ${inScope(scope, 'visit.to_unit_id', 'visit.to_agency_id')}))`;
}

/** The work queue: dossiers the caller may see, filtered, most urgent first. @throws UNAUTHENTICATED */
export async function listDossiers(ctx: ServiceContext, deps: DossierDeps, query: TQueueQuery) {
  const actor = ctx.actor;
  if (actor.kind === 'anonymous') {
    throw new AppError('UNAUTHENTICATED');
  }
  const now = deps.clock.now();
  let after: { queueDueAt: Date; id: string } | undefined;
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor, 2);
    after = { queueDueAt: new Date(String(at)), id: String(id) };
    if (Number.isNaN(after.queueDueAt.getTime())) {
      throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'query.cursor', message: 'invalid cursor' }] });
    }
  }
  const rows = await queueRepo.findQueue(ctx.db, {
    visible: visibleTo(actor, query.view),
    // The work queue is what is still open, unless statuses are asked for; applicants see all of theirs.
    statuses:
      query.status ??
      (actor.kind === 'user' && actor.userKind === 'staff' && query.view === 'current' ? OPEN_STATUSES : undefined),
    assigneeId: query.assignee === 'me' && actor.kind === 'user' ? actor.userId : undefined,
    overdueAt: query.overdue || query.timeLeft === 'overdue' ? now : undefined,
    timeLeft: query.timeLeft && query.timeLeft !== 'overdue' ? { mark: query.timeLeft, now } : undefined,
    procedureId: query.procedureId,
    unitId: query.unitId,
    q: query.q,
    after,
    limit: query.limit,
  });
  return paginate(
    rows,
    query.limit,
    (r) => [r.queue_due_at.toISOString(), r.id],
    (r): TDossierSummary => ({
      id: r.id,
      code: r.code,
      status: r.status as DossierStatus,
      channel: r.channel as 'online' | 'counter',
      procedure: { id: r.procedure_id, name: r.procedure_name },
      applicantName: r.applicant_name,
      receivingUnitName: r.receiving_unit_name,
      currentStepId: r.current_step_id,
      currentUnitName: r.current_unit_name,
      currentAgencyName: r.current_agency_name,
      assignee: r.assignee_id ? { id: r.assignee_id, fullName: r.assignee_name ?? '' } : null,
      submittedAt: r.submitted_at.toISOString(),
      dueAt: iso(r.due_at),
      stepDueAt: iso(r.step_due_at),
      paused: r.paused_at !== null,
      overdue: isOverdue({ status: r.status as DossierStatus, dueAt: r.due_at, pausedAt: r.paused_at }, now),
      late: r.is_late,
      version: r.version,
    }),
  );
}

/**
 * Opens one file of a dossier the caller may see.
 * @throws NOT_FOUND
 */
export async function openDossierFile(
  ctx: ServiceContext,
  deps: DossierDeps,
  id: string,
  fileId: string,
): Promise<{ file: partsRepo.FileRow; stream: Readable }> {
  await loadVisible(ctx, id, deps.clock.now());
  const file = await partsRepo.findFile(ctx.db, id, fileId);
  if (!file) {
    throw new AppError('NOT_FOUND', { subject: 'file' });
  }
  return { file, stream: await deps.blobs.get(file.sha256) };
}

/**
 * The log of one dossier after `afterSeq`, with the national portal's status code after each action: what a sync
 * outbox (DongBoHoSoMC / CapNhatTienDoHoSoMC) reads. No access check: for the platform's own workers.
 */
export async function listDossierActionsForSync(db: Queryable, dossierId: string, afterSeq = 0) {
  const rows = await repo.listTimeline(db, dossierId, afterSeq);
  return rows.map((a) => ({
    seq: a.seq,
    action: a.action,
    at: a.at,
    actorId: a.actor_id,
    actorName: a.actor_name,
    unitName: a.unit_name,
    agencyName: a.agency_name,
    note: a.note,
    fromStatus: a.from_status,
    toStatus: a.to_status,
    dvcqgStatus: DVCQG_STATUS_BY_STATUS[a.to_status as DossierStatus],
    data: a.data,
  }));
}
