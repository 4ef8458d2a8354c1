import type { ServiceContext } from '../../platform/context.ts';
import { AppError, ERROR_CODES, isAppError } from '../../platform/errors.ts';
import type { DossierDeps } from './dossiers.deps.ts';
import { canReadDossier } from './dossiers.policy.ts';
import { ActionBody, type TBulkActionBody, type TBulkActionResult } from './dossiers.schema.ts';
import { loadDossier } from './engine.ts';
import { performAction } from './perform-action.ts';

type Result = TBulkActionResult['results'][number];

/** The one-dossier body the bulk body stands for: the same action, each dossier at the version the caller saw. */
function bodyFor(bulk: TBulkActionBody, expectedVersion: number) {
  const note = bulk.note !== undefined ? { note: bulk.note } : {};
  switch (bulk.action) {
    case 'assign':
      return ActionBody.parse({ action: 'assign', expectedVersion, assigneeId: bulk.assigneeId, ...note });
    case 'accept':
      return ActionBody.parse({ action: 'accept', expectedVersion, feesPaid: bulk.feesPaid, ...note });
    case 'forward':
    case 'approve':
      return ActionBody.parse({ action: bulk.action, expectedVersion, ...note });
  }
}

/** The code of a dossier the caller may see (to name it in a refusal), else null. */
async function visibleCode(ctx: ServiceContext, deps: DossierDeps, id: string): Promise<string | null> {
  const loaded = await loadDossier(ctx.db, id, deps.clock.now(), { lock: false });
  return loaded && canReadDossier(ctx.actor, loaded.facts) ? loaded.dossier.code : null;
}

/**
 * Takes one action on several dossiers, each on its own exactly as `performAction` would take it alone: its own
 * transaction, its own version check, status, workflow and policy. A dossier that is refused is left as it was and
 * reported with the problem code a single action would have got; the others go ahead. Nothing is half done within
 * one dossier. Unexpected errors (not a refusal) stop the batch and propagate; dossiers done before stay done.
 * @returns one result per item, in the order given
 */
export async function performBulkAction(
  ctx: ServiceContext,
  deps: DossierDeps,
  bulk: TBulkActionBody,
): Promise<TBulkActionResult> {
  if (ctx.actor.kind === 'anonymous') {
    throw new AppError('UNAUTHENTICATED');
  }
  const results: Result[] = [];
  // One after another: each dossier's transaction is short, and PGlite has a single connection anyway.
  for (const item of bulk.items) {
    try {
      const after = await performAction(ctx, deps, item.id, bodyFor(bulk, item.expectedVersion));
      results.push({ id: item.id, code: after.code, outcome: 'done', version: after.version, problem: null });
    } catch (error) {
      if (!isAppError(error) || error.code === 'UNAUTHENTICATED') throw error;
      const reason = typeof error.details?.reason === 'string' ? error.details.reason : null;
      results.push({
        id: item.id,
        code: error.code === 'NOT_FOUND' ? null : await visibleCode(ctx, deps, item.id),
        outcome: 'refused',
        version: null,
        problem: { code: error.code, status: ERROR_CODES[error.code].status, reason },
      });
    }
  }
  const done = results.filter((r) => r.outcome === 'done').length;
  return { done, refused: results.length - done, results };
}
