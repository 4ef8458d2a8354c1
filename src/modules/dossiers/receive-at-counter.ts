import type { ServiceContext } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { localDay } from './deadlines.ts';
import type { DossierDeps } from './dossiers.deps.ts';
import { isDesk } from './dossiers.policy.ts';
import type { TCounterBody, TDossierDetail } from './dossiers.schema.ts';
import { actorUserId, calendarOf, draft } from './engine.ts';
import { componentIssues, createDossier, feeIssues, loadOffer, prepareComponentFiles, throwIssues } from './intake.ts';
import { getDossier } from './read-dossiers.ts';
import { acceptanceTimes } from './review-dossier.ts';
import { pickAssignee } from './routing.ts';

/**
 * Reception at the counter by a one-stop officer of the receiving desk: the same checks as online (a paper handed
 * in may stand for a file, to be digitised later), and the dossier is accepted at once — code, receipt and due time
 * in one step. Fees paid at the desk are recorded as paid.
 * @throws UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, PROCEDURE_NOT_OFFERED, VALIDATION_FAILED, CALENDAR_NOT_AVAILABLE
 */
export async function receiveAtCounter(
  ctx: ServiceContext,
  deps: DossierDeps,
  input: TCounterBody,
): Promise<TDossierDetail> {
  const actor = ctx.actor;
  if (actor.kind === 'anonymous') {
    throw new AppError('UNAUTHENTICATED');
  }
  const files = prepareComponentFiles(input.components);
  const id = await inTransaction(ctx.db, async (trx) => {
    const now = deps.clock.now();
    const offer = await loadOffer(trx, {
      procedureId: input.procedureId,
      receivingUnitId: input.receivingUnitId,
      day: localDay(now),
      online: false,
    });
    if (!isDesk(actor, { receiving: { unitAncestorIds: offer.receivingUnit.ancestor_ids, agencyId: offer.desk.id } })) {
      throw new AppError('FORBIDDEN');
    }
    const issues = [
      ...componentIssues(input.components, offer.components, { requireAll: true }),
      ...feeIssues(input.fees, offer.fees),
    ];
    if (input.applicantUserId) {
      const account = await trx
        .selectFrom('users')
        .select(['kind', 'personal_id', 'tax_code'])
        .where('id', '=', input.applicantUserId)
        .executeTakeFirst();
      if (!account || account.kind === 'staff') {
        issues.push({ path: 'body.applicantUserId', message: 'no citizen or business account with this id' });
      } else if (
        // The account must be the applicant's own: a dossier linked to someone else would show them its papers.
        account.kind === 'business'
          ? account.tax_code !== input.applicant.taxCode
          : account.personal_id !== input.applicant.personalId
      ) {
        issues.push({ path: 'body.applicantUserId', message: 'the account is not the applicant’s (other ID number)' });
      }
    }
    throwIssues(issues);
    const calendar = await calendarOf(deps, trx);
    const times = acceptanceTimes(calendar, offer.version, offer.startStep, now);
    const placement = offer.placements.get(offer.startStep.id);
    if (!placement) {
      throw new Error('the start step was not placed');
    }
    const assigneeId = await pickAssignee(trx, offer.startStep, placement, [actorUserId(actor)]);
    const created = await createDossier(trx, ctx, deps, {
      offer,
      now,
      channel: 'counter',
      applicant: input.applicant,
      applicantUserId: input.applicantUserId ?? null,
      onBehalfOf: input.onBehalfOf ?? null,
      draft: draft(
        'receive',
        {
          channel: 'counter',
          paperComponents: input.components.filter((c) => c.paper).map((c) => c.code),
          startStepId: offer.startStep.id,
          ...times,
          feesPaid: input.feesPaid,
        },
        {
          note: input.note ?? null,
          unitId: offer.receivingUnit.id,
          agencyId: offer.desk.id,
          toStepId: offer.startStep.id,
          toUnitId: placement.unitId,
          toAgencyId: placement.agencyId,
          assigneeId,
        },
      ),
      files,
      feesPaid: input.feesPaid,
    });
    return created.id;
  });
  return getDossier(ctx, deps, id);
}
