import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import { toUuidArray } from '../../platform/db/scope-filter.ts';
import type { CalendarDayKind, CalendarYear } from './working-calendar.ts';

/** Every calendar year with its exceptional days. */
export async function loadCalendarYears(db: Queryable): Promise<CalendarYear[]> {
  const years = await db.selectFrom('calendar_years').select(['year', 'status']).orderBy('year').execute();
  const days = await db.selectFrom('calendar_days').select(['day', 'year', 'kind', 'name']).orderBy('day').execute();
  return years.map((y) => ({
    year: y.year,
    status: y.status as CalendarYear['status'],
    entries: days
      .filter((d) => d.year === y.year)
      .map((d) => ({ day: d.day, kind: d.kind as CalendarDayKind, name: d.name })),
  }));
}

/** Replaces one year's data whole. */
export async function replaceCalendarYear(db: Queryable, year: CalendarYear, updatedBy: string | null): Promise<void> {
  await db
    .insertInto('calendar_years')
    .values({ year: year.year, status: year.status, updated_by: updatedBy })
    .onConflict((oc) => oc.column('year').doUpdateSet({ status: year.status, updated_by: updatedBy, updated_at: sql`now()` }))
    .execute();
  await db.deleteFrom('calendar_days').where('year', '=', year.year).execute();
  if (year.entries.length > 0) {
    await db
      .insertInto('calendar_days')
      .values(year.entries.map((e) => ({ day: e.day, year: year.year, kind: e.kind, name: e.name })))
      .execute();
  }
}

/** True when one of the units is a root of the tree (a province): calendar rights are held there. */
export async function includesRootUnit(db: Queryable, unitIds: readonly string[]): Promise<boolean> {
  if (unitIds.length === 0) return false;
  const row = await db
    .selectFrom('units')
    .select('id')
    .where(sql<boolean>`id = ANY(${toUuidArray(unitIds)})`)
    .where('parent_id', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}
