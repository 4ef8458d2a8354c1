import type { Readable } from 'node:stream';
import { scopeFor } from '../../platform/auth/scope.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { type Tx, inTransaction } from '../../platform/db/database.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import { decodeCursor, paginate } from '../../platform/http/pagination.ts';
import { newId } from '../../platform/ids.ts';
import { loadVisibleIncoming } from '../documents/incoming-engine.ts';
import { businessDay } from '../documents/number-document.ts';
import { loadVisibleOutgoing } from '../documents/outgoing-engine.ts';
import { canReadDossier } from '../dossiers/dossiers.policy.ts';
import { loadDossier } from '../dossiers/engine.ts';
import { type PreparedFile, prepareFiles } from '../dossiers/files.ts';
import {
  type LoadedRecord,
  getRecord,
  loadVisibleRecord,
  presentRecordSummary,
  recordRecordAction,
} from './record-engine.ts';
import { actorUserId, canOpenRecordFor, recordRefusal } from './tasks.policy.ts';
import type { TItemInput, TRecordActionBody, TRecordCreateBody, TRecordDetail, TRecordQuery } from './tasks.schema.ts';
import * as repo from './work.repository.ts';
import type { WorkDeps } from './work.deps.ts';
import { nextRecordStatus } from './work-model.ts';

/**
 * Work records (hồ sơ công việc, NĐ 30/2020 Art. 28–31): an officer opens a record, files into it the documents and
 * dossiers they can see and notes of their own, closes it; a leader may reopen it until it is handed over to the
 * agency's archive, which is final.
 */

function requireStaff(ctx: ServiceContext): void {
  if (ctx.actor.kind === 'system') return;
  if (ctx.actor.kind !== 'user' || ctx.actor.userKind !== 'staff') throw new AppError('FORBIDDEN');
}

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', { issues: [{ path, message }] });
}

