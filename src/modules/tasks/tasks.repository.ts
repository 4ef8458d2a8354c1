import { type Insertable, type Selectable, type Updateable, sql } from 'kysely';
import type { Scope } from '../../platform/auth/scope.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { Tasks } from '../../platform/db/schema.ts';
import { inScope } from '../../platform/db/scope-filter.ts';
import { searchLike } from './work.repository.ts';
import type { TaskPriority, TaskStatus } from './work-model.ts';

/** SQL of tasks. Never opens transactions. */

export type TaskRow = Selectable<Tasks> & {
  status: TaskStatus;
  priority: TaskPriority;
  agency_name: string;
  assignee_name: string;
  creator_name: string | null;
  unit_ancestor_ids: string[];
};

function taskQuery(db: Queryable) {
  return db
    .selectFrom('tasks as t')
    .innerJoin('agencies as a', 'a.id', 't.agency_id')
    .innerJoin('units as u', 'u.id', 't.unit_id')
    .innerJoin('users as asg', 'asg.id', 't.assignee_id')
    .leftJoin('users as cr', 'cr.id', 't.created_by')
    .selectAll('t')
    .select([
      'a.name as agency_name',
      'asg.full_name as assignee_name',
      'cr.full_name as creator_name',
      'u.ancestor_ids as unit_ancestor_ids',
    ]);
}

export async function insertTask(trx: Queryable, row: Insertable<Tasks>, coordinatorIds: readonly string[]) {
  await trx.insertInto('tasks').values(row).execute();
  if (coordinatorIds.length > 0) {
    await trx
      .insertInto('task_coordinators')
      .values(coordinatorIds.map((userId) => ({ task_id: row.id, user_id: userId })))
      .execute();
  }
}

export async function findTask(db: Queryable, id: string, lock = false): Promise<TaskRow | undefined> {
  let query = taskQuery(db).where('t.id', '=', id);
  if (lock) query = query.forUpdate('t');
  return (await query.executeTakeFirst()) as TaskRow | undefined;
}

export async function listCoordinators(db: Queryable, taskId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('task_coordinators as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['u.id', 'u.full_name as name'])
    .where('c.task_id', '=', taskId)
    .orderBy('u.full_name')
    .execute();
}

/** Moves the task only from the version the caller saw. @returns false when it had moved on */
export async function updateTask(trx: Queryable, id: string, fromVersion: number, set: Updateable<Tasks>) {
  const result = await trx
    .updateTable('tasks')
    .set({ ...set, version: fromVersion + 1, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', fromVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type TaskFilter = {
  view: 'mine' | 'assigned' | 'unit' | 'overdue';
  userId: string | null;
  /** Where the caller sees every task (tasks.read). */
  readScope: Scope;
  today: string;
  q?: string;
  status?: TaskStatus;
  agencyId?: string;
  after?: { dueOn: string; id: string };
  limit: number;
};

const NOBODY = '00000000-0000-0000-0000-000000000000';

/** Tasks of one view, by deadline then id; every view keeps to what the caller may see. */
export async function listTasks(db: Queryable, filter: TaskFilter): Promise<TaskRow[]> {
  const me = filter.userId ?? NOBODY;
  const mine = sql<boolean>`(t.assignee_id = ${me} OR EXISTS (SELECT 1 FROM task_coordinators c
    WHERE c.task_id = t.id AND c.user_id = ${me}))`;
  let query = taskQuery(db);
  switch (filter.view) {
    case 'mine':
      query = query.where(mine);
      break;
    case 'assigned':
      query = query.where('t.created_by', '=', me);
      break;
    case 'unit':
      query = query.where(inScope(filter.readScope, 't.unit_id', 't.agency_id'));
      break;
    case 'overdue':
      query = query
        .where((eb) =>
          eb.or([mine, eb('t.created_by', '=', me), inScope(filter.readScope, 't.unit_id', 't.agency_id')]),
        )
        .where('t.status', 'in', ['assigned', 'in_progress'])
        .where('t.due_on', '<', filter.today);
      break;
  }
  if (filter.q) query = query.where(searchLike('t.title_search', filter.q));
  if (filter.status) query = query.where('t.status', '=', filter.status);
  if (filter.agencyId) query = query.where('t.agency_id', '=', filter.agencyId);
  if (filter.after) {
    const { dueOn, id } = filter.after;
    query = query.where(sql<boolean>`(t.due_on, t.id) > (${dueOn}::date, ${id}::uuid)`);
  }
  return (await query
    .orderBy('t.due_on')
    .orderBy('t.id')
    .limit(filter.limit + 1)
    .execute()) as TaskRow[];
}

/** Unfinished tasks due on or before `until`, with their assignee's address, by assignee and deadline. */
export async function listOpenDueUntil(db: Queryable, until: string) {
  return db
    .selectFrom('tasks as t')
    .innerJoin('users as u', 'u.id', 't.assignee_id')
    .select(['t.id', 't.title', 't.due_on', 't.progress', 't.assignee_id', 'u.full_name', 'u.email'])
    .where('t.status', 'in', ['assigned', 'in_progress'])
    .where('t.due_on', '<=', until)
    .where('u.status', '=', 'active')
    .orderBy('t.assignee_id')
    .orderBy('t.due_on')
    .orderBy('t.id')
    .execute();
}

/** Claims today's digest for an officer. @returns false when it was already sent today */
export async function claimDigest(trx: Queryable, userId: string, sentOn: string, taskCount: number) {
  const rows = await trx
    .insertInto('task_reminder_digests')
    .values({ user_id: userId, sent_on: sentOn, task_count: taskCount })
    .onConflict((oc) => oc.columns(['user_id', 'sent_on']).doNothing())
    .returning('user_id')
    .execute();
  return rows.length === 1;
}
