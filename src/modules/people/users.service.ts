import { recordAudit } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import { paginate } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { scopeFor } from '../../platform/auth/scope.ts';
import { findUnitById } from '../units/units.repository.ts';
import { checkPasswordStrength, hashPassword } from './passwords.ts';
import { issuePasswordLink } from './passwords.service.ts';
import type { PeopleDeps } from './people.deps.ts';
import {
  type AccountPlacement,
  assertCanCreateStaff,
  assertCanListUsers,
  assertCanManageUser,
  assertCanReadUser,
} from './people.policy.ts';
import type { TStaffUser, TUserCreateBody, TUserListQuery, TUserUpdateBody } from './people.schema.ts';
import { deleteUserSessions } from './sessions.ts';
import * as repo from './users.repository.ts';

/** Administration of staff accounts within the caller's units. Citizens and businesses are not administered here. */

/** Where a staff row sits, for the policy. */
export function placementOf(row: Pick<repo.StaffRow, 'home_unit_ancestor_ids'>): AccountPlacement {
  return { unitAncestorIds: row.home_unit_ancestor_ids ?? [] };
}

export function presentStaff(row: repo.StaffRow): TStaffUser {
  const locked = row.locked_until && row.locked_until.getTime() > Date.now() ? row.locked_until : null;
  return {
    id: row.id,
    username: row.username ?? '',
    fullName: row.full_name,
    email: row.email,
    phone: row.phone,
    status: row.status as TStaffUser['status'],
    homeUnit: row.home_unit_id && row.home_unit_name ? { id: row.home_unit_id, name: row.home_unit_name } : null,
    totpEnabled: row.totp_enabled_at !== null,
    lockedUntil: locked ? locked.toISOString() : null,
    lastLoginAt: row.last_login_at ? row.last_login_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
  };
}

/** Staff accounts of the caller's users.read scope, filtered in SQL. @throws FORBIDDEN without users.read anywhere */
export async function listUsers(ctx: ServiceContext, query: TUserListQuery) {
  assertCanListUsers(ctx.actor);
  const rows = await repo.findStaff(ctx.db, scopeFor(ctx.actor, 'users.read'), query);
  return paginate(rows, query.limit, (r) => [r.username, r.id], presentStaff);
}

/** A staff row the caller may read. @throws NOT_FOUND (also when it exists outside the caller's scope) */
async function requireReadableStaff(ctx: ServiceContext, id: string): Promise<repo.StaffRow> {
  const row = await repo.findStaffById(ctx.db, id);
  if (!row) {
    throw new AppError('NOT_FOUND', { subject: 'user' });
  }
  assertCanReadUser(ctx.actor, placementOf(row));
  return row;
}

/** One staff account. @throws NOT_FOUND */
export async function getUser(ctx: ServiceContext, id: string): Promise<TStaffUser> {
  return presentStaff(await requireReadableStaff(ctx, id));
}

/** Maps a unique violation on users to the field the caller sent. */
export function takenField(error: unknown): string {
  const constraint = (error as { constraint?: unknown }).constraint;
  switch (constraint) {
    case 'users_username_key':
      return 'username';
    case 'users_personal_id_key':
      return 'personalId';
    case 'users_tax_code_key':
      return 'taxCode';
    default:
      return 'email';
  }
}

/**
 * Creates a staff account in a unit the caller manages. Without an initial password, a set-password link is
 * e-mailed (an e-mail address is then required).
 * @throws FORBIDDEN, NOT_FOUND (unit), VALIDATION_FAILED, WEAK_PASSWORD, ALREADY_EXISTS
 */
