-- The one-stop dossier engine (hồ sơ một cửa, NĐ 61/2018 as amended, now NĐ 118/2025).
--
-- Shape: a dossier is an append-only log of actions (dossier_actions); its status, step, placement, assignee and
-- due times are DERIVED by folding that log (src/modules/dossiers/derive-state.ts). The same columns are also kept
-- on the dossiers row as a projection, written in the same transaction as each action, because work queues filter
-- and sort by them in SQL; a property test proves the projection always equals the fold. `version` is the seq of
-- the last action: a writer must name it, and UNIQUE (dossier_id, seq) lets only one of two concurrent writers win.

CREATE TABLE dossiers (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 50),
  procedure_id uuid NOT NULL,
  procedure_version integer NOT NULL,
  receiving_unit_id uuid NOT NULL REFERENCES units (id),
  receiving_agency_id uuid NOT NULL REFERENCES agencies (id),
  channel text NOT NULL CHECK (channel IN ('online', 'counter')),
  applicant_kind text NOT NULL CHECK (applicant_kind IN ('citizen', 'business')),
  applicant_name text NOT NULL,
  applicant_personal_id text CHECK (applicant_personal_id ~ '^[0-9]{12}$'),
  applicant_tax_code text CHECK (applicant_tax_code ~ '^[0-9]{10}(-[0-9]{3})?$'),
  applicant_phone text,
  applicant_email text,
  applicant_address text,
  applicant_user_id uuid REFERENCES users (id),
  on_behalf_of jsonb,
  submitted_at timestamptz NOT NULL,
  received_at timestamptz,
  due_at timestamptz,
  calendar_version text,
  status text NOT NULL CHECK (status IN ('submitted', 'supplement_requested', 'refused', 'received', 'in_progress',
    'consulting', 'suspended', 'withdrawn', 'processed', 'rejected', 'result_ready', 'returned')),
  current_step_id text,
  current_unit_id uuid NOT NULL REFERENCES units (id),
  current_agency_id uuid REFERENCES agencies (id),
  assignee_id uuid REFERENCES users (id),
  step_due_at timestamptz,
  paused_at timestamptz,
  decision text CHECK (decision IN ('approved', 'rejected')),
  is_late boolean NOT NULL DEFAULT false,
  completed_at timestamptz,
  result_number text,
  returned_at timestamptz,
  return_method text CHECK (return_method IN ('counter', 'post', 'online')),
  rating smallint CHECK (rating BETWEEN 1 AND 5),
  rating_comment text,
  version integer NOT NULL CHECK (version >= 1),
  queue_due_at timestamptz GENERATED ALWAYS AS (coalesce(due_at, submitted_at)) STORED,
  applicant_name_search text GENERATED ALWAYS AS (search_text(applicant_name)) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (procedure_id, procedure_version) REFERENCES procedure_versions (procedure_id, version),
  CHECK (applicant_personal_id IS NOT NULL OR applicant_tax_code IS NOT NULL),
  -- Lets child rows carry the tenant key with a foreign key that keeps it consistent.
  UNIQUE (id, receiving_unit_id)
);
CREATE INDEX dossiers_queue_idx ON dossiers (queue_due_at, id);
CREATE INDEX dossiers_current_unit_idx ON dossiers (current_unit_id, status);
CREATE INDEX dossiers_current_agency_idx ON dossiers (current_agency_id) WHERE current_agency_id IS NOT NULL;
CREATE INDEX dossiers_receiving_unit_idx ON dossiers (receiving_unit_id, status);
CREATE INDEX dossiers_applicant_user_idx ON dossiers (applicant_user_id) WHERE applicant_user_id IS NOT NULL;
CREATE INDEX dossiers_assignee_idx ON dossiers (assignee_id) WHERE assignee_id IS NOT NULL;
CREATE INDEX dossiers_procedure_idx ON dossiers (procedure_id, procedure_version);
CREATE INDEX dossiers_applicant_name_search_idx ON dossiers USING gin (applicant_name_search gin_trgm_ops);
COMMENT ON TABLE dossiers IS 'One-stop dossiers (hồ sơ thủ tục hành chính): the application as submitted, and a projection of the state derived from its action log, kept for queues and filters.';
COMMENT ON COLUMN dossiers.id IS 'UUIDv7 identifier.';
COMMENT ON COLUMN dossiers.code IS 'Dossier code (mã hồ sơ, MaHoSo): <receiving agency e-id code>-<yyMMdd>-<NNNN>; unique and never re-issued.';
COMMENT ON COLUMN dossiers.procedure_id IS 'The procedure applied for.';
COMMENT ON COLUMN dossiers.procedure_version IS 'The procedure version the dossier was submitted under; it keeps it for its whole life.';
COMMENT ON COLUMN dossiers.receiving_unit_id IS 'The administrative unit whose one-stop desk received the dossier; the tenant key.';
COMMENT ON COLUMN dossiers.receiving_agency_id IS 'The one-stop desk (bộ phận một cửa, trung tâm phục vụ hành chính công) that received it; its code starts the dossier code.';
COMMENT ON COLUMN dossiers.channel IS 'online (submitted through the portal) or counter (received at the desk).';
COMMENT ON COLUMN dossiers.applicant_kind IS 'citizen or business (LoaiDoiTuong 1/2).';
COMMENT ON COLUMN dossiers.applicant_name IS 'Applicant''s full name or business name as submitted (snapshot).';
COMMENT ON COLUMN dossiers.applicant_personal_id IS 'Applicant''s 12-digit personal identification number, as submitted.';
COMMENT ON COLUMN dossiers.applicant_tax_code IS 'Applicant''s enterprise/tax code, as submitted.';
COMMENT ON COLUMN dossiers.applicant_phone IS 'Applicant''s phone number, as submitted.';
COMMENT ON COLUMN dossiers.applicant_email IS 'Applicant''s e-mail address, as submitted.';
COMMENT ON COLUMN dossiers.applicant_address IS 'Applicant''s address, as submitted.';
COMMENT ON COLUMN dossiers.applicant_user_id IS 'The account that submitted online (or that the desk linked); null for counter applicants without an account. Only this account acts as the applicant.';
COMMENT ON COLUMN dossiers.on_behalf_of IS 'The dossier owner (chủ hồ sơ) when the applicant acts for someone else: {fullName, personalId?, taxCode?, relation?}; null otherwise.';
COMMENT ON COLUMN dossiers.submitted_at IS 'When the dossier was submitted online or brought to the counter (the first action).';
COMMENT ON COLUMN dossiers.received_at IS 'When the desk accepted it as complete (the deadline counts from here); null before.';
COMMENT ON COLUMN dossiers.due_at IS 'Appointment for the result (ngày hẹn trả), re-based after supplements and suspensions and moved by apology letters; null before acceptance.';
COMMENT ON COLUMN dossiers.calendar_version IS 'Version of the working-day calendar the current due time was computed with.';
COMMENT ON COLUMN dossiers.status IS 'Projection: status derived from the action log (submitted, supplement_requested, refused, received, in_progress, consulting, suspended, withdrawn, processed, rejected, result_ready, returned).';
COMMENT ON COLUMN dossiers.current_step_id IS 'Projection: id of the workflow step the dossier is at; null before acceptance.';
COMMENT ON COLUMN dossiers.current_unit_id IS 'Projection: the unit the dossier is at (the receiving unit until routed); queues filter by it.';
COMMENT ON COLUMN dossiers.current_agency_id IS 'Projection: the agency the dossier is at, when the step names one.';
COMMENT ON COLUMN dossiers.assignee_id IS 'Projection: the officer the current step is assigned to; null when unassigned.';
COMMENT ON COLUMN dossiers.step_due_at IS 'Projection: when the current step should be done, from the step''s duration.';
COMMENT ON COLUMN dossiers.paused_at IS 'Projection: when the clock stopped (supplement requested during processing, suspension); null while it runs.';
COMMENT ON COLUMN dossiers.decision IS 'Projection: approved or rejected once a leader decided; null before.';
COMMENT ON COLUMN dossiers.is_late IS 'Projection: true when the result (or refusal) was completed after the due time in force.';
COMMENT ON COLUMN dossiers.completed_at IS 'Projection: when processing finished (result registered, or processing refused).';
COMMENT ON COLUMN dossiers.result_number IS 'Projection: number of the result document (số, ký hiệu).';
COMMENT ON COLUMN dossiers.returned_at IS 'Projection: when the result was handed to the applicant.';
COMMENT ON COLUMN dossiers.return_method IS 'Projection: how the result was returned: counter, post or online.';
COMMENT ON COLUMN dossiers.rating IS 'Projection: the applicant''s rating of the service, 1 to 5; given once.';
COMMENT ON COLUMN dossiers.rating_comment IS 'Projection: the applicant''s comment with the rating.';
COMMENT ON COLUMN dossiers.version IS 'Seq of the last action; a writer must name it (optimistic concurrency).';
COMMENT ON COLUMN dossiers.queue_due_at IS 'Sort key of work queues: the due time, or the submission time while there is none yet.';
COMMENT ON COLUMN dossiers.applicant_name_search IS 'Applicant name without diacritics, lower-cased, for search.';
COMMENT ON COLUMN dossiers.created_at IS 'When the row was created (database clock).';
COMMENT ON COLUMN dossiers.updated_at IS 'When the projection last changed (database clock).';

