import type { Clock } from '../../platform/clock.ts';
import { type Database, inTransaction } from '../../platform/db/database.ts';
import { translate } from '../../platform/i18n/index.ts';
import { shortVietnameseDate } from '../../platform/i18n/vietnamese-format.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import { enqueueMail } from '../../platform/mail/mail-worker.ts';
import { businessDay } from '../documents/number-document.ts';
import * as repo from './tasks.repository.ts';

/**
 * Task reminders: once a day every officer with unfinished tasks due within REMIND_DAYS_BEFORE days or overdue
 * gets one digest listing them. The digest is claimed (task_reminder_digests) and queued in one transaction, so a
 * repeated run the same day sends nothing.
 */

export const TASK_REMINDER_QUEUE = 'tasks.deadline-reminders';
/** How many days before the deadline assignees are reminded. */
export const REMIND_DAYS_BEFORE = 2;

function addDays(day: string, days: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

function dateOf(day: string): string {
  return shortVietnameseDate(new Date(`${day}T12:00:00+07:00`));
}

/**
 * Queues today's digests.
 * @returns how many mails were queued and how many tasks they listed
 */
export async function sendTaskReminders(platform: {
  database: Pick<Database, 'db'>;
  jobs: Pick<Jobs, 'enqueue'>;
  clock: Clock;
}): Promise<{ mails: number; items: number }> {
  const today = businessDay(platform.clock.now());
  return inTransaction(platform.database.db, async (trx) => {
    const rows = await repo.listOpenDueUntil(trx, addDays(today, REMIND_DAYS_BEFORE));
    const byAssignee = new Map<string, typeof rows>();
    for (const row of rows) {
      if (!row.email) continue;
      byAssignee.set(row.assignee_id, [...(byAssignee.get(row.assignee_id) ?? []), row]);
    }
    let mails = 0;
    let items = 0;
    for (const [userId, tasks] of byAssignee) {
      const first = tasks[0];
      if (!first?.email || !(await repo.claimDigest(trx, userId, today, tasks.length))) continue;
      const line = (t: (typeof tasks)[number]) =>
        translate('vi', 'tasks.reminderMail.item', { title: t.title, dueOn: dateOf(t.due_on), progress: t.progress });
      const soon = tasks.filter((t) => t.due_on >= today).map(line);
      const late = tasks.filter((t) => t.due_on < today).map(line);
      const text = [
        translate('vi', 'tasks.reminderMail.greeting', { name: first.full_name }),
        ...(soon.length > 0 ? ['', translate('vi', 'tasks.reminderMail.dueSoon'), ...soon] : []),
        ...(late.length > 0 ? ['', translate('vi', 'tasks.reminderMail.overdue'), ...late] : []),
        '',
        translate('vi', 'tasks.reminderMail.closing'),
        '',
        translate('vi', 'mail.signature'),
      ].join('\n');
      await enqueueMail(platform.jobs, trx, {
        to: first.email,
        subject: translate('vi', 'tasks.reminderMail.subject', { count: tasks.length }),
        text,
      });
      mails += 1;
      items += tasks.length;
    }
    return { mails, items };
  });
}

/** Schedules the daily run (07:15 Lào Cai time, after the documents' reminders) and its worker. */
export async function registerTaskWorkers(platform: { database: Database; jobs: Jobs; clock: Clock }): Promise<void> {
  await platform.jobs.work(TASK_REMINDER_QUEUE, async () => {
    await sendTaskReminders(platform);
  });
  await platform.jobs.schedule(TASK_REMINDER_QUEUE, '15 7 * * *');
}
