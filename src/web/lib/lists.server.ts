import type { AppLoadContext } from 'react-router';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Permission } from '../../platform/auth/permissions.ts';
import { scopeCovers, scopeCoversSubtree, scopeFor } from '../../platform/auth/scope.ts';
import type { Language } from '../../platform/i18n/index.ts';
import { translate } from '../../platform/i18n/index.ts';
import type { TUnit } from '../../modules/units/units.schema.ts';
import { formatDate } from './i18n.ts';

type Page<T> = { items: T[]; nextCursor: string | null };

/** Every item of a cursor-paginated list, up to `max` (a select box or a count, not an unbounded export). */
export async function listAll<T>(
  fetchPage: (query: { limit: number; cursor?: string }) => Promise<Page<T>>,
  max = 2000,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage({ limit: 200, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < max);
  return items;
}

export type Option = { value: string; label: string };

/** A unit as an option; ended units say until when, so the old and new "Tỉnh Lào Cai" are told apart. */
export function unitOption(language: Language, unit: TUnit): Option {
  const suffix = unit.validTo
    ? ` ${translate(language, 'web.admin.units.formerSuffix', { date: formatDate(language, unit.validTo) })}`
    : '';
  return { value: unit.id, label: `${unit.name}${suffix}` };
}

const PARENT_KINDS = ['province', 'municipality', 'city', 'town', 'district'] as const;

/** Units that can have units below them (province and district levels), current or all. */
export async function parentUnits(context: AppLoadContext, all: boolean): Promise<TUnit[]> {
  const lists = await Promise.all(
    PARENT_KINDS.map((kind) =>
      listAll((page) => context.services.units.list({ ...page, kind, ...(all ? { all: 'true' } : {}) }), 500),
    ),
  );
  return lists.flat();
}

/** Units in force today, in code order. */
export async function currentUnits(context: AppLoadContext): Promise<TUnit[]> {
  return listAll((page) => context.services.units.list(page));
}

/** True when the actor holds `permission` over a thing in the unit with these ancestors (pure scope check). */
export function canIn(
  actor: Actor,
  permission: Permission,
  unitAncestorIds: readonly string[],
  agencyId?: string | null,
) {
  return scopeCovers(scopeFor(actor, permission), { unitAncestorIds, agencyId: agencyId ?? null });
}

/** True when the actor holds `permission` anywhere. */
export function canAnywhere(actor: Actor, permission: Permission): boolean {
  const scope = scopeFor(actor, permission);
  return scope.everywhere || scope.subtreeUnitIds.length + scope.unitIds.length + scope.agencyIds.length > 0;
}

/** True when the actor may create units below a unit with these ancestors (authority over its whole subtree). */
export function canManageSubtree(actor: Actor, unitAncestorIds: readonly string[]): boolean {
  return scopeCoversSubtree(scopeFor(actor, 'units.manage'), unitAncestorIds);
}
