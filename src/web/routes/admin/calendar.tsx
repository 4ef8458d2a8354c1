import { redirect } from 'react-router';
import type { Route } from './+types/calendar';
import { requireCalendarManager } from '../../lib/admin-config.server.ts';

/** The calendar section opens on this year's page. */
export async function loader({ request, context }: Route.LoaderArgs) {
  requireCalendarManager(context, request);
  throw redirect(`/quan-tri/lich-lam-viec/${context.services.calendar.currentYear()}`);
}

export default function CalendarIndex() {
  return null;
}
