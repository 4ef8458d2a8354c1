import { generateSecret, generateURI, verify } from 'otplib';
import { recordAudit } from '../../platform/audit/audit.ts';
import { createSecretBox } from '../../platform/auth/secret-box.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { translate } from '../../platform/i18n/index.ts';
import type { PeopleDeps } from './people.deps.ts';
import { assertSignedIn } from './people.policy.ts';
import type { TMfaBody, TTotpEnrolment } from './people.schema.ts';
import * as repo from './users.repository.ts';

/**
 * TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s), as every authenticator app speaks it. The seed is stored
 * sealed with AES-256-GCM under a key derived from the application secret and bound to the account id.
 */

/** One step either side: a phone clock up to ~30 s off still works, and a code typed as it rolls over too. */
const TOLERANCE_SECONDS = 30;

function totpBox(deps: PeopleDeps) {
  return createSecretBox(deps.config.appSecret, 'totp');
}

/**
 * Checks a code against the account's seed, refusing codes at or before the last accepted time step (a code
 * works once).
 * @returns the time step the code belongs to, or null when it is wrong, expired or already used
 */
export async function checkTotpCode(
  deps: PeopleDeps,
  account: Pick<repo.AccountRow, 'id' | 'totp_secret' | 'totp_last_step'>,
  code: string,
): Promise<number | null> {
  if (!account.totp_secret) {
    return null;
  }
  const secret = totpBox(deps).open(account.totp_secret, account.id);
  const result = await verify({
    secret,
    token: code,
    epochTolerance: TOLERANCE_SECONDS,
    ...(account.totp_last_step !== null ? { afterTimeStep: account.totp_last_step } : {}),
  });
  // The result type covers HOTP too, whose success carries no time step.
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/**
 * Starts enrolment for the signed-in user: a fresh seed, stored sealed but not yet in force, returned once as
 * text and as an otpauth:// URI for a QR code. Starting again replaces an unconfirmed seed.
 * @throws UNAUTHENTICATED; CONFLICT when TOTP is already in force (disable it first)
 */
export async function startTotpEnrolment(ctx: ServiceContext, deps: PeopleDeps): Promise<TTotpEnrolment> {
  const actor = assertSignedIn(ctx.actor);
  return inTransaction(ctx.db, async (trx) => {
    const account = await repo.findAccountById(trx, actor.userId, true);
    if (!account) {
      throw new AppError('UNAUTHENTICATED');
    }
    if (account.totp_enabled_at) {
      throw new AppError('CONFLICT', { reason: 'totpAlreadyEnabled' });
    }
    const secret = generateSecret();
    await repo.setPendingTotpSecret(trx, account.id, totpBox(deps).seal(secret, account.id));
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'auth.totp_enrolment_started',
      subjectType: 'user',
      subjectId: account.id,
      unitId: account.home_unit_id,
    });
    const uri = generateURI({
      issuer: translate('vi', 'people.totpIssuer'),
      label: account.username ?? account.email ?? account.personal_id ?? account.tax_code ?? account.id,
      secret,
    });
    return { secret, uri };
  });
}

/**
 * Confirms enrolment with a code from the app, putting TOTP in force for later sign-ins.
 * @throws UNAUTHENTICATED; CONFLICT when no enrolment is pending; MFA_INVALID
 */
export async function confirmTotpEnrolment(ctx: ServiceContext, deps: PeopleDeps, input: TMfaBody): Promise<void> {
  const actor = assertSignedIn(ctx.actor);
  await inTransaction(ctx.db, async (trx) => {
    const account = await repo.findAccountById(trx, actor.userId, true);
    if (!account) {
      throw new AppError('UNAUTHENTICATED');
    }
    if (account.totp_enabled_at || !account.totp_secret) {
      throw new AppError('CONFLICT', { reason: account.totp_enabled_at ? 'totpAlreadyEnabled' : 'totpNotStarted' });
    }
    const step = await checkTotpCode(deps, account, input.code);
    if (step === null || !(await repo.acceptTotpStep(trx, account.id, step))) {
      throw new AppError('MFA_INVALID');
    }
    await repo.enableTotp(trx, account.id);
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'auth.totp_enabled',
      subjectType: 'user',
      subjectId: account.id,
      unitId: account.home_unit_id,
    });
  });
}

/**
 * Switches TOTP off; a current code is required, so a session left open on a shared computer cannot do it.
 * @throws UNAUTHENTICATED; CONFLICT when TOTP is not in force; MFA_INVALID
 */
export async function disableTotp(ctx: ServiceContext, deps: PeopleDeps, input: TMfaBody): Promise<void> {
  const actor = assertSignedIn(ctx.actor);
  await inTransaction(ctx.db, async (trx) => {
    const account = await repo.findAccountById(trx, actor.userId, true);
    if (!account) {
      throw new AppError('UNAUTHENTICATED');
    }
    if (!account.totp_enabled_at) {
      throw new AppError('CONFLICT', { reason: 'totpNotEnabled' });
    }
    const step = await checkTotpCode(deps, account, input.code);
    if (step === null) {
      throw new AppError('MFA_INVALID');
    }
    await repo.clearTotp(trx, account.id);
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'auth.totp_disabled',
      subjectType: 'user',
      subjectId: account.id,
      unitId: account.home_unit_id,
    });
  });
}
