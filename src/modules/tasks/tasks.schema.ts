import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/http/pagination.ts';
import { FileUpload } from '../dossiers/dossiers.schema.ts';
import {
  ITEM_KINDS,
  RECORD_ACTIONS,
  RECORD_STATUSES,
  TASK_ACTIONS,
  TASK_PRIORITIES,
  TASK_STATUSES,
} from './work-model.ts';

/** Request and response schemas of the work-records and tasks API: they validate, type and document it. */

const Uuid = z.uuid();
const Text = (max: number) => z.string().trim().min(1).max(max);
const IsoDate = z.iso.date().describe('Calendar date, YYYY-MM-DD');
const Version = z.number().int().min(1).describe('The version the action was decided on');

export const IdParams = z.object({ id: Uuid }).strict();
export const ItemParams = z.object({ id: Uuid, itemId: Uuid }).strict();

const Retention = z
  .union([z.literal('permanent'), z.number().int().min(1).max(100)])
  .describe('Retention period (thời hạn bảo quản): a number of years, or "permanent" (vĩnh viễn)');

export const RecordCreateBody = z
  .object({
    agencyId: Uuid.describe('The agency (or internal unit) whose record it is'),
    title: Text(500),
    code: Text(50).optional().describe('Code/notation from the agency’s list of records (danh mục hồ sơ)'),
    year: z.number().int().min(2000).max(2200).optional().describe('Default: the current business year'),
    retention: Retention,
    description: Text(4000).optional(),
  })
  .strict()
  .meta({ id: 'WorkRecordCreateBody' });
export type TRecordCreateBody = z.infer<typeof RecordCreateBody>;

const ItemInput = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('outgoing'), documentId: Uuid }).strict(),
    z.object({ kind: z.literal('incoming'), documentId: Uuid }).strict(),
    z.object({ kind: z.literal('dossier'), dossierId: Uuid }).strict(),
    z
      .object({ kind: z.literal('note'), title: Text(500), text: Text(4000).optional(), file: FileUpload.optional() })
      .strict(),
  ])
  .meta({ id: 'WorkRecordItemToFile' });
export type TItemInput = z.infer<typeof ItemInput>;

export const RecordActionBody = z
  .discriminatedUnion('action', [
    z.object({ action: z.literal('file'), expectedVersion: Version, item: ItemInput }).strict(),
    z
      .object({
        action: z.literal('close'),
        expectedVersion: Version,
        note: Text(4000).describe('Closing note (chứng từ kết thúc)'),
        pageCount: z.number().int().min(0).max(100000).describe('Number of pages (số tờ)'),
      })
      .strict(),
    z.object({ action: z.literal('reopen'), expectedVersion: Version, note: Text(4000) }).strict(),
    z
      .object({
        action: z.literal('hand_over'),
        expectedVersion: Version,
        handedOverOn: IsoDate.optional().describe('Day of the handover; default today'),
        note: Text(4000).optional(),
      })
      .strict(),
  ])
  .meta({ id: 'WorkRecordActionBody' });
export type TRecordActionBody = z.infer<typeof RecordActionBody>;

const PersonRef = z.object({ id: z.string(), name: z.string() });
const AgencyRef = z.object({ id: z.string(), name: z.string() });

const HistoryEntry = z
  .object({
    seq: z.number(),
    action: z.string(),
    at: z.string(),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    note: z.string().nullable(),
    fromStatus: z.string().nullable(),
    toStatus: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'WorkHistoryEntry' });

const RecordItem = z
  .object({
    id: z.string(),
    position: z.number(),
    kind: z.enum(ITEM_KINDS),
    refId: z.string().nullable().describe('The document or dossier filed'),
    label: z.string(),
    note: z.string().nullable(),
    file: z.object({ filename: z.string(), contentType: z.string(), size: z.number() }).nullable(),
    filedBy: PersonRef.nullable(),
    filedAt: z.string(),
  })
  .meta({ id: 'WorkRecordItem' });

export const RecordSummary = z
  .object({
    id: z.string(),
    agency: AgencyRef,
    owner: PersonRef,
    title: z.string(),
    code: z.string().nullable(),
    year: z.number(),
    retention: Retention,
    status: z.enum(RECORD_STATUSES),
    version: z.number(),
    itemCount: z.number(),
    createdAt: z.string(),
  })
  .meta({ id: 'WorkRecordSummary' });
export type TRecordSummary = z.infer<typeof RecordSummary>;

