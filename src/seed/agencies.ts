import type { Tx } from '../platform/db/database.ts';
import { newId } from '../platform/ids.ts';
import { PROVINCIAL_AGENCIES, communeAgencyCodes } from './agencies-data.ts';
import type { SeededUnits } from './units.ts';

export type SeededAgencies = {
  byKey: Map<string, string>;
  /** Per commune code: its People's Committee and one-stop centre. */
  communes: Map<string, { committeeId: string; oneStopId: string }>;
  count: number;
};

/** Creates the provincial departments and, for every current commune, its People's Committee and one-stop centre. */
export async function seedAgencies(trx: Tx, units: SeededUnits): Promise<SeededAgencies> {
  const rows: { id: string; unit_id: string; parent_id: string | null; code: string; name: string; kind: string; valid_from: string }[] = [];
  const byKey = new Map<string, string>();
  const validFrom = '2025-07-01';
  for (const agency of PROVINCIAL_AGENCIES) {
    const id = newId();
    byKey.set(agency.key, id);
    rows.push({ id, unit_id: units.province.id, parent_id: null, code: agency.code, name: agency.name, kind: agency.kind, valid_from: validFrom });
  }
  const communes: SeededAgencies['communes'] = new Map();
  const codes = [...units.communes.keys()].sort();
  codes.forEach((communeCode, index) => {
    const commune = units.communes.get(communeCode);
    if (!commune) return;
    const agencyCodes = communeAgencyCodes(index + 1);
    const committeeId = newId();
    const oneStopId = newId();
    communes.set(communeCode, { committeeId, oneStopId });
    rows.push({ id: committeeId, unit_id: commune.id, parent_id: null, code: agencyCodes.committee, name: `Ủy ban nhân dân ${commune.name}`, kind: 'people_committee', valid_from: validFrom });
    rows.push({ id: oneStopId, unit_id: commune.id, parent_id: committeeId, code: agencyCodes.oneStop, name: `Trung tâm Phục vụ hành chính công ${commune.name}`, kind: 'public_service_center', valid_from: validFrom });
  });
  for (let i = 0; i < rows.length; i += 500) {
    await trx.insertInto('agencies').values(rows.slice(i, i + 500)).execute();
  }
  return { byKey, communes, count: rows.length };
}
