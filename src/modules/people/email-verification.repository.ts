import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';

/** All SQL of e-mail verification links. */

/** Stores a new link for `email`; only its hash. */
export async function insertVerificationToken(
  db: Queryable,
  row: { tokenHash: string; userId: string; email: string; hours: number },
): Promise<void> {
  await db
    .insertInto('email_verification_tokens')
    .values({
      token_hash: row.tokenHash,
      user_id: row.userId,
      email: row.email,
      expires_at: sql`now() + make_interval(hours => ${row.hours})`,
    })
    .execute();
}

/**
 * The unused, unexpired link with this hash and the account's current address, locked so two tabs cannot both use
 * it; `stillTheAddress` is false when the account's address changed after the link was sent.
 */
export async function findUsableVerificationToken(
  db: Queryable,
  tokenHash: string,
): Promise<{ user_id: string; stillTheAddress: boolean; status: string } | undefined> {
  return db
    .selectFrom('email_verification_tokens as t')
    .innerJoin('users', 'users.id', 't.user_id')
    .select([
      't.user_id',
      'users.status',
      sql<boolean>`coalesce(lower(users.email) = lower(t.email), false)`.as('stillTheAddress'),
    ])
    .where('t.token_hash', '=', tokenHash)
    .where('t.used_at', 'is', null)
    .where('t.expires_at', '>', sql<Date>`now()`)
    .forUpdate()
    .executeTakeFirst();
}

/** Spends every open link of the account: a newer link or a completed verification voids the older ones. */
export async function useVerificationTokens(db: Queryable, userId: string): Promise<void> {
  await db
    .updateTable('email_verification_tokens')
    .set({ used_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
}

/** How many links the account was sent in the last `hours`, and seconds since the newest (null when none). */
export async function recentSends(
  db: Queryable,
  userId: string,
  hours: number,
): Promise<{ count: number; secondsSinceLast: number | null }> {
  const row = await db
    .selectFrom('email_verification_tokens')
    .select([
      sql<number>`count(*)::int`.as('count'),
      sql<number | null>`extract(epoch from now() - max(created_at))::float8`.as('secondsSinceLast'),
    ])
    .where('user_id', '=', userId)
    .where('created_at', '>', sql<Date>`now() - make_interval(hours => ${hours})`)
    .executeTakeFirstOrThrow();
  return {
    count: Number(row.count),
    secondsSinceLast: row.secondsSinceLast === null ? null : Number(row.secondsSinceLast),
  };
}
