import { recordAudit } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { type Queryable, type Tx, inTransaction } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { translate } from '../../platform/i18n/index.ts';
import { enqueueMail } from '../../platform/mail/mail-worker.ts';
import * as links from './email-verification.repository.ts';
import type { PeopleDeps } from './people.deps.ts';
import { assertSignedIn } from './people.policy.ts';
import { hashToken, newToken } from './sessions.ts';
import * as repo from './users.repository.ts';

/**
 * Proving an e-mail address: a single-use link mailed on registration (and again on request), consumed by the
 * page at VERIFY_PATH. Only the SHA-256 of a link token is stored; the mail is queued in the same transaction as
 * the token, so the mail exists exactly when the token does.
 *
 * What an unverified account may do: sign in, read its own data and the public services. Submitting a dossier
 * online needs a proven address (notices and results go there), which `assertEmailVerified` checks.
 */

/** A verification link works this long: people read mail later than they reset passwords. */
export const VERIFY_LINK_HOURS = 24;
/** The page that takes the token (the web layer serves it). */
export const VERIFY_PATH = '/xac-minh-email';
/** "Send again" waits this long between links, and sends at most RESEND_MAX_PER_DAY a day. */
export const RESEND_MIN_SECONDS = 60;
export const RESEND_MAX_PER_DAY = 5;

/** Creates a link for the account's current address and queues the mail carrying it, in the caller's transaction. */
export async function issueVerificationLink(
  trx: Tx,
  deps: PeopleDeps,
  account: { id: string; email: string; fullName: string },
): Promise<void> {
  const token = newToken();
  await links.insertVerificationToken(trx, {
    tokenHash: hashToken(token),
    userId: account.id,
    email: account.email,
    hours: VERIFY_LINK_HOURS,
  });
  const link = `${deps.config.publicUrl}${VERIFY_PATH}?token=${encodeURIComponent(token)}`;
  const body = translate('vi', 'citizenAccess.mail.verifyText', {
    name: account.fullName,
    link,
    hours: VERIFY_LINK_HOURS,
  });
  await enqueueMail(deps.jobs, trx, {
    to: account.email,
    subject: translate('vi', 'citizenAccess.mail.verifySubject'),
    text: `${body}\n\n--\n${translate('vi', 'mail.signature')}\n`,
  });
}

/**
 * The signed-in owner asks for a new link. Limited per account (one a minute, five a day) on top of the per-address
 * limit of the form, so nobody can use the platform to flood a mailbox.
 * @throws UNAUTHENTICATED, CONFLICT (`reason`: noEmail | alreadyVerified), RATE_LIMITED (`retryAfterSeconds`)
 */
export async function requestVerificationEmail(ctx: ServiceContext, deps: PeopleDeps): Promise<{ sentTo: string }> {
  const actor = assertSignedIn(ctx.actor);
  return inTransaction(ctx.db, async (trx) => {
    const account = await repo.findAccountById(trx, actor.userId, true);
    if (!account) {
      throw new AppError('UNAUTHENTICATED');
    }
    if (!account.email) {
      throw new AppError('CONFLICT', { reason: 'noEmail' });
    }
    if (account.email_verified_at) {
      throw new AppError('CONFLICT', { reason: 'alreadyVerified' });
    }
    const recent = await links.recentSends(trx, account.id, 24);
    if (recent.secondsSinceLast !== null && recent.secondsSinceLast < RESEND_MIN_SECONDS) {
      throw new AppError('RATE_LIMITED', {
        retryAfterSeconds: Math.ceil(RESEND_MIN_SECONDS - recent.secondsSinceLast),
      });
    }
    if (recent.count >= RESEND_MAX_PER_DAY) {
      throw new AppError('RATE_LIMITED', { retryAfterSeconds: 24 * 3600 });
    }
    await issueVerificationLink(trx, deps, { id: account.id, email: account.email, fullName: account.full_name });
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'auth.email_verification_sent',
      subjectType: 'user',
      subjectId: account.id,
      unitId: account.home_unit_id,
    });
    return { sentTo: account.email };
  });
}

/**
 * Consumes a link: marks the address proven and spends every open link of the account.
 * @throws TOKEN_INVALID (unknown, used or expired link; the address changed since; disabled account)
 */
export async function completeEmailVerification(
  ctx: ServiceContext,
  input: { token: string },
): Promise<{ userId: string }> {
  return inTransaction(ctx.db, async (trx) => {
    const link = await links.findUsableVerificationToken(trx, hashToken(input.token));
    if (!link?.stillTheAddress || link.status !== 'active') {
      throw new AppError('TOKEN_INVALID');
    }
    await repo.markEmailVerified(trx, link.user_id);
    await links.useVerificationTokens(trx, link.user_id);
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'auth.email_verified',
      subjectType: 'user',
      subjectId: link.user_id,
      unitId: null,
    });
    return { userId: link.user_id };
  });
}

/** True when the actor is a signed-in account with a proven e-mail address (staff count as proven). */
export async function hasVerifiedEmail(db: Queryable, actor: Actor): Promise<boolean> {
  if (actor.kind !== 'user') {
    return false;
  }
  if (actor.userKind === 'staff') {
    return true;
  }
  const row = await db
    .selectFrom('users')
    .select('email_verified_at')
    .where('id', '=', actor.userId)
    .executeTakeFirst();
  return Boolean(row?.email_verified_at);
}

/**
 * For services that need a proven address (online submission): notices and results go to it.
 * @throws UNAUTHENTICATED, EMAIL_NOT_VERIFIED
 */
export async function assertEmailVerified(db: Queryable, actor: Actor): Promise<void> {
  assertSignedIn(actor);
  if (!(await hasVerifiedEmail(db, actor))) {
    throw new AppError('EMAIL_NOT_VERIFIED');
  }
}
