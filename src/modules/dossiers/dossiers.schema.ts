import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/http/pagination.ts';
import { BULK_ACTIONS, DOSSIER_ACTIONS, DOSSIER_STATUSES, RETURN_METHODS, TIME_LEFT_FILTERS } from './dossier-model.ts';
import { FILE_CONTENT_TYPES, MAX_FILE_BASE64 } from './files.ts';

/** Request and response schemas of the dossier API: they validate, type and document it. */

const Uuid = z.uuid();
const Text = (max: number) => z.string().trim().min(1).max(max);
const PartCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, 'component or fee code');
const IsoDate = z.iso.date().describe('Calendar date, YYYY-MM-DD');
const Note = Text(2000).optional();

export const FileUpload = z
  .object({
    filename: Text(200),
    contentType: z.enum(FILE_CONTENT_TYPES).describe('Must agree with the bytes (PDF, JPEG or PNG)'),
    data: z.string().max(MAX_FILE_BASE64).describe('The file, base64-encoded (at most 5 MiB decoded)'),
  })
  .strict()
  .meta({ id: 'DossierFileUpload' });
export type TFileUpload = z.infer<typeof FileUpload>;

const SubmittedComponent = z
  .object({ code: PartCode, files: z.array(FileUpload).max(10).default([]) })
  .strict()
  .meta({ id: 'DossierSubmittedComponent' });

const CounterComponent = SubmittedComponent.extend({
  paper: z.boolean().default(false).describe('The paper was received at the desk (to be digitised later)'),
}).meta({ id: 'DossierCounterComponent' });

export const Applicant = z
  .object({
    kind: z.enum(['citizen', 'business']).default('citizen'),
    fullName: Text(200),
    personalId: z
      .string()
      .regex(/^\d{12}$/, '12 digits')
      .optional(),
    taxCode: z
      .string()
      .regex(/^\d{10}(-\d{3})?$/, '10 digits, or 13 as 0123456789-001')
      .optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9 ]{8,15}$/, 'a phone number')
      .optional(),
    email: z.email().max(200).optional(),
    address: Text(500).optional(),
  })
  .strict()
  .refine((a) => a.personalId !== undefined || a.taxCode !== undefined, {
    message: 'a personal id or a tax code is required',
    path: ['personalId'],
  })
  .meta({ id: 'DossierApplicant' });
export type TApplicant = z.infer<typeof Applicant>;

export const OnBehalfOf = z
  .object({
    fullName: Text(200),
    personalId: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
    taxCode: z
      .string()
      .regex(/^\d{10}(-\d{3})?$/)
      .optional(),
    relation: Text(100).optional().describe('e.g. "cha", "mẹ", "người được ủy quyền"'),
  })
  .strict()
  .describe('The dossier owner (chủ hồ sơ) when the applicant acts for someone else')
  .meta({ id: 'DossierOnBehalfOf' });

const DeclaredFee = z
  .object({ code: PartCode, amount: z.number().int().min(0).max(1_000_000_000).describe('Integer VND') })
  .strict();

const IntakeFields = {
  procedureId: Uuid,
  receivingUnitId: Uuid.describe('The unit whose one-stop desk receives the dossier'),
  applicant: Applicant,
  onBehalfOf: OnBehalfOf.optional(),
  fees: z
    .array(DeclaredFee)
    .max(30)
    .default([])
    .describe('The fees as shown to the applicant; must match the procedure'),
  note: Note,
};

export const SubmitBody = z
  .object({ ...IntakeFields, components: z.array(SubmittedComponent).max(60) })
  .strict()
  .meta({ id: 'DossierSubmitBody' });
export type TSubmitBody = z.infer<typeof SubmitBody>;

export const CounterBody = z
  .object({
    ...IntakeFields,
    components: z.array(CounterComponent).max(60),
    feesPaid: z.boolean().default(false).describe('The fees were paid at the desk'),
    applicantUserId: Uuid.optional().describe('The applicant’s account, when they have one'),
  })
  .strict()
  .meta({ id: 'DossierCounterBody' });
export type TCounterBody = z.infer<typeof CounterBody>;

const Version = z.number().int().min(1).describe('The dossier version the action was decided on (optimistic lock)');
const action = <A extends string, S extends z.ZodRawShape>(name: A, shape: S) =>
  z
    .object({ action: z.literal(name), expectedVersion: Version, note: Note })
    .extend(shape)
    .strict();
const Move = {
  toStepId: z.string().max(40).optional().describe('Needed when the step has several transitions of this kind'),
  assigneeId: Uuid.optional().describe('An officer of the next step; otherwise the next step assigns itself'),
};
const Reasons = z.array(Text(1000)).min(1).max(20);