CREATE TABLE dossier_actions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier_id uuid NOT NULL REFERENCES dossiers (id),
  seq integer NOT NULL CHECK (seq >= 1),
  action text NOT NULL CHECK (action IN ('submit', 'receive', 'accept', 'request_supplement', 'supply', 'refuse',
    'assign', 'forward', 'transfer', 'return', 'consult', 'reply', 'approve', 'reject', 'suspend', 'resume',
    'withdraw', 'apologize', 'register_result', 'return_result', 'rate')),
  actor_id uuid REFERENCES users (id),
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'system')),
  unit_id uuid REFERENCES units (id),
  agency_id uuid REFERENCES agencies (id),
  at timestamptz NOT NULL,
  note text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  from_status text,
  to_status text NOT NULL,
  from_step_id text,
  to_step_id text,
  to_unit_id uuid REFERENCES units (id),
  to_agency_id uuid REFERENCES agencies (id),
  assignee_id uuid REFERENCES users (id),
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (dossier_id, seq)
);
-- Round-robin assignment looks for the officer assigned longest ago.
CREATE INDEX dossier_actions_assignee_idx ON dossier_actions (assignee_id, recorded_at) WHERE assignee_id IS NOT NULL;
COMMENT ON TABLE dossier_actions IS 'Append-only log of everything done to a dossier (the control sheet, Phiếu kiểm soát quá trình giải quyết hồ sơ); the dossier''s state is the fold of it.';
COMMENT ON COLUMN dossier_actions.id IS 'Insertion order across all dossiers.';
COMMENT ON COLUMN dossier_actions.dossier_id IS 'The dossier.';
COMMENT ON COLUMN dossier_actions.seq IS 'Position in the dossier''s log from 1; unique per dossier, so two concurrent actions cannot both be recorded.';
COMMENT ON COLUMN dossier_actions.action IS 'What was done: submit, receive, accept, request_supplement, supply, refuse, assign, forward, transfer, return, consult, reply, approve, reject, suspend, resume, withdraw, apologize, register_result, return_result, rate.';
COMMENT ON COLUMN dossier_actions.actor_id IS 'The account that acted; null for the system.';
COMMENT ON COLUMN dossier_actions.actor_kind IS 'user or system.';
COMMENT ON COLUMN dossier_actions.unit_id IS 'The unit on whose behalf the actor acted (the step''s unit, the desk''s unit); null for the applicant.';
COMMENT ON COLUMN dossier_actions.agency_id IS 'The agency on whose behalf the actor acted, when the step names one.';
COMMENT ON COLUMN dossier_actions.at IS 'When it happened (the application clock, in which due times are computed).';
COMMENT ON COLUMN dossier_actions.note IS 'Free text of the actor: opinion, instruction, explanation.';
COMMENT ON COLUMN dossier_actions.data IS 'Typed details of the action (reasons, supplement items, new due times, result number, rating…); see DossierActionData in src/modules/dossiers/dossier-model.ts.';
COMMENT ON COLUMN dossier_actions.from_status IS 'Status before the action; null for the first.';
COMMENT ON COLUMN dossier_actions.to_status IS 'Status after the action, as derived by the fold (kept for readers of the log such as the national-portal sync).';
COMMENT ON COLUMN dossier_actions.from_step_id IS 'Workflow step before the action.';
COMMENT ON COLUMN dossier_actions.to_step_id IS 'Workflow step the action moved the dossier to; null when it did not move.';
COMMENT ON COLUMN dossier_actions.to_unit_id IS 'Unit the action placed the dossier at; null when the placement did not change.';
COMMENT ON COLUMN dossier_actions.to_agency_id IS 'Agency the action placed the dossier at (with to_unit_id; null there means the whole unit).';
COMMENT ON COLUMN dossier_actions.assignee_id IS 'The officer this action assigned the dossier to; null when it assigned nobody.';
COMMENT ON COLUMN dossier_actions.recorded_at IS 'When the row was written (database clock).';

