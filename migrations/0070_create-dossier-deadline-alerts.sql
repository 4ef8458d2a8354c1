-- Deadline alerts of dossiers: who was warned, flagged or escalated about which due time. One row per
-- (dossier, step or whole dossier, kind, due time, recipient): the sweep inserts what is due and only new rows are
-- sent, so a restart or a second worker never mails twice, and a due time moved by a supplement, a suspension or
-- an apology gets alerts of its own.
CREATE TABLE dossier_deadline_alerts (
  id uuid PRIMARY KEY,
  dossier_id uuid NOT NULL REFERENCES dossiers (id),
  target text NOT NULL CHECK (target IN ('step', 'dossier')),
  kind text NOT NULL CHECK (kind IN ('due_soon', 'overdue', 'escalated')),
  step_id text,
  unit_id uuid NOT NULL REFERENCES units (id),
  due_at timestamptz NOT NULL,
  recipient_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  CHECK ((target = 'step') = (step_id IS NOT NULL)),
  UNIQUE (dossier_id, target, kind, due_at, recipient_id)
);
CREATE INDEX dossier_deadline_alerts_recipient_idx ON dossier_deadline_alerts (recipient_id, created_at DESC);

COMMENT ON TABLE dossier_deadline_alerts IS 'Deadline alerts sent about dossiers: a step or the dossier due soon, overdue, or escalated to a unit leader. Unique per due time and recipient, so each is sent once.';
COMMENT ON COLUMN dossier_deadline_alerts.id IS 'UUIDv7.';
COMMENT ON COLUMN dossier_deadline_alerts.dossier_id IS 'The dossier the alert is about.';
COMMENT ON COLUMN dossier_deadline_alerts.target IS 'step: the due time of the current workflow step; dossier: the appointment for the result.';
COMMENT ON COLUMN dossier_deadline_alerts.kind IS 'due_soon: warned before the due time; overdue: the due time passed (sent to the assignee); escalated: the due time passed (sent to a leader of the unit).';
COMMENT ON COLUMN dossier_deadline_alerts.step_id IS 'The workflow step the alert is about (target step only).';
COMMENT ON COLUMN dossier_deadline_alerts.unit_id IS 'The unit the dossier was at when the alert was raised.';
COMMENT ON COLUMN dossier_deadline_alerts.due_at IS 'The due time the alert is about; a re-based or moved due time gets new alerts.';
COMMENT ON COLUMN dossier_deadline_alerts.recipient_id IS 'The officer alerted: the assignee, or a leader of the unit when nobody is assigned or on escalation.';
COMMENT ON COLUMN dossier_deadline_alerts.created_at IS 'When the sweep raised the alert (business clock).';
