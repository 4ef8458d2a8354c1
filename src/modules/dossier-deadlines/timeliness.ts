import type { Clock } from '../../platform/clock.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { scopeCovers, scopeCoversSubtree, scopeFor } from '../../platform/auth/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { localDay } from '../dossiers/deadlines.ts';
import type { TTimelinessQuery, TTimelinessReport } from './dossier-deadlines.schema.ts';
import {
  type TimelinessCounts,
  countTimeliness,
  findUnitWithChildren,
  listReportableUnits,
} from './timeliness.repository.ts';

/**
 * The timeliness report of a unit and each unit below it: how many dossiers were received, finished early, on time
 * or late (an apology letter makes a finish late, whatever the new date), returned, refused and withdrawn in a
 * period, and how many are in progress and overdue now — the figures of Decision 766's on-time group.
 */

const ZERO: TimelinessCounts = {
  received: 0,
  finished: 0,
  finishedEarly: 0,
  finishedOnTime: 0,
  finishedLate: 0,
  apologized: 0,
  returned: 0,
  refused: 0,
  withdrawn: 0,
  inProgress: 0,
  overdue: 0,
};

function add(a: TimelinessCounts, b: TimelinessCounts): TimelinessCounts {
  const sum = { ...a };
  for (const key of Object.keys(ZERO) as (keyof TimelinessCounts)[]) sum[key] = a[key] + b[key];
  return sum;
}

/** Counts with the on-time rate: finished early or on time over all finished (null when nothing finished). */
function withRate(counts: TimelinessCounts) {
  return {
    ...counts,
    onTimeRate:
      counts.finished === 0
        ? null
        : Math.round(((counts.finishedEarly + counts.finishedOnTime) / counts.finished) * 1000) / 1000,
  };
}

/**
 * The period of a report: `to` defaults to today, `from` to the first of its month.
 * @throws VALIDATION_FAILED when the period ends before it starts or spans more than five years
 */
export function reportPeriod(query: { from?: string | undefined; to?: string | undefined }, now: Date) {
  const to = query.to ?? localDay(now);
  const from = query.from ?? `${to.slice(0, 7)}-01`;
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days < 0 || days > 5 * 366) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [
        { path: 'querystring.from', message: 'the period must start before it ends and span at most five years' },
      ],
    });
  }
  return { from, to };
}

/**
 * The unit a report is about, with its children in force at the start of the period, when the caller may read the
 * reports of its whole subtree (a unit with nothing below needs only the unit itself).
 * @throws NOT_FOUND when the unit does not exist or lies outside the caller's reports
 */
export async function reportableUnit(ctx: ServiceContext, unitId: string, from: string) {
  const found = await findUnitWithChildren(ctx.db, unitId, from);
  if (!found) {
    throw new AppError('NOT_FOUND', { subject: 'unit' });
  }
  const scope = scopeFor(ctx.actor, 'reports.read');
  const allowed =
    scopeCoversSubtree(scope, found.unit.ancestor_ids) ||
    (found.children.length === 0 && scopeCovers(scope, { unitAncestorIds: found.unit.ancestor_ids }));
  if (!allowed) {
    throw new AppError('NOT_FOUND', { subject: 'unit' });
  }
  return found;
}

/**
 * @throws NOT_FOUND when the unit does not exist or the caller may not read the dossiers of its whole subtree
 * @throws VALIDATION_FAILED when the period ends before it starts or spans more than five years
 */
export async function timelinessReport(
  ctx: ServiceContext,
  clock: Clock,
  query: TTimelinessQuery,
): Promise<TTimelinessReport> {
  const now = clock.now();
  const { from, to } = reportPeriod(query, now);
  // Counts roll up the whole subtree, so the caller must see all of it (a commune has nothing below).
  const found = await reportableUnit(ctx, query.unitId, from);
  const { unit } = found;

  const rows = await countTimeliness(ctx.db, {
    unitId: unit.id,
    depth: unit.ancestor_ids.length,
    from,
    to,
    now,
  });
  const byChild = new Map(rows.map((r) => [r.child_unit_id, r]));
  const counted = (id: string | null): TimelinessCounts => {
    const { child_unit_id: _, ...counts } = byChild.get(id) ?? { ...ZERO, child_unit_id: id };
    return counts;
  };
  // Units ended before the period still show when dossiers they received count in it.
  const children = [...found.children];
  for (const row of rows) {
    if (row.child_unit_id && !children.some((c) => c.id === row.child_unit_id)) {
      const ended = await findUnitWithChildren(ctx.db, row.child_unit_id, from);
      if (ended) children.push({ id: ended.unit.id, name: ended.unit.name, kind: ended.unit.kind });
    }
  }
  const subUnits = children.map((child) => ({
    unit: { id: child.id, name: child.name, kind: child.kind },
    counts: withRate(counted(child.id)),
  }));
  const totals = subUnits.reduce((sum, s) => add(sum, s.counts), counted(null));
  return {
    unit: { id: unit.id, name: unit.name, kind: unit.kind },
    from,
    to,
    asOf: now.toISOString(),
    totals: withRate(totals),
    own: withRate(counted(null)),
    subUnits,
  };
}

/** The units the caller may see the timeliness report of, the widest first (a province before its communes). */
export async function reportableUnits(ctx: ServiceContext): Promise<{ id: string; name: string }[]> {
  const scope = scopeFor(ctx.actor, 'reports.read');
  const rows = await listReportableUnits(ctx.db, scope);
  return rows.map((u) => ({ id: u.id, name: u.name }));
}
