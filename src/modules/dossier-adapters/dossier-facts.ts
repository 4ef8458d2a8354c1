import type { Queryable } from '../../platform/db/database.ts';
import * as dossierRepo from '../dossiers/dossiers.repository.ts';

/**
 * The adapter's one read of the dossier module: everything the forms, the notices and the portal sync need about a
 * dossier, loaded through the dossier repository (plus the procedure's field and components), in the caller's
 * transaction. This file and its siblings are the only places that know the dossier tables' shape.
 */

export type DossierFacts = {
  dossier: dossierRepo.DossierRow;
  labels: dossierRepo.DossierLabels;
  timeline: dossierRepo.TimelineRow[];
  files: dossierRepo.FileRow[];
  fees: dossierRepo.FeeRow[];
  field: { code: string; name: string } | undefined;
  components: { code: string; name: string; originals: number; copies: number; position: number }[];
  agency: { address: string | null; phone: string | null } | undefined;
  deadline: { workingDays: number } | { workingHours: number } | null;
};

/** Loads the facts of one dossier. @returns undefined when it does not exist */
export async function loadDossierFacts(db: Queryable, dossierId: string): Promise<DossierFacts | undefined> {
  const dossier = await dossierRepo.findDossier(db, dossierId);
  if (!dossier) return undefined;
  const [labels, timeline, files, fees, field, components, agency, version] = await Promise.all([
    dossierRepo.findDossierLabels(db, dossierId),
    dossierRepo.listTimeline(db, dossierId),
    dossierRepo.listFiles(db, dossierId),
    dossierRepo.listFees(db, dossierId),
    db
      .selectFrom('procedures as p')
      .innerJoin('procedure_fields as f', 'f.id', 'p.field_id')
      .select(['f.code', 'f.name'])
      .where('p.id', '=', dossier.procedure_id)
      .executeTakeFirst(),
    db
      .selectFrom('procedure_components')
      .select(['code', 'name', 'originals', 'copies', 'position'])
      .where('procedure_id', '=', dossier.procedure_id)
      .where('version', '=', dossier.procedure_version)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('agencies')
      .select(['address', 'phone'])
      .where('id', '=', dossier.receiving_agency_id)
      .executeTakeFirst(),
    db
      .selectFrom('procedure_versions')
      .select(['deadline_working_days', 'deadline_working_hours'])
      .where('procedure_id', '=', dossier.procedure_id)
      .where('version', '=', dossier.procedure_version)
      .executeTakeFirst(),
  ]);
  if (!labels) return undefined;
  const deadline = version?.deadline_working_days
    ? { workingDays: version.deadline_working_days }
    : version?.deadline_working_hours
      ? { workingHours: version.deadline_working_hours }
      : null;
  return { dossier, labels, timeline, files, fees, field, components, agency, deadline };
}

/** What each action is called in Vietnamese, for the portal's progress log (NoiDungXuLy). */
export const ACTION_NAMES_VI: Record<string, string> = {
  submit: 'Nộp hồ sơ trực tuyến',
  receive: 'Tiếp nhận hồ sơ tại bộ phận một cửa',
  accept: 'Tiếp nhận hồ sơ',
  request_supplement: 'Yêu cầu bổ sung, hoàn thiện hồ sơ',
  supply: 'Bổ sung hồ sơ',
  refuse: 'Từ chối tiếp nhận hồ sơ',
  assign: 'Phân công xử lý',
  forward: 'Chuyển xử lý',
  transfer: 'Chuyển xử lý liên thông',
  return: 'Trả lại bước trước',
  consult: 'Xin ý kiến',
  reply: 'Cho ý kiến',
  approve: 'Phê duyệt',
  reject: 'Từ chối giải quyết',
  suspend: 'Tạm dừng xử lý',
  resume: 'Tiếp tục xử lý',
  withdraw: 'Rút hồ sơ',
  apologize: 'Xin lỗi và hẹn lại ngày trả kết quả',
  register_result: 'Có kết quả giải quyết',
  return_result: 'Trả kết quả',
  rate: 'Đánh giá mức độ hài lòng',
};

/** The data of an action in the log, read loosely (the dossier module types it; here only a few fields matter). */
export function actionData(row: { data: unknown }): Record<string, unknown> {
  return (row.data ?? {}) as Record<string, unknown>;
}

/** `UBND Phường Lào Cai`: the people's committee of the receiving unit, which the desk belongs to. */
export function committeeOf(unitName: string): string {
  return `UBND ${unitName}`;
}

/** Where the result is collected: the desk, its unit and address. */
export function resultPickupOf(facts: DossierFacts): string {
  const place = `${facts.labels.receiving_agency_name}, ${committeeOf(facts.labels.receiving_unit_name)}`;
  return facts.agency?.address ? `${place}, ${facts.agency.address}` : place;
}
