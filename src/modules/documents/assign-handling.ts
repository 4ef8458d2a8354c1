import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { AssignmentRole } from './document-model.ts';
import * as repo from './documents.repository.ts';
import type { TAssignee } from './documents.schema.ts';
import type { IncomingHandlerInput, IncomingHandlerResult } from './incoming-actions.ts';
import * as inRepo from './incoming.repository.ts';
import { businessDay } from './number-document.ts';

/**
 * Handling of incoming documents (NĐ 30/2020 Art. 20, 24): the leader assigns one lead (chủ trì: a unit or an
 * officer), coordinators (phối hợp) and those informed (để biết), with a deadline; handlers record progress; the
 * lead (or the leader) completes it. A reassignment replaces the whole assignment.
 */

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', { issues: [{ path, message }] });
}

type ResolvedAssignee = {
  role: AssignmentRole;
  agency_id: string | null;
  unit_id: string | null;
  user_id: string | null;
};

/**
 * Checks one assignee: a unit must be the receiving agency or one of its internal units; an officer must be an
 * active staff account.
 */
async function resolveAssignee(
  db: Queryable,
  receivingAgencyId: string,
  role: AssignmentRole,
  assignee: TAssignee,
  path: string,
): Promise<ResolvedAssignee> {
  let agency: repo.DocumentAgency | undefined;
  if (assignee.agencyId) {
    agency = await repo.findAgency(db, assignee.agencyId);
    if (!agency || (agency.id !== receivingAgencyId && !repo.isInternalUnitOf(agency, receivingAgencyId))) {
      throw invalid(`${path}.agencyId`, 'not the receiving agency or one of its internal units');
    }
  }
  if (assignee.userId) {
    const user = await repo.findStaff(db, assignee.userId);
    if (user?.status !== 'active') throw invalid(`${path}.userId`, 'no such active officer');
  }
  return { role, agency_id: agency?.id ?? null, unit_id: agency?.unit_id ?? null, user_id: assignee.userId ?? null };
}

export async function assign({
  trx,
  loaded,
  body,
  now,
}: IncomingHandlerInput<'assign'>): Promise<IncomingHandlerResult> {
  if (body.dueOn < businessDay(now)) throw invalid('body.dueOn', 'the deadline is in the past');
  const receiving = loaded.row.agency_id;
  const assignees = [
    await resolveAssignee(trx, receiving, 'lead', body.lead, 'body.lead'),
    ...(await Promise.all(
      body.coordinators.map((a, i) => resolveAssignee(trx, receiving, 'coordinate', a, `body.coordinators.${i}`)),
    )),
    ...(await Promise.all(
      body.informed.map((a, i) => resolveAssignee(trx, receiving, 'inform', a, `body.informed.${i}`)),
    )),
  ];
  const seq = loaded.row.version + 1;
  return {
    set: { assignment_seq: seq, handling_due_on: body.dueOn },
    data: {
      dueOn: body.dueOn,
      lead: body.lead,
      coordinators: body.coordinators.length,
      informed: body.informed.length,
    },
    after: async (recordedSeq) => {
      await inRepo.insertAssignments(
        trx,
        assignees.map((a) => ({ ...a, id: newId(), document_id: loaded.row.id, assigned_seq: recordedSeq })),
      );
    },
  };
}

export async function recordProgress(_input: IncomingHandlerInput<'record_progress'>): Promise<IncomingHandlerResult> {
  return { data: {} };
}

export async function complete({ now }: IncomingHandlerInput<'complete'>): Promise<IncomingHandlerResult> {
  return { set: { completed_at: now }, data: {} };
}
