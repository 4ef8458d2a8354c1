import { CalendarYearBody, DueQuery, YearParams } from '../../modules/calendar/calendar.schema.ts';
import {
  createDraftVersion,
  createProcedure,
  listUnpublishedProcedures,
  publishVersion,
  updateDraftVersion,
} from '../../modules/procedures/manage-procedures.ts';
import { ProcedureCreateBody, VersionBody, VersionParams } from '../../modules/procedures/procedures.schema.ts';
import { getVersion, loadProcedure } from '../../modules/procedures/procedures.service.ts';
import { vietnamToday } from '../../modules/units/units.service.ts';
import type { Platform } from '../../app.ts';
import type { ServiceContext } from '../context.ts';
import { existingId, parse } from './web-services.ts';

/**
 * The administration pages' view of the procedure catalogue (versions, drafts, publication) and of the working-day
 * calendar: the same service functions as the REST routes, validated by the same zod schemas. Kept apart from
 * web-services.ts so the general list there stays readable.
 */
export function createAdminConfigServices(platform: Platform, ctx: () => ServiceContext) {
  const versionNumber = (id: string, version: string | number) =>
    parse(VersionParams, { id: existingId(id, 'procedure'), version }, 'query').version;
  const year = (value: string | number) => parse(YearParams, { year: value }, 'query').year;
  return {
    procedureAdmin: {
      /** Procedures the caller manages that were never published (web-only: the catalogue lists those in force). */
      unpublished: () => listUnpublishedProcedures(ctx()),
      /** POST /procedures: a new procedure of a province with version 1 as a draft. */
      create: (body: unknown) => createProcedure(ctx(), parse(ProcedureCreateBody, body)),
      /** True when the caller manages the procedure (sees its drafts, may version it). @throws NOT_FOUND */
      manages: async (id: string) => (await loadProcedure(ctx(), existingId(id, 'procedure'))).manages,
      /** One version whole (PUT/GET /procedures/:id/versions/:version); drafts only for their managers. */
      version: (id: string, version: string | number) => getVersion(ctx(), id, versionNumber(id, version)),
      /** POST /procedures/:id/versions: a new draft copied from the version in force. */
      newVersion: (id: string) => createDraftVersion(ctx(), existingId(id, 'procedure')),
      /** PUT /procedures/:id/versions/:version: replaces a draft after the typed workflow validator accepts it. */
      saveDraft: (id: string, version: string | number, body: unknown) =>
        updateDraftVersion(ctx(), id, versionNumber(id, version), parse(VersionBody, body)),
      /** POST /procedures/:id/versions/:version/publish. */
      publish: (id: string, version: string | number) => publishVersion(ctx(), id, versionNumber(id, version)),
    },
    calendar: {
      /** Today's year in Viet Nam, where the calendar pages start. */
      currentYear: () => Number(vietnamToday().slice(0, 4)),
      /** GET /calendar/years/:year. @throws NOT_FOUND when the year has no data yet */
      year: (value: string | number) => platform.calendar.getYear(ctx(), year(value)),
      /** PUT /calendar/years/:year: replaces the year's data; the calendar version changes with it. */
      replaceYear: (value: string | number, body: unknown) =>
        platform.calendar.putYear(ctx(), year(value), parse(CalendarYearBody, body)),
      /** GET /calendar/due: the due time of a deadline counted from a receipt time. */
      due: (query: Record<string, unknown>) => platform.calendar.computeDue(ctx(), parse(DueQuery, query, 'query')),
    },
  };
}
