import { type Expression, type SqlBool, sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import type { DossierStatus } from './dossier-model.ts';

/** The SQL of work queues and of the names a dossier's page shows. */

export type QueueFilter = {
  /** Where the caller may see dossiers (SQL condition over the dossiers row `d`). */
  visible: Expression<SqlBool>;
  statuses?: readonly DossierStatus[] | undefined;
  assigneeId?: string | undefined;
  overdueAt?: Date | undefined;
  procedureId?: string | undefined;
  q?: string | undefined;
  after?: { queueDueAt: Date; id: string } | undefined;
  limit: number;
};

export type QueueRow = {
  id: string;
  code: string;
  status: string;
  channel: string;
  procedure_id: string;
  procedure_name: string;
  applicant_name: string;
  receiving_unit_name: string;
  current_step_id: string | null;
  current_unit_name: string;
  current_agency_name: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  submitted_at: Date;
  due_at: Date | null;
  step_due_at: Date | null;
  paused_at: Date | null;
  is_late: boolean;
  version: number;
  queue_due_at: Date;
};

/** A page of the work queue, most urgent first (by due time), `limit + 1` rows for pagination. */
export async function findQueue(db: Queryable, filter: QueueFilter): Promise<QueueRow[]> {
  let qb = db
    .selectFrom('dossiers as d')
    .innerJoin('procedures as p', 'p.id', 'd.procedure_id')
    .innerJoin('units as ru', 'ru.id', 'd.receiving_unit_id')
    .innerJoin('units as cu', 'cu.id', 'd.current_unit_id')
    .leftJoin('agencies as ca', 'ca.id', 'd.current_agency_id')
    .leftJoin('users as au', 'au.id', 'd.assignee_id')
    .select([
      'd.id',
      'd.code',
      'd.status',
      'd.channel',
      'd.procedure_id',
      'p.name as procedure_name',
      'd.applicant_name',
      'ru.name as receiving_unit_name',
      'd.current_step_id',
      'cu.name as current_unit_name',
      'ca.name as current_agency_name',
      'd.assignee_id',
      'au.full_name as assignee_name',
      'd.submitted_at',
      'd.due_at',
      'd.step_due_at',
      'd.paused_at',
      'd.is_late',
      'd.version',
      'd.queue_due_at',
    ])
    .where(filter.visible);
  if (filter.statuses && filter.statuses.length > 0) {
    qb = qb.where('d.status', 'in', [...filter.statuses]);
  }
  if (filter.assigneeId) qb = qb.where('d.assignee_id', '=', filter.assigneeId);
  if (filter.procedureId) qb = qb.where('d.procedure_id', '=', filter.procedureId);
  if (filter.overdueAt) {
    qb = qb
      .where('d.due_at', '<', filter.overdueAt)
      .where('d.paused_at', 'is', null)
      .where('d.completed_at', 'is', null)
      .where('d.status', 'in', ['received', 'in_progress', 'consulting', 'processed']);
  }
  if (filter.q) {
    const term = `%${filter.q}%`;
    qb = qb.where((eb) =>
      eb.or([
        eb('d.code', 'like', `${filter.q}%`),
        eb('d.applicant_name_search', 'like', sql<string>`search_text(${term})`),
      ]),
    );
  }
  if (filter.after) {
    qb = qb.where(sql<SqlBool>`(d.queue_due_at, d.id) > (${filter.after.queueDueAt}, ${filter.after.id}::uuid)`);
  }
  const rows = await qb
    .orderBy('d.queue_due_at')
    .orderBy('d.id')
    .limit(filter.limit + 1)
    .execute();
  return rows as QueueRow[];
}

export type DossierLabels = {
  procedure_code: string;
  procedure_name: string;
  receiving_unit_name: string;
  receiving_agency_code: string | null;
  receiving_agency_name: string;
  current_unit_name: string;
  current_agency_name: string | null;
  assignee_name: string | null;
};

/** The names a dossier's page shows: procedure, desk, where it is and who has it. */
export async function findDossierLabels(db: Queryable, id: string): Promise<DossierLabels | undefined> {
  return db
    .selectFrom('dossiers as d')
    .innerJoin('procedures as p', 'p.id', 'd.procedure_id')
    .innerJoin('units as ru', 'ru.id', 'd.receiving_unit_id')
    .innerJoin('agencies as ra', 'ra.id', 'd.receiving_agency_id')
    .innerJoin('units as cu', 'cu.id', 'd.current_unit_id')
    .leftJoin('agencies as ca', 'ca.id', 'd.current_agency_id')
    .leftJoin('users as au', 'au.id', 'd.assignee_id')
    .select([
      'p.code as procedure_code',
      'p.name as procedure_name',
      'ru.name as receiving_unit_name',
      'ra.code as receiving_agency_code',
      'ra.name as receiving_agency_name',
      'cu.name as current_unit_name',
      'ca.name as current_agency_name',
      'au.full_name as assignee_name',
    ])
    .where('d.id', '=', id)
    .executeTakeFirst();
}
