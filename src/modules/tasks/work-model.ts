/**
 * The states of work records and tasks, and which action leads from which state to which: typed tables that the
 * policies and engines consult, so a move not in the table cannot be recorded.
 */

export const RECORD_STATUSES = ['open', 'closed', 'archived'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

export const RECORD_ACTIONS = ['open', 'file', 'close', 'reopen', 'hand_over'] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];
export type RecordFollowUpAction = Exclude<RecordAction, 'open'>;

/**
 * Items are filed into an open record only; a closed record is reopened by a leader or handed over to the archive
 * (nộp lưu), after which nothing changes it any more (NĐ 30/2020 Art. 29–31).
 */
export const RECORD_TRANSITIONS = {
  open: { file: 'open', close: 'closed' },
  closed: { reopen: 'open', hand_over: 'archived' },
  archived: {},
} as const satisfies Record<RecordStatus, Partial<Record<RecordFollowUpAction, RecordStatus>>>;

export function nextRecordStatus(status: RecordStatus, action: RecordFollowUpAction): RecordStatus | null {
  return (RECORD_TRANSITIONS[status] as Partial<Record<RecordFollowUpAction, RecordStatus>>)[action] ?? null;
}

export function recordActionsIn(status: RecordStatus): RecordFollowUpAction[] {
  return Object.keys(RECORD_TRANSITIONS[status]) as RecordFollowUpAction[];
}

export const ITEM_KINDS = ['outgoing', 'incoming', 'dossier', 'note'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const TASK_STATUSES = ['assigned', 'in_progress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const OPEN_TASK_STATUSES = ['assigned', 'in_progress'] as const satisfies readonly TaskStatus[];

export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const TASK_ACTIONS = ['create', 'start', 'report_progress', 'complete', 'cancel', 'link_record'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];
export type TaskFollowUpAction = Exclude<TaskAction, 'create'>;

/** A progress report starts an assigned task; a finished task only takes a link to the record its papers are in. */
export const TASK_TRANSITIONS = {
  assigned: {
    start: 'in_progress',
    report_progress: 'in_progress',
    complete: 'done',
    cancel: 'cancelled',
    link_record: 'assigned',
  },
  in_progress: { report_progress: 'in_progress', complete: 'done', cancel: 'cancelled', link_record: 'in_progress' },
  done: { link_record: 'done' },
  cancelled: {},
} as const satisfies Record<TaskStatus, Partial<Record<TaskFollowUpAction, TaskStatus>>>;

export function nextTaskStatus(status: TaskStatus, action: TaskFollowUpAction): TaskStatus | null {
  return (TASK_TRANSITIONS[status] as Partial<Record<TaskFollowUpAction, TaskStatus>>)[action] ?? null;
}

export function taskActionsIn(status: TaskStatus): TaskFollowUpAction[] {
  return Object.keys(TASK_TRANSITIONS[status]) as TaskFollowUpAction[];
}

/** Unfinished and past its deadline on the business day `today` (YYYY-MM-DD). */
export function isTaskOverdue(task: { status: TaskStatus; dueOn: string }, today: string): boolean {
  return (OPEN_TASK_STATUSES as readonly TaskStatus[]).includes(task.status) && task.dueOn < today;
}
