import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';

/** All SQL of the applicant's own view of their dossiers. Takes the database or a transaction. */

export type OwnDossierRow = {
  id: string;
  code: string;
  status: string;
  procedure_id: string;
  procedure_name: string;
  receiving_agency_name: string;
  submitted_at: Date;
  due_at: Date | null;
  paused_at: Date | null;
  rating: number | null;
  version: number;
  /** The fees still due (unpaid, above zero), in VND. */
  amount_due: number;
};

/**
 * One page of the dossiers an account submitted (or the desk linked to it), newest first, `limit + 1` rows for
 * pagination. The condition is the account id itself: nobody else's dossier can enter the list.
 */
export async function listOwnDossiers(
  db: Queryable,
  input: { userId: string; after?: { submittedAt: Date; id: string } | undefined; limit: number },
): Promise<OwnDossierRow[]> {
  let qb = db
    .selectFrom('dossiers as d')
    .innerJoin('procedures as p', 'p.id', 'd.procedure_id')
    .innerJoin('agencies as a', 'a.id', 'd.receiving_agency_id')
    .select((eb) => [
      'd.id',
      'd.code',
      'd.status',
      'd.procedure_id',
      'p.name as procedure_name',
      'a.name as receiving_agency_name',
      'd.submitted_at',
      'd.due_at',
      'd.paused_at',
      'd.rating',
      'd.version',
      eb
        .selectFrom('dossier_fees as f')
        .select(sql<string>`coalesce(sum(f.amount), 0)`.as('amount'))
        .whereRef('f.dossier_id', '=', 'd.id')
        .where('f.paid_at', 'is', null)
        .as('amount_due'),
    ])
    .where('d.applicant_user_id', '=', input.userId);
  if (input.after) {
    const { submittedAt, id } = input.after;
    qb = qb.where((eb) =>
      eb.or([
        eb('d.submitted_at', '<', submittedAt),
        eb.and([eb('d.submitted_at', '=', submittedAt), eb('d.id', '<', id)]),
      ]),
    );
  }
  const rows = await qb
    .orderBy('d.submitted_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(input.limit + 1)
    .execute();
  return rows.map((r) => ({ ...r, amount_due: Number(r.amount_due ?? 0) }));
}

export type DossierPaymentRow = {
  id: string;
  status: string;
  amount: number;
  created_at: Date;
  expires_at: Date;
  paid_at: Date | null;
  receipt_number: string | null;
};

/** The online payments of one dossier, newest first, with their receipt numbers once settled. */
export async function listDossierPayments(db: Queryable, dossierId: string): Promise<DossierPaymentRow[]> {
  const rows = await db
    .selectFrom('payments as p')
    .leftJoin('payment_receipts as r', 'r.payment_id', 'p.id')
    .select(['p.id', 'p.status', 'p.amount', 'p.created_at', 'p.expires_at', 'p.paid_at', 'r.number as receipt_number'])
    .where('p.dossier_id', '=', dossierId)
    .orderBy('p.created_at', 'desc')
    .orderBy('p.id', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
}
