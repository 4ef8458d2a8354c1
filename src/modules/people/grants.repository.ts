import type { Queryable } from '../../platform/db/database.ts';

/** All SQL of role grants. */

export type GrantRow = {
  id: string;
  user_id: string;
  role: string;
  unit_id: string;
  unit_name: string;
  unit_ancestor_ids: string[];
  agency_id: string | null;
  agency_name: string | null;
  includes_sub_units: boolean;
  granted_by: string | null;
  created_at: Date;
};

function grantQuery(db: Queryable) {
  return db
    .selectFrom('role_grants as g')
    .innerJoin('units as u', 'u.id', 'g.unit_id')
    .leftJoin('agencies as a', 'a.id', 'g.agency_id')
    .select([
      'g.id',
      'g.user_id',
      'g.role',
      'g.unit_id',
      'u.name as unit_name',
      'u.ancestor_ids as unit_ancestor_ids',
      'g.agency_id',
      'a.name as agency_name',
      'g.includes_sub_units',
      'g.granted_by',
      'g.created_at',
    ]);
}

/** Every role a user holds, with unit and agency names, in the order granted. */
export async function findGrantsOfUser(db: Queryable, userId: string): Promise<GrantRow[]> {
  return grantQuery(db).where('g.user_id', '=', userId).orderBy('g.created_at').orderBy('g.id').execute();
}

/** One grant of one user (undefined when the grant belongs to someone else). */
export async function findGrant(db: Queryable, userId: string, grantId: string): Promise<GrantRow | undefined> {
  return grantQuery(db).where('g.user_id', '=', userId).where('g.id', '=', grantId).executeTakeFirst();
}

export async function insertGrant(
  db: Queryable,
  row: {
    id: string;
    user_id: string;
    role: string;
    unit_id: string;
    agency_id: string | null;
    includes_sub_units: boolean;
    granted_by: string | null;
  },
): Promise<void> {
  await db.insertInto('role_grants').values(row).execute();
}

export async function deleteGrant(db: Queryable, grantId: string): Promise<void> {
  await db.deleteFrom('role_grants').where('id', '=', grantId).execute();
}
