import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { countRows } from '../../../test/support/auth.ts';
import { type Actor, type Grant, NO_REQUEST } from '../../platform/auth/actor.ts';
import { type Permission, ROLE_DEFINITIONS, ROLES, type Role } from '../../platform/auth/permissions.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { isAppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { createAgency, createUnit } from '../units/units.service.ts';
import { canManageGrant, canManageUser, canReadUser } from './people.policy.ts';
import { grantRole } from './roles.service.ts';
import { createUser, getUser, listUsers, updateUser } from './users.service.ts';

/**
 * Property tests of the scope rules over role × unit × sub-units × agency: for random actors acting on random
 * targets in a randomly generated unit forest, an action succeeds exactly when an independent model of the rules
 * says the target lies inside the actor's scope (and the pure policy agrees with that model); a refused action
 * changes no row; and a list never returns an account outside the scope, nor leaves one inside it out.
 */

const TABLES = ['users', 'role_grants', 'units', 'agencies', 'audit_log'] as const;
const NUM_RUNS = 100;

type Forest = { units: string[]; parent: Map<string, string | null>; agencyOf: Map<string, string>; staff: string[] };

/** Everything the model knows: each unit's parent, each agency's unit, each staff account's home unit. */
const model = {
  parent: new Map<string, string | null>(),
  agencyUnit: new Map<string, string>(),
  homeUnit: new Map<string, string | null>(),
  grants: new Set<string>(),
};

function ancestry(unitId: string): string[] {
  const chain: string[] = [];
  for (let u: string | null | undefined = unitId; u; u = model.parent.get(u)) chain.unshift(u);
  return chain;
}

/** The model of the rules, written without scope.ts: does one grant reach a thing placed at unit (+ agency)? */
function grantReaches(grant: Grant, permission: Permission, unitId: string | null, agencyId: string | null): boolean {
  if (!(ROLE_DEFINITIONS[grant.role].permissions as readonly string[]).includes(permission) || unitId === null) {
    return false;
  }
  if (grant.agencyId) return agencyId === grant.agencyId;
  return grant.includesSubUnits ? ancestry(unitId).includes(grant.unitId) : grant.unitId === unitId;
}
const reaches = (actor: Grant[], p: Permission, unitId: string | null, agencyId: string | null = null) =>
  actor.some((g) => grantReaches(g, p, unitId, agencyId));
const reachesSubtree = (actor: Grant[], p: Permission, unitId: string) =>
  actor.some((g) => !g.agencyId && g.includesSubUnits && grantReaches(g, p, unitId, null));

let counter = 0;
const next = () => {
  counter += 1;
  return counter;
};

