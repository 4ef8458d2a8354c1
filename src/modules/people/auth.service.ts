import { recordAudit } from '../../platform/audit/audit.ts';
import type { Actor, UserKind } from '../../platform/auth/actor.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { type Tx, inTransaction } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { checkPersonalId, checkTaxCode } from '../identifiers/identifiers.ts';
import { findUnitById } from '../units/units.repository.ts';
import * as grantsRepo from './grants.repository.ts';
import { decoyPasswordHash, verifyPassword } from './passwords.ts';
import type { PeopleDeps } from './people.deps.ts';
import { assertSignedIn } from './people.policy.ts';
import type { TLoginBody, TMe, TMfaBody, TRoleGrant } from './people.schema.ts';
import { createSession, deleteSession, deleteSessionByToken, findLiveSession } from './sessions.ts';
import { checkTotpCode } from './totp.service.ts';
import * as repo from './users.repository.ts';

/**
 * Signing in and out. These functions return the session token instead of touching cookies, so the REST routes
 * and the web pages each set the cookie their own way (name SESSION_COOKIE, attributes sessionCookieOptions()).
 *
 * Call them with the database, not inside a caller's transaction: a refused sign-in still records the failure
 * (lockout counter, audit) before it throws, and an enclosing transaction would roll that back.
 */

/** Consecutive failures (password or TOTP) that lock an account, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export type LoginInput = TLoginBody & {
  /** The session cookie the browser already carries, if any: it is ended, so a session id never survives sign-in. */
  replacesToken?: string | null | undefined;
};

export type LoginResult = {
  /** The session token for the cookie. */
  token: string;
  sessionId: string;
  /** The TOTP step is still owed (completeMfa); until then the session grants nothing. */
  mfaRequired: boolean;
  /** Staff who must enrol TOTP (STAFF_MFA=required) before working. */
  mustEnrollMfa: boolean;
  user: { id: string; kind: UserKind; fullName: string };
};

/** Reads a sign-in name the ways it can be written: also as a personal id or tax code when it looks like one. */
function signInName(text: string): repo.SignInName {
  const personalId = checkPersonalId(text);
  const taxCode = checkTaxCode(text);
  return { text, personalId: personalId.valid ? personalId.normalized : null, taxCode: taxCode.normalized };
}

function mustEnrollMfa(deps: PeopleDeps, account: Pick<repo.AccountRow, 'kind' | 'totp_enabled_at'>): boolean {
  return deps.config.staffMfa === 'required' && account.kind === 'staff' && account.totp_enabled_at === null;
}

/** The account as the actor of its own sign-in, for the audit trail. */
function selfActor(account: { id: string; kind: string; full_name: string }): Actor {
  return {
    kind: 'user',
    userId: account.id,
    userKind: account.kind as UserKind,
    fullName: account.full_name,
    grants: [],
  };
}

/** Records a refusal that does not count against the account (unknown name, already locked, disabled). */
async function auditRefusal(ctx: ServiceContext, account: repo.AccountRow | undefined, reason: string): Promise<void> {
  await inTransaction(ctx.db, (trx) =>
    recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'auth.login_failed',
      subjectType: 'user',
      subjectId: account?.id ?? null,
      unitId: account?.home_unit_id ?? null,
      data: { reason },
    }),
  );
}

/**
 * Counts a wrong password or code, locking the account at the limit, then throws.
 * @throws ACCOUNT_LOCKED when this failure reached the limit, else `otherwise`
 */
async function failSignIn(
  ctx: ServiceContext,
  account: repo.AccountRow,
  reason: string,
  otherwise: AppError,
  pendingSessionId?: string,
): Promise<never> {
  const outcome = await inTransaction(ctx.db, async (trx) => {
    const result = await repo.recordLoginFailure(trx, account.id, MAX_FAILED_LOGINS, LOCKOUT_MINUTES);
    const entry = {
      actor: ctx.actor,
      meta: ctx.meta,
      subjectType: 'user',
      subjectId: account.id,
      unitId: account.home_unit_id,
    };
    await recordAudit(trx, { ...entry, action: 'auth.login_failed', data: { reason } });
    if (result.locked) {
      await recordAudit(trx, {
        ...entry,
        action: 'auth.locked',
        data: { lockedUntil: result.lockedUntil?.toISOString(), minutes: LOCKOUT_MINUTES },
      });
      if (pendingSessionId) {
        await deleteSession(trx, pendingSessionId);
      }
    }
    return result;
  });
  if (outcome.locked && outcome.lockedUntil) {
    throw lockedError(outcome.lockedUntil);
  }
  throw otherwise;
}

