import { recordAudit } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import { translate } from '../../platform/i18n/index.ts';
import { newId } from '../../platform/ids.ts';
import { type IdentifierCheck, checkPersonalId, checkTaxCode } from '../identifiers/identifiers.ts';
import { issueVerificationLink } from './email-verification.service.ts';
import { checkPasswordStrength, hashPassword } from './passwords.ts';
import type { PeopleDeps } from './people.deps.ts';
import type { TBusinessRegistrationBody, TCitizenRegistrationBody, TRegistration } from './people.schema.ts';
import { takenField } from './users.service.ts';
import * as repo from './users.repository.ts';

/**
 * Self-registration of citizens and businesses. They sign in with their e-mail address, personal id or tax code.
 * A link proving the e-mail address is mailed in the same transaction (email-verification.service.ts); until it is
 * used the account works but is marked unverified.
 */

/** The identifier in canonical form. @throws VALIDATION_FAILED listing each hard error, with a Vietnamese message */
function requireIdentifier(check: IdentifierCheck, path: string): string {
  if (!check.valid || !check.normalized) {
    throw new AppError('VALIDATION_FAILED', {
      issues: check.errors.map((issue) => ({
        path,
        code: issue.code,
        message: translate('vi', `identifiers.${issue.code}`, issue.params),
      })),
    });
  }
  return check.normalized;
}

async function register(
  ctx: ServiceContext,
  deps: PeopleDeps,
  row: repo.NewUserRow & { email: string },
  password: string,
): Promise<TRegistration> {
  const reasons = checkPasswordStrength(password, row.personal_id ?? row.tax_code);
  if (reasons.length > 0) {
    throw new AppError('WEAK_PASSWORD', { reasons });
  }
  const taken = await repo.findTakenValues(ctx.db, {
    email: row.email,
    personalId: row.personal_id,
    taxCode: row.tax_code,
  });
  if (taken.length > 0) {
    throw new AppError('ALREADY_EXISTS', { field: taken[0] });
  }
  const withHash = { ...row, password_hash: await hashPassword(password) };
  try {
    await inTransaction(ctx.db, async (trx) => {
      await repo.insertUser(trx, withHash);
      await issueVerificationLink(trx, deps, { id: row.id, email: row.email, fullName: row.full_name });
      await recordAudit(trx, {
        actor: ctx.actor,
        meta: ctx.meta,
        action: 'user.register',
        subjectType: 'user',
        subjectId: row.id,
        unitId: null,
        data: { kind: row.kind },
      });
    });
  } catch (error) {
    // A concurrent registration took the address or number between the check and the insert.
    if (isUniqueViolation(error)) {
      throw new AppError('ALREADY_EXISTS', { field: takenField(error) });
    }
    throw error;
  }
  return { id: row.id, kind: row.kind, fullName: row.full_name };
}

/**
 * Opens a citizen account and mails the link that proves its e-mail address.
 * @throws VALIDATION_FAILED (personal id), WEAK_PASSWORD (`reasons`), ALREADY_EXISTS (`field`: email or personalId)
 */
export async function registerCitizen(
  ctx: ServiceContext,
  deps: PeopleDeps,
  input: TCitizenRegistrationBody,
): Promise<TRegistration> {
  const personalId = requireIdentifier(checkPersonalId(input.personalId), 'body.personalId');
  return register(
    ctx,
    deps,
    {
      id: newId(),
      kind: 'citizen',
      username: null,
      full_name: input.fullName,
      email: input.email,
      phone: input.phone,
      personal_id: personalId,
      tax_code: null,
      password_hash: null,
      home_unit_id: null,
    },
    input.password,
  );
}

/**
 * Opens a business account; the business name is its display name.
 * @throws VALIDATION_FAILED (tax code), WEAK_PASSWORD (`reasons`), ALREADY_EXISTS (`field`: email or taxCode)
 */
export async function registerBusiness(
  ctx: ServiceContext,
  deps: PeopleDeps,
  input: TBusinessRegistrationBody,
): Promise<TRegistration> {
  const taxCode = requireIdentifier(checkTaxCode(input.taxCode), 'body.taxCode');
  return register(
    ctx,
    deps,
    {
      id: newId(),
      kind: 'business',
      username: null,
      full_name: input.businessName,
      email: input.email,
      phone: input.phone,
      personal_id: null,
      tax_code: taxCode,
      password_hash: null,
      home_unit_id: null,
    },
    input.password,
  );
}
