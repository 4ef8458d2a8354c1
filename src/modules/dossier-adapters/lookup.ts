import { z } from 'zod';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { DOSSIER_ACTIONS, DOSSIER_STATUSES } from '../dossiers/dossier-model.ts';
import type { LookupCache } from './lookup-cache.ts';

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

/**
 * The lookup's own two queries: the dossier with the names it shows, then its history. It is the busiest public
 * read (every QR scan), so it does not load the full facts the printed forms need.
 */
async function findLookupRow(db: Queryable, code: string) {
  return db
    .selectFrom('dossiers as d')
    .innerJoin('procedures as p', 'p.id', 'd.procedure_id')
    .innerJoin('units as cu', 'cu.id', 'd.current_unit_id')
    .leftJoin('agencies as ca', 'ca.id', 'd.current_agency_id')
    .select([
      'd.id',
      'd.code',
      'd.status',
      'd.received_at',
      'd.due_at',
      'd.returned_at',
      'd.applicant_name',
      'd.applicant_phone',
      'd.applicant_email',
      'd.applicant_personal_id',
      'd.applicant_tax_code',
      'p.name as procedure_name',
      'cu.name as current_unit_name',
      'ca.name as current_agency_name',
    ])
    .where('d.code', '=', code)
    .executeTakeFirst();
}

/** What one lookup of a code loads, kept by the lookup cache: the public answer (also as JSON) and the proofs. */
export type LookupRecord = {
  answer: TLookupAnswer;
  /** The public answer serialised once: most lookups send exactly these bytes. */
  json: string;
  proofs: (string | null)[];
  applicant: NonNullable<TLookupAnswer['applicant']>;
};

async function loadLookupRecord(db: Queryable, code: string): Promise<LookupRecord | undefined> {
  const d = await findLookupRow(db, code);
  if (!d) return undefined;
  const history = await db
    .selectFrom('dossier_actions')
    .select(['action', 'at'])
    .where('dossier_id', '=', d.id)
    .orderBy('seq')
    .execute();
  const answer: TLookupAnswer = {
    code: d.code,
    status: d.status as TLookupAnswer['status'],
    procedureName: d.procedure_name,
    currentUnitName: d.current_agency_name ?? d.current_unit_name,
    receivedAt: d.received_at ? new Date(d.received_at).toISOString() : null,
    dueAt: d.due_at ? new Date(d.due_at).toISOString() : null,
    returnedAt: d.returned_at ? new Date(d.returned_at).toISOString() : null,
    history: history.map((a) => ({
      action: a.action as TLookupAnswer['history'][number]['action'],
      at: new Date(a.at).toISOString(),
    })),
    verified: false,
  };
  return {
    answer,
    json: JSON.stringify(answer),
    proofs: [lastFour(d.applicant_phone), lastFour(d.applicant_personal_id), lastFour(d.applicant_tax_code)],
    applicant: { fullName: d.applicant_name, phone: d.applicant_phone, email: d.applicant_email },
  };
}

/** True when `verify` is the last four digits of one of the applicant's proofs. */
function provesApplicant(record: LookupRecord, verify: string | undefined): boolean {
  return verify !== undefined && record.proofs.some((p) => p !== null && p.length === 4 && p === verify);
}

/**
 * Looks a dossier up by code, through the cache.
 * @returns the answer as JSON text, and whether it carries personal data (then it must not be cached by clients)
 * @throws NOT_FOUND for an unknown code
 */
export async function lookupDossier(
  db: Queryable,
  cache: LookupCache<LookupRecord>,
  code: string,
  verify: string | undefined,
): Promise<{ json: string; personal: boolean }> {
  let record = cache.get(code);
  if (!record) {
    record = await loadLookupRecord(db, code);
    if (!record) throw new AppError('NOT_FOUND', { subject: 'dossier' });
    cache.set(code, record);
  }
  if (!provesApplicant(record, verify)) return { json: record.json, personal: false };
  const answer: TLookupAnswer = { ...record.answer, verified: true, applicant: record.applicant };
  return { json: JSON.stringify(answer), personal: true };
}

/**
 * The same public lookup as a typed answer, for the server-rendered page (`/tra-cuu/<code>`). It reads the database
 * directly: the API's cache lives with the API routes, and the page is rate-limited per client like the API.
 * @throws NOT_FOUND for an unknown code
 */
export async function lookupDossierAnswer(
  db: Queryable,
  code: string,
  verify: string | undefined,
): Promise<TLookupAnswer> {
  const record = await loadLookupRecord(db, code);
  if (!record) throw new AppError('NOT_FOUND', { subject: 'dossier' });
  return provesApplicant(record, verify)
    ? { ...record.answer, verified: true, applicant: record.applicant }
    : record.answer;
}
