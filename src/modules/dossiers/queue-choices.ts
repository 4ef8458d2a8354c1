import { scopeFor } from '../../platform/auth/scope.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { inScope } from '../../platform/db/scope-filter.ts';
import { AppError } from '../../platform/errors.ts';
import { OPEN_STATUSES } from './dossier-model.ts';
import { findAssignableOfficers, findQueueFacets } from './queue.repository.ts';
import { visibleTo } from './read-dossiers.ts';

/** What a staff work queue offers to choose from: its filters' procedures and units, and officers to assign to. */
export type QueueChoices = {
  procedures: { id: string; name: string }[];
  /** The caller's own units and those holding their open dossiers, higher levels first. */
  units: { id: string; name: string; depth: number }[];
  /** Empty unless the caller leads a unit (holds `dossiers.assign`). */
  officers: { id: string; fullName: string; unitName: string }[];
};

/**
 * The choices of the caller's work queue, all limited to what the caller may see: procedures and units of the
 * open dossiers at their units now, and, for a leader, the officers of the units they lead (for bulk assignment;
 * each dossier's step still decides who is eligible).
 * @throws UNAUTHENTICATED for anonymous callers; FORBIDDEN for applicants
 */
export async function listQueueChoices(ctx: ServiceContext): Promise<QueueChoices> {
  const actor = ctx.actor;
  if (actor.kind === 'anonymous') {
    throw new AppError('UNAUTHENTICATED');
  }
  if (actor.kind !== 'user' || actor.userKind !== 'staff') {
    throw new AppError('FORBIDDEN');
  }
  const ownUnitIds = [...new Set(actor.grants.map((g) => g.unitId))];
  const facets = await findQueueFacets(ctx.db, visibleTo(actor, 'current'), OPEN_STATUSES, ownUnitIds);
  const assignScope = scopeFor(actor, 'dossiers.assign');
  const leads = assignScope.subtreeUnitIds.length + assignScope.unitIds.length + assignScope.agencyIds.length > 0;
  const officers = leads ? await findAssignableOfficers(ctx.db, inScope(assignScope, 'g.unit_id', 'g.agency_id')) : [];
  return {
    ...facets,
    officers: officers.map((o) => ({ id: o.id, fullName: o.full_name, unitName: o.unit_name })),
  };
}
