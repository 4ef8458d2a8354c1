import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor, Grant, UserKind } from '../../platform/auth/actor.ts';
import { isRole } from '../../platform/auth/permissions.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';

/** Sessions end after this long without use. */
export const SESSION_IDLE_HOURS = 12;

/** The stored form of a token: only its hash ever reaches the database. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A fresh, unguessable token (256 bits). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Opens a session and returns the token for the cookie.
 * @param mfaPending true when the TOTP step is still owed: such a session carries no authority yet.
 */
export async function createSession(
  db: Queryable,
  input: { userId: string; mfaPending: boolean; ip: string | null; userAgent: string | null },
): Promise<{ token: string; sessionId: string }> {
  const token = newToken();
  const sessionId = newId();
  await db
    .insertInto('sessions')
    .values({
      id: sessionId,
      token_hash: hashToken(token),
      user_id: input.userId,
      is_mfa_pending: input.mfaPending,
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 400) ?? null,
      expires_at: sql`now() + make_interval(hours => ${SESSION_IDLE_HOURS})`,
    })
    .execute();
  return { token, sessionId };
}

export type SessionRow = { sessionId: string; userId: string; mfaPending: boolean };

/** A live session joined with the facts about its user that every request needs. */
async function findLiveSessionWithUser(db: Queryable, token: string) {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.user_id',
      'sessions.is_mfa_pending',
      'sessions.last_seen_at',
      'users.kind',
      'users.full_name',
      'users.totp_enabled_at',
    ])
    .where('sessions.token_hash', '=', hashToken(token))
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where('users.status', '=', 'active')
    .executeTakeFirst();
  if (row && Date.now() - new Date(row.last_seen_at).getTime() > 60_000) {
    // Renewing on every request would turn each read into a write; once a minute keeps the idle timeout honest.
    await db
      .updateTable('sessions')
      .set({ last_seen_at: sql`now()`, expires_at: sql`now() + make_interval(hours => ${SESSION_IDLE_HOURS})` })
      .where('id', '=', row.id)
      .execute();
  }
  return row;
}

/** The live session for a token, renewing its expiry at most once a minute; null when unknown or expired. */
export async function findLiveSession(db: Queryable, token: string): Promise<SessionRow | null> {
  const row = await findLiveSessionWithUser(db, token);
  return row ? { sessionId: row.id, userId: row.user_id, mfaPending: row.is_mfa_pending } : null;
}

/** Ends one session. */
export async function deleteSession(db: Queryable, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a user (password change, disabling, reset). */
export async function deleteUserSessions(db: Queryable, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

type ActorFacts = { id: string; kind: string; full_name: string; totp_enabled_at: Date | null };

/** The actor of an active user, with the roles they hold (dormant while a required second factor is missing). */
async function buildActor(db: Queryable, user: ActorFacts, options: { requireStaffMfa?: boolean }): Promise<Actor> {
  // Where staff must use a second factor, an officer who has not enrolled yet may sign in only to enrol:
  // the roles stay dormant until TOTP is on.
  const dormant = options.requireStaffMfa === true && user.kind === 'staff' && user.totp_enabled_at === null;
  const grants = dormant
    ? []
    : await db
        .selectFrom('role_grants')
        .select(['role', 'unit_id', 'agency_id', 'includes_sub_units'])
        .where('user_id', '=', user.id)
        .execute();
  return {
    kind: 'user',
    userId: user.id,
    userKind: user.kind as UserKind,
    fullName: user.full_name,
    grants: grants.flatMap((g): Grant[] =>
      isRole(g.role)
        ? [{ role: g.role, unitId: g.unit_id, agencyId: g.agency_id, includesSubUnits: g.includes_sub_units }]
        : [],
    ),
  };
}

/** Builds the acting identity of a user: who they are and every role they hold; null unless active. */
export async function loadActor(
  db: Queryable,
  userId: string,
  options: { requireStaffMfa?: boolean } = {},
): Promise<Actor | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'kind', 'full_name', 'status', 'totp_enabled_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return user?.status === 'active' ? buildActor(db, user, options) : null;
}

/**
 * Resolves a session cookie into an actor in two queries (session with its user, then roles). A session still
 * waiting for its TOTP step resolves to nothing, so half-signed-in browsers hold no authority.
 */
export async function resolveSessionActor(
  db: Queryable,
  token: string,
  options: { requireStaffMfa?: boolean } = {},
): Promise<{ actor: Actor; sessionId: string } | null> {
  const session = await findLiveSessionWithUser(db, token);
  if (!session || session.is_mfa_pending) {
    return null;
  }
  const actor = await buildActor(db, { ...session, id: session.user_id }, options);
  return { actor, sessionId: session.id };
}

/** Ends the session behind a token, whatever its state; undefined when the token is unknown. */
export async function deleteSessionByToken(
  db: Queryable,
  token: string,
): Promise<{ sessionId: string; userId: string } | undefined> {
  const row = await db
    .deleteFrom('sessions')
    .where('token_hash', '=', hashToken(token))
    .returning(['id', 'user_id'])
    .executeTakeFirst();
  return row ? { sessionId: row.id, userId: row.user_id } : undefined;
}

/** Ends every session of a user but one (a password change keeps the browser that made it signed in). */
export async function deleteOtherSessions(db: Queryable, userId: string, keepSessionId: string | null): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionId) {
    query = query.where('id', '<>', keepSessionId);
  }
  await query.execute();
}
