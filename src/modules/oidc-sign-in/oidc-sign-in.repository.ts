import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';

/** All SQL of identity links (user_identity_links). */

/** The account linked to this provider subject, if any. */
export async function findLinkedUserId(db: Queryable, issuer: string, subject: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('user_identity_links')
    .select('user_id')
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row?.user_id;
}

/** The citizen account with this personal ID (unique among citizens), if any. */
export async function findCitizenIdByPersonalId(db: Queryable, personalId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('kind', '=', 'citizen')
    .where('personal_id', '=', personalId)
    .executeTakeFirst();
  return row?.id;
}

/** True when the account is already linked to another subject of this issuer. */
export async function hasLinkForIssuer(db: Queryable, userId: string, issuer: string): Promise<boolean> {
  const row = await db
    .selectFrom('user_identity_links')
    .select('id')
    .where('user_id', '=', userId)
    .where('issuer', '=', issuer)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertLink(
  db: Queryable,
  row: { id: string; userId: string; issuer: string; subject: string },
): Promise<void> {
  await db
    .insertInto('user_identity_links')
    .values({ id: row.id, user_id: row.userId, issuer: row.issuer, subject: row.subject })
    .execute();
}

export async function touchLink(db: Queryable, issuer: string, subject: string): Promise<void> {
  await db
    .updateTable('user_identity_links')
    .set({ last_used_at: sql`now()` })
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .execute();
}

/** Whether an e-mail address is taken by any account (ignoring case). */
export async function isEmailTaken(db: Queryable, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
  return row !== undefined;
}
