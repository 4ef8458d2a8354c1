import type { Actor } from '../../platform/auth/actor.ts';
import { type Placement, scopeCovers, scopeFor } from '../../platform/auth/scope.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { type Tx, inTransaction } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { loadVisibleIncoming } from '../documents/incoming-engine.ts';
import { businessDay } from '../documents/number-document.ts';
import { loadVisibleRecord } from './record-engine.ts';
import { getTask, loadVisibleTask, recordTaskAction } from './task-engine.ts';
import { actorUserId, canAssignTasksIn, taskRefusal } from './tasks.policy.ts';
import type { TTaskActionBody, TTaskCreateBody, TTaskDetail, TTaskFromIncomingBody } from './tasks.schema.ts';
import * as taskRepo from './tasks.repository.ts';
import * as repo from './work.repository.ts';
import type { WorkDeps } from './work.deps.ts';
import { nextTaskStatus } from './work-model.ts';

/**
 * Giving tasks to officers and working them: a leader gives a task to an officer of their scope, or turns an
 * incoming document's handling assignment into one (its lead handler and deadline by default); the assignee
 * reports progress and completes it; the leader may cancel it.
 */

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', { issues: [{ path, message }] });
}

/** True when one of the officer's roles is held where the actor gives tasks. */
function isOfficerOfScope(actor: Actor, grants: readonly repo.StaffGrantPlace[]): boolean {
  const scope = scopeFor(actor, 'tasks.assign');
  return grants.some((g) => scopeCovers(scope, { unitAncestorIds: g.unit_ancestor_ids, agencyId: g.agency_id }));
}

type NewTask = {
  agency: repo.AgencyPlace;
  title: string;
  description: string | null;
  assigneeId: string;
  coordinatorIds: readonly string[];
  dueOn: string;
  priority: TTaskCreateBody['priority'];
  workRecordId: string | null;
  incomingDocumentId: string | null;
  /** Officers who may be given the task even outside the leader's scope (the handlers named on the document). */
  alsoAllowed: readonly string[];
};

async function insertNewTask(trx: Tx, ctx: ServiceContext, deps: WorkDeps, task: NewTask): Promise<string> {
  const now = deps.clock.now();
  if (task.dueOn < businessDay(now)) throw invalid('body.dueOn', 'the deadline is in the past');
  const people = [
    { id: task.assigneeId, path: 'body.assigneeId' },
    ...task.coordinatorIds.map((id, i) => ({ id, path: `body.coordinatorIds.${i}` })),
  ];
  for (const person of people) {
    const staff = await repo.findActiveStaff(trx, person.id);
    if (!staff || !(task.alsoAllowed.includes(person.id) || isOfficerOfScope(ctx.actor, staff.grants))) {
      throw invalid(person.path, 'no such active officer in your units');
    }
  }
  const coordinatorIds = [...new Set(task.coordinatorIds)].filter((id) => id !== task.assigneeId);
  if (task.workRecordId) await loadVisibleRecord(ctx, task.workRecordId, false, trx);
  const id = newId();
  await taskRepo.insertTask(
    trx,
    {
      id,
      unit_id: task.agency.unit_id,
      agency_id: task.agency.id,
      title: task.title,
      description: task.description,
      assignee_id: task.assigneeId,
      created_by: actorUserId(ctx.actor),
      due_on: task.dueOn,
      priority: task.priority,
      progress: 0,
      status: 'assigned',
      version: 1,
      incoming_document_id: task.incomingDocumentId,
      work_record_id: task.workRecordId,
    },
    coordinatorIds,
  );
  await recordTaskAction(trx, ctx, {
    taskId: id,
    unitId: task.agency.unit_id,
    action: 'create',
    from: null,
    to: 'assigned',
    now,
    note: task.description,
    data: {
      assigneeId: task.assigneeId,
      coordinatorIds,
      dueOn: task.dueOn,
      priority: task.priority,
      incomingDocumentId: task.incomingDocumentId,
      workRecordId: task.workRecordId,
    },
  });
  return id;
}

/** A leader gives a task within an agency of their tasks.assign scope to an officer of their scope. */
export async function createTask(ctx: ServiceContext, deps: WorkDeps, body: TTaskCreateBody): Promise<TTaskDetail> {
  const agency = await repo.findAgencyPlace(ctx.db, body.agencyId);
  if (!agency) throw invalid('body.agencyId', 'no such agency');
  const placement: Placement = { unitAncestorIds: agency.unit_ancestor_ids, agencyId: agency.id };
  if (!canAssignTasksIn(ctx.actor, placement)) throw new AppError('FORBIDDEN');
  const id = await inTransaction(ctx.db, (trx) =>
    insertNewTask(trx, ctx, deps, {
      agency,
      title: body.title,
      description: body.description ?? null,
      assigneeId: body.assigneeId,
      coordinatorIds: body.coordinatorIds ?? [],
      dueOn: body.dueOn,
      priority: body.priority,
      workRecordId: body.workRecordId ?? null,
      incomingDocumentId: null,
      alsoAllowed: [],
    }),
  );
  return getTask(ctx, deps, id);
}

