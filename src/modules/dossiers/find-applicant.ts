import { recordAudit } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { findUnitById } from '../units/units.repository.ts';
import type { TCounterApplicant } from './dossiers.schema.ts';

/**
 * "Find or create the applicant" at the counter: by the personal ID number (or a business's tax code) the person
 * gives, the desk finds their citizen or business account, so the form is filled from it and the dossier lands in
 * the applicant's own "my dossiers"; the address comes from the latest dossier this desk received from them. Someone
 * without an account is simply typed in. Only a one-stop officer of the unit may look, and every look is audited:
 * it reads personal data (Decree 13/2023).
 * @returns the applicant, or null when there is no account with that number
 * @throws UNAUTHENTICATED, FORBIDDEN, NOT_FOUND (unit)
 */
export async function findApplicant(
  ctx: ServiceContext,
  input: { receivingUnitId: string; identifier: string },
): Promise<TCounterApplicant | null> {
  const actor = ctx.actor;
  if (actor.kind !== 'user') {
    throw new AppError('UNAUTHENTICATED');
  }
  const unit = await findUnitById(ctx.db, input.receivingUnitId);
  if (!unit) {
    throw new AppError('NOT_FOUND', { subject: 'unit' });
  }
  const atDesk = actor.grants.some(
    (g) =>
      g.role === 'one_stop_officer' &&
      (g.unitId === unit.id || (g.includesSubUnits && unit.ancestor_ids.includes(g.unitId))),
  );
  if (!atDesk) {
    throw new AppError('FORBIDDEN');
  }
  const business = !/^\d{12}$/.test(input.identifier);
  const account = await ctx.db
    .selectFrom('users')
    .select(['id', 'kind', 'full_name', 'personal_id', 'tax_code', 'phone', 'email'])
    .where('kind', '=', business ? 'business' : 'citizen')
    .where(business ? 'tax_code' : 'personal_id', '=', input.identifier)
    .where('status', '=', 'active')
    .executeTakeFirst();
  await recordAudit(ctx.db, {
    actor,
    meta: ctx.meta,
    action: 'dossier.applicant_lookup',
    subjectType: 'user',
    subjectId: account?.id ?? null,
    unitId: unit.id,
    data: { found: account !== undefined },
  });
  if (!account) {
    return null;
  }
  const latest = await ctx.db
    .selectFrom('dossiers')
    .select('applicant_address')
    .where('receiving_unit_id', '=', unit.id)
    .where('applicant_user_id', '=', account.id)
    .where('applicant_address', 'is not', null)
    .orderBy('submitted_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return {
    userId: account.id,
    kind: account.kind === 'business' ? 'business' : 'citizen',
    fullName: account.full_name,
    personalId: account.personal_id,
    taxCode: account.tax_code,
    phone: account.phone,
    email: account.email,
    address: latest?.applicant_address ?? null,
  };
}
