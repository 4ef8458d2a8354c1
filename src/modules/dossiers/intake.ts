import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import * as procedureRepo from '../procedures/procedures.repository.ts';
import { levelOfUnitKind } from '../procedures/version-content.ts';
import type { Level, WorkflowDefinition, WorkflowStep } from '../procedures/workflow-model.ts';
import { localDay } from './deadlines.ts';
import type { DossierState } from './derive-state.ts';
import type { DossierDeps } from './dossiers.deps.ts';
import * as repo from './dossiers.repository.ts';
import * as partsRepo from './dossier-parts.repository.ts';
import type { TApplicant, TFileUpload, TSubmitBody } from './dossiers.schema.ts';
import { type ActionDraft, actorUserId, commitAction } from './engine.ts';
import { type PreparedFile, formatDossierCode, prepareFiles } from './files.ts';
import { RoutingError, type StepPlacement, createRouter } from './routing.ts';
import * as routingRepo from './routing.repository.ts';

/**
 * What online submission and counter reception share: is the procedure offered here, is the dossier complete,
 * do the fees match; then the creation of the dossier with its code, fees, files and first action. Every check
 * runs before anything is written, and a refusal lists every problem at once.
 */

type Issue = { path: string; message: string };

/** Kinds of agency that receive dossiers, preferred in this order. */
const DESK_KINDS = ['one_stop', 'public_service_center'] as const;

/** Everything intake learned about the procedure and the place of reception. */
export type Offer = {
  procedure: procedureRepo.ProcedureWithField;
  version: procedureRepo.VersionRow;
  workflow: WorkflowDefinition;
  startStep: WorkflowStep;
  components: procedureRepo.ComponentRow[];
  fees: procedureRepo.FeeRow[];
  receivingUnit: routingRepo.UnitNode;
  desk: routingRepo.AgencyNode & { code: string };
  placements: Map<string, StepPlacement>;
};

function notOffered(reason: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('PROCEDURE_NOT_OFFERED', { reason, ...extra });
}

/**
 * The procedure's version in force, checked against the unit whose desk receives it on `day`.
 * @throws NOT_FOUND (unknown or never published procedure, unknown unit), PROCEDURE_NOT_OFFERED
 */
export async function loadOffer(
  db: Queryable,
  input: { procedureId: string; receivingUnitId: string; day: string; online: boolean },
): Promise<Offer> {
  const procedure = await procedureRepo.findProcedureById(db, input.procedureId);
  if (!procedure || procedure.current_version === null) {
    throw new AppError('NOT_FOUND', { subject: 'procedure' });
  }
  const version = await procedureRepo.findVersion(db, procedure.id, procedure.current_version);
  if (version?.status !== 'published') {
    throw notOffered('not_published');
  }
  if (input.online && version.online_level === 'none') {
    throw notOffered('not_online');
  }
  const lineage = await routingRepo.unitLineage(db, input.receivingUnitId);
  const unit = lineage[lineage.length - 1];
  if (!unit || unit.id !== input.receivingUnitId) {
    throw new AppError('NOT_FOUND', { subject: 'unit' });
  }
  if (
    (unit.valid_from !== null && unit.valid_from > input.day) ||
    (unit.valid_to !== null && unit.valid_to < input.day)
  ) {
    throw notOffered('unit_not_in_force');
  }
  if (!unit.ancestor_ids.includes(procedure.unit_id)) {
    throw notOffered('outside_publishing_province');
  }
  if (!(version.receiving_levels as Level[]).includes(levelOfUnitKind(unit.kind))) {
    throw notOffered('level_not_receiving', { receivingLevels: version.receiving_levels });
  }
  const [desk] = (await routingRepo.findAgenciesOfKind(db, unit.id, DESK_KINDS, input.day)).filter((a) => a.code);
  if (!desk?.code) {
    throw notOffered('no_desk');
  }
  const workflow = version.workflow as WorkflowDefinition;
  const startStep = workflow.steps.find((s) => s.id === workflow.start);
  if (!startStep) {
    throw new Error(`procedure version ${procedure.id}/${version.version} has no start step`);
  }
  const router = createRouter(db, { unitId: unit.id, agencyId: desk.id }, input.day);
  let placements: Map<string, StepPlacement>;
  try {
    placements = await router.placeAll(workflow);
  } catch (error) {
    if (error instanceof RoutingError) {
      throw notOffered('step_unresolvable', { stepId: error.stepId, problem: error.reason });
    }
    throw error;
  }
  const parts = await procedureRepo.findParts(db, procedure.id, version.version);
  return {
    procedure,
    version,
    workflow,
    startStep,
    components: parts.components,
    fees: parts.fees,
    receivingUnit: unit,
    desk: { ...desk, code: desk.code },
    placements,
  };
}

type ComponentInput = { code: string; files: readonly TFileUpload[]; paper?: boolean };

/** Decodes and sniffs the files of components (pure: before any transaction). */
export function prepareComponentFiles(
  components: readonly ComponentInput[],
  prefix = 'body.components',
): PreparedFile[] {
  return prepareFiles(
    components.flatMap((c, i) =>
      c.files.map((f, j) => ({ ...f, componentCode: c.code, path: `${prefix}.${i}.files.${j}` })),
    ),
  );
}

