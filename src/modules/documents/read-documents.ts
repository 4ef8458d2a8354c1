import type { Readable } from 'node:stream';
import { scopeFor } from '../../platform/auth/scope.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, paginate } from '../../platform/http/pagination.ts';
import type { DocumentDeps } from './documents.ports.ts';
import * as repo from './documents.repository.ts';
import type {
  TIncomingQuery,
  TIncomingSummary,
  TOutgoingQuery,
  TOutgoingSummary,
  TOverdueList,
} from './documents.schema.ts';
import { loadVisibleIncoming, presentIncoming } from './incoming-engine.ts';
import * as inRepo from './incoming.repository.ts';
import { actorUserId, loadVisibleOutgoing } from './outgoing-engine.ts';
import * as outRepo from './outgoing.repository.ts';
import { businessDay } from './number-document.ts';

/** Reading documents: lists filtered by the caller's scope in SQL, the overdue list, and file downloads. */

function requireStaff(ctx: ServiceContext): void {
  if (ctx.actor.kind === 'system') return;
  if (ctx.actor.kind !== 'user' || ctx.actor.userKind !== 'staff') throw new AppError('FORBIDDEN');
}

/** The document types with their abbreviations and series. */
export async function listDocumentTypes(ctx: ServiceContext) {
  requireStaff(ctx);
  const rows = await repo.listTypes(ctx.db);
  return {
    items: rows.map((t) => ({
      code: t.code,
      name: t.name,
      abbreviation: t.abbreviation,
      series: t.series,
      normativeAllowed: t.normative_allowed,
    })),
  };
}

/** Outgoing documents the caller may see, newest first; `q` searches subject and notation ignoring accents. */
export async function listOutgoingDocuments(ctx: ServiceContext, query: TOutgoingQuery) {
  requireStaff(ctx);
  const afterId = query.cursor ? String(decodeCursor(query.cursor, 1)[0]) : undefined;
  const rows = await outRepo.listOutgoing(ctx.db, scopeFor(ctx.actor, 'documents.read'), {
    ...(query.agencyId ? { agencyId: query.agencyId } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.year ? { year: query.year } : {}),
    ...(query.q ? { q: query.q } : {}),
    ...(afterId ? { afterId } : {}),
    limit: query.limit,
  });
  return paginate(
    rows,
    query.limit,
    (r) => [r.id],
    (r): TOutgoingSummary => ({
      id: r.id,
      agency: { id: r.agency_id, name: r.agency_name, code: r.agency_code },
      typeCode: r.type_code,
      typeName: r.type_name,
      subject: r.subject,
      urgency: r.urgency,
      status: r.status,
      version: r.version,
      notation: r.notation,
      issuedOn: r.issued_on,
      createdAt: r.created_at.toISOString(),
    }),
  );
}

/** Incoming documents the caller may see (their agency's, or assigned to them or their unit), newest first. */
export async function listIncomingDocuments(ctx: ServiceContext, query: TIncomingQuery) {
  requireStaff(ctx);
  const afterId = query.cursor ? String(decodeCursor(query.cursor, 1)[0]) : undefined;
  const rows = await inRepo.listIncoming(ctx.db, scopeFor(ctx.actor, 'documents.read'), actorUserId(ctx.actor), {
    ...(query.agencyId ? { agencyId: query.agencyId } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.q ? { q: query.q } : {}),
    ...(afterId ? { afterId } : {}),
    limit: query.limit,
  });
  return paginate(
    rows,
    query.limit,
    (r) => [r.id],
    (r): TIncomingSummary => presentIncoming(r),
  );
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Documents under handling past their deadline (by the business day of the platform clock), most overdue first. */
export async function listOverdueIncoming(
  ctx: ServiceContext,
  deps: Pick<DocumentDeps, 'clock'>,
  query: { agencyId?: string | undefined },
): Promise<TOverdueList> {
  requireStaff(ctx);
  const today = businessDay(deps.clock.now());
  const rows = await inRepo.listOverdue(
    ctx.db,
    scopeFor(ctx.actor, 'documents.read'),
    actorUserId(ctx.actor),
    today,
    query.agencyId,
  );
  const items = [];
  for (const row of rows) {
    const lead = (await inRepo.listAssignments(ctx.db, row.id, row.assignment_seq)).find((a) => a.role === 'lead');
    items.push({
      ...presentIncoming(row),
      daysOverdue: daysBetween(row.handling_due_on ?? today, today),
      leadName: lead?.user_name ?? lead?.agency_name ?? null,
    });
  }
  return { asOf: today, items };
}

/** One file of a document the caller may see, as a stream. */
export async function openDocumentFile(
  ctx: ServiceContext,
  deps: Pick<DocumentDeps, 'blobs'>,
  direction: 'outgoing' | 'incoming',
  id: string,
  fileId: string,
): Promise<{ file: repo.FileRow; stream: Readable }> {
  if (direction === 'outgoing') await loadVisibleOutgoing(ctx, id);
  else await loadVisibleIncoming(ctx, id);
  const files = await repo.listFiles(
    ctx.db,
    direction === 'outgoing' ? { outgoingDocumentId: id } : { incomingDocumentId: id },
  );
  const file = files.find((f) => f.id === fileId);
  if (!file) throw new AppError('NOT_FOUND', { subject: 'file' });
  return { file, stream: await deps.blobs.get(file.sha256) };
}
