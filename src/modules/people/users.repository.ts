import { type Expression, type SqlBool, sql } from 'kysely';
import type { Scope } from '../../platform/auth/scope.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { inScope } from '../../platform/db/scope-filter.ts';
import { decodeCursor } from '../../platform/http/pagination.ts';

/** All SQL of accounts: sign-in lookups, lockout, TOTP, passwords, reset links and the staff list. */

export type AccountRow = {
  id: string;
  kind: string;
  username: string | null;
  full_name: string;
  email: string | null;
  phone: string | null;
  personal_id: string | null;
  tax_code: string | null;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
  failed_logins: number;
  locked_until: Date | null;
  status: string;
  email_verified_at: Date | null;
  home_unit_id: string | null;
  last_login_at: Date | null;
  created_at: Date;
};

const ACCOUNT_COLUMNS = [
  'users.id',
  'users.kind',
  'users.username',
  'users.full_name',
  'users.email',
  'users.phone',
  'users.personal_id',
  'users.tax_code',
  'users.password_hash',
  'users.totp_secret',
  'users.totp_enabled_at',
  'users.totp_last_step',
  'users.failed_logins',
  'users.locked_until',
  'users.status',
  'users.email_verified_at',
  'users.home_unit_id',
  'users.last_login_at',
  'users.created_at',
] as const;

/** What a sign-in name may be: each is looked up only among the accounts that sign in with it. */
export type SignInName = { text: string; personalId: string | null; taxCode: string | null };

/**
 * The account a sign-in name points to: staff by username; citizens and businesses by e-mail, citizens by
 * personal id, businesses by tax code. Names are unique within each kind, and usernames can never look like an
 * e-mail or an identifier, so at most one account matches.
 */
export async function findAccountForSignIn(db: Queryable, name: SignInName): Promise<AccountRow | undefined> {
  return db
    .selectFrom('users')
    .select(ACCOUNT_COLUMNS)
    .where((eb) => {
      const lowered = name.text.toLowerCase();
      const alternatives: Expression<SqlBool>[] = [
        eb.and([eb('users.kind', '=', 'staff'), eb(sql`lower(users.username)`, '=', lowered)]),
        eb.and([eb('users.kind', '<>', 'staff'), eb(sql`lower(users.email)`, '=', lowered)]),
      ];
      if (name.personalId) {
        alternatives.push(eb.and([eb('users.kind', '=', 'citizen'), eb('users.personal_id', '=', name.personalId)]));
      }
      if (name.taxCode) {
        alternatives.push(eb.and([eb('users.kind', '=', 'business'), eb('users.tax_code', '=', name.taxCode)]));
      }
      return eb.or(alternatives);
    })
    .orderBy('users.id')
    .limit(1)
    .executeTakeFirst();
}