function lockedError(lockedUntil: Date): AppError {
  return new AppError('ACCOUNT_LOCKED', { lockedUntil: lockedUntil.toISOString() });
}

function isLocked(account: repo.AccountRow): account is repo.AccountRow & { locked_until: Date } {
  return account.locked_until !== null && account.locked_until.getTime() > Date.now();
}

/** What opening a session needs to know of the account. */
export type SessionAccount = {
  id: string;
  kind: string;
  full_name: string;
  totp_enabled_at: Date | null;
  home_unit_id: string | null;
};

/**
 * Opens a session once the first factor passed (a password, or an identity provider's answer), in the caller's
 * transaction: drops the browser's previous session, resets the failure count unless TOTP is still owed (a known
 * password must not reset the count of wrong codes), and audits the sign-in. With TOTP in force the session opens
 * pending and `completeMfa` must follow.
 */
export async function openSignInSession(
  trx: Tx,
  ctx: ServiceContext,
  account: SessionAccount,
  options: { replacesToken?: string | null | undefined; auditData?: Record<string, unknown> } = {},
): Promise<{ sessionId: string; token: string; mfaRequired: boolean }> {
  const mfaRequired = account.totp_enabled_at !== null;
  if (options.replacesToken) {
    await deleteSessionByToken(trx, options.replacesToken);
  }
  if (!mfaRequired) {
    await repo.recordLoginSuccess(trx, account.id);
  }
  const opened = await createSession(trx, {
    userId: account.id,
    mfaPending: mfaRequired,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
  });
  await recordAudit(trx, {
    actor: selfActor(account),
    meta: ctx.meta,
    action: mfaRequired ? 'auth.login_password_ok' : 'auth.login',
    subjectType: 'user',
    subjectId: account.id,
    unitId: account.home_unit_id,
    data: { sessionId: opened.sessionId, mfaPending: mfaRequired, ...options.auditData },
  });
  return { sessionId: opened.sessionId, token: opened.token, mfaRequired };
}

/**
 * Password step of signing in, for staff (username) and citizens/businesses (e-mail, personal id or tax code).
 * With TOTP in force, the session opens pending and `completeMfa` must follow.
 * @throws INVALID_CREDENTIALS (unknown name or wrong password, not told apart), ACCOUNT_LOCKED, ACCOUNT_DISABLED
 */
