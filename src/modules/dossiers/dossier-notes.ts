import { recordAudit } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { DossierDeps } from './dossiers.deps.ts';
import { canReadDossier } from './dossiers.policy.ts';
import type { TDossierNote, TNoteBody } from './dossiers.schema.ts';
import { type LoadedDossier, actorUserId, loadDossier } from './engine.ts';
import * as partsRepo from './dossier-parts.repository.ts';

/**
 * Officers' internal notes on a dossier: written by any officer who may see it, read by the same, never by the
 * applicant. A note is not an action: the dossier's state and version stay as they are, so writing one never makes
 * a colleague's open action form stale.
 */

/** The dossier, if the caller is staff and may see it. @throws NOT_FOUND out of sight; FORBIDDEN for applicants */
async function loadForStaff(ctx: ServiceContext, deps: DossierDeps, id: string): Promise<LoadedDossier> {
  if (ctx.actor.kind === 'anonymous') {
    throw new AppError('UNAUTHENTICATED');
  }
  const loaded = await loadDossier(ctx.db, id, deps.clock.now(), { lock: false });
  if (!loaded || !canReadDossier(ctx.actor, loaded.facts)) {
    throw new AppError('NOT_FOUND', { subject: 'dossier' });
  }
  if (ctx.actor.kind !== 'user' || ctx.actor.userKind !== 'staff') {
    throw new AppError('FORBIDDEN');
  }
  return loaded;
}

/** The notes of a dossier, oldest first. @throws NOT_FOUND, FORBIDDEN (applicants) */
export async function listDossierNotes(ctx: ServiceContext, deps: DossierDeps, id: string): Promise<TDossierNote[]> {
  await loadForStaff(ctx, deps, id);
  const rows = await partsRepo.listNotes(ctx.db, id);
  return rows.map((r) => ({
    id: r.id,
    body: r.body,
    author: { id: r.author_id, fullName: r.full_name },
    unitName: r.unit_name,
    createdAt: r.created_at.toISOString(),
  }));
}

/**
 * Adds a note, with its audit row, in one transaction; the note belongs to the unit where the dossier is now.
 * @returns the dossier's notes after it
 * @throws NOT_FOUND, FORBIDDEN (applicants)
 */
export async function addDossierNote(
  ctx: ServiceContext,
  deps: DossierDeps,
  id: string,
  body: TNoteBody,
): Promise<TDossierNote[]> {
  const loaded = await loadForStaff(ctx, deps, id);
  const noteId = newId();
  await inTransaction(ctx.db, async (trx) => {
    await partsRepo.insertNote(trx, {
      id: noteId,
      dossierId: id,
      unitId: loaded.state.unitId,
      authorId: actorUserId(ctx.actor) as string,
      body: body.body,
      createdAt: deps.clock.now(),
    });
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'dossier.note',
      subjectType: 'dossier',
      subjectId: id,
      unitId: loaded.dossier.receiving_unit_id,
      data: { code: loaded.dossier.code, note: noteId },
    });
  });
  return listDossierNotes(ctx, deps, id);
}