/** Opens a record for an agency in the caller's records.manage scope; the caller keeps it. */
export async function openRecord(ctx: ServiceContext, deps: WorkDeps, body: TRecordCreateBody): Promise<TRecordDetail> {
  requireStaff(ctx);
  const ownerId = actorUserId(ctx.actor);
  if (!ownerId) throw new AppError('FORBIDDEN');
  const agency = await repo.findAgencyPlace(ctx.db, body.agencyId);
  if (!agency) throw invalid('body.agencyId', 'no such agency');
  if (!canOpenRecordFor(ctx.actor, { unitAncestorIds: agency.unit_ancestor_ids, agencyId: agency.id })) {
    throw new AppError('FORBIDDEN');
  }
  const now = deps.clock.now();
  const id = newId();
  await inTransaction(ctx.db, async (trx) => {
    try {
      await repo.insertRecord(trx, {
        id,
        unit_id: agency.unit_id,
        agency_id: agency.id,
        owner_id: ownerId,
        title: body.title,
        code: body.code ?? null,
        year: body.year ?? Number(businessDay(now).slice(0, 4)),
        retention_years: body.retention === 'permanent' ? null : body.retention,
        retention_permanent: body.retention === 'permanent',
        description: body.description ?? null,
        status: 'open',
        version: 1,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('ALREADY_EXISTS', { field: 'code' });
      throw error;
    }
    await recordRecordAction(trx, ctx, {
      recordId: id,
      unitId: agency.unit_id,
      action: 'open',
      from: null,
      to: 'open',
      now,
      note: null,
      data: { title: body.title, code: body.code ?? null },
    });
  });
  return getRecord(ctx, id);
}

type ResolvedItem = {
  kind: TItemInput['kind'];
  ref: { column: 'outgoing_document_id' | 'incoming_document_id' | 'dossier_id'; id: string } | null;
  label: string;
  note: string | null;
  file: PreparedFile | null;
};

/**
 * What an item to file is, checked with the owning module's own read rules: a document or dossier the caller
 * cannot see is NOT_FOUND, exactly as if they had asked that module for it.
 */
async function resolveItem(ctx: ServiceContext, trx: Tx, item: TItemInput, now: Date): Promise<ResolvedItem> {
  const scoped = { ...ctx, db: trx };
  switch (item.kind) {
    case 'outgoing': {
      const { row } = await loadVisibleOutgoing(scoped, item.documentId, false, trx);
      return {
        kind: item.kind,
        ref: { column: 'outgoing_document_id', id: row.id },
        label: row.notation ? `${row.notation} – ${row.subject}` : row.subject,
        note: null,
        file: null,
      };
    }
    case 'incoming': {
      const { row } = await loadVisibleIncoming(scoped, item.documentId, false, trx);
      return {
        kind: item.kind,
        ref: { column: 'incoming_document_id', id: row.id },
        label: `${row.notation} – ${row.subject}`,
        note: null,
        file: null,
      };
    }
    case 'dossier': {
      const loaded = await loadDossier(trx, item.dossierId, now, { lock: false });
      if (!loaded || !canReadDossier(ctx.actor, loaded.facts)) throw new AppError('NOT_FOUND', { subject: 'dossier' });
      return {
        kind: item.kind,
        ref: { column: 'dossier_id', id: loaded.dossier.id },
        label: `${loaded.dossier.code} – ${loaded.dossier.applicant_name}`,
        note: null,
        file: null,
      };
    }
    case 'note': {
      const [file] = item.file ? prepareFiles([{ ...item.file, componentCode: null, path: 'body.item.file' }]) : [];
      return { kind: item.kind, ref: null, label: item.title, note: item.text ?? null, file: file ?? null };
    }
  }
}

async function fileItem(
  ctx: ServiceContext,
  deps: WorkDeps,
  trx: Tx,
  loaded: LoadedRecord,
  item: TItemInput,
  now: Date,
): Promise<void> {
  const { row } = loaded;
  const resolved = await resolveItem(ctx, trx, item, now);
  if (resolved.ref && (await repo.isFiled(trx, row.id, resolved.ref))) {
    throw new AppError('RECORD_ACTION_NOT_ALLOWED', {
      action: 'file',
      reason: 'already_filed',
      itemId: resolved.ref.id,
    });
  }
  const position = row.item_count + 1;
  const seq = await recordRecordAction(trx, ctx, {
    recordId: row.id,
    unitId: row.unit_id,
    action: 'file',
    from: { status: row.status, version: row.version },
    to: 'open',
    now,
    note: null,
    data: { position, kind: resolved.kind, refId: resolved.ref?.id ?? null, label: resolved.label },
    set: { item_count: position },
  });
  const blob = resolved.file ? await deps.blobs.put(resolved.file.bytes) : null;
  await repo.insertItem(trx, {
    id: newId(),
    record_id: row.id,
    unit_id: row.unit_id,
    position,
    kind: resolved.kind,
    outgoing_document_id: resolved.ref?.column === 'outgoing_document_id' ? resolved.ref.id : null,
    incoming_document_id: resolved.ref?.column === 'incoming_document_id' ? resolved.ref.id : null,
    dossier_id: resolved.ref?.column === 'dossier_id' ? resolved.ref.id : null,
    label: resolved.label,
    note: resolved.note,
    filename: resolved.file?.filename ?? null,
    content_type: resolved.file?.contentType ?? null,
    size: blob?.size ?? null,
    sha256: blob?.sha256 ?? null,
    filed_seq: seq,
    filed_by: actorUserId(ctx.actor),
    filed_at: now,
  });
}

/**
 * Takes one action on a record, checking in order: visible (else NOT_FOUND), at the version the caller saw (else
 * CONFLICT), allowed in its status (else RECORD_ACTION_NOT_ALLOWED), the caller's to take (else FORBIDDEN); then
 * records it in one transaction. A refusal writes nothing.
 */
export async function performRecordAction(
  ctx: ServiceContext,
  deps: WorkDeps,
  id: string,
  body: TRecordActionBody,
): Promise<TRecordDetail> {
  requireStaff(ctx);
  await inTransaction(ctx.db, async (trx) => {
    const loaded = await loadVisibleRecord(ctx, id, true, trx);
    const { row } = loaded;
    if (row.version !== body.expectedVersion) {
      throw new AppError('CONFLICT', { reason: 'stale_version', currentVersion: row.version });
    }
    const refusal = recordRefusal(ctx.actor, body.action, loaded.facts);
    if (refusal) throw new AppError(refusal.code, refusal.details);
    const now = deps.clock.now();
    const to = nextRecordStatus(row.status, body.action);
    if (to === null) throw new Error('the policy let through an action the status does not allow');
    const from = { status: row.status, version: row.version };
    const base = { recordId: id, unitId: row.unit_id, action: body.action, from, to, now };
    switch (body.action) {
      case 'file':
        await fileItem(ctx, deps, trx, loaded, body.item, now);
        return;
      case 'close':
        await recordRecordAction(trx, ctx, {
          ...base,
          note: body.note,
          data: { pageCount: body.pageCount, itemCount: row.item_count },
          set: { closing_note: body.note, page_count: body.pageCount, closed_at: now },
        });
        return;
      case 'reopen':
        await recordRecordAction(trx, ctx, { ...base, note: body.note, data: {}, set: { closed_at: null } });
        return;
      case 'hand_over': {
        const archivistId = actorUserId(ctx.actor);
        if (!archivistId) throw new AppError('FORBIDDEN');
        const today = businessDay(now);
        const on = body.handedOverOn ?? today;
        if (on > today) throw invalid('body.handedOverOn', 'the handover date is in the future');
        await recordRecordAction(trx, ctx, {
          ...base,
          note: body.note ?? null,
          data: { handedOverOn: on, archivistId, itemCount: row.item_count, pageCount: row.page_count },
          set: { handed_over_on: on, archivist_id: archivistId },
        });
        return;
      }
    }
  });
  return getRecord(ctx, id);
}

/** Records the caller may see, newest first; `q` searches titles, codes and filed items ignoring accents. */
export async function listRecords(ctx: ServiceContext, query: TRecordQuery) {
  requireStaff(ctx);
  const beforeId = query.cursor ? String(decodeCursor(query.cursor, 1)[0]) : undefined;
  if (beforeId && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(beforeId)) {
    throw invalid('query.cursor', 'invalid cursor');
  }
  const rows = await repo.listRecords(
    ctx.db,
    {
      userId: actorUserId(ctx.actor),
      read: scopeFor(ctx.actor, 'records.read'),
      archive: scopeFor(ctx.actor, 'records.archive'),
    },
    {
      ownerOnly: query.view === 'mine',
      ...(query.q ? { q: query.q } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.agencyId ? { agencyId: query.agencyId } : {}),
      ...(query.year ? { year: query.year } : {}),
      ...(beforeId ? { beforeId } : {}),
      limit: query.limit,
    },
  );
  return paginate(rows, query.limit, (r) => [r.id], presentRecordSummary);
}

/** The attachment of a note filed in a record the caller may see, as a stream. */
export async function openRecordItemFile(
  ctx: ServiceContext,
  deps: WorkDeps,
  id: string,
  itemId: string,
): Promise<{ file: { filename: string; content_type: string; size: number }; stream: Readable }> {
  requireStaff(ctx);
  await loadVisibleRecord(ctx, id);
  const item = (await repo.listItems(ctx.db, id)).find((i) => i.id === itemId);
  if (!item?.sha256 || !item.filename || !item.content_type || !item.size) {
    throw new AppError('NOT_FOUND', { subject: 'file' });
  }
  return {
    file: { filename: item.filename, content_type: item.content_type, size: item.size },
    stream: await deps.blobs.get(item.sha256),
  };
}