describe('people and units scope rules (property tests)', () => {
  let t: TestApp;
  let actorUserId: string;

  beforeAll(async () => {
    t = await createTestApp();
    actorUserId = newId();
    // The acting account itself (granted_by points at it); its roles come from each generated actor.
    await t.database.db
      .insertInto('users')
      .values({ id: actorUserId, kind: 'staff', username: 'actor', full_name: 'Actor', home_unit_id: null })
      .execute();
    model.homeUnit.set(actorUserId, null);
  });
  afterAll(() => t.close());

  const deps = () => ({ config: t.config, jobs: t.app.platform.jobs });
  const context = (grants: Grant[]): ServiceContext => ({
    actor: { kind: 'user', userId: actorUserId, userKind: 'staff', fullName: 'Actor', grants } satisfies Actor,
    meta: NO_REQUEST,
    db: t.database.db,
  });

  /** Inserts a forest (parent index per unit; negative = a new root), one agency and one staff account per unit. */
  async function plant(parents: number[]): Promise<Forest> {
    const units: string[] = [];
    const forest: Forest = { units, parent: new Map(), agencyOf: new Map(), staff: [] };
    for (const [i, p] of parents.entries()) {
      const id = newId();
      const parent = i === 0 || p < 0 ? null : (units[p % i] as string);
      units.push(id);
      model.parent.set(id, parent);
      forest.parent.set(id, parent);
      const agency = newId();
      const user = newId();
      await t.database.db
        .insertInto('units')
        .values({
          id,
          code: String(10_000 + next()).slice(-5),
          name: `Đơn vị ${i}`,
          kind: 'commune',
          parent_id: parent,
          ancestor_ids: ancestry(id),
        })
        .execute();
      await t.database.db
        .insertInto('agencies')
        .values({ id: agency, unit_id: id, name: `Cơ quan ${i}`, kind: 'office' })
        .execute();
      await t.database.db
        .insertInto('users')
        .values({ id: user, kind: 'staff', username: `nv${next()}`, full_name: `Nhân viên ${i}`, home_unit_id: id })
        .execute();
      model.agencyUnit.set(agency, id);
      model.homeUnit.set(user, id);
      forest.agencyOf.set(id, agency);
      forest.staff.push(user);
    }
    return forest;
  }

  const forestArb = fc.array(fc.integer({ min: -2, max: 20 }), { minLength: 2, maxLength: 7 });
  // Weighted towards the roles and places that hold authority, so allowed and refused actions both occur often.
  const roleArb = fc.oneof(
    { arbitrary: fc.constant<Role>('admin'), weight: 4 },
    { arbitrary: fc.constant<Role>('leader'), weight: 2 },
    { arbitrary: fc.constantFrom(...ROLES), weight: 2 },
  );
  const grantArb = fc.record({
    role: roleArb,
    unit: fc.oneof(fc.constant(0), fc.nat()),
    includesSubUnits: fc.boolean(),
    viaAgency: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.boolean(), weight: 1 }),
  });
  /** A unit or account: often the one at the actor's first grant, where the interesting boundaries are. */
  const placeArb = fc.oneof(fc.constant('atGrant' as const), fc.nat());
  const actionArb = fc.oneof(
    fc.record({ kind: fc.constant('readUser' as const), target: placeArb }),
    fc.record({ kind: fc.constant('updateUser' as const), target: placeArb }),
    fc.record({
      kind: fc.constant('grantRole' as const),
      target: placeArb,
      role: fc.constantFrom(...ROLES),
      unit: placeArb,
      viaAgency: fc.boolean(),
      includesSubUnits: fc.option(fc.boolean(), { nil: undefined }),
    }),
    fc.record({ kind: fc.constant('createUnit' as const), unit: placeArb }),
    fc.record({ kind: fc.constant('createAgency' as const), unit: placeArb }),
    fc.record({ kind: fc.constant('createStaff' as const), unit: placeArb }),
  );
  type Action = typeof actionArb extends fc.Arbitrary<infer A> ? A : never;

  /**
   * Runs one action after checking that the pure policy agrees with the model; returns the outcome (an error
   * code, or 'ok') and the one the model expects, having checked the row counts: unchanged on a refusal.
   */
  async function perform(forest: Forest, grants: Grant[], action: Action) {
    // Account i of the forest works at unit i; 'atGrant' means the place of the actor's first grant.
    const atGrant = Math.max(0, forest.units.indexOf(grants[0]?.unitId ?? ''));
    const pick = <T>(list: T[], n: number | 'atGrant') => list[(n === 'atGrant' ? atGrant : n) % list.length] as T;
    const ctx = context(grants);
    let expected: string;
    let run: () => Promise<unknown>;
    const delta: Partial<Record<(typeof TABLES)[number], number>> = { audit_log: 1 };
    switch (action.kind) {
      case 'readUser':
      case 'updateUser': {
        const target = pick(forest.staff, action.target);
        const home = model.homeUnit.get(target) ?? null;
        const read = reaches(grants, 'users.read', home);
        const manage = reaches(grants, 'users.manage', home);
        const placement = { unitAncestorIds: home ? ancestry(home) : [] };
        if (action.kind === 'readUser') {
          expected = read ? 'ok' : 'NOT_FOUND';
          expect(canReadUser(ctx.actor, placement)).toBe(read);
          delete delta.audit_log;
          run = () => getUser(ctx, target);
        } else {
          expected = !read ? 'NOT_FOUND' : !manage ? 'FORBIDDEN' : 'ok';
          expect(canManageUser(ctx.actor, placement)).toBe(manage);
          run = () => updateUser(ctx, target, { fullName: `Tên mới ${next()}` });
        }
        break;
      }
      case 'grantRole': {
        const target = pick(forest.staff, action.target);
        const unit = pick(forest.units, action.unit);
        const agencyId = action.viaAgency ? (forest.agencyOf.get(unit) as string) : null;
        const asked = agencyId ? undefined : action.includesSubUnits;
        const inherits = agencyId ? false : (asked ?? ROLE_DEFINITIONS[action.role as Role].inheritsByDefault);
        const key = `${target}|${action.role}|${unit}|${agencyId}`;
        const allowed =
          reaches(grants, 'roles.manage', unit, agencyId) &&
          (!inherits || reachesSubtree(grants, 'roles.manage', unit));
        expect(
          canManageGrant(ctx.actor, { unitAncestorIds: ancestry(unit), agencyId, includesSubUnits: inherits }),
        ).toBe(allowed);
        const read = reaches(grants, 'users.read', model.homeUnit.get(target) ?? null);
        expected = !read ? 'NOT_FOUND' : !allowed ? 'FORBIDDEN' : model.grants.has(key) ? 'ALREADY_EXISTS' : 'ok';
        delta.role_grants = 1;
        run = async () => {
          await grantRole(ctx, target, { role: action.role, unitId: unit, agencyId, includesSubUnits: asked });
          model.grants.add(key);
        };
        break;
      }
      case 'createUnit': {
        const parent = pick(forest.units, action.unit);
        expected = reachesSubtree(grants, 'units.manage', parent) ? 'ok' : 'FORBIDDEN';
        delta.units = 1;
        run = () =>
          createUnit(ctx, {
            code: String(10_000 + next()).slice(-5),
            name: 'Xã Mới',
            kind: 'commune',
            parentId: parent,
            validFrom: null,
            validTo: null,
          });
        break;
      }
      case 'createAgency': {
        const unit = pick(forest.units, action.unit);
        expected = reaches(grants, 'agencies.manage', unit) ? 'ok' : 'FORBIDDEN';
        delta.agencies = 1;
        run = () =>
          createAgency(ctx, {
            unitId: unit,
            parentId: null,
            code: null,
            name: 'Phòng Mới',
            kind: 'office',
            email: null,
            phone: null,
            address: null,
            validFrom: null,
            validTo: null,
          });
        break;
      }
      case 'createStaff': {
        const unit = pick(forest.units, action.unit);
        expected = reaches(grants, 'users.manage', unit) ? 'ok' : 'FORBIDDEN';
        delta.users = 1;
        run = async () => {
          const created = await createUser(ctx, deps(), {
            username: `moi${next()}`,
            fullName: 'Cán Bộ Mới',
            email: null,
            phone: null,
            homeUnitId: unit,
            password: 'Mật khẩu thử nghiệm dài',
          });
          model.homeUnit.set(created.id, unit);
          forest.staff.push(created.id);
        };
        break;
      }
    }
    const before = await countRows(t.database.db, TABLES);
    let outcome = 'ok';
    try {
      await run();
    } catch (error) {
      if (!isAppError(error)) throw error;
      outcome = error.code;
    }
    const after = await countRows(t.database.db, TABLES);
    const wrote = outcome === 'ok' ? delta : {};
    for (const table of TABLES) {
      expect(after[table], `${action.kind}: rows of ${table}`).toBe((before[table] ?? 0) + (wrote[table] ?? 0));
    }
    return { expected, outcome };
  }

  it('allows an action exactly when the target is inside the actor’s scope, and a refusal writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        forestArb,
        fc.array(grantArb, { minLength: 1, maxLength: 2 }),
        fc.array(actionArb, { minLength: 1, maxLength: 4 }),
        async (parents, grantSpecs, actions) => {
          const forest = await plant(parents);
          const grants: Grant[] = grantSpecs.map((g) => {
            const unitId = forest.units[g.unit % forest.units.length] as string;
            return {
              role: g.role,
              unitId,
              agencyId: g.viaAgency ? (forest.agencyOf.get(unitId) as string) : null,
              includesSubUnits: g.viaAgency ? false : g.includesSubUnits,
            };
          });
          for (const action of actions) {
            const { expected, outcome } = await perform(forest, grants, action);
            expect(outcome, `${action.kind} by ${JSON.stringify(grants)}`).toBe(expected);
          }

          // The list holds exactly the accounts the model places inside the users.read scope.
          const mayRead = grants.some((g) =>
            (ROLE_DEFINITIONS[g.role].permissions as readonly string[]).includes('users.read'),
          );
          const ctx = context(grants);
          if (!mayRead) {
            await expect(listUsers(ctx, { limit: 200 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
            return;
          }
          const page = await listUsers(ctx, { limit: 200 });
          expect(page.nextCursor).toBeNull();
          const listed = page.items.map((u) => u.id).sort();
          const inScope = [...model.homeUnit]
            .filter(([, unit]) => reaches(grants, 'users.read', unit))
            .map(([id]) => id)
            .sort();
          expect(listed).toEqual(inScope);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  }, 120_000);
});
