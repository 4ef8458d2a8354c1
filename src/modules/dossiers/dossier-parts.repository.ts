import type { Queryable } from '../../platform/db/database.ts';

/** All SQL of a dossier's files and fees. Takes the database or a transaction. */

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
