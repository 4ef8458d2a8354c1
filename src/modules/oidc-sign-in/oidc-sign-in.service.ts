import { recordAudit } from '../../platform/audit/audit.ts';
import type { Actor, UserKind } from '../../platform/auth/actor.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { type Tx, inTransaction } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids.ts';
import { checkPersonalId } from '../identifiers/identifiers.ts';
import { issueVerificationLink } from '../people/email-verification.service.ts';
import type { PeopleDeps } from '../people/people.deps.ts';
import { openSignInSession } from '../people/auth.service.ts';
import * as users from '../people/users.repository.ts';
import * as repo from './oidc-sign-in.repository.ts';
import { OidcRefusal } from './refusals.ts';
import type { VerifiedIdentity } from './relying-party.ts';

/**
 * What a verified identity from the provider signs in to. In order: the account already linked to the provider's
 * subject; else the citizen account with the personal ID the provider vouches for, which is then linked; else a new
 * citizen account made from the provider's claims (name, personal ID, phone; the e-mail address counts as proven
 * only when the provider says it verified it). Every refusal is decided before anything is written.
 */

export type OidcSignInResult = {
  token: string;
  mfaRequired: boolean;
  userId: string;
  outcome: 'linked-before' | 'linked-now' | 'created';
};

type Claims = Record<string, unknown>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim().length > 0 ? value.trim() : undefined;

/** A phone number as people write it here: +84 becomes the leading 0; anything else unusable is dropped. */
function phoneFrom(claims: Claims): string | null {
  const raw = text(claims.phone_number)?.replace(/[\s.-]/g, '');
  if (!raw) return null;
  const local = raw.startsWith('+84') ? `0${raw.slice(3)}` : raw;
  return /^0\d{9,10}$/.test(local) ? local : null;
}

function selfActor(account: { id: string; kind: string; full_name: string }): Actor {
  return {
    kind: 'user',
    userId: account.id,
    userKind: account.kind as UserKind,
    fullName: account.full_name,
    grants: [],
  };
}

/** The new account's row from the claims. @throws OidcRefusal `claims` without a usable name */
async function newCitizenFrom(trx: Tx, claims: Claims, personalId: string) {
  const fullName = text(claims.name);
  if (!fullName || fullName.length < 2 || fullName.length > 200) {
    throw new OidcRefusal('claims', 'no usable name claim');
  }
  const offered = text(claims.email)?.toLowerCase();
  // An address another account already uses stays with that account; the new one starts without.
  const email = offered && offered.length <= 320 && !(await repo.isEmailTaken(trx, offered)) ? offered : null;
  return {
    row: {
      id: newId(),
      kind: 'citizen' as const,
      username: null,
      full_name: fullName,
      email,
      phone: phoneFrom(claims),
      personal_id: personalId,
      tax_code: null,
      password_hash: null,
      home_unit_id: null,
    },
    emailVerified: email !== null && claims.email_verified === true,
  };
}

/**
 * Signs in (linking or creating the account as above) and opens a session; with TOTP in force the session opens
 * pending and the TOTP step follows, as after a password.
 * @throws OidcRefusal `claims` (no valid personal ID or name), `disabled`
 */
export async function signInWithIdentity(
  ctx: ServiceContext,
  deps: PeopleDeps,
  identity: VerifiedIdentity,
  options: { personalIdClaim: string; replacesToken: string | null | undefined },
): Promise<OidcSignInResult> {
  const linkedUserId = await repo.findLinkedUserId(ctx.db, identity.issuer, identity.subject);
  let personalId: string | null = null;
  let userId = linkedUserId;
  if (!userId) {
    const check = checkPersonalId(text(identity.claims[options.personalIdClaim]) ?? '');
    if (!check.valid || !check.normalized) {
      throw new OidcRefusal('claims', `no valid ${options.personalIdClaim} claim`);
    }
    personalId = check.normalized;
    userId = await repo.findCitizenIdByPersonalId(ctx.db, personalId);
    if (userId && (await repo.hasLinkForIssuer(ctx.db, userId, identity.issuer))) {
      throw new OidcRefusal('claims', 'the account is linked to another subject of this provider');
    }
  }
  const existing = userId ? await users.findAccountById(ctx.db, userId) : undefined;
  if (existing && existing.status !== 'active') {
    throw new OidcRefusal('disabled');
  }

  return inTransaction(ctx.db, async (trx) => {
    let account = existing;
    let outcome: OidcSignInResult['outcome'] = 'linked-before';
    if (!account) {
      const fresh = await newCitizenFrom(trx, identity.claims, personalId ?? '');
      await users.insertUser(trx, fresh.row);
      if (fresh.emailVerified) {
        await users.markEmailVerified(trx, fresh.row.id);
      } else if (fresh.row.email) {
        await issueVerificationLink(trx, deps, {
          id: fresh.row.id,
          email: fresh.row.email,
          fullName: fresh.row.full_name,
        });
      }
      await recordAudit(trx, {
        actor: selfActor(fresh.row),
        meta: ctx.meta,
        action: 'user.register',
        subjectType: 'user',
        subjectId: fresh.row.id,
        unitId: null,
        data: { kind: 'citizen', via: 'oidc', issuer: identity.issuer },
      });
      account = await users.findAccountById(trx, fresh.row.id);
      outcome = 'created';
    }
    if (!account) {
      throw new OidcRefusal('claims', 'account vanished');
    }
    if (linkedUserId) {
      await repo.touchLink(trx, identity.issuer, identity.subject);
    } else {
      await repo.insertLink(trx, {
        id: newId(),
        userId: account.id,
        issuer: identity.issuer,
        subject: identity.subject,
      });
      await recordAudit(trx, {
        actor: selfActor(account),
        meta: ctx.meta,
        action: 'auth.identity_linked',
        subjectType: 'user',
        subjectId: account.id,
        unitId: account.home_unit_id,
        data: { issuer: identity.issuer, subject: identity.subject },
      });
      outcome = outcome === 'created' ? 'created' : 'linked-now';
    }
    const session = await openSignInSession(trx, ctx, account, {
      replacesToken: options.replacesToken,
      auditData: { method: 'oidc', issuer: identity.issuer },
    });
    return { token: session.token, mfaRequired: session.mfaRequired, userId: account.id, outcome };
  });
}
