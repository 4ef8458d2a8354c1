import type { ServiceContext } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { apologize, registerResult, rate, resume, returnResult, suspend, withdraw } from './close-dossier.ts';
import type { DossierFollowUpAction, SYSTEM_DOSSIER_ACTIONS } from './dossier-model.ts';
import type { DossierDeps } from './dossiers.deps.ts';
import { canReadDossier, refusalFor } from './dossiers.policy.ts';
import type { TActionBody, TDossierDetail } from './dossiers.schema.ts';
import { type ActionHandler, calendarOf, commitAction, loadDossier } from './engine.ts';
import { type PreparedFile, prepareFiles } from './files.ts';
import { prepareComponentFiles } from './intake.ts';
import { approve, assign, consult, forward, reject, reply, returnBack, transfer } from './process-dossier.ts';
import { getDossier } from './read-dossiers.ts';
import { accept, refuse, requestSupplement, supply } from './review-dossier.ts';

/** Every action an actor takes on an existing dossier, by name: the use case that decides what to record. */
const HANDLERS: {
  [A in Exclude<DossierFollowUpAction, (typeof SYSTEM_DOSSIER_ACTIONS)[number]>]: ActionHandler<A>;
} = {
  accept,
  request_supplement: requestSupplement,
  supply,
  refuse,
  assign,
  forward,
  transfer,
  return: returnBack,
  consult,
  reply,
  approve,
  reject,
  suspend,
  resume,
  withdraw,
  apologize,
  register_result: registerResult,
  return_result: returnResult,
  rate,
};

/** The files an action body carries, decoded and checked before any transaction. */
function filesOf(body: TActionBody): PreparedFile[] {
  if (body.action === 'supply') {
    return prepareComponentFiles(body.components);
  }
  if (body.action === 'register_result') {
    return prepareFiles(body.files.map((f, i) => ({ ...f, componentCode: null, path: `body.files.${i}` })));
  }
  return [];
}

/**
 * Takes one action on a dossier, in this order: the dossier must be visible to the caller (else NOT_FOUND), still
 * at the version the caller saw (else CONFLICT), the action allowed in its status and step (else
 * DOSSIER_ACTION_NOT_ALLOWED) and the caller's to take (else FORBIDDEN); then the use case decides what to record,
 * and the engine records it with the projection and an audit row in one transaction. A refusal writes nothing.
 * @returns the dossier as the caller now sees it
 */
export async function performAction(
  ctx: ServiceContext,
  deps: DossierDeps,
  id: string,
  body: TActionBody,
): Promise<TDossierDetail> {
  const files = filesOf(body);
  await inTransaction(ctx.db, async (trx) => {
    const now = deps.clock.now();
    const loaded = await loadDossier(trx, id, now, { lock: true });
    if (!loaded || !canReadDossier(ctx.actor, loaded.facts)) {
      throw new AppError('NOT_FOUND', { subject: 'dossier' });
    }
    if (loaded.state.version !== body.expectedVersion) {
      throw new AppError('CONFLICT', { reason: 'stale_version', currentVersion: loaded.state.version });
    }
    const refusal = refusalFor(ctx.actor, body.action, loaded.facts);
    if (refusal) {
      throw new AppError(refusal.code, refusal.details);
    }
    const calendar = await calendarOf(deps, trx);
    // The table pairs each action with its own handler; TypeScript cannot see that through the union.
    const handler = HANDLERS[body.action] as ActionHandler<TActionBody['action']>;
    const result = await handler({ trx, ctx, deps, loaded, body, now, calendar, files });
    await commitAction(trx, ctx, deps, {
      dossier: { id, code: loaded.dossier.code, receivingUnitId: loaded.dossier.receiving_unit_id },
      prev: loaded.state,
      draft: result.draft,
      now,
      ...(result.files ? { files: result.files } : {}),
      alsoWrite: result.alsoWrite,
    });
  });
  return getDossier(ctx, deps, id);
}
