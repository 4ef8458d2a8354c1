import { recordAudit } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { findAgencyById, findUnitById } from '../units/units.repository.ts';
import { presentGrant } from './auth.service.ts';
import * as grantsRepo from './grants.repository.ts';
import { assertCanChangeGrant, assertCanReadUser, resolveIncludesSubUnits } from './people.policy.ts';
import type { TGrantBody, TRoleGrant } from './people.schema.ts';
import { placementOf } from './users.service.ts';
import * as repo from './users.repository.ts';

/** Granting and revoking roles of staff accounts. */

/** A staff account the caller may read. @throws NOT_FOUND */
async function requireTarget(ctx: ServiceContext, userId: string): Promise<repo.StaffRow> {
  const target = await repo.findStaffById(ctx.db, userId);
  if (!target) {
    throw new AppError('NOT_FOUND', { subject: 'user' });
  }
  assertCanReadUser(ctx.actor, placementOf(target));
  return target;
}

/** The roles a staff account holds. @throws NOT_FOUND */
export async function listUserGrants(ctx: ServiceContext, userId: string): Promise<{ items: TRoleGrant[] }> {
  await requireTarget(ctx, userId);
  const rows = await grantsRepo.findGrantsOfUser(ctx.db, userId);
  return { items: rows.map(presentGrant) };
}

/**
 * Grants a role in a unit, or in one agency of it. The caller needs roles.manage where the grant applies (over
 * the whole subtree when it includes sub-units), cannot grant to themselves, and the agency must belong to the
 * unit.
 * @throws NOT_FOUND (user, unit, agency), FORBIDDEN, VALIDATION_FAILED, ALREADY_EXISTS
 */
export async function grantRole(ctx: ServiceContext, userId: string, input: TGrantBody): Promise<TRoleGrant> {
  const includesSubUnits = resolveIncludesSubUnits(input.role, input.agencyId, input.includesSubUnits);
  const id = newId();
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const scoped = { ...ctx, db: trx };
      const target = await requireTarget(scoped, userId);
      const unit = await findUnitById(trx, input.unitId);
      if (!unit) {
        throw new AppError('NOT_FOUND', { subject: 'unit' });
      }
      if (input.agencyId !== null) {
        const agency = await findAgencyById(trx, input.agencyId);
        if (!agency || agency.unit_id !== unit.id) {
          throw new AppError('VALIDATION_FAILED', {
            issues: [{ path: 'body.agencyId', message: 'must be an agency of the unit' }],
          });
        }
      }
      assertCanChangeGrant(
        ctx.actor,
        { userId: target.id, placement: placementOf(target) },
        { unitAncestorIds: unit.ancestor_ids, agencyId: input.agencyId, includesSubUnits },
      );
      await grantsRepo.insertGrant(trx, {
        id,
        user_id: target.id,
        role: input.role,
        unit_id: unit.id,
        agency_id: input.agencyId,
        includes_sub_units: includesSubUnits,
        granted_by: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
      });
      await recordAudit(trx, {
        actor: ctx.actor,
        meta: ctx.meta,
        action: 'role.grant',
        subjectType: 'user',
        subjectId: target.id,
        unitId: unit.id,
        data: { grantId: id, role: input.role, agencyId: input.agencyId, includesSubUnits },
      });
      const created = await grantsRepo.findGrant(trx, target.id, id);
      if (!created) {
        throw new Error('created grant vanished');
      }
      return presentGrant(created);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('ALREADY_EXISTS', { field: 'role' });
    }
    throw error;
  }
}

/**
 * Revokes one role; the same authority as granting it is needed.
 * @throws NOT_FOUND (user, or a grant not of this user), FORBIDDEN
 */
export async function revokeRole(ctx: ServiceContext, userId: string, grantId: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const target = await requireTarget({ ...ctx, db: trx }, userId);
    const grant = await grantsRepo.findGrant(trx, target.id, grantId);
    if (!grant) {
      throw new AppError('NOT_FOUND', { subject: 'grant' });
    }
    assertCanChangeGrant(
      ctx.actor,
      { userId: target.id, placement: placementOf(target) },
      {
        unitAncestorIds: grant.unit_ancestor_ids,
        agencyId: grant.agency_id,
        includesSubUnits: grant.includes_sub_units,
      },
    );
    await grantsRepo.deleteGrant(trx, grant.id);
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'role.revoke',
      subjectType: 'user',
      subjectId: target.id,
      unitId: grant.unit_id,
      data: {
        grantId: grant.id,
        role: grant.role,
        agencyId: grant.agency_id,
        includesSubUnits: grant.includes_sub_units,
      },
    });
  });
}
