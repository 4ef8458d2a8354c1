import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.ts';
import { scopeCovers, scopeFor } from '../../platform/auth/scope.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './documents.repository.ts';
import type { TAgencySettings, TAgencySettingsBody } from './documents.schema.ts';
import { placementOf } from './outgoing-engine.ts';

/**
 * The notation settings of an agency (its abbreviation, and whether it is an internal unit of another agency),
 * kept by the administrators who manage agencies. Agencies are public facts, so any officer may read them.
 */

function present(agency: repo.DocumentAgency): TAgencySettings {
  return {
    agencyId: agency.id,
    abbreviation: agency.abbreviation,
    internalOfAgencyId: agency.internal_of_agency_id,
  };
}

export async function getAgencySettings(ctx: ServiceContext, agencyId: string): Promise<TAgencySettings> {
  const agency = await repo.findAgency(ctx.db, agencyId);
  if (!agency) throw new AppError('NOT_FOUND', { subject: 'agency' });
  return present(agency);
}

/** Sets the abbreviation and internal-unit link of an agency in the caller's `agencies.manage` scope. */
export async function setAgencySettings(
  ctx: ServiceContext,
  agencyId: string,
  body: TAgencySettingsBody,
): Promise<TAgencySettings> {
  await inTransaction(ctx.db, async (trx) => {
    const agency = await repo.findAgency(trx, agencyId);
    if (!agency) throw new AppError('NOT_FOUND', { subject: 'agency' });
    if (!scopeCovers(scopeFor(ctx.actor, 'agencies.manage'), placementOf(agency))) throw new AppError('FORBIDDEN');
    if (body.internalOfAgencyId) {
      const parent = await repo.findAgency(trx, body.internalOfAgencyId);
      if (!parent || parent.id === agency.id || parent.unit_id !== agency.unit_id) {
        throw new AppError('VALIDATION_FAILED', {
          issues: [{ path: 'body.internalOfAgencyId', message: 'another agency of the same administrative unit' }],
        });
      }
    }
    await trx
      .insertInto('document_agency_settings')
      .values({ agency_id: agency.id, abbreviation: body.abbreviation, internal_of_agency_id: body.internalOfAgencyId })
      .onConflict((oc) =>
        oc.column('agency_id').doUpdateSet({
          abbreviation: body.abbreviation,
          internal_of_agency_id: body.internalOfAgencyId,
          updated_at: sql`now()`,
        }),
      )
      .execute();
    await recordAudit(trx, {
      actor: ctx.actor,
      meta: ctx.meta,
      action: 'document.agency_settings.set',
      subjectType: 'agency',
      subjectId: agency.id,
      unitId: agency.unit_id,
      data: {
        before: { abbreviation: agency.abbreviation, internalOfAgencyId: agency.internal_of_agency_id },
        after: body,
      },
    });
  });
  return getAgencySettings(ctx, agencyId);
}
