import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { DossierDeps } from './dossiers.deps.ts';
import { canReadDossier, leadsCurrentUnit } from './dossiers.policy.ts';
import { actorUserId, loadDossier } from './engine.ts';
import { findOfficersForStep } from './routing.repository.ts';

/**
 * The officers the current step of a dossier may be assigned to: holders of the step's role placed where the
 * dossier is now (the same list the `assign` action checks eligibility against). A leader over the current place
 * may hand the step to any of them; anyone else only to themselves, so the list is narrowed to the caller.
 * @throws NOT_FOUND when the caller may not see the dossier
 */
export async function listStepOfficers(
  ctx: ServiceContext,
  deps: DossierDeps,
  id: string,
): Promise<{ id: string; fullName: string }[]> {
  const loaded = await loadDossier(ctx.db, id, deps.clock.now(), { lock: false });
  if (!loaded || !canReadDossier(ctx.actor, loaded.facts)) {
    throw new AppError('NOT_FOUND', { subject: 'dossier' });
  }
  const step = loaded.facts.step;
  if (!step) {
    return [];
  }
  const officers = await findOfficersForStep(
    ctx.db,
    { role: step.actor.role, unitId: loaded.state.unitId, agencyId: loaded.state.agencyId },
    200,
  );
  const mayHandOver = leadsCurrentUnit(ctx.actor, loaded.facts);
  const self = actorUserId(ctx.actor);
  return officers
    .filter((o) => mayHandOver || o.id === self)
    .map((o) => ({ id: o.id, fullName: o.full_name }))
    .sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'));
}
