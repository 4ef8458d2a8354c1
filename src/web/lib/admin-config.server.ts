import { type AppLoadContext, data } from 'react-router';
import { type RouteErrorData, type StaffActor, requireStaff } from './guards.server.ts';
import { canAnywhere } from './lists.server.ts';

/**
 * Gates of the procedure and calendar administration pages. The services check the exact scope of every change;
 * these only keep officers without the permission anywhere away from pages they could not use (403, as the
 * services would answer).
 */

function refuse(): never {
  throw data({ code: 'FORBIDDEN' } satisfies RouteErrorData, { status: 403 });
}

/** Signed-in staff holding procedures.manage somewhere, or 403. */
export function requireProcedureManager(context: AppLoadContext, request: Request): StaffActor {
  const actor = requireStaff(context, request);
  if (!canAnywhere(actor, 'procedures.manage')) refuse();
  return actor;
}

/** Signed-in staff holding calendar.manage somewhere, or 403. */
export function requireCalendarManager(context: AppLoadContext, request: Request): StaffActor {
  const actor = requireStaff(context, request);
  if (!canAnywhere(actor, 'calendar.manage')) refuse();
  return actor;
}