export async function createUser(ctx: ServiceContext, deps: PeopleDeps, input: TUserCreateBody): Promise<TStaffUser> {
  const unit = await findUnitById(ctx.db, input.homeUnitId);
  if (!unit) {
    throw new AppError('NOT_FOUND', { subject: 'unit' });
  }
  assertCanCreateStaff(ctx.actor, unit.ancestor_ids);
  if (input.password === undefined && input.email === null) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ path: 'body.email', message: 'an e-mail address is needed to send the set-password link' }],
    });
  }
  if (input.password !== undefined) {
    const reasons = checkPasswordStrength(input.password, input.username);
    if (reasons.length > 0) {
      throw new AppError('WEAK_PASSWORD', { reasons });
    }
  }
  const taken = await repo.findTakenValues(ctx.db, { username: input.username, email: input.email });
  if (taken.length > 0) {
    throw new AppError('ALREADY_EXISTS', { field: taken[0] });
  }
  const row: repo.NewUserRow = {
    id: newId(),
    kind: 'staff',
    username: input.username,
    full_name: input.fullName,
    email: input.email,
    phone: input.phone,
    personal_id: null,
    tax_code: null,
    password_hash: input.password === undefined ? null : await hashPassword(input.password),
    home_unit_id: unit.id,
  };
  try {
    return await inTransaction(ctx.db, async (trx) => {
      await repo.insertUser(trx, row);
      if (row.password_hash === null) {
        await issuePasswordLink(trx, deps, row, 'welcome');
      }
      await recordAudit(trx, {
        actor: ctx.actor,
        meta: ctx.meta,
        action: 'user.create',
        subjectType: 'user',
        subjectId: row.id,
        unitId: unit.id,
        data: { username: row.username, fullName: row.full_name, welcomeMail: row.password_hash === null },
      });
      const created = await repo.findStaffById(trx, row.id);
      if (!created) {
        throw new Error('created user vanished');
      }
      return presentStaff(created);
    });
  } catch (error) {
    // A concurrent request took the name between the check and the insert.
    if (isUniqueViolation(error)) {
      throw new AppError('ALREADY_EXISTS', { field: takenField(error) });
    }
    throw error;
  }
}

/**
 * Changes a staff account's details or status. Disabling ends every session of the account at once; nobody can
 * disable themselves (an administrator locking themselves out by mistake).
 * @throws NOT_FOUND, FORBIDDEN, ALREADY_EXISTS (e-mail)
 */
export async function updateUser(ctx: ServiceContext, id: string, input: TUserUpdateBody): Promise<TStaffUser> {
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const scoped = { ...ctx, db: trx };
      const current = await requireReadableStaff(scoped, id);
      assertCanManageUser(ctx.actor, placementOf(current));
      if (input.status === 'disabled' && ctx.actor.kind === 'user' && ctx.actor.userId === id) {
        throw new AppError('FORBIDDEN', { reason: 'disableSelf' });
      }
      const patch: repo.UserPatch = {};
      if (input.fullName !== undefined && input.fullName !== current.full_name) patch.full_name = input.fullName;
      if (input.email !== undefined && input.email !== current.email) patch.email = input.email;
      if (input.phone !== undefined && input.phone !== current.phone) patch.phone = input.phone;
      if (input.status !== undefined && input.status !== current.status) patch.status = input.status;
      if (patch.email) {
        const taken = await repo.findTakenValues(trx, { email: patch.email });
        if (taken.length > 0) {
          throw new AppError('ALREADY_EXISTS', { field: 'email' });
        }
      }
      const changed = Object.keys(patch);
      if (changed.length === 0) {
        return presentStaff(current);
      }
      await repo.updateUser(trx, id, patch, patch.email !== undefined);
      if (patch.status === 'disabled') {
        await deleteUserSessions(trx, id);
      }
      await recordAudit(trx, {
        actor: ctx.actor,
        meta: ctx.meta,
        action:
          patch.status === 'disabled' ? 'user.disable' : patch.status === 'active' ? 'user.enable' : 'user.update',
        subjectType: 'user',
        subjectId: id,
        unitId: current.home_unit_id,
        data: {
          changed,
          ...(patch.full_name ? { fullName: { before: current.full_name, after: patch.full_name } } : {}),
        },
      });
      const updated = await repo.findStaffById(trx, id);
      if (!updated) {
        throw new Error('updated user vanished');
      }
      return presentStaff(updated);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('ALREADY_EXISTS', { field: takenField(error) });
    }
    throw error;
  }
}

/** Lifts a sign-in lockout before it runs out. @throws NOT_FOUND, FORBIDDEN */
export async function unlockUser(ctx: ServiceContext, id: string): Promise<TStaffUser> {
  return inTransaction(ctx.db, async (trx) => {
    const current = await requireReadableStaff({ ...ctx, db: trx }, id);
    assertCanManageUser(ctx.actor, placementOf(current));
    await repo.clearLockout(trx, id);
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'user.unlock',
      subjectType: 'user',
      subjectId: id,
      unitId: current.home_unit_id,
      data: { lockedUntil: current.locked_until?.toISOString() ?? null },
    });
    return presentStaff({ ...current, failed_logins: 0, locked_until: null });
  });
}
