import type { Updateable } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import type { WorkRecords } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { type RecordFacts, actorUserId, canReadRecord, recordActionsFor } from './tasks.policy.ts';
import type { TRecordDetail, TRecordSummary } from './tasks.schema.ts';
import * as repo from './work.repository.ts';
import type { RecordAction, RecordStatus } from './work-model.ts';

/**
 * The engine every work-record use case goes through: load a record with its policy facts, and record one more
 * action (row moved only from the version the caller saw, log entry, audit) in the caller's transaction.
 */

export type LoadedRecord = { row: repo.RecordRow; facts: RecordFacts };

export async function loadRecord(db: Queryable, id: string, lock: boolean): Promise<LoadedRecord | undefined> {
  const row = await repo.findRecord(db, id, lock);
  if (!row) return undefined;
  return {
    row,
    facts: {
      status: row.status,
      placement: { unitAncestorIds: row.unit_ancestor_ids, agencyId: row.agency_id },
      ownerId: row.owner_id,
    },
  };
}

/** Loads a record the caller may see. @throws AppError NOT_FOUND otherwise (existence is not revealed) */
export async function loadVisibleRecord(
  ctx: ServiceContext,
  id: string,
  lock = false,
  db: Queryable = ctx.db,
): Promise<LoadedRecord> {
  const loaded = await loadRecord(db, id, lock);
  if (!loaded || !canReadRecord(ctx.actor, loaded.facts)) throw new AppError('NOT_FOUND', { subject: 'work_record' });
  return loaded;
}

export type RecordEntry = {
  recordId: string;
  unitId: string;
  action: RecordAction;
  from: { status: RecordStatus; version: number } | null;
  to: RecordStatus;
  now: Date;
  note: string | null;
  data: Record<string, unknown>;
  set?: Updateable<WorkRecords>;
};

/**
 * Records one action on a work record in the caller's transaction.
 * @returns the seq of the action (the record's new version)
 * @throws AppError CONFLICT when another action was recorded since `from.version`
 */
export async function recordRecordAction(trx: Tx, ctx: ServiceContext, entry: RecordEntry): Promise<number> {
  const seq = (entry.from?.version ?? 0) + 1;
  if (entry.from) {
    const moved = await repo.updateRecord(trx, entry.recordId, entry.from.version, { ...entry.set, status: entry.to });
    if (!moved) throw new AppError('CONFLICT', { reason: 'stale_version', expectedVersion: entry.from.version });
  }
  await repo.insertLog(trx, 'work_record_actions', {
    subjectId: entry.recordId,
    seq,
    action: entry.action,
    actor_id: actorUserId(ctx.actor),
    actor_kind: ctx.actor.kind === 'system' ? 'system' : 'user',
    at: entry.now,
    note: entry.note,
    data: entry.data,
    from_status: entry.from?.status ?? null,
    to_status: entry.to,
  });
  await recordAudit(trx, {
    actor: ctx.actor,
    meta: ctx.meta,
    action: `work_record.${entry.action}`,
    subjectType: 'work_record',
    subjectId: entry.recordId,
    unitId: entry.unitId,
    data: { seq, from: entry.from?.status ?? null, to: entry.to, ...entry.data },
  });
  return seq;
}

export function presentLog(a: repo.LogRow) {
  return {
    seq: a.seq,
    action: a.action,
    at: a.at.toISOString(),
    actorId: a.actor_id,
    actorName: a.actor_name,
    note: a.note,
    fromStatus: a.from_status,
    toStatus: a.to_status,
    data: (a.data ?? {}) as Record<string, unknown>,
  };
}

export function presentRecordSummary(row: repo.RecordRow): TRecordSummary {
  return {
    id: row.id,
    agency: { id: row.agency_id, name: row.agency_name },
    owner: { id: row.owner_id, name: row.owner_name },
    title: row.title,
    code: row.code,
    year: row.year,
    retention: row.retention_years ?? 'permanent',
    status: row.status,
    version: row.version,
    itemCount: row.item_count,
    createdAt: row.created_at.toISOString(),
  };
}

/** The record as the caller sees it, with its items in order, its history and the actions they may take now. */
export async function getRecord(ctx: ServiceContext, id: string): Promise<TRecordDetail> {
  const { row, facts } = await loadVisibleRecord(ctx, id);
  const items = await repo.listItems(ctx.db, id);
  const history = await repo.listLog(ctx.db, 'work_record_actions', id);
  return {
    ...presentRecordSummary(row),
    description: row.description,
    pageCount: row.page_count,
    closingNote: row.closing_note,
    closedAt: row.closed_at?.toISOString() ?? null,
    handedOverOn: row.handed_over_on,
    archivist: row.archivist_id ? { id: row.archivist_id, name: row.archivist_name ?? '' } : null,
    items: items.map((i) => ({
      id: i.id,
      position: i.position,
      kind: i.kind as TRecordDetail['items'][number]['kind'],
      refId: i.outgoing_document_id ?? i.incoming_document_id ?? i.dossier_id,
      label: i.label,
      note: i.note,
      file:
        i.filename && i.content_type && i.size
          ? { filename: i.filename, contentType: i.content_type, size: i.size }
          : null,
      filedBy: i.filed_by ? { id: i.filed_by, name: i.filed_by_name ?? '' } : null,
      filedAt: i.filed_at.toISOString(),
    })),
    history: history.map(presentLog),
    allowedActions: recordActionsFor(ctx.actor, facts),
  };
}
