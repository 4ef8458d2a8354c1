import type { Actor } from '../../platform/auth/actor.ts';
import type { Permission } from '../../platform/auth/permissions.ts';
import { type Placement, scopeCovers, scopeFor } from '../../platform/auth/scope.ts';
import type { ErrorCode } from '../../platform/errors.ts';
import {
  type RecordFollowUpAction,
  type RecordStatus,
  type TaskFollowUpAction,
  type TaskStatus,
  nextRecordStatus,
  nextTaskStatus,
  recordActionsIn,
  taskActionsIn,
} from './work-model.ts';

/**
 * Who may see a work record or a task and who may take which action on it. Pure: the facts are loaded by the
 * caller. Out of sight answers NOT_FOUND; in sight but not theirs to do, FORBIDDEN; not possible in the status,
 * RECORD_ACTION_NOT_ALLOWED / TASK_ACTION_NOT_ALLOWED.
 *
 * - A work record is its keeper's: they file into it and close it. Leaders and the archive (văn thư) of the agency
 *   see it; a leader reopens a closed one, the archive receives it when handed over.
 * - A task is seen by its assignee, coordinators and the leader who gave it, and by leaders over its agency.
 */

export type Refusal = { code: ErrorCode; details: Record<string, unknown> };
const FORBIDDEN: Refusal = { code: 'FORBIDDEN', details: {} };

function covers(actor: Actor, permission: Permission, placement: Placement): boolean {
  return scopeCovers(scopeFor(actor, permission), placement);
}

function isStaff(actor: Actor): boolean {
  return actor.kind === 'system' || (actor.kind === 'user' && actor.userKind === 'staff');
}

export function actorUserId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.userId : null;
}

function isUser(actor: Actor, userId: string | null): boolean {
  return actor.kind === 'system' || (userId !== null && actorUserId(actor) === userId);
}

export type RecordFacts = { status: RecordStatus; placement: Placement; ownerId: string };

/** Whether the actor may see the work record at all. */
export function canReadRecord(actor: Actor, facts: RecordFacts): boolean {
  if (!isStaff(actor)) return false;
  return (
    isUser(actor, facts.ownerId) ||
    covers(actor, 'records.read', facts.placement) ||
    covers(actor, 'records.archive', facts.placement)
  );
}

/** Whether the actor may open a record for the agency placed at `placement`. */
export function canOpenRecordFor(actor: Actor, placement: Placement): boolean {
  return covers(actor, 'records.manage', placement);
}

/** Why the actor may not take `action` on the record now, or null when they may. */
export function recordRefusal(actor: Actor, action: RecordFollowUpAction, facts: RecordFacts): Refusal | null {
  if (nextRecordStatus(facts.status, action) === null) {
    return {
      code: 'RECORD_ACTION_NOT_ALLOWED',
      details: { action, reason: 'status', status: facts.status, allowed: recordActionsIn(facts.status) },
    };
  }
  switch (action) {
    case 'file':
    case 'close':
      return isUser(actor, facts.ownerId) && covers(actor, 'records.manage', facts.placement) ? null : FORBIDDEN;
    case 'reopen':
      return covers(actor, 'records.reopen', facts.placement) ? null : FORBIDDEN;
    case 'hand_over':
      return covers(actor, 'records.archive', facts.placement) ? null : FORBIDDEN;
  }
}

/** The actions the actor may take on the record now (for the detail view). */
export function recordActionsFor(actor: Actor, facts: RecordFacts): RecordFollowUpAction[] {
  return recordActionsIn(facts.status).filter((a) => recordRefusal(actor, a, facts) === null);
}

export type TaskFacts = {
  status: TaskStatus;
  placement: Placement;
  assigneeId: string;
  creatorId: string | null;
  coordinatorIds: readonly string[];
};

/** Whether the actor may see the task at all. */
export function canReadTask(actor: Actor, facts: TaskFacts): boolean {
  if (!isStaff(actor)) return false;
  const userId = actorUserId(actor);
  return (
    isUser(actor, facts.assigneeId) ||
    isUser(actor, facts.creatorId) ||
    (userId !== null && facts.coordinatorIds.includes(userId)) ||
    covers(actor, 'tasks.read', facts.placement)
  );
}

/** Whether the actor may give tasks within the agency placed at `placement`. */
export function canAssignTasksIn(actor: Actor, placement: Placement): boolean {
  return covers(actor, 'tasks.assign', placement);
}

/** Why the actor may not take `action` on the task now, or null when they may. */
export function taskRefusal(actor: Actor, action: TaskFollowUpAction, facts: TaskFacts): Refusal | null {
  if (nextTaskStatus(facts.status, action) === null) {
    return {
      code: 'TASK_ACTION_NOT_ALLOWED',
      details: { action, reason: 'status', status: facts.status, allowed: taskActionsIn(facts.status) },
    };
  }
  const userId = actorUserId(actor);
  const assignee = isUser(actor, facts.assigneeId);
  const leader = isUser(actor, facts.creatorId) || canAssignTasksIn(actor, facts.placement);
  switch (action) {
    case 'start':
      return assignee ? null : FORBIDDEN;
    case 'report_progress':
      return assignee || (userId !== null && facts.coordinatorIds.includes(userId)) ? null : FORBIDDEN;
    case 'complete':
    case 'link_record':
      return assignee || leader ? null : FORBIDDEN;
    case 'cancel':
      return leader ? null : FORBIDDEN;
  }
}

/** The actions the actor may take on the task now (for the detail view). */
export function taskActionsFor(actor: Actor, facts: TaskFacts): TaskFollowUpAction[] {
  return taskActionsIn(facts.status).filter((a) => taskRefusal(actor, a, facts) === null);
}
