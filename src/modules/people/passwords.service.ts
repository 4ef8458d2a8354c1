import { recordAudit } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { type Tx, inTransaction } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { translate } from '../../platform/i18n/index.ts';
import { enqueueMail } from '../../platform/mail/mail-worker.ts';
import { checkPasswordStrength, hashPassword, verifyPassword } from './passwords.ts';
import type { PeopleDeps } from './people.deps.ts';
import { assertSignedIn } from './people.policy.ts';
import type { TChangePasswordBody, TPasswordResetBody, TPasswordResetCompleteBody } from './people.schema.ts';
import { deleteOtherSessions, deleteUserSessions, hashToken, newToken } from './sessions.ts';
import * as repo from './users.repository.ts';

/**
 * Passwords: reset by an e-mailed single-use link, set through a welcome link for a new staff account, and
 * changed by the signed-in owner. Only the SHA-256 of a link token is stored; the link itself exists only in the
 * mail.
 */

/** A reset link works this long. */
export const RESET_LINK_MINUTES = 30;
/** A new account's set-password link works longer: its owner may read the mail days later. */
export const WELCOME_LINK_HOURS = 72;

/** The page that takes the token (the web layer serves it). */
export const RESET_PATH = '/dat-lai-mat-khau';

/**
 * Creates a single-use link for the account and queues the mail carrying it, inside the caller's transaction:
 * the mail exists exactly when the token does.
 */
export async function issuePasswordLink(
  trx: Tx,
  deps: PeopleDeps,
  account: Pick<repo.AccountRow, 'id' | 'email' | 'full_name' | 'username'>,
  purpose: 'reset' | 'welcome',
): Promise<void> {
  if (!account.email) {
    return;
  }
  const token = newToken();
  const minutes = purpose === 'reset' ? RESET_LINK_MINUTES : WELCOME_LINK_HOURS * 60;
  await repo.insertResetToken(trx, hashToken(token), account.id, minutes);
  const link = `${deps.config.publicUrl}${RESET_PATH}?token=${encodeURIComponent(token)}`;
  const signature = translate('vi', 'mail.signature');
  const body =
    purpose === 'reset'
      ? translate('vi', 'mail.passwordReset.text', { name: account.full_name, link, minutes: RESET_LINK_MINUTES })
      : translate('vi', 'mail.accountCreated.text', {
          name: account.full_name,
          link,
          hours: WELCOME_LINK_HOURS,
          username: account.username ?? '',
        });
  await enqueueMail(deps.jobs, trx, {
    to: account.email,
    subject: translate('vi', purpose === 'reset' ? 'mail.passwordReset.subject' : 'mail.accountCreated.subject'),
    text: `${body}\n\n--\n${signature}\n`,
  });
}

/**
 * Sends a reset link when an active account has this address, and does nothing visible otherwise: the caller
 * always gets the same answer, so the form does not reveal which addresses have accounts.
 */
export async function requestPasswordReset(
  ctx: ServiceContext,
  deps: PeopleDeps,
  input: TPasswordResetBody,
): Promise<void> {
  const account = await repo.findActiveAccountByEmail(ctx.db, input.email);
  if (!account) {
    return;
  }
  await inTransaction(ctx.db, async (trx) => {
    await issuePasswordLink(trx, deps, account, 'reset');
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'auth.password_reset_requested',
      subjectType: 'user',
      subjectId: account.id,
      unitId: account.home_unit_id,
    });
  });
}

function assertStrong(password: string, username: string | null): void {
  const reasons = checkPasswordStrength(password, username);
  if (reasons.length > 0) {
    throw new AppError('WEAK_PASSWORD', { reasons });
  }
}

/**
 * Sets a new password through a link: spends the link (and any other open link of the account), ends every
 * session, lifts a lockout, and counts the e-mail address as proven.
 * @throws TOKEN_INVALID (unknown, used or expired link; disabled account), WEAK_PASSWORD (the link stays usable)
 */
export async function completePasswordReset(ctx: ServiceContext, input: TPasswordResetCompleteBody): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const link = await repo.findUsableResetToken(trx, hashToken(input.token));
    const account = link ? await repo.findAccountById(trx, link.user_id, true) : undefined;
    if (account?.status !== 'active') {
      throw new AppError('TOKEN_INVALID');
    }
    assertStrong(input.password, account.username);
    await repo.setPasswordHash(trx, account.id, await hashPassword(input.password));
    await repo.useResetTokens(trx, account.id);
    await repo.markEmailVerified(trx, account.id);
    await deleteUserSessions(trx, account.id);
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'auth.password_reset',
      subjectType: 'user',
      subjectId: account.id,
      unitId: account.home_unit_id,
    });
  });
}

/**
 * The signed-in owner changes their password. Every other session of the account ends; the one named by
 * `keepSessionId` (the browser making the change) stays signed in.
 * @throws UNAUTHENTICATED, INVALID_CREDENTIALS (current password wrong), WEAK_PASSWORD
 */
export async function changePassword(
  ctx: ServiceContext,
  input: TChangePasswordBody & { keepSessionId: string | null },
): Promise<void> {
  const actor = assertSignedIn(ctx.actor);
  const account = await repo.findAccountById(ctx.db, actor.userId);
  if (!account) {
    throw new AppError('UNAUTHENTICATED');
  }
  if (!account.password_hash || !(await verifyPassword(account.password_hash, input.currentPassword))) {
    throw new AppError('INVALID_CREDENTIALS');
  }
  assertStrong(input.newPassword, account.username);
  const passwordHash = await hashPassword(input.newPassword);
  await inTransaction(ctx.db, async (trx) => {
    await repo.setPasswordHash(trx, account.id, passwordHash);
    await deleteOtherSessions(trx, account.id, input.keepSessionId);
    await repo.useResetTokens(trx, account.id);
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'auth.password_changed',
      subjectType: 'user',
      subjectId: account.id,
      unitId: account.home_unit_id,
    });
  });
}