-- Append-only, like audit_log: the log is the dossier's legal history and the source of its state.
CREATE FUNCTION dossier_actions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'dossier_actions is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
COMMENT ON FUNCTION dossier_actions_guard() IS 'Refuses updates, deletes and truncation of dossier_actions.';
CREATE TRIGGER dossier_actions_append_only BEFORE UPDATE OR DELETE ON dossier_actions
  FOR EACH ROW EXECUTE FUNCTION dossier_actions_guard();
CREATE TRIGGER dossier_actions_no_truncate BEFORE TRUNCATE ON dossier_actions
  FOR EACH STATEMENT EXECUTE FUNCTION dossier_actions_guard();

CREATE TABLE dossier_files (
  id uuid PRIMARY KEY,
  dossier_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  action_seq integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('submission', 'supplement', 'result')),
  component_code text,
  filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
  content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size integer NOT NULL CHECK (size > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (dossier_id, unit_id) REFERENCES dossiers (id, receiving_unit_id),
  FOREIGN KEY (dossier_id, action_seq) REFERENCES dossier_actions (dossier_id, seq)
);
CREATE INDEX dossier_files_dossier_idx ON dossier_files (dossier_id);
COMMENT ON TABLE dossier_files IS 'Files of a dossier: submitted components, supplements and results. The bytes live in the content-addressed blob store.';
COMMENT ON COLUMN dossier_files.id IS 'UUIDv7 identifier.';
COMMENT ON COLUMN dossier_files.dossier_id IS 'The dossier.';
COMMENT ON COLUMN dossier_files.unit_id IS 'Tenant key: the dossier''s receiving unit.';
COMMENT ON COLUMN dossier_files.action_seq IS 'The action that brought the file (submission, supply, result registration).';
COMMENT ON COLUMN dossier_files.kind IS 'submission, supplement or result.';
COMMENT ON COLUMN dossier_files.component_code IS 'The procedure component (thành phần hồ sơ) the file is for; null for results.';
COMMENT ON COLUMN dossier_files.filename IS 'File name as given by the uploader (shown, never used as a path).';
COMMENT ON COLUMN dossier_files.content_type IS 'Media type sniffed from the bytes: application/pdf, image/jpeg or image/png.';
COMMENT ON COLUMN dossier_files.size IS 'Size in bytes.';
COMMENT ON COLUMN dossier_files.sha256 IS 'SHA-256 of the bytes: their address in the blob store.';
COMMENT ON COLUMN dossier_files.uploaded_by IS 'The account that uploaded it; null for the system.';
COMMENT ON COLUMN dossier_files.created_at IS 'When the row was created.';