export const RecordDetail = RecordSummary.extend({
  description: z.string().nullable(),
  pageCount: z.number().nullable(),
  closingNote: z.string().nullable(),
  closedAt: z.string().nullable(),
  handedOverOn: z.string().nullable(),
  archivist: PersonRef.nullable(),
  items: z.array(RecordItem),
  history: z.array(HistoryEntry),
  allowedActions: z.array(z.enum(RECORD_ACTIONS)),
}).meta({ id: 'WorkRecordDetail' });
export type TRecordDetail = z.infer<typeof RecordDetail>;

export const RecordQuery = PageQuery.extend({
  view: z.enum(['mine', 'all']).default('all').describe('mine: records I keep; all: every record I may see'),
  q: Text(200).optional().describe('Search title, code and filed items (notation, subject) ignoring accents and case'),
  status: z.enum(RECORD_STATUSES).optional(),
  agencyId: Uuid.optional(),
  year: z.coerce.number().int().min(2000).max(2200).optional(),
}).strict();
export type TRecordQuery = z.infer<typeof RecordQuery>;
export const RecordPage = pageOf(RecordSummary).meta({ id: 'WorkRecordPage' });

const TaskFields = {
  title: Text(500),
  description: Text(4000).optional(),
  coordinatorIds: z.array(Uuid).max(20).optional().describe('Officers who coordinate (phối hợp)'),
  priority: z.enum(TASK_PRIORITIES).default('normal'),
  workRecordId: Uuid.optional().describe('The work record the task’s papers are kept in'),
};

export const TaskCreateBody = z
  .object({
    agencyId: Uuid.describe('The agency (or internal unit) whose task it is'),
    ...TaskFields,
    assigneeId: Uuid.describe('The officer responsible'),
    dueOn: IsoDate,
  })
  .strict()
  .meta({ id: 'TaskCreateBody' });
export type TTaskCreateBody = z.infer<typeof TaskCreateBody>;

export const TaskFromIncomingBody = z
  .object({
    ...TaskFields,
    title: Text(500).optional().describe('Default: the document’s notation and subject'),
    assigneeId: Uuid.optional().describe('Default: the officer leading the handling'),
    dueOn: IsoDate.optional().describe('Default: the handling deadline'),
  })
  .strict()
  .meta({ id: 'TaskFromIncomingBody' });
export type TTaskFromIncomingBody = z.infer<typeof TaskFromIncomingBody>;

export const TaskActionBody = z
  .discriminatedUnion('action', [
    z.object({ action: z.literal('start'), expectedVersion: Version, note: Text(4000).optional() }).strict(),
    z
      .object({
        action: z.literal('report_progress'),
        expectedVersion: Version,
        progress: z.number().int().min(0).max(100),
        note: Text(4000),
      })
      .strict(),
    z.object({ action: z.literal('complete'), expectedVersion: Version, note: Text(4000).optional() }).strict(),
    z.object({ action: z.literal('cancel'), expectedVersion: Version, note: Text(4000) }).strict(),
    z.object({ action: z.literal('link_record'), expectedVersion: Version, workRecordId: Uuid }).strict(),
  ])
  .meta({ id: 'TaskActionBody' });
export type TTaskActionBody = z.infer<typeof TaskActionBody>;

export const TaskSummary = z
  .object({
    id: z.string(),
    agency: AgencyRef,
    title: z.string(),
    assignee: PersonRef,
    createdBy: PersonRef.nullable(),
    dueOn: z.string(),
    priority: z.enum(TASK_PRIORITIES),
    progress: z.number(),
    status: z.enum(TASK_STATUSES),
    overdue: z.boolean().describe('Unfinished past the deadline, by the business day of the platform clock'),
    version: z.number(),
    incomingDocumentId: z.string().nullable(),
    workRecordId: z.string().nullable(),
  })
  .meta({ id: 'TaskSummary' });
export type TTaskSummary = z.infer<typeof TaskSummary>;

export const TaskDetail = TaskSummary.extend({
  description: z.string().nullable(),
  coordinators: z.array(PersonRef),
  finishedAt: z.string().nullable(),
  createdAt: z.string(),
  history: z.array(HistoryEntry),
  allowedActions: z.array(z.enum(TASK_ACTIONS)),
}).meta({ id: 'TaskDetail' });
export type TTaskDetail = z.infer<typeof TaskDetail>;

export const TaskQuery = PageQuery.extend({
  view: z
    .enum(['mine', 'assigned', 'unit', 'overdue'])
    .default('mine')
    .describe(
      'mine: given to me or coordinated by me; assigned: given by me; unit: of my scope; overdue: overdue ones I may see',
    ),
  q: Text(200).optional().describe('Search the title ignoring accents and case'),
  status: z.enum(TASK_STATUSES).optional(),
  agencyId: Uuid.optional(),
}).strict();
export type TTaskQuery = z.infer<typeof TaskQuery>;
export const TaskPage = pageOf(TaskSummary).meta({ id: 'TaskPage' });
