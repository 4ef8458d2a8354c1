import type { Queryable } from '../../platform/db/database.ts';

/** All SQL of a dossier's files, fees and internal notes. Takes the database or a transaction. */

export type FileRow = {
  id: string;
  action_seq: number;
  kind: 'submission' | 'supplement' | 'result';
  component_code: string | null;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_by: string | null;
  created_at: Date;
};

export async function insertFiles(
  trx: Queryable,
  dossier: { id: string; unitId: string },
  files: Omit<FileRow, 'created_at'>[],
): Promise<void> {
  if (files.length > 0) {
    await trx
      .insertInto('dossier_files')
      .values(files.map((f) => ({ ...f, dossier_id: dossier.id, unit_id: dossier.unitId })))
      .execute();
  }
}

export async function listFiles(db: Queryable, dossierId: string): Promise<FileRow[]> {
  const rows = await db
    .selectFrom('dossier_files')
    .select([
      'id',
      'action_seq',
      'kind',
      'component_code',
      'filename',
      'content_type',
      'size',
      'sha256',
      'uploaded_by',
      'created_at',
    ])
    .where('dossier_id', '=', dossierId)
    .orderBy('action_seq')
    .orderBy('id')
    .execute();
  return rows as FileRow[];
}

export async function findFile(db: Queryable, dossierId: string, fileId: string): Promise<FileRow | undefined> {
  return (await listFiles(db, dossierId)).find((f) => f.id === fileId);
}

export type FeeRow = {
  code: string;
  position: number;
  name: string;
  kind: string;
  amount: number;
  paid_at: Date | null;
  paid_via: string | null;
};

export async function insertFees(
  trx: Queryable,
  dossier: { id: string; unitId: string },
  fees: Omit<FeeRow, 'paid_at' | 'paid_via'>[],
): Promise<void> {
  if (fees.length > 0) {
    await trx
      .insertInto('dossier_fees')
      .values(fees.map((f) => ({ ...f, dossier_id: dossier.id, unit_id: dossier.unitId })))
      .execute();
  }
}

/** Marks every fee still due as paid at the desk. */
export async function markFeesPaidAtCounter(
  trx: Queryable,
  dossierId: string,
  at: Date,
  officerId: string | null,
): Promise<void> {
  await trx
    .updateTable('dossier_fees')
    .set({ paid_at: at, paid_via: 'counter', received_by: officerId })
    .where('dossier_id', '=', dossierId)
    .where('paid_at', 'is', null)
    .execute();
}

export async function listFees(db: Queryable, dossierId: string): Promise<FeeRow[]> {
  return db
    .selectFrom('dossier_fees')
    .select(['code', 'position', 'name', 'kind', 'amount', 'paid_at', 'paid_via'])
    .where('dossier_id', '=', dossierId)
    .orderBy('position')
    .execute();
}

export type NoteRow = {
  id: string;
  body: string;
  author_id: string;
  full_name: string;
  unit_name: string;
  created_at: Date;
};

/** A dossier's internal notes, oldest first, with author and unit names. */
export async function listNotes(db: Queryable, dossierId: string): Promise<NoteRow[]> {
  return db
    .selectFrom('dossier_notes as n')
    .innerJoin('users as u', 'u.id', 'n.author_id')
    .innerJoin('units as un', 'un.id', 'n.unit_id')
    .select(['n.id', 'n.body', 'n.author_id', 'u.full_name', 'un.name as unit_name', 'n.created_at'])
    .where('n.dossier_id', '=', dossierId)
    .orderBy('n.created_at')
    .orderBy('n.id')
    .execute();
}

export async function insertNote(
  db: Queryable,
  note: { id: string; dossierId: string; unitId: string; authorId: string; body: string; createdAt: Date },
): Promise<void> {
  await db
    .insertInto('dossier_notes')
    .values({
      id: note.id,
      dossier_id: note.dossierId,
      unit_id: note.unitId,
      author_id: note.authorId,
      body: note.body,
      created_at: note.createdAt,
    })
    .execute();
}
