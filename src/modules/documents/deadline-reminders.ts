import type { Clock } from '../../platform/clock.ts';
import { type Database, inTransaction } from '../../platform/db/database.ts';
import { translate } from '../../platform/i18n/index.ts';
import { shortVietnameseDate } from '../../platform/i18n/vietnamese-format.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import { enqueueMail } from '../../platform/mail/mail-worker.ts';
import * as inRepo from './incoming.repository.ts';
import { businessDay } from './number-document.ts';

/**
 * Deadline reminders for incoming documents under handling: once a day, every lead and coordinator (the officer,
 * or the unit's mailbox when a unit was assigned) gets one e-mail listing their documents due within
 * REMIND_DAYS_BEFORE days (each reminded once) and those overdue (listed every day until completed). Mails are
 * queued in the run's transaction together with the rows that remember them, so a repeated run sends nothing twice.
 */

export const REMINDER_QUEUE = 'documents.deadline-reminders';
/** How many days before the deadline handlers are reminded. */
export const REMIND_DAYS_BEFORE = 2;

type Item = { row: inRepo.IncomingListRow; overdue: boolean };

function addDays(day: string, days: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

function dateOf(day: string): string {
  return shortVietnameseDate(new Date(`${day}T12:00:00+07:00`));
}

/**
 * Queues the reminder mails due now.
 * @returns how many mails were queued and how many documents they named
 */
export async function sendDeadlineReminders(platform: {
  database: Pick<Database, 'db'>;
  jobs: Pick<Jobs, 'enqueue'>;
  clock: Clock;
}): Promise<{ mails: number; items: number }> {
  const today = businessDay(platform.clock.now());
  return inTransaction(platform.database.db, async (trx) => {
    const rows = await inRepo.listDueUntil(trx, addDays(today, REMIND_DAYS_BEFORE));
    const byRecipient = new Map<string, { name: string; items: Item[] }>();
    for (const row of rows) {
      const dueOn = row.handling_due_on;
      if (!dueOn) continue;
      const overdue = dueOn < today;
      const assignments = await inRepo.listAssignments(trx, row.id, row.assignment_seq);
      for (const a of assignments.filter((x) => x.role !== 'inform')) {
        const address = a.user_email ?? a.agency_email;
        if (!address) continue;
        const claimed = await inRepo.claimReminder(trx, {
          document_id: row.id,
          recipient: address.toLowerCase(),
          kind: overdue ? 'overdue' : 'due_soon',
          sent_on: overdue ? today : dueOn,
        });
        if (!claimed) continue;
        const entry = byRecipient.get(address) ?? { name: a.user_name ?? a.agency_name ?? address, items: [] };
        entry.items.push({ row, overdue });
        byRecipient.set(address, entry);
      }
    }
    let items = 0;
    for (const [address, { name, items: list }] of byRecipient) {
      const line = (item: Item) =>
        translate('vi', 'documents.deadlineMail.item', {
          incomingNumber: item.row.incoming_number ?? '',
          notation: item.row.notation,
          sender: item.row.sender_name,
          subject: item.row.subject,
          dueOn: dateOf(item.row.handling_due_on ?? today),
        });
      const soon = list.filter((i) => !i.overdue).map(line);
      const late = list.filter((i) => i.overdue).map(line);
      const text = [
        translate('vi', 'documents.deadlineMail.greeting', { name }),
        ...(soon.length > 0 ? ['', translate('vi', 'documents.deadlineMail.dueSoon'), ...soon] : []),
        ...(late.length > 0 ? ['', translate('vi', 'documents.deadlineMail.overdue'), ...late] : []),
        '',
        translate('vi', 'documents.deadlineMail.closing'),
        '',
        translate('vi', 'mail.signature'),
      ].join('\n');
      await enqueueMail(platform.jobs, trx, {
        to: address,
        subject: translate('vi', 'documents.deadlineMail.subject', { count: list.length }),
        text,
      });
      items += list.length;
    }
    return { mails: byRecipient.size, items };
  });
}

/** Schedules the daily reminder run (07:00 Lào Cai time) and its worker; run where workers run. */
export async function registerDocumentWorkers(platform: {
  database: Database;
  jobs: Jobs;
  clock: Clock;
}): Promise<void> {
  await platform.jobs.work(REMINDER_QUEUE, async () => {
    await sendDeadlineReminders(platform);
  });
  await platform.jobs.schedule(REMINDER_QUEUE, '0 7 * * *');
}
