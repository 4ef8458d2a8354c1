import { assertEmailVerified } from '../people/email-verification.service.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { localDay } from './deadlines.ts';
import type { DossierDeps } from './dossiers.deps.ts';
import type { TDossierDetail, TSubmitBody } from './dossiers.schema.ts';
import { draft } from './engine.ts';
import { componentIssues, createDossier, feeIssues, loadOffer, prepareComponentFiles, throwIssues } from './intake.ts';
import { getDossier } from './read-dossiers.ts';

/**
 * Online submission by a citizen or a business: the procedure must be published and offered online at the chosen
 * unit, every required component present as a file, the fees as the procedure sets them. The dossier gets its code
 * at once (the applicant and the national portal know it from "Mới đăng ký" on) and waits for the desk's review;
 * the legal clock starts only when the desk accepts it.
 * @throws UNAUTHENTICATED, FORBIDDEN (staff accounts), NOT_FOUND, PROCEDURE_NOT_OFFERED, VALIDATION_FAILED
 */
export async function submitDossier(
  ctx: ServiceContext,
  deps: DossierDeps,
  input: TSubmitBody,
): Promise<TDossierDetail> {
  const actor = ctx.actor;
  if (actor.kind !== 'user') {
    throw new AppError('UNAUTHENTICATED');
  }
  if (actor.userKind === 'staff') {
    // Officers receive dossiers at the counter; online submission is the applicant's own act.
    throw new AppError('FORBIDDEN');
  }
  // Notices, supplement requests and results go to the account's e-mail: it must be proven first.
  await assertEmailVerified(ctx.db, actor);
  const files = prepareComponentFiles(input.components);
  const id = await inTransaction(ctx.db, async (trx) => {
    const now = deps.clock.now();
    const offer = await loadOffer(trx, {
      procedureId: input.procedureId,
      receivingUnitId: input.receivingUnitId,
      day: localDay(now),
      online: true,
    });
    throwIssues([
      ...componentIssues(input.components, offer.components, { requireAll: true }),
      ...feeIssues(input.fees, offer.fees),
    ]);
    const created = await createDossier(trx, ctx, deps, {
      offer,
      now,
      channel: 'online',
      applicant: input.applicant,
      applicantUserId: actor.userId,
      onBehalfOf: input.onBehalfOf ?? null,
      draft: draft(
        'submit',
        { channel: 'online', paperComponents: [] },
        { note: input.note ?? null, toUnitId: offer.receivingUnit.id, toAgencyId: offer.desk.id },
      ),
      files,
      feesPaid: false,
    });
    return created.id;
  });
  return getDossier(ctx, deps, id);
}
