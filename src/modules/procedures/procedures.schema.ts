import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/http/pagination.ts';
import { AGENCY_KINDS } from '../units/units.schema.ts';
import {
  LEVELS,
  STEP_KINDS,
  STEP_PLACES,
  TRANSITION_ACTIONS,
  type WorkflowDefinition,
  WORKFLOW_ROLES,
} from './workflow.ts';

export const ONLINE_LEVELS = ['full', 'partial', 'none'] as const;
export const VERSION_STATUSES = ['draft', 'published', 'retired'] as const;
export const RESULT_KINDS = [
  'certificate',
  'licence',
  'extract',
  'certification',
  'decision',
  'confirmation',
  'other',
] as const;
export const FEE_KINDS = ['fee', 'charge'] as const;
/** Shared registries that can stand in for a paper component (once-only principle). */
export const REGISTRY_KINDS = ['population', 'civil_status', 'business', 'land', 'beneficiary'] as const;

const Uuid = z.uuid();
const Text = (max: number) => z.string().trim().min(1).max(max);
const PartCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, 'letters, digits, _ . - (at most 40)');
const AgencyCode = z.string().regex(/^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/, 'agency code such as 000.00.03.H38');
export const NationalCode = z
  .string()
  .trim()
  .regex(/^\d\.\d{6}$/, 'national procedure code such as 1.001193');
export const ProcedureCode = z
  .string()
  .trim()
  .regex(/^\d\.\d{6}\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/, 'procedure code such as 1.001193.000.00.00.H38');

export const Deadline = z
  .union([
    z.object({ workingDays: z.number().int().min(1).max(365) }).strict(),
    z.object({ workingHours: z.number().int().min(1).max(240) }).strict(),
  ])
  .describe('Legal deadline: working days, or working hours for same-day procedures')
  .meta({ id: 'ProcedureDeadline' });

const StepDuration = z.union([
  z.object({ workingDays: z.number().min(0).max(365) }).strict(),
  z.object({ workingHours: z.number().int().min(0).max(240) }).strict(),
]);

export const WorkflowStep = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/),
    name: Text(200),
    kind: z.enum(STEP_KINDS),
    actor: z
      .object({
        role: z.enum(WORKFLOW_ROLES),
        at: z
          .enum(STEP_PLACES)
          .describe('Relative to the dossier: the desk that received it, or the competent body at a level'),
        agencyKind: z.enum(AGENCY_KINDS).optional(),
        agencyCode: AgencyCode.optional(),
      })
      .strict(),
    duration: StepDuration,
    transitions: z.array(z.object({ action: z.enum(TRANSITION_ACTIONS), to: z.string().max(40) }).strict()).max(20),
  })
  .strict();

export const Workflow = z
  .object({ start: z.string().max(40), steps: z.array(WorkflowStep).min(1).max(60) })
  .strict()
  .describe('Internal ISO workflow; see src/modules/procedures/workflow.ts for the rules it must satisfy')
  .meta({ id: 'ProcedureWorkflow' });
// The API schema and the validator's type must describe the same document.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const workflowTypesAgree: Same<z.infer<typeof Workflow>, WorkflowDefinition> = true;
void workflowTypesAgree;

export const Component = z
  .object({
    code: PartCode,
    name: Text(500),
    originals: z.number().int().min(0).max(99),
    copies: z.number().int().min(0).max(99),
    templateFile: z.string().trim().min(1).max(200).nullable(),
    isRequired: z.boolean(),
    registryKind: z
      .enum(REGISTRY_KINDS)
      .nullable()
      .describe('A shared registry that can satisfy the component instead of a paper'),
  })
  .strict()
  .meta({ id: 'ProcedureComponent' });
export type TComponent = z.infer<typeof Component>;

export const Fee = z
  .object({
    code: PartCode,
    name: Text(500),
    amount: z.number().int().min(0).max(1_000_000_000).describe('Integer VND'),
    kind: z.enum(FEE_KINDS).describe('fee = phí, charge = lệ phí'),
  })
  .strict()
  .meta({ id: 'ProcedureFee' });
export type TFee = z.infer<typeof Fee>;

/** Everything a version decides: what the body of a draft carries. */
export const VersionBody = z
  .object({
    decidingLevel: z.enum(LEVELS),
    receivingLevels: z.array(z.enum(LEVELS)).min(1).max(3),
    onlineLevel: z.enum(ONLINE_LEVELS).describe('full = toàn trình, partial = một phần, none = at the counter only'),
    deadline: Deadline,
    result: z.object({ kind: z.enum(RESULT_KINDS), name: Text(300) }).strict(),
    legalBasis: Text(5000),
    fees: z.array(Fee).max(30),
    components: z.array(Component).max(60),
    workflow: Workflow,
  })
  .strict()
  .meta({ id: 'ProcedureVersionBody' });
