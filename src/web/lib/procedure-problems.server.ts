import type { TVersionBody } from '../../modules/procedures/procedures.schema.ts';
import { type WorkflowDefinition, mainPath } from '../../modules/procedures/workflow.ts';
import { isAppError } from '../../platform/errors.ts';
import { type Language, translate } from '../../platform/i18n/index.ts';
import type { DraftIssue } from './procedure-draft.ts';

/**
 * Turns the refusals of a draft (the typed workflow validator's rules, the zod schema's field checks, the editor's
 * own number checks) into Vietnamese sentences that name the offending step, fee or component and link to it.
 * The validator speaks English to API clients; people editing a draft read this.
 */

/** One sentence for the page: where it points (an element id) and, for workflow steps, which step. */
export type Problem = { anchor: string; text: string; step?: number };

const RULES = new Set([
  'duplicate_step',
  'no_start',
  'start_not_reception',
  'level_unavailable',
  'invalid_place',
  'unknown_agency',
  'agency_mismatch',
  'duration_unit',
  'duration_value',
  'end_has_transitions',
  'end_not_one_stop',
  'action_not_allowed',
  'unknown_target',
  'self_transition',
  'target_kind',
  'duplicate_transition',
  'transfer_same_level',
  'missing_transfer',
  'consult_without_reply',
  'unreachable',
  'cycle',
  'return_not_backward',
  'reply_without_consult',
  'consult_too_long',
  'no_path_to_end',
  'no_main_path',
  'deadline_mismatch',
  'no_decision',
  'decision_level',
  'duplicate',
  'not_number',
  'bad_transition',
]);

/** Editor field names by the last part of an issue's path (`actor.role` → `role`). */
const FIELDS: Record<string, string> = {
  id: 'id',
  name: 'name',
  kind: 'kind',
  role: 'role',
  at: 'at',
  agencyKind: 'agencyKind',
  agencyCode: 'agencyCode',
  duration: 'duration',
  workingDays: 'duration',
  workingHours: 'duration',
  transitions: 'transitions',
  action: 'transitions',
  to: 'transitions',
  code: 'code',
  amount: 'amount',
  originals: 'originals',
  copies: 'copies',
  templateFile: 'templateFile',
  registryKind: 'registryKind',
  deadline: 'deadline',
};

type Issue = { path?: unknown; rule?: unknown; text?: unknown };

/** The issues of a refused save or publication, or null when the error is not a validation refusal. */
export function issuesOf(error: unknown): Issue[] | null {
  if (isAppError(error) && error.code === 'VALIDATION_FAILED' && Array.isArray(error.details?.issues)) {
    return error.details.issues as Issue[];
  }
  return null;
}

function durationText(language: Language, inDays: boolean, value: number): string {
  const count = String(value).replace('.', language === 'vi' ? ',' : '.');
  return translate(language, inDays ? 'web.catalog.workingDays' : 'web.catalog.workingHours', { count });
}

/** The main path's total as the validator counts it (called only after the graph checks passed). */
function mainPathTotal(workflow: WorkflowDefinition, inDays: boolean): number {
  return mainPath(workflow).reduce(
    (sum, step) =>
      sum +
      ('workingDays' in step.duration
        ? inDays
          ? step.duration.workingDays
          : 0
        : inDays
          ? 0
          : step.duration.workingHours),
    0,
  );
}

/** Vietnamese (or English) sentences for every issue, in order, without repeats. */
export function describeIssues(
  issues: readonly (Issue | DraftIssue)[],
  body: TVersionBody | undefined,
  language: Language,
): Problem[] {
  const tr = (key: string, params?: Record<string, string | number>) => translate(language, key, params);
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = String(issue.path ?? '').replace(/^(body|version)\.?/, '');
    const parts = path.split('.').filter(Boolean);
    const rule = typeof issue.rule === 'string' && RULES.has(issue.rule) ? issue.rule : undefined;
    const named = FIELDS[[...parts].reverse().find((p) => !/^\d+$/.test(p)) ?? ''] ?? 'other';
    // A component as a whole is refused when it is neither handed in nor taken from a registry.
    const field = parts[0] === 'components' && parts.length === 2 ? 'componentSource' : named;
    const params: Record<string, string | number> = {};
    let where: string;
    let anchor: string;
    let step: number | undefined;
    if (parts[0] === 'workflow' && parts[1] === 'steps' && parts[2] !== undefined) {
      step = Number(parts[2]);
      const def = body?.workflow.steps[step];
      where = tr('web.adminConfig.where.step', { n: step + 1, id: def?.id || '?' });
      anchor = parts.length > 3 && field !== 'other' ? `f-steps.${step}.${field}` : `step-${step}`;
      params.id = def?.id ?? '';
      if (parts[3] === 'transitions' && parts[4] !== undefined) {
        const transition = def?.transitions[Number(parts[4])];
        params.target = transition?.to ?? '';
        params.action = transition ? tr(`web.adminConfig.actions.${transition.action}`) : '';
      }
    } else if (parts[0] === 'workflow') {
      where = tr('web.adminConfig.where.workflow');
      anchor = parts[1] === 'start' ? 'f-start' : 'workflow-title';
      params.start = body?.workflow.start ?? '';
    } else if ((parts[0] === 'fees' || parts[0] === 'components') && parts[1] !== undefined) {
      const n = Number(parts[1]);
      const list = parts[0] === 'fees' ? body?.fees : body?.components;
      where = tr(`web.adminConfig.where.${parts[0]}`, { n: n + 1 });
      anchor = parts.length > 2 ? `f-${parts[0]}.${n}.${field}` : `${parts[0]}-${n}`;
      params.code = list?.[n]?.code ?? '';
    } else if (parts[0] === 'deadline') {
      where = tr('web.adminConfig.where.deadline');
      anchor = 'f-deadline';
    } else {
      where = tr('web.adminConfig.where.version');
      anchor = 'draft-form';
    }
    if (rule === 'deadline_mismatch' && body) {
      const inDays = 'workingDays' in body.deadline;
      const legal = 'workingDays' in body.deadline ? body.deadline.workingDays : body.deadline.workingHours;
      params.path = durationText(language, inDays, mainPathTotal(body.workflow, inDays));
      params.deadline = durationText(language, inDays, legal);
    }
    if (rule === 'decision_level' && body) {
      params.level = tr(`web.catalog.levels.${body.decidingLevel}`);
    }
    if (typeof issue.text === 'string') params.text = issue.text;
    const what = rule ? tr(`web.adminConfig.rules.${rule}`, params) : tr(`web.adminConfig.fields.${field}`, params);
    const text = `${where}: ${what}`;
    if (!seen.has(text)) {
      seen.add(text);
      problems.push(step === undefined ? { anchor, text } : { anchor, text, step });
    }
  }
  return problems;
}
