import type { ServiceContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, paginate } from '../../platform/http/pagination.ts';
import { findAlertsOf } from './deadline-alerts.repository.ts';
import type { TDeadlineAlertPage, TDeadlineAlertQuery } from './dossier-deadlines.schema.ts';

/** The deadline alerts raised for the signed-in officer, newest first: the in-app side of the sweep's mails. */
export async function listMyDeadlineAlerts(
  ctx: ServiceContext & { actor: { kind: 'user'; userId: string } },
  query: TDeadlineAlertQuery,
): Promise<TDeadlineAlertPage> {
  let before: { createdAt: Date; id: string } | undefined;
  if (query.cursor) {
    const [createdAt, id] = decodeCursor(query.cursor, 2);
    if (typeof createdAt !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(createdAt))) {
      throw new AppError('VALIDATION_FAILED', { issues: [{ path: 'query.cursor', message: 'invalid cursor' }] });
    }
    before = { createdAt: new Date(createdAt), id };
  }
  const rows = await findAlertsOf(ctx.db, ctx.actor.userId, { before, limit: query.limit });
  return paginate(
    rows,
    query.limit,
    (r) => [r.created_at.toISOString(), r.id],
    (r) => ({
      id: r.id,
      dossier: { id: r.dossier_id, code: r.code, procedureName: r.procedure_name },
      target: r.target,
      kind: r.kind,
      stepId: r.step_id,
      unitName: r.unit_name,
      dueAt: r.due_at.toISOString(),
      raisedAt: r.created_at.toISOString(),
      stillOpen: r.still_open,
    }),
  );
}
