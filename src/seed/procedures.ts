import { readFileSync } from 'node:fs';
import path from 'node:path';
import { recordAudit } from '../platform/audit/audit.ts';
import { NO_REQUEST, systemActor } from '../platform/auth/actor.ts';
import type { Tx } from '../platform/db/database.ts';
import { newId } from '../platform/ids.ts';
import * as repo from '../modules/procedures/procedures.repository.ts';
import { type TVersionBody, VersionBody } from '../modules/procedures/procedures.schema.ts';
import { treeOf } from '../modules/procedures/procedures.service.ts';
import { checkVersionContent, toVersionRows } from '../modules/procedures/version-content.ts';
import type { WorkflowStep } from '../modules/procedures/workflow.ts';
import { vietnamToday } from '../modules/units/units.service.ts';
import { SEED_DIR } from './units.ts';

/** A workflow pattern of the seed file: steps without durations, `$name` placeholders filled per procedure. */
type PatternStep = Omit<WorkflowStep, 'duration'>;

/** The shape of `seed/procedures/*.json` (its `notice` says the facts are demo values). */
export type ProcedureSeedFile = {
  notice: string[];
  publisher: { provinceCode: string; agencyCode: string };
  fields: { code: string; name: string }[];
  patterns: Record<string, { description: string; start: string; steps: PatternStep[] }>;
  procedures: (Omit<TVersionBody, 'workflow' | 'legalBasis'> & {
    nationalCode: string;
    codeChecked: boolean;
    name: string;
    field: string;
    legalBasis: string[];
    workflow: { pattern: string; durations: Record<string, number>; params?: Record<string, string> };
  })[];
};

export const PROCEDURE_SEED_FILE = path.join(SEED_DIR, 'procedures/lao-cai.json');

export function readProcedureSeed(file = PROCEDURE_SEED_FILE): ProcedureSeedFile {
  return JSON.parse(readFileSync(file, 'utf8')) as ProcedureSeedFile;
}

/**
 * Expands one procedure's workflow from its pattern: fills `$param` placeholders (an agency code, or `$xName` with
 * the agency's name; an unset agency placeholder is dropped) and gives each step its duration in the deadline's unit.
 * @throws Error when the data names an unknown pattern or leaves a step without a duration (a bug in the seed file)
 */
export function expandWorkflow(
  seed: ProcedureSeedFile,
  item: ProcedureSeedFile['procedures'][number],
  agencyNames: ReadonlyMap<string, string>,
): TVersionBody['workflow'] {
  const pattern = seed.patterns[item.workflow.pattern];
  if (!pattern) {
    throw new Error(`${item.nationalCode}: unknown workflow pattern ${item.workflow.pattern}`);
  }
  const params = item.workflow.params ?? {};
  const fill = (text: string) =>
    text.replace(/\$(\w+)/g, (_, name: string) => {
      const agency = name.endsWith('Name') ? params[name.slice(0, -'Name'.length)] : undefined;
      return params[name] ?? (agency ? (agencyNames.get(agency) ?? agency) : `$${name}`);
    });
  const inDays = 'workingDays' in item.deadline;
  return {
    start: pattern.start,
    steps: pattern.steps.map((step) => {
      const value = item.workflow.durations[step.id];
      if (value === undefined) {
        throw new Error(`${item.nationalCode}: no duration for step ${step.id}`);
      }
      const { agencyCode, ...actor } = step.actor;
      const code = agencyCode?.startsWith('$') ? params[agencyCode.slice(1)] : agencyCode;
      return {
        ...step,
        name: fill(step.name),
        actor: { ...actor, at: fill(actor.at) as typeof actor.at, ...(code ? { agencyCode: code } : {}) },
        duration: inDays ? { workingDays: value } : { workingHours: value },
        transitions: step.transitions.map((t) => ({ ...t })),
      };
    }),
  };
}

/**
 * Loads the demo procedure catalogue of the province named in the seed file, each with version 1 published, when
 * the catalogue is empty and the province exists. Every version passes the same checks as an administrator's save.
 * @returns the number of procedures created
 * @throws Error listing the problems of an invalid seed entry (nothing is written: the caller's transaction fails)
 */
export async function seedProcedures(trx: Tx, file = PROCEDURE_SEED_FILE): Promise<number> {
  if (await trx.selectFrom('procedures').select('id').limit(1).executeTakeFirst()) {
    return 0;
  }
  const seed = readProcedureSeed(file);
  const today = vietnamToday();
  const province = await trx
    .selectFrom('units')
    .select(['id', 'code'])
    .where('code', '=', seed.publisher.provinceCode)
    .where('parent_id', 'is', null)
    .where((eb) => eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', today)]))
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', today)]))
    .executeTakeFirst();
  if (!province) {
    return 0;
  }
  await repo.insertFields(
    trx,
    seed.fields.map((f) => ({ id: newId(), code: f.code, name: f.name })),
  );
  const fieldIds = new Map<string, string>();
  for (const f of seed.fields) {
    const row = await repo.findFieldByCode(trx, f.code);
    if (row) fieldIds.set(row.code, row.id);
  }
  const codes = [
    ...new Set(
      seed.procedures.flatMap((p) => Object.values(p.workflow.params ?? {}).filter((v) => /^\d{3}\./.test(v))),
    ),
  ];
  const agencies = await repo.agenciesByCode(trx, province.id, codes, today);
  const names = new Map(agencies.flatMap((a) => (a.code ? [[a.code, a.name] as const] : [])));
  const tree = await treeOf(trx, province.id, codes);

  for (const item of seed.procedures) {
    const body = VersionBody.parse({
      decidingLevel: item.decidingLevel,
      receivingLevels: item.receivingLevels,
      onlineLevel: item.onlineLevel,
      deadline: item.deadline,
      result: item.result,
      legalBasis: item.legalBasis.join('\n'),
      fees: item.fees,
      components: item.components,
      workflow: expandWorkflow(seed, item, names),
    });
    const issues = checkVersionContent(body, tree, item.nationalCode);
    const fieldId = fieldIds.get(item.field);
    if (issues.length > 0 || !fieldId) {
      const listed = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
      throw new Error(
        `seed procedure ${item.nationalCode} is invalid: ${fieldId ? listed : `unknown field ${item.field}`}`,
      );
    }
    const id = newId();
    await repo.insertProcedure(trx, {
      id,
      unit_id: province.id,
      national_code: item.nationalCode,
      code: `${item.nationalCode}.${seed.publisher.agencyCode}`,
      name: item.name,
      field_id: fieldId,
      current_version: null,
    });
    const rows = toVersionRows(body);
    await repo.insertVersion(
      trx,
      { procedure_id: id, version: 1, unit_id: province.id, created_by: null },
      rows.content,
      rows,
    );
    await repo.setVersionStatus(trx, id, 1, 'published');
    await repo.setCurrentVersion(trx, id, 1);
  }
  await recordAudit(trx, {
    actor: systemActor('seed'),
    meta: NO_REQUEST,
    action: 'seed.procedures',
    subjectType: 'tenant',
    subjectId: province.code,
    unitId: province.id,
    data: { procedures: seed.procedures.length, fields: seed.fields.length },
  });
  return seed.procedures.length;
}
