import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';

/** One line of the dossier register, with what the register's columns need. */
export type RegisterRow = {
  code: string;
  procedure_name: string;
  applicant_name: string;
  applicant_address: string | null;
  applicant_phone: string | null;
  receiving_unit_name: string;
  deciding_agency_name: string | null;
  received_at: Date;
  due_at: Date | null;
  handed_on_at: Date | null;
  completed_at: Date | null;
  returned_at: Date | null;
  status: string;
  is_late: boolean;
  apologized: boolean;
};

const localDay = (column: string) => sql.raw(`((${column} at time zone 'UTC') + interval '7 hours')::date`);

/**
 * Dossiers received in a period (local days, `to` inclusive) by a unit or any unit below it, in the order they were
 * received. "Handed on" is the first time the desk passed the dossier to whoever decides; the deciding body is the
 * one that approved or rejected it, else where it is now.
 */
export async function listRegister(
  db: Queryable,
  input: { unitId: string; from: string; to: string },
): Promise<RegisterRow[]> {
  const result = await sql<RegisterRow>`
    select d.code, p.name as procedure_name, d.applicant_name, d.applicant_address, d.applicant_phone,
      ru.name as receiving_unit_name,
      coalesce(
        (select ag.name from dossier_actions x join agencies ag on ag.id = x.agency_id
          where x.dossier_id = d.id and x.action in ('approve', 'reject') order by x.seq desc limit 1),
        ca.name
      ) as deciding_agency_name,
      d.received_at, d.due_at,
      (select min(x.at) from dossier_actions x
        where x.dossier_id = d.id and x.action in ('forward', 'transfer')) as handed_on_at,
      d.completed_at, d.returned_at, d.status, d.is_late,
      exists (select 1 from dossier_actions x where x.dossier_id = d.id and x.action = 'apologize') as apologized
    from dossiers d
    join units ru on ru.id = d.receiving_unit_id
    join procedures p on p.id = d.procedure_id
    left join agencies ca on ca.id = d.current_agency_id
    where ru.ancestor_ids @> array[${input.unitId}]::uuid[]
      and d.received_at is not null
      and ${localDay('d.received_at')} between ${input.from}::date and ${input.to}::date
    order by d.received_at, d.code
  `.execute(db);
  return result.rows;
}