CREATE TABLE dossier_fees (
  dossier_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  code text NOT NULL,
  position integer NOT NULL CHECK (position >= 0),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('fee', 'charge')),
  amount bigint NOT NULL CHECK (amount >= 0),
  paid_at timestamptz,
  paid_via text CHECK (paid_via IN ('counter')),
  received_by uuid REFERENCES users (id),
  PRIMARY KEY (dossier_id, code),
  FOREIGN KEY (dossier_id, unit_id) REFERENCES dossiers (id, receiving_unit_id),
  CHECK ((paid_at IS NULL) = (paid_via IS NULL))
);
COMMENT ON TABLE dossier_fees IS 'Fees and charges due on a dossier, copied from its procedure version at submission, and whether they were paid.';
COMMENT ON COLUMN dossier_fees.dossier_id IS 'The dossier.';
COMMENT ON COLUMN dossier_fees.unit_id IS 'Tenant key: the dossier''s receiving unit.';
COMMENT ON COLUMN dossier_fees.code IS 'Code of the fee in the procedure version (MaPhiLePhi).';
COMMENT ON COLUMN dossier_fees.position IS 'Order of the fee as listed in the procedure version.';
COMMENT ON COLUMN dossier_fees.name IS 'Name of the fee, copied from the procedure version.';
COMMENT ON COLUMN dossier_fees.kind IS 'fee (phí) or charge (lệ phí).';
COMMENT ON COLUMN dossier_fees.amount IS 'Amount due in integer VND.';
COMMENT ON COLUMN dossier_fees.paid_at IS 'When it was paid; null while due.';
COMMENT ON COLUMN dossier_fees.paid_via IS 'How it was paid: counter (cash or card at the desk); online payment comes with the payments module.';
COMMENT ON COLUMN dossier_fees.received_by IS 'The officer who took the payment at the desk.';

CREATE TABLE dossier_code_counters (
  agency_id uuid NOT NULL REFERENCES agencies (id),
  day date NOT NULL,
  last_value integer NOT NULL CHECK (last_value >= 1),
  PRIMARY KEY (agency_id, day)
);
COMMENT ON TABLE dossier_code_counters IS 'Per receiving desk and day, the last sequence number used in dossier codes; incremented in the transaction that creates the dossier, so numbers are never handed out twice. Keyed by the agency, which carries its unit.';
COMMENT ON COLUMN dossier_code_counters.agency_id IS 'The receiving desk whose code starts the dossier codes.';
COMMENT ON COLUMN dossier_code_counters.day IS 'The local (Asia/Ho_Chi_Minh) day in the code.';
COMMENT ON COLUMN dossier_code_counters.last_value IS 'The last number issued that day.';
