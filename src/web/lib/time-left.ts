import { CLOCK_RUNNING_STATUSES, type DossierStatus } from '../../modules/dossiers/dossier-model.ts';

/** How a dossier stands against its due time, as the queue and the dossier page mark it. */
export type TimeLeft = 'onTime' | 'nearDue' | 'overdue' | 'paused' | 'none' | 'done';

const HOUR_MS = 3_600_000;

/**
 * The time-left mark of a dossier at `now` (business time, judged on the server so the page and its hydration
 * agree). "Near due" is the last quarter of the time the dossier had, at least one hour and at most one day: a
 * four-working-hour birth registration turns near due in its last hour and a half, a fifteen-day one in its last day.
 */
export function timeLeftOf(
  dossier: {
    status: DossierStatus;
    dueAt: string | null;
    submittedAt: string;
    overdue: boolean;
    paused: boolean;
  },
  now: Date,
): TimeLeft {
  if (dossier.overdue) return 'overdue';
  if (dossier.paused) return 'paused';
  if (!dossier.dueAt) return 'none';
  if (!(CLOCK_RUNNING_STATUSES as readonly DossierStatus[]).includes(dossier.status)) return 'done';
  const due = new Date(dossier.dueAt).getTime();
  const span = due - new Date(dossier.submittedAt).getTime();
  const window = Math.min(24 * HOUR_MS, Math.max(HOUR_MS, span / 4));
  return due - now.getTime() <= window ? 'nearDue' : 'onTime';
}
