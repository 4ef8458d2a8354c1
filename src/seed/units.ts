import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tx } from '../platform/db/database.ts';
import { newId } from '../platform/ids.ts';

/** The shape of `seed/units/*.json` (see seed/README.md). */
type UnitFile = {
  before: {
    valid_to: string;
    provinces: {
      code: string;
      name: string;
      kind: string;
      districts: { code: string; name: string; kind: string; communes: { code: string; name: string; kind: string }[] }[];
    }[];
  };
  after: {
    valid_from: string;
    provinces: {
      code: string;
      name: string;
      kind: string;
      merged_from: string[];
      communes: { code: string; name: string; kind: string; merged_from: { code: string; whole: boolean }[] }[];
    }[];
  };
};

export const SEED_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../seed');

export type SeededUnits = {
  /** The province in force today, and its communes by GSO code. */
  province: { id: string; ancestorIds: string[]; code: string; name: string };
  communes: Map<string, { id: string; ancestorIds: string[]; name: string; kind: string }>;
  count: number;
};

/**
 * Loads a province's units before and after a reform: the old three-level tree (ended the day before the reform),
 * the new two-level tree (from the reform day) and the successions linking them. Returns the new tree.
 * Assumes an empty unit table (the caller checks).
 */
export async function seedUnits(trx: Tx, file = path.join(SEED_DIR, 'units/lao-cai.json')): Promise<SeededUnits> {
  const data = JSON.parse(readFileSync(file, 'utf8')) as UnitFile;
  const rows: { id: string; code: string; name: string; kind: string; parent_id: string | null; ancestor_ids: string[]; valid_from: string | null; valid_to: string | null }[] = [];
  const oldByCode = new Map<string, string>();
  const endedOn = data.before.valid_to;

  for (const province of data.before.provinces) {
    const provinceId = newId();
    rows.push({ id: provinceId, code: province.code, name: province.name, kind: province.kind, parent_id: null, ancestor_ids: [provinceId], valid_from: null, valid_to: endedOn });
    oldByCode.set(`p${province.code}`, provinceId);
    for (const district of province.districts) {
      const districtId = newId();
      rows.push({ id: districtId, code: district.code, name: district.name, kind: district.kind, parent_id: provinceId, ancestor_ids: [provinceId, districtId], valid_from: null, valid_to: endedOn });
      for (const commune of district.communes) {
        const communeId = newId();
        rows.push({ id: communeId, code: commune.code, name: commune.name, kind: commune.kind, parent_id: districtId, ancestor_ids: [provinceId, districtId, communeId], valid_from: null, valid_to: endedOn });
        oldByCode.set(commune.code, communeId);
      }
    }
  }

  const successions: { predecessor_id: string; successor_id: string; is_whole: boolean; effective_on: string }[] = [];
  const startedOn = data.after.valid_from;
  const communes: SeededUnits['communes'] = new Map();
  let current: SeededUnits['province'] | undefined;
  for (const province of data.after.provinces) {
    const provinceId = newId();
    rows.push({ id: provinceId, code: province.code, name: province.name, kind: province.kind, parent_id: null, ancestor_ids: [provinceId], valid_from: startedOn, valid_to: null });
    current = { id: provinceId, ancestorIds: [provinceId], code: province.code, name: province.name };
    for (const oldCode of province.merged_from) {
      const oldId = oldByCode.get(`p${oldCode}`);
      if (oldId) {
        successions.push({ predecessor_id: oldId, successor_id: provinceId, is_whole: true, effective_on: startedOn });
      }
    }
    for (const commune of province.communes) {
      const communeId = newId();
      const ancestorIds = [provinceId, communeId];
      rows.push({ id: communeId, code: commune.code, name: commune.name, kind: commune.kind, parent_id: provinceId, ancestor_ids: ancestorIds, valid_from: startedOn, valid_to: null });
      communes.set(commune.code, { id: communeId, ancestorIds, name: commune.name, kind: commune.kind });
      for (const part of commune.merged_from) {
        const oldId = oldByCode.get(part.code);
        if (oldId) {
          successions.push({ predecessor_id: oldId, successor_id: communeId, is_whole: part.whole, effective_on: startedOn });
        }
      }
    }
  }
  if (!current) {
    throw new Error(`${file} has no province in force after the reform`);
  }
  // Parents before children: rows are in tree order, so one multi-row insert per chunk keeps foreign keys happy.
  for (let i = 0; i < rows.length; i += 500) {
    await trx.insertInto('units').values(rows.slice(i, i + 500)).execute();
  }
  for (let i = 0; i < successions.length; i += 500) {
    await trx
      .insertInto('unit_successions')
      .values(successions.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['predecessor_id', 'successor_id']).doNothing())
      .execute();
  }
  return { province: current, communes, count: rows.length };
}
