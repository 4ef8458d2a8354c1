import { z } from 'zod';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { DOSSIER_ACTIONS, DOSSIER_STATUSES } from '../dossiers/dossier-model.ts';
import type { DossierDeps } from '../dossiers/dossiers.deps.ts';
import { loadDossierFacts } from './dossier-facts.ts';

/**
 * The public lookup of a dossier by its code (what the QR code on the forms opens): where it is and when it is due,
 * with the history as action names and times. Nothing personal unless the caller proves they are the applicant
 * with the last four digits of the phone number or the personal id / tax code given at submission.
 */

export const LookupAnswer = z
  .object({
    code: z.string(),
    status: z.enum(DOSSIER_STATUSES),
    procedureName: z.string(),
    currentUnitName: z.string(),
    receivedAt: z.string().nullable(),
    dueAt: z.string().nullable(),
    returnedAt: z.string().nullable(),
    history: z.array(z.object({ action: z.enum(DOSSIER_ACTIONS), at: z.string() })),
    verified: z.boolean().describe('True when `verify` matched; only then is `applicant` present'),
    applicant: z
      .object({ fullName: z.string(), phone: z.string().nullable(), email: z.string().nullable() })
      .optional(),
  })
  .meta({ id: 'DossierLookup' });
export type TLookupAnswer = z.infer<typeof LookupAnswer>;

const lastFour = (value: string | null) => (value ? value.replace(/\D/g, '').slice(-4) : null);

/** Looks a dossier up by code. @throws NOT_FOUND for an unknown code */
export async function lookupDossier(
  db: Queryable,
  _deps: Pick<DossierDeps, 'clock'>,
  code: string,
  verify: string | undefined,
): Promise<TLookupAnswer> {
  const row = await db.selectFrom('dossiers').select('id').where('code', '=', code).executeTakeFirst();
  const facts = row ? await loadDossierFacts(db, row.id) : undefined;
  if (!facts) throw new AppError('NOT_FOUND', { subject: 'dossier' });
  const d = facts.dossier;
  const proofs = [lastFour(d.applicant_phone), lastFour(d.applicant_personal_id), lastFour(d.applicant_tax_code)];
  const verified = verify !== undefined && proofs.some((p) => p !== null && p.length === 4 && p === verify);
  return {
    code: d.code,
    status: d.status as TLookupAnswer['status'],
    procedureName: facts.labels.procedure_name,
    currentUnitName: facts.labels.current_agency_name ?? facts.labels.current_unit_name,
    receivedAt: d.received_at?.toISOString() ?? null,
    dueAt: d.due_at?.toISOString() ?? null,
    returnedAt: d.returned_at?.toISOString() ?? null,
    history: facts.timeline.map((a) => ({
      action: a.action as TLookupAnswer['history'][number]['action'],
      at: a.at.toISOString(),
    })),
    verified,
    ...(verified
      ? { applicant: { fullName: d.applicant_name, phone: d.applicant_phone, email: d.applicant_email } }
      : {}),
  };
}