/**
 * Turns the handling assignment of an incoming document into a task, in the caller's transaction: by default the
 * officer leading the handling gets it, the officers coordinating coordinate, and the handling deadline is its
 * deadline. The caller must see the document and give tasks in the receiving agency.
 * @returns the new task's id
 * @throws AppError NOT_FOUND (document out of sight), FORBIDDEN, DOCUMENT_ACTION_NOT_ALLOWED (not assigned yet),
 *   VALIDATION_FAILED (no officer leads it and none was named)
 */
export async function createTaskFromIncoming(
  trx: Tx,
  ctx: ServiceContext,
  deps: WorkDeps,
  incomingId: string,
  body: TTaskFromIncomingBody,
): Promise<string> {
  const scoped = { ...ctx, db: trx };
  const loaded = await loadVisibleIncoming(scoped, incomingId, true, trx);
  if (!canAssignTasksIn(ctx.actor, loaded.facts.receiving)) throw new AppError('FORBIDDEN');
  const { row } = loaded;
  if (row.status !== 'assigned' && row.status !== 'in_progress') {
    throw new AppError('DOCUMENT_ACTION_NOT_ALLOWED', {
      action: 'create_task',
      reason: 'not_assigned',
      status: row.status,
    });
  }
  const lead = loaded.assignments.find((a) => a.role === 'lead');
  const assigneeId = body.assigneeId ?? lead?.user_id ?? null;
  if (!assigneeId) throw invalid('body.assigneeId', 'a unit leads the handling: name the officer');
  const dueOn = body.dueOn ?? row.handling_due_on;
  if (!dueOn) throw invalid('body.dueOn', 'the document has no handling deadline: give one');
  const handlers = loaded.assignments.flatMap((a) => (a.user_id && a.role !== 'inform' ? [a.user_id] : []));
  const coordinators =
    body.coordinatorIds ?? loaded.assignments.flatMap((a) => (a.role === 'coordinate' && a.user_id ? [a.user_id] : []));
  const agency = await repo.findAgencyPlace(trx, row.agency_id);
  if (!agency) throw new Error(`incoming document ${incomingId} refers to a missing agency`);
  return insertNewTask(trx, ctx, deps, {
    agency,
    title: body.title ?? `${row.notation} – ${row.subject}`.slice(0, 500),
    description: body.description ?? null,
    assigneeId,
    coordinatorIds: coordinators,
    dueOn,
    priority: body.priority,
    workRecordId: body.workRecordId ?? null,
    incomingDocumentId: row.id,
    alsoAllowed: handlers,
  });
}

/**
 * Takes one action on a task, checking in order: visible (else NOT_FOUND), at the version the caller saw (else
 * CONFLICT), allowed in its status (else TASK_ACTION_NOT_ALLOWED), the caller's to take (else FORBIDDEN).
 */
export async function performTaskAction(
  ctx: ServiceContext,
  deps: WorkDeps,
  id: string,
  body: TTaskActionBody,
): Promise<TTaskDetail> {
  await inTransaction(ctx.db, async (trx) => {
    const loaded = await loadVisibleTask(ctx, id, true, trx);
    const { row } = loaded;
    if (row.version !== body.expectedVersion) {
      throw new AppError('CONFLICT', { reason: 'stale_version', currentVersion: row.version });
    }
    const refusal = taskRefusal(ctx.actor, body.action, loaded.facts);
    if (refusal) throw new AppError(refusal.code, refusal.details);
    const to = nextTaskStatus(row.status, body.action);
    if (to === null) throw new Error('the policy let through an action the status does not allow');
    const now = deps.clock.now();
    const base = {
      taskId: id,
      unitId: row.unit_id,
      action: body.action,
      from: { status: row.status, version: row.version },
      to,
      now,
    };
    switch (body.action) {
      case 'start':
        await recordTaskAction(trx, ctx, { ...base, note: body.note ?? null, data: {} });
        return;
      case 'report_progress':
        await recordTaskAction(trx, ctx, {
          ...base,
          note: body.note,
          data: { progress: body.progress },
          set: { progress: body.progress },
        });
        return;
      case 'complete':
        await recordTaskAction(trx, ctx, {
          ...base,
          note: body.note ?? null,
          data: { progress: 100 },
          set: { progress: 100, finished_at: now },
        });
        return;
      case 'cancel':
        await recordTaskAction(trx, ctx, { ...base, note: body.note, data: {}, set: { finished_at: now } });
        return;
      case 'link_record': {
        await loadVisibleRecord(ctx, body.workRecordId, false, trx);
        await recordTaskAction(trx, ctx, {
          ...base,
          note: null,
          data: { workRecordId: body.workRecordId },
          set: { work_record_id: body.workRecordId },
        });
        return;
      }
    }
  });
  return getTask(ctx, deps, id);
}
