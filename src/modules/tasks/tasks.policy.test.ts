import { describe, expect, it } from 'vitest';
import type { Actor, Grant } from '../../platform/auth/actor.ts';
import { canReadRecord, canReadTask, recordActionsFor, recordRefusal, taskActionsFor } from './tasks.policy.ts';
import { RECORD_STATUSES, TASK_STATUSES, isTaskOverdue, nextRecordStatus, recordActionsIn } from './work-model.ts';

/** The transition tables and the policy on plain facts (no database). */

const PROVINCE = 'u-province';
const JUSTICE = 'a-justice';
const FINANCE = 'a-finance';
const staff = (userId: string, grants: Grant[]): Actor => ({
  kind: 'user',
  userId,
  userKind: 'staff',
  fullName: userId,
  grants,
});
const grant = (role: Grant['role'], agencyId: string): Grant => ({
  role,
  unitId: PROVINCE,
  agencyId,
  includesSubUnits: false,
});
const officer = staff('officer', [grant('specialist', JUSTICE)]);
const otherOfficer = staff('other', [grant('specialist', JUSTICE)]);
const leader = staff('leader', [grant('leader', JUSTICE)]);
const clerk = staff('clerk', [grant('clerk', JUSTICE)]);
const financeLeader = staff('fleader', [grant('leader', FINANCE)]);
const placement = { unitAncestorIds: [PROVINCE], agencyId: JUSTICE };

describe('work records', () => {
  it('are final once handed over, and reopened only from closed', () => {
    expect(recordActionsIn('archived')).toEqual([]);
    expect(RECORD_STATUSES.filter((s) => nextRecordStatus(s, 'reopen') !== null)).toEqual(['closed']);
    expect(RECORD_STATUSES.filter((s) => nextRecordStatus(s, 'file') !== null)).toEqual(['open']);
  });

  it('are the keeper’s to fill and close, a leader’s to reopen, the archive’s to receive', () => {
    const open = { status: 'open' as const, placement, ownerId: 'officer' };
    const closed = { ...open, status: 'closed' as const };
    expect(recordActionsFor(officer, open)).toEqual(['file', 'close']);
    expect(recordActionsFor(otherOfficer, open)).toEqual([]);
    expect(recordActionsFor(leader, closed)).toEqual(['reopen']);
    expect(recordActionsFor(clerk, closed)).toEqual(['hand_over']);
    expect(recordRefusal(leader, 'reopen', { ...closed, status: 'archived' })?.code).toBe('RECORD_ACTION_NOT_ALLOWED');
    expect(canReadRecord(otherOfficer, open)).toBe(false);
    expect(canReadRecord(financeLeader, open)).toBe(false);
    expect(canReadRecord(leader, open)).toBe(true);
  });
});

describe('tasks', () => {
  const facts = {
    status: 'in_progress' as const,
    placement,
    assigneeId: 'officer',
    creatorId: 'leader',
    coordinatorIds: ['clerk'],
  };

  it('are overdue only while unfinished and past the deadline', () => {
    expect(TASK_STATUSES.filter((s) => isTaskOverdue({ status: s, dueOn: '2026-03-04' }, '2026-03-05'))).toEqual([
      'assigned',
      'in_progress',
    ]);
    expect(isTaskOverdue({ status: 'assigned', dueOn: '2026-03-05' }, '2026-03-05')).toBe(false);
  });

  it('are worked by the assignee, reported on by coordinators, cancelled by leaders, hidden from others', () => {
    expect(taskActionsFor(officer, facts)).toEqual(['report_progress', 'complete', 'link_record']);
    expect(taskActionsFor(clerk, facts)).toEqual(['report_progress']);
    expect(taskActionsFor(leader, facts)).toEqual(['complete', 'cancel', 'link_record']);
    expect(canReadTask(otherOfficer, facts)).toBe(false);
    expect(canReadTask(financeLeader, facts)).toBe(false);
    expect(taskActionsFor(leader, { ...facts, status: 'cancelled' })).toEqual([]);
  });
});
