import type { FastifyBaseLogger } from 'fastify';
import { type Database, inTransaction } from '../../platform/db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { translate } from '../../platform/i18n/index.ts';
import { vietnameseDateTime } from '../../platform/i18n/vietnamese-format.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import { enqueueMail } from '../../platform/mail/mail-worker.ts';
import { newId } from '../../platform/ids.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import * as repo from './deadline-alerts.repository.ts';
import { planAlerts } from './plan-alerts.ts';

/**
 * The deadline sweep: finds open dossiers near or past a due time, records the alerts not raised before and mails
 * each recipient one digest of them, all in one transaction — an alert exists exactly when its mail is queued, and
 * a crash or a second worker re-running the sweep sends nothing twice.
 */

export const DEADLINE_SWEEP_QUEUE = 'dossiers.deadline-sweep';

/** Far enough ahead that a warning window in working hours never reaches past it, even across Tết. */
const HORIZON_MS = 30 * 86_400_000;

export type SweepDeps = {
  database: Database;
  jobs: Pick<Jobs, 'enqueue'>;
  calendar: CalendarService;
  clock: Clock;
  config: { deadlines: { warningWorkingHours: number } };
};

export type SweepResult = { dueSoon: number; overdue: number; escalated: number; mails: number };

/** Runs one sweep at the business clock's now. */
export async function sweepDeadlines(deps: SweepDeps): Promise<SweepResult> {
  const now = deps.clock.now();
  const db = deps.database.db;
  const calendar = await deps.calendar.current(db);
  const candidates = await repo.findDeadlineCandidates(db, new Date(now.getTime() + HORIZON_MS));
  const unitIds = [...new Set(candidates.flatMap((c) => c.unit_ancestor_ids))];
  const planned = planAlerts({
    candidates,
    leaderGrants: await repo.findLeaderGrants(db, unitIds),
    calendar,
    now,
    warningWorkingMinutes: Math.round(deps.config.deadlines.warningWorkingHours * 60),
  });
  const byDossier = new Map(candidates.map((c) => [c.id, c]));

  return inTransaction(db, async (trx) => {
    const fresh = await repo.insertNewAlerts(
      trx,
      planned.map((p) => ({
        id: newId(),
        dossier_id: p.dossierId,
        target: p.target,
        kind: p.kind,
        step_id: p.stepId,
        unit_id: p.unitId,
        due_at: p.dueAt,
        recipient_id: p.recipientId,
        created_at: now,
      })),
    );
    const result: SweepResult = { dueSoon: 0, overdue: 0, escalated: 0, mails: 0 };
    for (const alert of fresh) {
      result[alert.kind === 'due_soon' ? 'dueSoon' : alert.kind] += 1;
    }
    const recipients = await repo.findRecipients(trx, [...new Set(fresh.map((a) => a.recipient_id))]);
    const unitNames = await unitNamesOf(trx, [...new Set(fresh.map((a) => a.unit_id))]);
    for (const recipient of recipients) {
      if (!recipient.email) continue;
      const theirs = fresh
        .filter((a) => a.recipient_id === recipient.id)
        .sort((a, b) => a.due_at.getTime() - b.due_at.getTime());
      const lines = theirs.map((a) => {
        const dossier = byDossier.get(a.dossier_id);
        return translate('vi', 'deadlines.line', {
          code: dossier?.code ?? a.dossier_id,
          procedure: dossier?.procedure_name ?? '',
          unit: unitNames.get(a.unit_id) ?? '',
          what: translate('vi', `deadlines.what.${a.target}.${a.kind}`),
          dueAt: vietnameseDateTime(a.due_at),
        });
      });
      await enqueueMail(deps.jobs, trx, {
        to: recipient.email,
        subject: translate('vi', 'deadlines.subject', { count: theirs.length }),
        text: [
          translate('vi', 'deadlines.greeting', { name: recipient.full_name }),
          lines.join('\n'),
          translate('vi', 'deadlines.closing'),
          translate('vi', 'mail.signature'),
        ].join('\n\n'),
      });
      result.mails += 1;
    }
    return result;
  });
}

async function unitNamesOf(db: Parameters<typeof repo.findRecipients>[0], ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('units').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Schedules the sweep on the job runner's cron (one run per tick across all worker processes) and works it.
 * @returns nothing; the runner stops with the app
 */
export async function startDeadlineSweep(
  deps: SweepDeps & { jobs: Jobs; config: SweepDeps['config'] & { deadlines: { sweepCron: string } } },
  log: FastifyBaseLogger,
): Promise<void> {
  await deps.jobs.work(DEADLINE_SWEEP_QUEUE, async () => {
    const result = await sweepDeadlines(deps);
    if (result.mails > 0) {
      log.info({ ...result }, 'deadline alerts sent');
    }
  });
  await deps.jobs.schedule(DEADLINE_SWEEP_QUEUE, deps.config.deadlines.sweepCron);
}