/** An account by id; `forUpdate` locks the row for the rest of the transaction. */
export async function findAccountById(db: Queryable, id: string, forUpdate = false): Promise<AccountRow | undefined> {
  const query = db.selectFrom('users').select(ACCOUNT_COLUMNS).where('users.id', '=', id);
  return (forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

/** The active account with this e-mail address (ignoring case), if any. */
export async function findActiveAccountByEmail(db: Queryable, email: string): Promise<AccountRow | undefined> {
  return db
    .selectFrom('users')
    .select(ACCOUNT_COLUMNS)
    .where(sql`lower(users.email)`, '=', email.toLowerCase())
    .where('users.status', '=', 'active')
    .executeTakeFirst();
}

/** Which of these unique values are already taken (e-mail ignoring case; personal id and tax code per kind). */
export async function findTakenValues(
  db: Queryable,
  values: { email?: string | null; username?: string | null; personalId?: string | null; taxCode?: string | null },
): Promise<('email' | 'username' | 'personalId' | 'taxCode')[]> {
  const rows = await db
    .selectFrom('users')
    .select(['kind', 'email', 'username', 'personal_id', 'tax_code'])
    .where((eb) =>
      eb.or([
        eb(sql`lower(email)`, '=', values.email?.toLowerCase() ?? null),
        eb(sql`lower(username)`, '=', values.username?.toLowerCase() ?? null),
        eb.and([eb('kind', '=', 'citizen'), eb('personal_id', '=', values.personalId ?? null)]),
        eb.and([eb('kind', '=', 'business'), eb('tax_code', '=', values.taxCode ?? null)]),
      ]),
    )
    .execute();
  const taken = new Set<'email' | 'username' | 'personalId' | 'taxCode'>();
  for (const row of rows) {
    if (values.email && row.email?.toLowerCase() === values.email.toLowerCase()) taken.add('email');
    if (values.username && row.username?.toLowerCase() === values.username.toLowerCase()) taken.add('username');
    if (values.personalId && row.kind === 'citizen' && row.personal_id === values.personalId) taken.add('personalId');
    if (values.taxCode && row.kind === 'business' && row.tax_code === values.taxCode) taken.add('taxCode');
  }
  return [...taken];
}

/**
 * Counts a failed sign-in. Reaching `maxFailures` locks the account for `lockMinutes` and restarts the count, so
 * after the lock the owner again has the full number of tries. One statement, so parallel attempts all count.
 */
export async function recordLoginFailure(
  db: Queryable,
  id: string,
  maxFailures: number,
  lockMinutes: number,
): Promise<{ failedLogins: number; lockedUntil: Date | null; locked: boolean }> {
  const row = await db
    .updateTable('users')
    .set({
      failed_logins: sql`CASE WHEN failed_logins + 1 >= ${maxFailures} THEN 0 ELSE failed_logins + 1 END`,
      locked_until: sql`CASE WHEN failed_logins + 1 >= ${maxFailures}
        THEN now() + make_interval(mins => ${lockMinutes}) ELSE locked_until END`,
    })
    .where('id', '=', id)
    .returning(['failed_logins', 'locked_until', sql<boolean>`coalesce(locked_until > now(), false)`.as('locked')])
    .executeTakeFirstOrThrow();
  return { failedLogins: row.failed_logins, lockedUntil: row.locked_until, locked: row.locked };
}

/** A completed sign-in: the failure count restarts and the lock, if any, is lifted. */
export async function recordLoginSuccess(db: Queryable, id: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null, last_login_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Lifts a lockout (an administrator's unlock). */
export async function clearLockout(db: Queryable, id: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Stores a new password hash; a new password also lifts any lockout. */
export async function setPasswordHash(db: Queryable, id: string, passwordHash: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Marks the e-mail address as proven (the owner used a link sent to it). */
export async function markEmailVerified(db: Queryable, id: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ email_verified_at: sql`coalesce(email_verified_at, now())` })
    .where('id', '=', id)
    .execute();
}

/** Starts (or restarts) TOTP enrolment with a new sealed secret; not in force until confirmed. */
export async function setPendingTotpSecret(db: Queryable, id: string, sealedSecret: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_secret: sealedSecret, totp_enabled_at: null, totp_last_step: null, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Puts the enrolled TOTP factor in force. */
export async function enableTotp(db: Queryable, id: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_enabled_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Removes the TOTP factor. */
export async function clearTotp(db: Queryable, id: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/**
 * Records the time step of an accepted TOTP code, only if it is later than the last one: false means the code
 * was already used (perhaps by a parallel request), so it must be refused.
 */
export async function acceptTotpStep(db: Queryable, id: string, step: number): Promise<boolean> {
  const rows = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .returning('id')
    .execute();
  return rows.length > 0;
}

export type NewUserRow = {
  id: string;
  kind: 'staff' | 'citizen' | 'business';
  username: string | null;
  full_name: string;
  email: string | null;
  phone: string | null;
  personal_id: string | null;
  tax_code: string | null;
  password_hash: string | null;
  home_unit_id: string | null;
};

export async function insertUser(db: Queryable, row: NewUserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export type UserPatch = Partial<{ full_name: string; email: string | null; phone: string | null; status: string }>;

/** Applies a patch; a changed e-mail address is no longer verified. */
export async function updateUser(db: Queryable, id: string, patch: UserPatch, emailChanged: boolean): Promise<void> {
  await db
    .updateTable('users')
    .set({ ...patch, ...(emailChanged ? { email_verified_at: null } : {}), updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

// ---- password-reset links ------------------------------------------------------------------------------------

export async function insertResetToken(
  db: Queryable,
  tokenHash: string,
  userId: string,
  minutes: number,
): Promise<void> {
  await db
    .insertInto('password_reset_tokens')
    .values({ token_hash: tokenHash, user_id: userId, expires_at: sql`now() + make_interval(mins => ${minutes})` })
    .execute();
}

/** The unused, unexpired link with this hash, locked so two tabs cannot both use it. */
export async function findUsableResetToken(db: Queryable, tokenHash: string): Promise<{ user_id: string } | undefined> {
  return db
    .selectFrom('password_reset_tokens')
    .select('user_id')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .forUpdate()
    .executeTakeFirst();
}

/** Spends every open link of the user: one reset voids the links of earlier requests too. */
export async function useResetTokens(db: Queryable, userId: string): Promise<void> {
  await db
    .updateTable('password_reset_tokens')
    .set({ used_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
}

// ---- staff list and detail -----------------------------------------------------------------------------------

export type StaffRow = AccountRow & { home_unit_name: string | null; home_unit_ancestor_ids: string[] | null };

function staffQuery(db: Queryable) {
  return db
    .selectFrom('users')
    .leftJoin('units', 'units.id', 'users.home_unit_id')
    .select(ACCOUNT_COLUMNS)
    .select(['units.name as home_unit_name', 'units.ancestor_ids as home_unit_ancestor_ids'])
    .where('users.kind', '=', 'staff');
}

/** One staff account with its home unit's name and ancestry (for the scope check); undefined for others. */
export async function findStaffById(db: Queryable, id: string): Promise<StaffRow | undefined> {
  return staffQuery(db).where('users.id', '=', id).executeTakeFirst();
}

export type StaffFilter = {
  q?: string | undefined;
  unitId?: string | undefined;
  status?: string | undefined;
  limit: number;
  cursor?: string | undefined;
};

/** Escapes LIKE wildcards so a search for "a_b" means those three characters. */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Staff accounts whose home unit lies inside `scope` (filtered in SQL), ordered by username then id,
 * `limit + 1` rows for pagination.
 */
export async function findStaff(db: Queryable, scope: Scope, filter: StaffFilter): Promise<StaffRow[]> {
  let qb = staffQuery(db).where(inScope(scope, 'users.home_unit_id'));
  if (filter.q) {
    const term = `%${likeEscape(filter.q)}%`;
    const prefix = `${likeEscape(filter.q.toLowerCase())}%`;
    qb = qb.where((eb) =>
      eb.or([
        eb('users.name_search', 'like', sql<string>`search_text(${term})`),
        eb('users.username', 'like', prefix),
        eb(sql`lower(users.email)`, 'like', prefix),
      ]),
    );
  }
  if (filter.unitId) {
    qb = qb.where('users.home_unit_id', '=', filter.unitId);
  }
  if (filter.status) {
    qb = qb.where('users.status', '=', filter.status);
  }
  if (filter.cursor) {
    const [username, id] = decodeCursor(filter.cursor, 2);
    qb = qb.where(sql<boolean>`(users.username, users.id) > (${String(username)}, ${String(id)}::uuid)`);
  }
  return qb
    .orderBy('users.username')
    .orderBy('users.id')
    .limit(filter.limit + 1)
    .execute();
}
