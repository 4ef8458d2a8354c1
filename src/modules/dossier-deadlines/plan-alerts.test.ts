import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calendarYearsFromSeed } from '../calendar/calendar-seed.ts';
import { createWorkingCalendar } from '../calendar/working-calendar.ts';
import type { DeadlineCandidate, LeaderGrant } from './deadline-alerts.repository.ts';
import { leadersOf, planAlerts } from './plan-alerts.ts';

const calendar = createWorkingCalendar(
  calendarYearsFromSeed(JSON.parse(readFileSync('seed/calendar/vietnam-holidays.json', 'utf8'))),
);
const PROVINCE = '00000000-0000-7000-8000-000000000001';
const WARD = '00000000-0000-7000-8000-000000000002';
const JUSTICE = '00000000-0000-7000-8000-0000000000a1';

const grant = (user: string, unit: string, agency: string | null, subUnits: boolean): LeaderGrant => ({
  user_id: user,
  unit_id: unit,
  agency_id: agency,
  includes_sub_units: subUnits,
});

const candidate = (overrides: Partial<DeadlineCandidate>): DeadlineCandidate => ({
  id: 'd1',
  code: '000.00.30.H38-260213-0001',
  procedure_name: 'Thủ tục',
  current_unit_id: PROVINCE,
  current_agency_id: JUSTICE,
  unit_ancestor_ids: [PROVINCE],
  current_step_id: 'process',
  assignee_id: 'officer',
  step_due_at: null,
  due_at: null,
  ...overrides,
});

describe('leadersOf', () => {
  const grants = [
    grant('chairman', PROVINCE, null, true),
    grant('director', PROVINCE, JUSTICE, false),
    grant('ward-chair', WARD, null, false),
  ];
  it('prefers the agency’s own leaders, then the unit’s, then the nearest unit above that reaches down', () => {
    expect(leadersOf({ unitAncestorIds: [PROVINCE], agencyId: JUSTICE }, grants)).toEqual(['director']);
    expect(leadersOf({ unitAncestorIds: [PROVINCE], agencyId: null }, grants)).toEqual(['chairman']);
    expect(leadersOf({ unitAncestorIds: [PROVINCE, WARD], agencyId: null }, grants)).toEqual(['ward-chair']);
    expect(leadersOf({ unitAncestorIds: [PROVINCE, WARD], agencyId: null }, grants.slice(0, 2))).toEqual(['chairman']);
    // A grant that does not reach down is no leader of the units below.
    expect(
      leadersOf({ unitAncestorIds: [PROVINCE, WARD], agencyId: null }, [grant('x', PROVINCE, null, false)]),
    ).toEqual([]);
  });
});

describe('planAlerts', () => {
  const plan = (
    c: DeadlineCandidate,
    now: string,
    grants: LeaderGrant[] = [grant('director', PROVINCE, JUSTICE, false)],
  ) => planAlerts({ candidates: [c], leaderGrants: grants, calendar, now: new Date(now), warningWorkingMinutes: 450 });

  it('counts the warning window in working time: the last working day before Tết warns about the first after', () => {
    // Due Monday 23 February 2026 08:30, the first working day after Tết (16–20 February).
    const c = candidate({ due_at: new Date('2026-02-23T08:30:00+07:00') });
    // Thursday 12 February 16:00: an hour, a whole Friday and an hour on the 23rd — more than a working day.
    expect(plan(c, '2026-02-12T16:00:00+07:00')).toEqual([]);
    // Friday 13 February 09:00, ten days ahead on the wall clock but 7 working hours: warned.
    expect(plan(c, '2026-02-13T09:00:00+07:00').map((a) => [a.kind, a.recipientId])).toEqual([['due_soon', 'officer']]);
  });

  it('warns the leaders when nobody holds the dossier, and does not escalate to them twice', () => {
    const c = candidate({ assignee_id: null, due_at: new Date('2026-03-10T17:00:00+07:00') });
    expect(plan(c, '2026-03-10T15:00:00+07:00').map((a) => [a.kind, a.recipientId])).toEqual([
      ['due_soon', 'director'],
    ]);
    expect(plan(c, '2026-03-11T08:00:00+07:00').map((a) => [a.kind, a.recipientId])).toEqual([['overdue', 'director']]);
  });

  it('flags and escalates an overdue step, and leaves a step due with the appointment to the appointment’s alerts', () => {
    const due = new Date('2026-03-20T17:00:00+07:00');
    const late = candidate({ step_due_at: new Date('2026-03-12T10:00:00+07:00'), due_at: due });
    expect(plan(late, '2026-03-12T10:05:00+07:00').map((a) => [a.target, a.kind, a.recipientId])).toEqual([
      ['step', 'overdue', 'officer'],
      ['step', 'escalated', 'director'],
    ]);
    const lastStep = candidate({ step_due_at: due, due_at: due });
    expect(plan(lastStep, '2026-03-20T16:00:00+07:00').map((a) => a.target)).toEqual(['dossier']);
  });

  it('stays silent about a due time beyond the calendar’s data', () => {
    const c = candidate({ due_at: new Date('2031-01-06T17:00:00+07:00') });
    expect(plan(c, '2031-01-06T16:00:00+07:00')).toEqual([]);
  });
});