export type TVersionBody = z.infer<typeof VersionBody>;

export const ProcedureCreateBody = z
  .object({
    unitId: Uuid.describe('The publishing province'),
    nationalCode: NationalCode,
    code: ProcedureCode,
    name: Text(500),
    fieldCode: z.string().trim().max(40),
    version: VersionBody,
  })
  .strict();
export type TProcedureCreateBody = z.infer<typeof ProcedureCreateBody>;

const Field = z.object({ code: z.string(), name: z.string() });

export const ProcedureField = z
  .object({ id: Uuid, code: z.string(), name: z.string(), procedureCount: z.number().int() })
  .meta({ id: 'ProcedureField' });
export const ProcedureFieldList = z.object({ items: z.array(ProcedureField) }).meta({ id: 'ProcedureFieldList' });

export const WorkflowSummary = z
  .object({
    steps: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        role: z.enum(WORKFLOW_ROLES),
        at: z.enum(STEP_PLACES),
        agencyCode: z.string().nullable(),
        duration: StepDuration,
      }),
    ),
    levels: z.array(z.enum(LEVELS)).describe('Levels the dossier passes through'),
    crossLevel: z.boolean().describe('True when the dossier is transferred between levels (liên thông)'),
    consults: z.number().int().describe('Number of opinion branches'),
  })
  .describe('The main path, whose durations make up the deadline')
  .meta({ id: 'WorkflowSummary' });
export type TWorkflowSummary = z.infer<typeof WorkflowSummary>;

const VersionFacts = {
  version: z.number().int(),
  status: z.enum(VERSION_STATUSES),
  decidingLevel: z.enum(LEVELS),
  receivingLevels: z.array(z.enum(LEVELS)),
  onlineLevel: z.enum(ONLINE_LEVELS),
  deadline: Deadline,
  result: z.object({ kind: z.enum(RESULT_KINDS), name: z.string() }),
  legalBasis: z.string(),
  fees: z.array(Fee),
  components: z.array(Component),
  publishedAt: z.string().nullable(),
  retiredAt: z.string().nullable(),
};

export const ProcedureVersion = z
  .object({
    procedureId: Uuid,
    ...VersionFacts,
    workflow: Workflow,
    workflowSummary: WorkflowSummary,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ProcedureVersion' });
export type TProcedureVersion = z.infer<typeof ProcedureVersion>;

export const ProcedureSummary = z
  .object({
    id: Uuid,
    code: z.string(),
    nationalCode: z.string(),
    name: z.string(),
    field: Field,
    unitId: Uuid,
    currentVersion: z.number().int().nullable(),
    decidingLevel: z.enum(LEVELS),
    receivingLevels: z.array(z.enum(LEVELS)),
    onlineLevel: z.enum(ONLINE_LEVELS),
    deadline: Deadline,
    resultName: z.string(),
    totalFees: z.number().int().describe('Sum of the listed fees in VND (per-page and per-copy fees counted once)'),
  })
  .meta({ id: 'ProcedureSummary' });
export type TProcedureSummary = z.infer<typeof ProcedureSummary>;
export const ProcedurePage = pageOf(ProcedureSummary).meta({ id: 'ProcedurePage' });

export const Procedure = z
  .object({
    id: Uuid,
    code: z.string(),
    nationalCode: z.string(),
    name: z.string(),
    field: Field,
    unitId: Uuid,
    currentVersion: z.number().int().nullable(),
    versions: z
      .array(
        z.object({ version: z.number().int(), status: z.enum(VERSION_STATUSES), publishedAt: z.string().nullable() }),
      )
      .describe('Drafts are listed only to the administrators who manage the procedure'),
    current: z
      .object({ ...VersionFacts, workflowSummary: WorkflowSummary })
      .nullable()
      .describe('The version in force; null before the first publication'),
  })
  .meta({ id: 'Procedure' });
export type TProcedure = z.infer<typeof Procedure>;

export const ProcedureListQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional().describe('Name or code; diacritics and case are ignored'),
  field: z.string().trim().max(40).optional().describe('Field code'),
  level: z.enum(LEVELS).optional().describe('Level of the deciding body'),
  onlineLevel: z.enum(ONLINE_LEVELS).optional(),
  unitId: Uuid.optional().describe(
    'Procedures its desk receives: in force there (published by it or a unit above it) and received at its level',
  ),
});
export type TProcedureListQuery = z.infer<typeof ProcedureListQuery>;

export const IdParams = z.object({ id: Uuid });
export const VersionParams = z.object({ id: Uuid, version: z.coerce.number().int().min(1).max(100_000) });
