import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { workingMinutesBetween } from '../dossiers/deadlines.ts';
import type { DeadlineCandidate, LeaderGrant } from './deadline-alerts.repository.ts';

/**
 * Which deadline alerts an open dossier calls for now. Pure: the calendar, the leaders and the time are passed in.
 *
 * - A due time within the warning window (in working time, so a Friday afternoon warns about Monday morning and
 *   Tết does not count) warns the officer holding the dossier; with nobody assigned, the unit's leaders, who must
 *   assign it.
 * - A due time passed flags the dossier overdue to the officer holding it, and escalates it to the unit's leaders.
 * - The step's due time is watched only while it falls before the appointment; otherwise the appointment's alerts
 *   say the same thing once.
 */

export type PlannedAlert = {
  dossierId: string;
  target: 'step' | 'dossier';
  kind: 'due_soon' | 'overdue' | 'escalated';
  stepId: string | null;
  unitId: string;
  dueAt: Date;
  recipientId: string;
};

/**
 * The leaders answerable for a unit (and agency): the agency's own leaders at the unit, else the unit's general
 * leaders, else those of the nearest unit above whose grant reaches down.
 */
export function leadersOf(
  placement: { unitAncestorIds: readonly string[]; agencyId: string | null },
  grants: readonly LeaderGrant[],
): string[] {
  const ancestors = placement.unitAncestorIds;
  for (let i = ancestors.length - 1; i >= 0; i -= 1) {
    const unitId = ancestors[i];
    const own = i === ancestors.length - 1;
    const here = grants.filter((g) => g.unit_id === unitId && (own || g.includes_sub_units));
    const ofAgency = placement.agencyId ? here.filter((g) => g.agency_id === placement.agencyId) : [];
    const chosen = ofAgency.length > 0 ? ofAgency : here.filter((g) => g.agency_id === null);
    if (chosen.length > 0) {
      return [...new Set(chosen.map((g) => g.user_id))].sort();
    }
  }
  return [];
}

/** Working minutes left before `dueAt`, or null when the calendar has no data that far (no warning then). */
function minutesLeft(calendar: WorkingCalendar, now: Date, dueAt: Date): number | null {
  try {
    return workingMinutesBetween(calendar, now, dueAt);
  } catch {
    return null;
  }
}

/** The alerts the dossiers call for at `now`; the store keeps only those not raised before. */
export function planAlerts(input: {
  candidates: readonly DeadlineCandidate[];
  leaderGrants: readonly LeaderGrant[];
  calendar: WorkingCalendar;
  now: Date;
  warningWorkingMinutes: number;
}): PlannedAlert[] {
  const { calendar, now, warningWorkingMinutes } = input;
  const planned: PlannedAlert[] = [];
  for (const c of input.candidates) {
    const leaders = leadersOf(
      { unitAncestorIds: c.unit_ancestor_ids, agencyId: c.current_agency_id },
      input.leaderGrants,
    );
    const holders = c.assignee_id ? [c.assignee_id] : leaders;
    const watched: { target: 'step' | 'dossier'; dueAt: Date }[] = [];
    if (c.due_at) watched.push({ target: 'dossier', dueAt: c.due_at });
    if (c.step_due_at && c.current_step_id && (!c.due_at || c.step_due_at < c.due_at)) {
      watched.push({ target: 'step', dueAt: c.step_due_at });
    }
    for (const { target, dueAt } of watched) {
      const base = {
        dossierId: c.id,
        target,
        stepId: target === 'step' ? c.current_step_id : null,
        unitId: c.current_unit_id,
        dueAt,
      };
      if (now.getTime() > dueAt.getTime()) {
        for (const recipientId of holders) planned.push({ ...base, kind: 'overdue', recipientId });
        for (const recipientId of leaders) {
          if (!holders.includes(recipientId)) planned.push({ ...base, kind: 'escalated', recipientId });
        }
        continue;
      }
      const left = minutesLeft(calendar, now, dueAt);
      if (left !== null && left <= warningWorkingMinutes) {
        for (const recipientId of holders) planned.push({ ...base, kind: 'due_soon', recipientId });
      }
    }
  }
  return planned;
}
