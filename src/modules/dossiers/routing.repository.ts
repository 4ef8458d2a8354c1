import { sql } from 'kysely';
import type { Role } from '../../platform/auth/permissions.ts';
import type { Queryable } from '../../platform/db/database.ts';

/** SQL the router needs: a unit's ancestry with kinds, agencies in force, and officers who can take a step. */

export type UnitNode = {
  id: string;
  name: string;
  kind: string;
  ancestor_ids: string[];
  valid_from: string | null;
  valid_to: string | null;
};

/** A unit and its ancestors, root first. */
export async function unitLineage(db: Queryable, unitId: string): Promise<UnitNode[]> {
  const rows = await db
    .selectFrom('units')
    .select(['id', 'name', 'kind', 'ancestor_ids', 'valid_from', 'valid_to'])
    .where(sql<boolean>`id = ANY((SELECT ancestor_ids FROM units WHERE id = ${unitId})::uuid[])`)
    .execute();
  return rows.sort((a, b) => a.ancestor_ids.length - b.ancestor_ids.length);
}

export type AgencyNode = { id: string; unit_id: string; code: string | null; kind: string; name: string };

function inForce(day: string) {
  return sql<boolean>`(a.valid_from IS NULL OR a.valid_from <= ${day}) AND (a.valid_to IS NULL OR a.valid_to >= ${day})`;
}

/** The agency in force on `day` with this electronic identifier code. */
export async function findAgencyByCode(db: Queryable, code: string, day: string): Promise<AgencyNode | undefined> {
  return db
    .selectFrom('agencies as a')
    .select(['a.id', 'a.unit_id', 'a.code', 'a.kind', 'a.name'])
    .where('a.code', '=', code)
    .where(inForce(day))
    .executeTakeFirst();
}

/** The agencies of a unit in force on `day` whose kind is one of `kinds`, in the order of `kinds`, then by code. */
export async function findAgenciesOfKind(
  db: Queryable,
  unitId: string,
  kinds: readonly string[],
  day: string,
): Promise<AgencyNode[]> {
  const rows = await db
    .selectFrom('agencies as a')
    .select(['a.id', 'a.unit_id', 'a.code', 'a.kind', 'a.name'])
    .where('a.unit_id', '=', unitId)
    .where('a.kind', 'in', [...kinds])
    .where(inForce(day))
    .orderBy('a.code')
    .orderBy('a.id')
    .execute();
  return rows.sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind));
}

export async function findAgency(db: Queryable, id: string): Promise<AgencyNode | undefined> {
  return db
    .selectFrom('agencies as a')
    .select(['a.id', 'a.unit_id', 'a.code', 'a.kind', 'a.name'])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

/**
 * Active officers holding `role` directly at the place (a grant on the unit as a whole, or on the agency), the one
 * assigned longest ago (or never) first: round-robin by least recent assignment, in the database's own time (the
 * business clock may be set back in tests and imports). Grants inherited from a unit above are left out: a
 * supervisor is not handed the daily work of the units below.
 */
export async function findOfficersForStep(
  db: Queryable,
  place: { role: Role; unitId: string; agencyId: string | null },
  limit: number,
): Promise<{ id: string; full_name: string }[]> {
  const rows = await sql<{ id: string; full_name: string }>`SELECT u.id, u.full_name FROM users AS u
    WHERE u.kind = 'staff' AND u.status = 'active'
      AND EXISTS (SELECT 1 FROM role_grants AS g WHERE g.user_id = u.id AND g.role = ${place.role}
        AND ((g.agency_id IS NULL AND g.unit_id = ${place.unitId})
          OR (g.agency_id IS NOT NULL AND g.agency_id = ${place.agencyId}::uuid)))
    ORDER BY (SELECT max(a.recorded_at) FROM dossier_actions AS a WHERE a.assignee_id = u.id) ASC NULLS FIRST, u.id
    LIMIT ${limit}`.execute(db);
  return rows.rows;
}
