import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/http/pagination.ts';

const Uuid = z.uuid();
const IsoDate = z.iso.date().describe('Calendar date, YYYY-MM-DD (local days, Asia/Ho_Chi_Minh)');

export const DeadlineAlert = z
  .object({
    id: Uuid,
    dossier: z.object({ id: Uuid, code: z.string(), procedureName: z.string() }),
    target: z.enum(['step', 'dossier']).describe('The current step’s due time, or the appointment for the result'),
    kind: z
      .enum(['due_soon', 'overdue', 'escalated'])
      .describe('Warned before the due time; overdue (to the holder); escalated (to a leader of the unit)'),
    stepId: z.string().nullable(),
    unitName: z.string(),
    dueAt: z.string(),
    raisedAt: z.string(),
    stillOpen: z.boolean().describe('The dossier is still open with this due time (not yet moved on or re-dated)'),
  })
  .meta({ id: 'DeadlineAlert' });
export const DeadlineAlertPage = pageOf(DeadlineAlert).meta({ id: 'DeadlineAlertPage' });
export const DeadlineAlertQuery = PageQuery;
export type TDeadlineAlertQuery = z.infer<typeof DeadlineAlertQuery>;
export type TDeadlineAlertPage = z.infer<typeof DeadlineAlertPage>;

export const TimelinessQuery = z.object({
  unitId: Uuid.describe('The unit; its own dossiers and every unit below it are counted'),
  from: IsoDate.optional().describe('First day of the period (default: the first of the month of `to`)'),
  to: IsoDate.optional().describe('Last day of the period, inclusive (default: today)'),
});
export type TTimelinessQuery = z.infer<typeof TimelinessQuery>;

const Count = z.number().int().min(0);
const Counts = z.object({
  received: Count.describe('Accepted (receipt issued) in the period'),
  finished: Count.describe('Result or refusal registered in the period'),
  finishedEarly: Count.describe('Finished on a day before the appointment day'),
  finishedOnTime: Count.describe('Finished on the appointment day, before its time'),
  finishedLate: Count.describe('Finished after the appointment, or after an apology letter moved it'),
  apologized: Count.describe('Apology letters issued in the period'),
  returned: Count.describe('Results handed over in the period'),
  refused: Count.describe('Not accepted by the desk in the period'),
  withdrawn: Count.describe('Withdrawn by the applicant in the period'),
  inProgress: Count.describe('Open now (including paused for a supplement or a suspension)'),
  overdue: Count.describe('Open now, clock running, past the appointment'),
  onTimeRate: z.number().min(0).max(1).nullable().describe('(early + on time) / finished; null when none finished'),
});
const UnitRef = z.object({ id: Uuid, name: z.string(), kind: z.string() });

export const TimelinessReport = z
  .object({
    unit: UnitRef,
    from: IsoDate,
    to: IsoDate,
    asOf: z.string().describe('When the “now” counts (in progress, overdue) were taken'),
    totals: Counts.describe('The unit and everything below it'),
    own: Counts.describe('Dossiers the unit received itself'),
    subUnits: z
      .array(z.object({ unit: UnitRef, counts: Counts }))
      .describe('Each unit directly below, with its subtree'),
  })
  .meta({ id: 'TimelinessReport' });
export type TTimelinessReport = z.infer<typeof TimelinessReport>;
