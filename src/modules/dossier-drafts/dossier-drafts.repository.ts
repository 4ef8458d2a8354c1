import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import type { TDraftAnswers, TDraftFile } from './dossier-drafts.schema.ts';

/** All SQL of the drafts: always by owner, so one applicant's query can never reach another's draft. */

export type DraftRow = {
  id: string;
  owner_id: string;
  unit_id: string;
  procedure_id: string;
  procedure_version: number;
  answers: TDraftAnswers;
  files: TDraftFile[];
  dossier_id: string | null;
  submitted_at: Date | null;
  created_at: Date;
  updated_at: Date;
  expires_at: Date;
};

const COLUMNS = [
  'id',
  'owner_id',
  'unit_id',
  'procedure_id',
  'procedure_version',
  'answers',
  'files',
  'dossier_id',
  'submitted_at',
  'created_at',
  'updated_at',
  'expires_at',
] as const;

export async function insertDraft(
  db: Queryable,
  row: Pick<DraftRow, 'id' | 'owner_id' | 'unit_id' | 'procedure_id' | 'procedure_version'> & {
    now: Date;
    expires_at: Date;
  },
): Promise<void> {
  await db
    .insertInto('dossier_drafts')
    .values({
      id: row.id,
      owner_id: row.owner_id,
      unit_id: row.unit_id,
      procedure_id: row.procedure_id,
      procedure_version: row.procedure_version,
      created_at: row.now,
      updated_at: row.now,
      expires_at: row.expires_at,
    })
    .execute();
}

/**
 * The owner's draft, or undefined for another's, an unknown id or (unless submitted) an expired one. With `lock`
 * the row stays locked until the transaction ends: saves and the submission of one draft take turns.
 */
export async function findOwnDraft(
  db: Queryable,
  id: string,
  ownerId: string,
  now: Date,
  options: { lock?: boolean } = {},
): Promise<DraftRow | undefined> {
  let query = db
    .selectFrom('dossier_drafts')
    .select(COLUMNS)
    .where('id', '=', id)
    .where('owner_id', '=', ownerId)
    .where((eb) => eb.or([eb('expires_at', '>', now), eb('dossier_id', 'is not', null)]));
  if (options.lock) query = query.forUpdate();
  return (await query.executeTakeFirst()) as DraftRow | undefined;
}

/** The owner's drafts still being filled in, last saved first, with the procedure's name. */
export async function listOwnDrafts(db: Queryable, ownerId: string, now: Date) {
  return db
    .selectFrom('dossier_drafts as d')
    .innerJoin('procedures as p', 'p.id', 'd.procedure_id')
    .select([
      'd.id',
      'p.name as procedure_name',
      'd.updated_at',
      'd.expires_at',
      sql<number>`jsonb_array_length(d.files)`.as('file_count'),
    ])
    .where('d.owner_id', '=', ownerId)
    .where('d.dossier_id', 'is', null)
    .where('d.expires_at', '>', now)
    .orderBy('d.updated_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(100)
    .execute();
}

/** Writes new answers and files and moves the expiry on. */
export async function saveDraft(
  db: Queryable,
  id: string,
  change: { answers: TDraftAnswers; files: TDraftFile[]; now: Date; expires_at: Date },
): Promise<void> {
  await db
    .updateTable('dossier_drafts')
    .set({
      answers: JSON.stringify(change.answers),
      files: JSON.stringify(change.files),
      updated_at: change.now,
      expires_at: change.expires_at,
    })
    .where('id', '=', id)
    .where('dossier_id', 'is', null)
    .execute();
}

/** Consumes the draft: it now only names its dossier; the answers and file references (personal data) go. */
export async function markSubmitted(db: Queryable, id: string, dossierId: string, now: Date): Promise<void> {
  await db
    .updateTable('dossier_drafts')
    .set({ dossier_id: dossierId, submitted_at: now, updated_at: now, answers: '{}', files: '[]' })
    .where('id', '=', id)
    .where('dossier_id', 'is', null)
    .execute();
}

export async function deleteDraft(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('dossier_drafts').where('id', '=', id).where('dossier_id', 'is', null).execute();
}

/**
 * Deletes drafts expired before `now` (a submitted one too: its dossier has its own record by then).
 * @returns how many
 */
export async function deleteExpired(db: Queryable, now: Date): Promise<number> {
  const result = await db.deleteFrom('dossier_drafts').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The account's own details, for prefilling the applicant page. */
export async function findAccount(db: Queryable, userId: string) {
  return db
    .selectFrom('users')
    .select(['kind', 'full_name', 'personal_id', 'tax_code', 'phone', 'email'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

/**
 * Units in force on `day` below the publishing unit, at one of the receiving levels' unit kinds, that have a desk
 * with an e-identifier code: where an online submission of the procedure can be sent. The dossier service checks the
 * chosen one again as it receives the dossier.
 */
export async function findReceivingUnits(
  db: Queryable,
  input: { publishingUnitId: string; kinds: readonly string[]; deskKinds: readonly string[]; day: string },
): Promise<{ id: string; name: string }[]> {
  if (input.kinds.length === 0) return [];
  return db
    .selectFrom('units as u')
    .select(['u.id', 'u.name'])
    .where(sql<boolean>`u.ancestor_ids && ARRAY[${input.publishingUnitId}]::uuid[]`)
    .where('u.kind', 'in', [...input.kinds])
    .where(sql<boolean>`(u.valid_from IS NULL OR u.valid_from <= ${input.day})`)
    .where(sql<boolean>`(u.valid_to IS NULL OR u.valid_to >= ${input.day})`)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('agencies as a')
          .select('a.id')
          .whereRef('a.unit_id', '=', 'u.id')
          .where('a.kind', 'in', [...input.deskKinds])
          .where('a.code', 'is not', null)
          .where(sql<boolean>`(a.valid_from IS NULL OR a.valid_from <= ${input.day})`)
          .where(sql<boolean>`(a.valid_to IS NULL OR a.valid_to >= ${input.day})`),
      ),
    )
    .orderBy('u.name')
    .limit(1000)
    .execute();
}
