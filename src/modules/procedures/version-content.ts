import type { ComponentRow, FeeRow, VersionContent, VersionRow } from './procedures.repository.ts';
import type { TComponent, TFee, TVersionBody, TWorkflowSummary } from './procedures.schema.ts';
import {
  type Level,
  type WorkflowDefinition,
  type WorkflowProblem,
  type WorkflowTree,
  LEVELS,
  mainPath,
  validateWorkflow,
} from './workflow.ts';

/**
 * Pure rules and conversions of a procedure version's content: what the API body, the database rows and the seed
 * data share. Kept apart from the service so the seed loader and the tests apply exactly the same checks.
 */

/** One problem, in the shape of VALIDATION_FAILED's `details.issues`. */
export type Issue = { path: string; message: string; rule?: string };

/** The administrative level of a unit kind (a provincial city is district-level; a ward is commune-level). */
export function levelOfUnitKind(kind: string): Level {
  if (kind === 'province' || kind === 'municipality') return 'province';
  if (kind === 'district' || kind === 'town' || kind === 'city') return 'district';
  return 'commune';
}

/**
 * Every problem of a version's content against the unit tree it will run on: levels the tree lacks, duplicate
 * component or fee codes, and the workflow's own problems.
 * @param prefix where the version sits in the request, e.g. `body.version`
 */
export function checkVersionContent(body: TVersionBody, tree: WorkflowTree, prefix: string): Issue[] {
  const issues: Issue[] = [];
  const at = (path: string) => (prefix ? `${prefix}.${path}` : path);
  const available = (level: Level) => tree.levels.includes(level);
  if (!available(body.decidingLevel)) {
    issues.push({
      path: at('decidingLevel'),
      rule: 'level_unavailable',
      message: `the unit tree has no ${body.decidingLevel} level`,
    });
  }
  body.receivingLevels.forEach((level, i) => {
    if (!available(level)) {
      issues.push({
        path: at(`receivingLevels.${i}`),
        rule: 'level_unavailable',
        message: `the unit tree has no ${level} level`,
      });
    } else if (body.receivingLevels.indexOf(level) !== i) {
      issues.push({ path: at(`receivingLevels.${i}`), rule: 'duplicate', message: `${level} is listed twice` });
    }
  });
  for (const [list, name] of [
    [body.components, 'components'],
    [body.fees, 'fees'],
  ] as const) {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      if (seen.has(item.code)) {
        issues.push({ path: at(`${name}.${i}.code`), rule: 'duplicate', message: `code ${item.code} is used twice` });
      }
      seen.add(item.code);
    });
  }
  body.components.forEach((c, i) => {
    if (c.originals + c.copies === 0 && c.registryKind === null) {
      issues.push({
        path: at(`components.${i}`),
        rule: 'invalid_value',
        message: 'a component is submitted as an original, a copy or from a registry',
      });
    }
  });
  const workflowProblems: WorkflowProblem[] = validateWorkflow(
    body.workflow,
    { deadline: body.deadline, decidingLevel: body.decidingLevel },
    tree,
  );
  for (const problem of workflowProblems) {
    issues.push({ path: at(problem.path), rule: problem.rule, message: problem.message });
  }
  return issues;
}

/** Agency codes a workflow names, to look up in the unit tree. */
export function agencyCodesOf(workflow: WorkflowDefinition): string[] {
  return [...new Set(workflow.steps.flatMap((s) => (s.actor.agencyCode ? [s.actor.agencyCode] : [])))];
}

/** The API body as database rows. */
export function toVersionRows(body: TVersionBody): {
  content: VersionContent;
  components: ComponentRow[];
  fees: FeeRow[];
} {
  return {
    content: {
      deciding_level: body.decidingLevel,
      receiving_levels: [...body.receivingLevels].sort((a, b) => LEVELS.indexOf(a) - LEVELS.indexOf(b)),
      online_level: body.onlineLevel,
      deadline_working_days: 'workingDays' in body.deadline ? body.deadline.workingDays : null,
      deadline_working_hours: 'workingHours' in body.deadline ? body.deadline.workingHours : null,
      result_kind: body.result.kind,
      result_name: body.result.name,
      legal_basis: body.legalBasis,
      workflow: body.workflow,
    },
    components: body.components.map((c, position) => ({
      code: c.code,
      position,
      name: c.name,
      originals: c.originals,
      copies: c.copies,
      template_file: c.templateFile,
      is_required: c.isRequired,
      registry_kind: c.registryKind,
    })),
    fees: body.fees.map((f, position) => ({ code: f.code, position, name: f.name, amount: f.amount, kind: f.kind })),
  };
}

/** Database rows back as the API body (to re-validate a stored draft, or to copy a version). */
export function toVersionBody(
  row: VersionRow | VersionContent,
  components: ComponentRow[],
  fees: FeeRow[],
): TVersionBody {
  return {
    decidingLevel: row.deciding_level as Level,
    receivingLevels: row.receiving_levels as Level[],
    onlineLevel: row.online_level as TVersionBody['onlineLevel'],
    deadline:
      row.deadline_working_days !== null
        ? { workingDays: row.deadline_working_days }
        : { workingHours: row.deadline_working_hours ?? 0 },
    result: { kind: row.result_kind as TVersionBody['result']['kind'], name: row.result_name },
    legalBasis: row.legal_basis,
    fees: fees.map(presentFee),
    components: components.map(presentComponent),
    workflow: row.workflow as WorkflowDefinition,
  };
}

export function presentComponent(c: ComponentRow): TComponent {
  return {
    code: c.code,
    name: c.name,
    originals: c.originals,
    copies: c.copies,
    templateFile: c.template_file,
    isRequired: c.is_required,
    registryKind: c.registry_kind as TComponent['registryKind'],
  };
}

export function presentFee(f: FeeRow): TFee {
  return { code: f.code, name: f.name, amount: Number(f.amount), kind: f.kind as TFee['kind'] };
}

/** The main path and the shape of a workflow, for catalogue pages and the dossier engine's promises. */
export function summarizeWorkflow(workflow: WorkflowDefinition): TWorkflowSummary {
  const path = mainPath(workflow);
  const levels = new Set<Level>();
  for (const step of workflow.steps) {
    if (step.actor.at !== 'receiving_unit') levels.add(step.actor.at);
  }
  return {
    steps: path.map((s) => ({
      id: s.id,
      name: s.name,
      role: s.actor.role,
      at: s.actor.at,
      agencyCode: s.actor.agencyCode ?? null,
      duration: s.duration,
    })),
    levels: LEVELS.filter((l) => levels.has(l)),
    crossLevel: workflow.steps.some((s) => s.transitions.some((t) => t.action === 'transfer')),
    consults: workflow.steps.filter((s) => s.kind === 'consult').length,
  };
}