/** Problems with the components against the version: unknown or repeated codes, required ones missing. */
export function componentIssues(
  components: readonly ComponentInput[],
  expected: readonly procedureRepo.ComponentRow[],
  options: { requireAll: boolean },
): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  components.forEach((c, i) => {
    if (!expected.some((e) => e.code === c.code)) {
      issues.push({ path: `body.components.${i}.code`, message: `no component ${c.code} in this procedure` });
    } else if (seen.has(c.code)) {
      issues.push({ path: `body.components.${i}.code`, message: `${c.code} is listed twice` });
    }
    seen.add(c.code);
    if (c.files.length === 0 && !c.paper) {
      issues.push({ path: `body.components.${i}.files`, message: 'no file given' });
    }
  });
  if (options.requireAll) {
    for (const e of expected) {
      if (e.is_required && !components.some((c) => c.code === e.code && (c.files.length > 0 || c.paper))) {
        issues.push({ path: 'body.components', message: `required component ${e.code} (${e.name}) is missing` });
      }
    }
  }
  return issues;
}

/** Problems with the declared fees: each must be one of the version's, at its amount, and none may be left out. */
export function feeIssues(declared: TSubmitBody['fees'], expected: readonly procedureRepo.FeeRow[]): Issue[] {
  const issues: Issue[] = [];
  declared.forEach((fee, i) => {
    const match = expected.find((e) => e.code === fee.code);
    if (!match) {
      issues.push({ path: `body.fees.${i}.code`, message: `no fee ${fee.code} in this procedure` });
    } else if (Number(match.amount) !== fee.amount) {
      issues.push({ path: `body.fees.${i}.amount`, message: `the fee ${fee.code} is ${match.amount} VND` });
    }
  });
  for (const e of expected) {
    // A waived fee (0 VND) may be left out; anything to pay must have been shown and confirmed.
    if (Number(e.amount) > 0 && !declared.some((f) => f.code === e.code)) {
      issues.push({ path: 'body.fees', message: `the fee ${e.code} (${e.amount} VND) is missing` });
    }
  }
  return issues;
}

export function throwIssues(issues: Issue[]): void {
  if (issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', { issues });
  }
}

export function applicantColumns(applicant: TApplicant): repo.ApplicantColumns {
  return {
    applicant_kind: applicant.kind,
    applicant_name: applicant.fullName,
    applicant_personal_id: applicant.personalId ?? null,
    applicant_tax_code: applicant.taxCode ?? null,
    applicant_phone: applicant.phone ?? null,
    applicant_email: applicant.email?.toLowerCase() ?? null,
    applicant_address: applicant.address ?? null,
  };
}

/** Creates the dossier: its code, the row, the fees due, the first action with its files. @returns the new id */
export async function createDossier(
  trx: Tx,
  ctx: ServiceContext,
  deps: DossierDeps,
  input: {
    offer: Offer;
    now: Date;
    channel: 'online' | 'counter';
    applicant: TApplicant;
    applicantUserId: string | null;
    onBehalfOf: Record<string, unknown> | null;
    draft: ActionDraft;
    files: readonly PreparedFile[];
    /** The fees were paid at the desk as the dossier was received. */
    feesPaid: boolean;
  },
): Promise<{ id: string; state: DossierState }> {
  const { offer } = input;
  const id = newId();
  const day = localDay(input.now);
  // On PostgreSQL the number is taken in its own statement, committed at once: a submission that then fails leaves
  // a gap (a code is never re-issued, so that is allowed), and concurrent submissions to a desk no longer queue
  // behind each other's transactions for the counter's row lock.
  const counters = deps.database?.autocommit ?? trx;
  const code = formatDossierCode(offer.desk.code, day, await repo.nextCodeNumber(counters, offer.desk.id, day));
  const dossier = { id, code, receivingUnitId: offer.receivingUnit.id };
  const state = await commitAction(trx, ctx, deps, {
    dossier,
    prev: null,
    draft: input.draft,
    now: input.now,
    insert: {
      id,
      code,
      procedure_id: offer.procedure.id,
      procedure_version: offer.version.version,
      receiving_unit_id: offer.receivingUnit.id,
      receiving_agency_id: offer.desk.id,
      channel: input.channel,
      ...applicantColumns(input.applicant),
      applicant_user_id: input.applicantUserId,
      on_behalf_of: input.onBehalfOf,
      submitted_at: input.now,
    },
    files: { kind: 'submission', items: input.files },
    alsoWrite: async () => {
      await partsRepo.insertFees(
        trx,
        { id, unitId: offer.receivingUnit.id },
        offer.fees.map((f) => ({
          code: f.code,
          position: f.position,
          name: f.name,
          kind: f.kind,
          amount: Number(f.amount),
        })),
      );
      if (input.feesPaid) {
        await partsRepo.markFeesPaidAtCounter(trx, id, input.now, actorUserId(ctx.actor));
      }
    },
  });
  return { id, state };
}