export const ActionBody = z
  .discriminatedUnion('action', [
    action('accept', { feesPaid: z.boolean().default(false) }),
    action('request_supplement', {
      items: z.array(Text(1000)).min(1).max(30).describe('Everything missing, asked for at once'),
    }),
    action('refuse', { reasons: Reasons }),
    action('supply', { components: z.array(SubmittedComponent).min(1).max(60) }),
    action('assign', { assigneeId: Uuid }),
    action('forward', Move),
    action('transfer', Move),
    action('return', Move),
    action('consult', Move),
    action('reply', { note: Text(2000).describe('The opinion') }),
    action('approve', Move),
    action('reject', { ...Move, reasons: Reasons }),
    action('suspend', { reason: Text(1000) }),
    action('resume', {}),
    action('withdraw', { reason: Text(1000).optional() }),
    action('apologize', {
      reason: Text(1000),
      newDueDate: IsoDate.describe('The new appointment day (a working day after the current due day)'),
    }),
    action('register_result', { resultNumber: Text(100), files: z.array(FileUpload).max(10).default([]) }),
    action('return_result', { method: z.enum(RETURN_METHODS) }),
    action('rate', { rating: z.number().int().min(1).max(5), comment: Text(2000).optional() }),
  ])
  .meta({ id: 'DossierActionBody' });
export type TActionBody = z.infer<typeof ActionBody>;
export type TActionBodyOf<A extends TActionBody['action']> = Extract<TActionBody, { action: A }>;

export const ApplicantQuery = z.object({
  receivingUnitId: Uuid.describe('The desk’s unit'),
  identifier: z
    .string()
    .trim()
    .regex(/^(\d{12}|\d{10}(-\d{3})?)$/, 'a 12-digit personal id or a tax code')
    .describe('Personal ID number, or a business’s tax code'),
});

export const CounterApplicant = z
  .object({
    userId: Uuid.describe('The account; send it as applicantUserId so the dossier reaches the applicant'),
    kind: z.enum(['citizen', 'business']),
    fullName: z.string(),
    personalId: z.string().nullable(),
    taxCode: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    address: z.string().nullable().describe('From the latest dossier this desk received from the applicant'),
  })
  .meta({ id: 'CounterApplicant' });
export type TCounterApplicant = z.infer<typeof CounterApplicant>;

export const IdParams = z.object({ id: Uuid });
export const FileParams = z.object({ id: Uuid, fileId: Uuid });
export const FileQuery = z.object({
  inline: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('Serve for viewing in the page (PDF and images only) instead of as an attachment'),
});

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)).max(values.length));

export const QueueQuery = PageQuery.extend({
  view: z
    .enum(['current', 'all'])
    .default('current')
    .describe(
      'Staff: `current` = open dossiers at the caller’s units now (the work queue); `all` = also closed ones and those received or handled there',
    ),
  status: csv(DOSSIER_STATUSES).optional().describe('One or more statuses, comma-separated (overrides the default)'),
  assignee: z.enum(['me']).optional().describe('Only dossiers assigned to the caller'),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('Only dossiers past their due time while the clock runs'),
  procedureId: Uuid.optional(),
  unitId: Uuid.optional().describe('Only dossiers now at this unit or a unit below it'),
  timeLeft: z
    .enum(TIME_LEFT_FILTERS)
    .optional()
    .describe(
      'By time left: `overdue` (past due while the clock runs; most late first), `nearDue` (in the last quarter of its time, 1 h to 1 day), `onTime`, `paused` (clock stopped)',
    ),
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe('Dossier code prefix, applicant name (accents ignored), or the applicant’s personal ID or tax code'),
});
export type TQueueQuery = z.infer<typeof QueueQuery>;

const Named = z.object({ id: Uuid, name: z.string() });
const Status = z.enum(DOSSIER_STATUSES);

export const DossierSummary = z
  .object({
    id: Uuid,
    code: z.string(),
    status: Status,
    channel: z.enum(['online', 'counter']),
    procedure: Named,
    applicantName: z.string(),
    receivingUnitName: z.string(),
    currentStepId: z.string().nullable(),
    currentUnitName: z.string(),
    currentAgencyName: z.string().nullable(),
    assignee: z.object({ id: Uuid, fullName: z.string() }).nullable(),
    submittedAt: z.string(),
    dueAt: z.string().nullable(),
    stepDueAt: z.string().nullable(),
    paused: z.boolean(),
    overdue: z.boolean().describe('Past the due time while still being processed'),
    late: z.boolean().describe('Completed after the due time'),
    version: z.number().int(),
  })
  .meta({ id: 'DossierSummary' });
export type TDossierSummary = z.infer<typeof DossierSummary>;
export const DossierPage = pageOf(DossierSummary).meta({ id: 'DossierPage' });

