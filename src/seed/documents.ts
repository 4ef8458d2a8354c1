import { sql } from 'kysely';
import type { Tx } from '../platform/db/database.ts';
import { PROVINCIAL_AGENCIES } from './agencies-data.ts';

/**
 * Document types of NĐ 30/2020 (Art. 7, abbreviations of Annex III; reference §4). Administrative documents share
 * the agency's common series; Nghị quyết, Quyết định and Chỉ thị may be legal-normative, which gives them a series of
 * their own per type. Bản ghi nhớ / Bản thỏa thuận abbreviations (GN / TTh) are UNCONFIRMED in the reference.
 */
export const DOCUMENT_TYPES: readonly {
  code: string;
  name: string;
  abbreviation: string | null;
  normative: boolean;
}[] = [
  { code: 'nghi-quyet', name: 'Nghị quyết', abbreviation: 'NQ', normative: true },
  { code: 'quyet-dinh', name: 'Quyết định', abbreviation: 'QĐ', normative: true },
  { code: 'chi-thi', name: 'Chỉ thị', abbreviation: 'CT', normative: true },
  { code: 'quy-che', name: 'Quy chế', abbreviation: 'QC', normative: false },
  { code: 'quy-dinh', name: 'Quy định', abbreviation: 'QyĐ', normative: false },
  { code: 'thong-cao', name: 'Thông cáo', abbreviation: 'TC', normative: false },
  { code: 'thong-bao', name: 'Thông báo', abbreviation: 'TB', normative: false },
  { code: 'huong-dan', name: 'Hướng dẫn', abbreviation: 'HD', normative: false },
  { code: 'chuong-trinh', name: 'Chương trình', abbreviation: 'CTr', normative: false },
  { code: 'ke-hoach', name: 'Kế hoạch', abbreviation: 'KH', normative: false },
  { code: 'phuong-an', name: 'Phương án', abbreviation: 'PA', normative: false },
  { code: 'de-an', name: 'Đề án', abbreviation: 'ĐA', normative: false },
  { code: 'du-an', name: 'Dự án', abbreviation: 'DA', normative: false },
  { code: 'bao-cao', name: 'Báo cáo', abbreviation: 'BC', normative: false },
  { code: 'bien-ban', name: 'Biên bản', abbreviation: 'BB', normative: false },
  { code: 'to-trinh', name: 'Tờ trình', abbreviation: 'TTr', normative: false },
  { code: 'hop-dong', name: 'Hợp đồng', abbreviation: 'HĐ', normative: false },
  { code: 'cong-dien', name: 'Công điện', abbreviation: 'CĐ', normative: false },
  { code: 'ban-ghi-nho', name: 'Bản ghi nhớ', abbreviation: 'GN', normative: false },
  { code: 'ban-thoa-thuan', name: 'Bản thỏa thuận', abbreviation: 'TTh', normative: false },
  { code: 'giay-uy-quyen', name: 'Giấy ủy quyền', abbreviation: 'GUQ', normative: false },
  { code: 'giay-moi', name: 'Giấy mời', abbreviation: 'GM', normative: false },
  { code: 'giay-gioi-thieu', name: 'Giấy giới thiệu', abbreviation: 'GGT', normative: false },
  { code: 'giay-nghi-phep', name: 'Giấy nghỉ phép', abbreviation: 'GNP', normative: false },
  { code: 'phieu-gui', name: 'Phiếu gửi', abbreviation: 'PG', normative: false },
  { code: 'phieu-chuyen', name: 'Phiếu chuyển', abbreviation: 'PC', normative: false },
  { code: 'phieu-bao', name: 'Phiếu báo', abbreviation: 'PB', normative: false },
  // Công văn has no type abbreviation: its notation names the issuer and the drafting unit (15/UBND-VP).
  { code: 'cong-van', name: 'Công văn', abbreviation: null, normative: false },
];

/** Notation abbreviations of the demo's provincial agencies, by their key in PROVINCIAL_AGENCIES. */
const PROVINCIAL_ABBREVIATIONS: Record<(typeof PROVINCIAL_AGENCIES)[number]['key'], string> = {
  ubnd: 'UBND',
  'vp-ubnd': 'VP',
  'noi-vu': 'SNV',
  'tu-phap': 'STP',
  'tai-chinh': 'STC',
  'cong-thuong': 'SCT',
  'nn-mt': 'SNNMT',
  vpdkdd: 'VPĐKĐĐ',
  'xay-dung': 'SXD',
  'kh-cn': 'SKHCN',
  'gd-dt': 'SGDĐT',
  'y-te': 'SYT',
  'vh-tt-dl': 'SVHTTDL',
  'dt-tg': 'SDTTG',
  'thanh-tra': 'TTr',
  ttpvhcc: 'TTPVHCC',
};

/**
 * Adds the document types and the agencies' notation abbreviations that are missing: the provincial agencies by
 * code (the Office of the People's Committee as its internal unit, so its công văn read …/UBND-VP), every
 * commune People's Committee as UBND with its one-stop centre as an internal unit. Additive and idempotent: rows that
 * exist (perhaps edited by an administrator) are left alone.
 * @returns how many rows were added
 */
export async function seedDocuments(trx: Tx): Promise<number> {
  const types = await trx
    .insertInto('document_types')
    .values(
      DOCUMENT_TYPES.map((t, position) => ({
        code: t.code,
        name: t.name,
        abbreviation: t.abbreviation,
        normative_allowed: t.normative,
        position,
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .returning('code')
    .execute();
  const byCode = PROVINCIAL_AGENCIES.map((a) => ({
    code: a.code as string,
    abbreviation: PROVINCIAL_ABBREVIATIONS[a.key],
  }));
  const ubndCode = PROVINCIAL_AGENCIES.find((a) => a.key === 'ubnd')?.code ?? '';
  const officeCode = PROVINCIAL_AGENCIES.find((a) => a.key === 'vp-ubnd')?.code ?? '';
  const provincial = await sql`INSERT INTO document_agency_settings (agency_id, abbreviation, internal_of_agency_id)
    SELECT a.id, given.abbreviation,
      CASE WHEN a.code = ${officeCode} THEN (SELECT id FROM agencies WHERE code = ${ubndCode}) END
    FROM jsonb_to_recordset(${JSON.stringify(byCode)}::jsonb) AS given(code text, abbreviation text)
    JOIN agencies a ON a.code = given.code
    ON CONFLICT (agency_id) DO NOTHING`.execute(trx);
  // Commune committees, then their one-stop centres (internal units of the committee they belong to).
  const committees = await sql`INSERT INTO document_agency_settings (agency_id, abbreviation)
    SELECT a.id, 'UBND' FROM agencies a JOIN units u ON u.id = a.unit_id
    WHERE a.kind = 'people_committee' AND u.kind IN ('commune', 'ward', 'township', 'special_zone')
    ON CONFLICT (agency_id) DO NOTHING`.execute(trx);
  const centres = await sql`INSERT INTO document_agency_settings (agency_id, abbreviation, internal_of_agency_id)
    SELECT a.id, 'TTPVHCC', a.parent_id FROM agencies a JOIN agencies parent ON parent.id = a.parent_id
    WHERE a.kind = 'public_service_center' AND parent.kind = 'people_committee'
    ON CONFLICT (agency_id) DO NOTHING`.execute(trx);
  return (
    types.length +
    Number(provincial.numAffectedRows ?? 0) +
    Number(committees.numAffectedRows ?? 0) +
    Number(centres.numAffectedRows ?? 0)
  );
}
