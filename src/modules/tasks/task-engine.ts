import type { Updateable } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.ts';
import { scopeFor } from '../../platform/auth/scope.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import type { Tasks } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, paginate } from '../../platform/http/pagination.ts';
import { businessDay } from '../documents/number-document.ts';
import { presentLog } from './record-engine.ts';
import * as repo from './tasks.repository.ts';
import { type TaskFacts, actorUserId, canReadTask, taskActionsFor } from './tasks.policy.ts';
import type { TTaskDetail, TTaskQuery, TTaskSummary } from './tasks.schema.ts';
import { insertLog, listLog } from './work.repository.ts';
import type { WorkDeps } from './work.deps.ts';
import { type TaskAction, type TaskStatus, isTaskOverdue } from './work-model.ts';

/**
 * The engine every task use case goes through: load a task with its policy facts, record one more action (row
 * moved only from the version the caller saw, log entry, audit), and present tasks with `overdue` derived from the
 * deadline and the business day of the platform clock.
 */

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type LoadedTask = { row: repo.TaskRow; coordinators: { id: string; name: string }[]; facts: TaskFacts };

export async function loadTask(db: Queryable, id: string, lock: boolean): Promise<LoadedTask | undefined> {
  const row = await repo.findTask(db, id, lock);
  if (!row) return undefined;
  const coordinators = await repo.listCoordinators(db, id);
  return {
    row,
    coordinators,
    facts: {
      status: row.status,
      placement: { unitAncestorIds: row.unit_ancestor_ids, agencyId: row.agency_id },
      assigneeId: row.assignee_id,
      creatorId: row.created_by,
      coordinatorIds: coordinators.map((c) => c.id),
    },
  };
}

/** Loads a task the caller may see. @throws AppError NOT_FOUND otherwise */
export async function loadVisibleTask(
  ctx: ServiceContext,
  id: string,
  lock = false,
  db: Queryable = ctx.db,
): Promise<LoadedTask> {
  const loaded = await loadTask(db, id, lock);
  if (!loaded || !canReadTask(ctx.actor, loaded.facts)) throw new AppError('NOT_FOUND', { subject: 'task' });
  return loaded;
}

export type TaskEntry = {
  taskId: string;
  unitId: string;
  action: TaskAction;
  from: { status: TaskStatus; version: number } | null;
  to: TaskStatus;
  now: Date;
  note: string | null;
  data: Record<string, unknown>;
  set?: Updateable<Tasks>;
};

/**
 * Records one action on a task in the caller's transaction.
 * @throws AppError CONFLICT when another action was recorded since `from.version`
 */
export async function recordTaskAction(trx: Tx, ctx: ServiceContext, entry: TaskEntry): Promise<number> {
  const seq = (entry.from?.version ?? 0) + 1;
  if (entry.from) {
    const moved = await repo.updateTask(trx, entry.taskId, entry.from.version, { ...entry.set, status: entry.to });
    if (!moved) throw new AppError('CONFLICT', { reason: 'stale_version', expectedVersion: entry.from.version });
  }
  await insertLog(trx, 'task_actions', {
    subjectId: entry.taskId,
    seq,
    action: entry.action,
    actor_id: actorUserId(ctx.actor),
    actor_kind: ctx.actor.kind === 'system' ? 'system' : 'user',
    at: entry.now,
    note: entry.note,
    data: entry.data,
    from_status: entry.from?.status ?? null,
    to_status: entry.to,
  });
  await recordAudit(trx, {
    actor: ctx.actor,
    meta: ctx.meta,
    action: `task.${entry.action}`,
    subjectType: 'task',
    subjectId: entry.taskId,
    unitId: entry.unitId,
    data: { seq, from: entry.from?.status ?? null, to: entry.to, ...entry.data },
  });
  return seq;
}

export function presentTaskSummary(row: repo.TaskRow, today: string): TTaskSummary {
  return {
    id: row.id,
    agency: { id: row.agency_id, name: row.agency_name },
    title: row.title,
    assignee: { id: row.assignee_id, name: row.assignee_name },
    createdBy: row.created_by ? { id: row.created_by, name: row.creator_name ?? '' } : null,
    dueOn: row.due_on,
    priority: row.priority,
    progress: row.progress,
    status: row.status,
    overdue: isTaskOverdue({ status: row.status, dueOn: row.due_on }, today),
    version: row.version,
    incomingDocumentId: row.incoming_document_id,
    workRecordId: row.work_record_id,
  };
}

/** The task as the caller sees it, with coordinators, history and the actions they may take now. */
export async function getTask(ctx: ServiceContext, deps: Pick<WorkDeps, 'clock'>, id: string): Promise<TTaskDetail> {
  const { row, coordinators, facts } = await loadVisibleTask(ctx, id);
  const history = await listLog(ctx.db, 'task_actions', id);
  return {
    ...presentTaskSummary(row, businessDay(deps.clock.now())),
    description: row.description,
    coordinators,
    finishedAt: row.finished_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    history: history.map(presentLog),
    allowedActions: taskActionsFor(ctx.actor, facts),
  };
}

/** One view of the tasks the caller may see (mine, assigned by me, my units', overdue), by deadline. */
export async function listTasks(ctx: ServiceContext, deps: Pick<WorkDeps, 'clock'>, query: TTaskQuery) {
  if (ctx.actor.kind !== 'system' && (ctx.actor.kind !== 'user' || ctx.actor.userKind !== 'staff')) {
    throw new AppError('FORBIDDEN');
  }
  const today = businessDay(deps.clock.now());
  const cursor = query.cursor ? decodeCursor(query.cursor, 2) : undefined;
  if (cursor && !(DAY.test(String(cursor[0])) && UUID.test(String(cursor[1])))) {
    throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'query.cursor', message: 'invalid cursor' }] });
  }
  const rows = await repo.listTasks(ctx.db, {
    view: query.view,
    userId: actorUserId(ctx.actor),
    readScope: scopeFor(ctx.actor, 'tasks.read'),
    today,
    ...(query.q ? { q: query.q } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.agencyId ? { agencyId: query.agencyId } : {}),
    ...(cursor ? { after: { dueOn: String(cursor[0]), id: String(cursor[1]) } } : {}),
    limit: query.limit,
  });
  return paginate(
    rows,
    query.limit,
    (r) => [r.due_on, r.id],
    (r) => presentTaskSummary(r, today),
  );
}