export const TimelineEntry = z
  .object({
    seq: z.number().int(),
    action: z.enum(DOSSIER_ACTIONS),
    at: z.string(),
    actor: z.object({ id: Uuid, fullName: z.string() }).nullable(),
    unitName: z.string().nullable(),
    agencyName: z.string().nullable(),
    note: z.string().nullable(),
    fromStatus: Status.nullable(),
    toStatus: Status,
    fromStepId: z.string().nullable(),
    toStep: z.object({ id: z.string(), name: z.string() }).nullable(),
    toUnitName: z.string().nullable(),
    toAgencyName: z.string().nullable(),
    assignee: z.object({ id: Uuid, fullName: z.string() }).nullable(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'DossierTimelineEntry' });

export const AllowedAction = z
  .object({
    action: z.enum(DOSSIER_ACTIONS),
    targets: z.array(z.object({ stepId: z.string(), name: z.string() })).describe('For workflow transitions'),
  })
  .meta({ id: 'DossierAllowedAction' });
export type TAllowedAction = z.infer<typeof AllowedAction>;

export const DossierDetail = z
  .object({
    id: Uuid,
    code: z.string(),
    status: Status,
    dvcqgStatus: z.number().int().describe('TrangThaiHoSo of the national portal'),
    channel: z.enum(['online', 'counter']),
    procedure: z.object({ id: Uuid, code: z.string(), name: z.string(), version: z.number().int() }),
    receivingUnit: Named,
    receivingAgency: z.object({ id: Uuid, code: z.string().nullable(), name: z.string() }),
    applicant: z.object({
      kind: z.enum(['citizen', 'business']),
      fullName: z.string(),
      personalId: z.string().nullable(),
      taxCode: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
      address: z.string().nullable(),
      userId: Uuid.nullable(),
    }),
    onBehalfOf: z.record(z.string(), z.unknown()).nullable(),
    submittedAt: z.string(),
    receivedAt: z.string().nullable(),
    dueAt: z.string().nullable(),
    calendarVersion: z.string().nullable(),
    current: z.object({
      step: z.object({ id: z.string(), name: z.string() }).nullable(),
      unit: Named,
      agency: Named.nullable(),
      assignee: z.object({ id: Uuid, fullName: z.string() }).nullable(),
      stepDueAt: z.string().nullable(),
    }),
    pausedAt: z.string().nullable(),
    decision: z.enum(['approved', 'rejected']).nullable(),
    overdue: z.boolean(),
    late: z.boolean(),
    completedAt: z.string().nullable(),
    resultNumber: z.string().nullable(),
    returnedAt: z.string().nullable(),
    returnMethod: z.enum(RETURN_METHODS).nullable(),
    rating: z.number().int().nullable(),
    ratingComment: z.string().nullable(),
    version: z.number().int(),
    files: z.array(
      z.object({
        id: Uuid,
        kind: z.enum(['submission', 'supplement', 'result']),
        componentCode: z.string().nullable(),
        filename: z.string(),
        contentType: z.string(),
        size: z.number().int(),
        sha256: z.string(),
        actionSeq: z.number().int(),
      }),
    ),
    fees: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        kind: z.string(),
        amount: z.number().int(),
        paidAt: z.string().nullable(),
      }),
    ),
    timeline: z.array(TimelineEntry),
    allowedActions: z.array(AllowedAction).describe('What the caller may do now'),
  })
  .meta({ id: 'DossierDetail' });
export type TDossierDetail = z.infer<typeof DossierDetail>;

export const BulkActionBody = z
  .object({
    action: z.enum(BULK_ACTIONS),
    items: z
      .array(z.object({ id: Uuid, expectedVersion: Version }).strict())
      .min(1)
      .max(50)
      .refine((items) => new Set(items.map((i) => i.id)).size === items.length, 'each dossier once')
      .describe('The dossiers, each with the version the caller saw'),
    assigneeId: Uuid.optional().describe('For `assign`: the officer every dossier goes to'),
    feesPaid: z.boolean().default(false).describe('For `accept`'),
    note: Note,
  })
  .strict()
  .refine((b) => b.action !== 'assign' || b.assigneeId !== undefined, {
    message: 'an officer is required to assign',
    path: ['assigneeId'],
  })
  .meta({ id: 'DossierBulkActionBody' });
export type TBulkActionBody = z.infer<typeof BulkActionBody>;

export const BulkActionResult = z
  .object({
    done: z.number().int(),
    refused: z.number().int(),
    results: z.array(
      z.object({
        id: Uuid,
        code: z.string().nullable().describe('Null when the caller may not see the dossier'),
        outcome: z.enum(['done', 'refused']),
        version: z.number().int().nullable().describe('The version after the action, when done'),
        problem: z
          .object({ code: z.string(), status: z.number().int(), reason: z.string().nullable() })
          .nullable()
          .describe('Why this dossier was refused (the same problem code a single action would get)'),
      }),
    ),
  })
  .meta({ id: 'DossierBulkActionResult' });
export type TBulkActionResult = z.infer<typeof BulkActionResult>;

export const NoteBody = z
  .object({ body: Text(2000).describe('The note') })
  .strict()
  .meta({ id: 'DossierNoteBody' });
export type TNoteBody = z.infer<typeof NoteBody>;

export const DossierNote = z
  .object({
    id: Uuid,
    body: z.string(),
    author: z.object({ id: Uuid, fullName: z.string() }),
    unitName: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'DossierNote' });
export type TDossierNote = z.infer<typeof DossierNote>;
export const DossierNoteList = z.object({ items: z.array(DossierNote) }).meta({ id: 'DossierNoteList' });