export async function login(ctx: ServiceContext, deps: PeopleDeps, input: LoginInput): Promise<LoginResult> {
  const account = await repo.findAccountForSignIn(ctx.db, signInName(input.username));
  if (!account?.password_hash) {
    // Spend the same argon2 time as a real check, so the answer's timing does not tell whether the name exists.
    await verifyPassword(await decoyPasswordHash(), input.password);
    await auditRefusal(ctx, account, account ? 'noPassword' : 'unknownAccount');
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (isLocked(account)) {
    await auditRefusal(ctx, account, 'locked');
    throw lockedError(account.locked_until);
  }
  if (!(await verifyPassword(account.password_hash, input.password))) {
    return failSignIn(ctx, account, 'wrongPassword', new AppError('INVALID_CREDENTIALS'));
  }
  // Only someone who knows the password learns that the account is disabled.
  if (account.status !== 'active') {
    await auditRefusal(ctx, account, 'disabled');
    throw new AppError('ACCOUNT_DISABLED');
  }
  const { mfaRequired, ...session } = await inTransaction(ctx.db, (trx) =>
    openSignInSession(trx, ctx, account, { replacesToken: input.replacesToken }),
  );
  return {
    ...session,
    mfaRequired,
    mustEnrollMfa: mustEnrollMfa(deps, account),
    user: { id: account.id, kind: account.kind as UserKind, fullName: account.full_name },
  };
}

/**
 * TOTP step of signing in: checks the code for the pending session and replaces it with a full session under a
 * new token. Wrong codes count towards the lockout like wrong passwords.
 * @throws UNAUTHENTICATED (no pending session), ACCOUNT_LOCKED, MFA_INVALID
 */
export async function completeMfa(
  ctx: ServiceContext,
  deps: PeopleDeps,
  input: TMfaBody & { sessionToken: string | null | undefined },
): Promise<LoginResult> {
  const pending = input.sessionToken ? await findLiveSession(ctx.db, input.sessionToken) : null;
  if (!pending?.mfaPending) {
    throw new AppError('UNAUTHENTICATED');
  }
  const account = await repo.findAccountById(ctx.db, pending.userId);
  if (!account?.totp_enabled_at) {
    throw new AppError('UNAUTHENTICATED');
  }
  if (isLocked(account)) {
    throw lockedError(account.locked_until);
  }
  const step = await checkTotpCode(deps, account, input.code);
  if (step === null) {
    return failSignIn(ctx, account, 'wrongTotp', new AppError('MFA_INVALID'), pending.sessionId);
  }
  const session = await inTransaction(ctx.db, async (trx) => {
    if (!(await repo.acceptTotpStep(trx, account.id, step))) {
      // A parallel request used this very code a moment ago.
      throw new AppError('MFA_INVALID');
    }
    await deleteSession(trx, pending.sessionId);
    await repo.recordLoginSuccess(trx, account.id);
    const opened = await createSession(trx, {
      userId: account.id,
      mfaPending: false,
      ip: ctx.meta.ip,
      userAgent: ctx.meta.userAgent,
    });
    await recordAudit(trx, {
      actor: selfActor(account),
      meta: ctx.meta,
      action: 'auth.login',
      subjectType: 'user',
      subjectId: account.id,
      unitId: account.home_unit_id,
      data: { sessionId: opened.sessionId, mfa: 'totp' },
    });
    return opened;
  });
  return {
    ...session,
    mfaRequired: false,
    mustEnrollMfa: false,
    user: { id: account.id, kind: account.kind as UserKind, fullName: account.full_name },
  };
}

/** Ends the session behind a token (also a pending one). Unknown tokens are ignored: signing out always works. */
export async function logout(ctx: ServiceContext, sessionToken: string | null | undefined): Promise<void> {
  if (!sessionToken) {
    return;
  }
  await inTransaction(ctx.db, async (trx) => {
    const ended = await deleteSessionByToken(trx, sessionToken);
    if (ended) {
      await recordAudit(trx, {
        actor: ctx.actor,
        meta: ctx.meta,
        action: 'auth.logout',
        subjectType: 'user',
        subjectId: ended.userId,
        unitId: null,
        data: { sessionId: ended.sessionId },
      });
    }
  });
}

/** Presents a grant row. */
export function presentGrant(row: grantsRepo.GrantRow): TRoleGrant {
  return {
    id: row.id,
    role: row.role as TRoleGrant['role'],
    unitId: row.unit_id,
    unitName: row.unit_name,
    agencyId: row.agency_id,
    agencyName: row.agency_name,
    includesSubUnits: row.includes_sub_units,
    grantedBy: row.granted_by,
    createdAt: row.created_at.toISOString(),
  };
}

/** The signed-in user: account, roles with unit and agency names, and whether TOTP enrolment is owed. @throws UNAUTHENTICATED */
export async function getMe(ctx: ServiceContext, deps: PeopleDeps): Promise<TMe> {
  const actor = assertSignedIn(ctx.actor);
  const account = await repo.findAccountById(ctx.db, actor.userId);
  if (!account) {
    throw new AppError('UNAUTHENTICATED');
  }
  const [grants, homeUnit] = await Promise.all([
    grantsRepo.findGrantsOfUser(ctx.db, account.id),
    account.home_unit_id ? findUnitById(ctx.db, account.home_unit_id) : undefined,
  ]);
  return {
    user: {
      id: account.id,
      kind: account.kind as UserKind,
      username: account.username,
      fullName: account.full_name,
      email: account.email,
      phone: account.phone,
      personalId: account.personal_id,
      taxCode: account.tax_code,
      homeUnit: homeUnit ? { id: homeUnit.id, name: homeUnit.name } : null,
      totpEnabled: account.totp_enabled_at !== null,
      emailVerified: account.email_verified_at !== null,
    },
    grants: grants.map(presentGrant),
    mustEnrollMfa: mustEnrollMfa(deps, account),
  };
}
