-- Officers' work records (hồ sơ công việc, NĐ 30/2020 Ch. IV: lập hồ sơ, nộp lưu) and tasks (giao việc).
--
-- Shape as in the documents module: a row with its current status and a `version`, plus an append-only log; every
-- action names the version it was decided on and moves the row only from that version.

CREATE TABLE work_records (
  id uuid PRIMARY KEY,
  unit_id uuid NOT NULL REFERENCES units (id),
  agency_id uuid NOT NULL REFERENCES agencies (id),
  owner_id uuid NOT NULL REFERENCES users (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  code text CHECK (length(code) BETWEEN 1 AND 50),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
  retention_years integer CHECK (retention_years BETWEEN 1 AND 100),
  retention_permanent boolean NOT NULL DEFAULT false,
  description text CHECK (length(description) <= 4000),
  status text NOT NULL CHECK (status IN ('open', 'closed', 'archived')),
  version integer NOT NULL CHECK (version >= 1),
  item_count integer NOT NULL DEFAULT 0 CHECK (item_count >= 0),
  page_count integer CHECK (page_count >= 0),
  closing_note text,
  closed_at timestamptz,
  handed_over_on date,
  archivist_id uuid REFERENCES users (id),
  title_search text GENERATED ALWAYS AS (search_text(title || ' ' || coalesce(code, ''))) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (retention_permanent = (retention_years IS NULL)),
  CHECK ((status = 'archived') = (handed_over_on IS NOT NULL) AND (handed_over_on IS NULL) = (archivist_id IS NULL)),
  UNIQUE (id, unit_id)
);
CREATE INDEX work_records_agency_idx ON work_records (agency_id, year, status);
CREATE INDEX work_records_owner_idx ON work_records (owner_id, status);
CREATE UNIQUE INDEX work_records_code_key ON work_records (agency_id, year, code) WHERE code IS NOT NULL;
CREATE INDEX work_records_title_search_idx ON work_records USING gin (title_search gin_trgm_ops);
COMMENT ON TABLE work_records IS 'Work records (hồ sơ công việc) an officer keeps under the agency''s list of records (danh mục hồ sơ): opened, filled with documents, dossiers and notes, closed, and handed over to the agency''s archive (nộp lưu).';
COMMENT ON COLUMN work_records.id IS 'UUIDv7 identifier.';
COMMENT ON COLUMN work_records.unit_id IS 'Tenant key: the administrative unit of the agency.';
COMMENT ON COLUMN work_records.agency_id IS 'The agency (or internal unit) whose record it is.';
COMMENT ON COLUMN work_records.owner_id IS 'The officer who opened and keeps it (người lập hồ sơ).';
COMMENT ON COLUMN work_records.title IS 'Title of the record (tiêu đề hồ sơ).';
COMMENT ON COLUMN work_records.code IS 'Code/notation of the record in the agency''s list of records (số, ký hiệu hồ sơ), when it is on the list; unique per agency and year.';
COMMENT ON COLUMN work_records.year IS 'The year the record is opened for.';
COMMENT ON COLUMN work_records.retention_years IS 'Retention period in years (thời hạn bảo quản); null when kept permanently.';
COMMENT ON COLUMN work_records.retention_permanent IS 'True when the record is kept permanently (vĩnh viễn).';
COMMENT ON COLUMN work_records.description IS 'Free description of the record.';
COMMENT ON COLUMN work_records.status IS 'open, closed (kết thúc) or archived (handed over to the archive; final).';
COMMENT ON COLUMN work_records.version IS 'Seq of the last action; a writer must name it (optimistic concurrency).';
COMMENT ON COLUMN work_records.item_count IS 'Number of items filed in the record.';
COMMENT ON COLUMN work_records.page_count IS 'Number of pages (số tờ) stated when it was last closed.';
COMMENT ON COLUMN work_records.closing_note IS 'Closing note (chứng từ kết thúc) given when it was last closed.';
COMMENT ON COLUMN work_records.closed_at IS 'When it was last closed; null while open.';
COMMENT ON COLUMN work_records.handed_over_on IS 'The day it was handed over to the archive (nộp lưu).';
COMMENT ON COLUMN work_records.archivist_id IS 'The archivist (văn thư/lưu trữ) who received it.';
COMMENT ON COLUMN work_records.title_search IS 'Title and code without diacritics, lower-cased, for search.';
COMMENT ON COLUMN work_records.created_at IS 'When the row was created (database clock).';
COMMENT ON COLUMN work_records.updated_at IS 'When the row last changed (database clock).';

CREATE TABLE work_record_actions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  record_id uuid NOT NULL REFERENCES work_records (id),
  seq integer NOT NULL CHECK (seq >= 1),
  action text NOT NULL CHECK (action IN ('open', 'file', 'close', 'reopen', 'hand_over')),
  actor_id uuid REFERENCES users (id),
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'system')),
  at timestamptz NOT NULL,
  note text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  from_status text,
  to_status text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (record_id, seq)
);
COMMENT ON TABLE work_record_actions IS 'Append-only log of everything done to a work record (opened, item filed, closed, reopened, handed over).';
COMMENT ON COLUMN work_record_actions.id IS 'Insertion order across all records.';
COMMENT ON COLUMN work_record_actions.record_id IS 'The work record.';
COMMENT ON COLUMN work_record_actions.seq IS 'Position in the record''s log from 1; unique per record.';
COMMENT ON COLUMN work_record_actions.action IS 'open, file, close, reopen or hand_over.';
COMMENT ON COLUMN work_record_actions.actor_id IS 'The account that acted; null for the system.';
COMMENT ON COLUMN work_record_actions.actor_kind IS 'user or system.';
COMMENT ON COLUMN work_record_actions.at IS 'When it happened (the application clock).';
COMMENT ON COLUMN work_record_actions.note IS 'The actor''s note (closing note, reason for reopening).';
COMMENT ON COLUMN work_record_actions.data IS 'Typed details (the item filed, page count, handover date and archivist).';
COMMENT ON COLUMN work_record_actions.from_status IS 'Status before the action; null for the first.';
COMMENT ON COLUMN work_record_actions.to_status IS 'Status after the action.';
COMMENT ON COLUMN work_record_actions.recorded_at IS 'When the row was written (database clock).';

CREATE TABLE work_record_items (
  id uuid PRIMARY KEY,
  record_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  position integer NOT NULL CHECK (position >= 1),
  kind text NOT NULL CHECK (kind IN ('outgoing', 'incoming', 'dossier', 'note')),
  outgoing_document_id uuid REFERENCES outgoing_documents (id),
  incoming_document_id uuid REFERENCES incoming_documents (id),
  dossier_id uuid REFERENCES dossiers (id),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 1200),
  note text CHECK (length(note) <= 4000),
  filename text CHECK (length(filename) BETWEEN 1 AND 200),
  content_type text CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size integer CHECK (size > 0),
  sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  filed_seq integer NOT NULL,
  filed_by uuid REFERENCES users (id),
  filed_at timestamptz NOT NULL,
  label_search text GENERATED ALWAYS AS (search_text(label)) STORED,
  CHECK ((kind = 'outgoing') = (outgoing_document_id IS NOT NULL)),
  CHECK ((kind = 'incoming') = (incoming_document_id IS NOT NULL)),
  CHECK ((kind = 'dossier') = (dossier_id IS NOT NULL)),
  CHECK ((sha256 IS NULL) = (filename IS NULL) AND (sha256 IS NULL) = (content_type IS NULL)
    AND (sha256 IS NULL) = (size IS NULL) AND (sha256 IS NULL OR kind = 'note')),
  FOREIGN KEY (record_id, unit_id) REFERENCES work_records (id, unit_id),
  FOREIGN KEY (record_id, filed_seq) REFERENCES work_record_actions (record_id, seq),
  UNIQUE (record_id, position)
);
CREATE UNIQUE INDEX work_record_items_outgoing_key ON work_record_items (record_id, outgoing_document_id)
  WHERE outgoing_document_id IS NOT NULL;
CREATE UNIQUE INDEX work_record_items_incoming_key ON work_record_items (record_id, incoming_document_id)
  WHERE incoming_document_id IS NOT NULL;
CREATE UNIQUE INDEX work_record_items_dossier_key ON work_record_items (record_id, dossier_id)
  WHERE dossier_id IS NOT NULL;
CREATE INDEX work_record_items_label_search_idx ON work_record_items USING gin (label_search gin_trgm_ops);
COMMENT ON TABLE work_record_items IS 'What is filed in a work record, in order: outgoing and incoming documents, one-stop dossiers, and notes with an optional attachment.';
COMMENT ON COLUMN work_record_items.id IS 'UUIDv7 identifier.';
COMMENT ON COLUMN work_record_items.record_id IS 'The work record.';
COMMENT ON COLUMN work_record_items.unit_id IS 'Tenant key: the record''s unit.';
COMMENT ON COLUMN work_record_items.position IS 'Order in the record from 1 (số thứ tự trong hồ sơ).';
COMMENT ON COLUMN work_record_items.kind IS 'outgoing, incoming, dossier or note.';
COMMENT ON COLUMN work_record_items.outgoing_document_id IS 'The outgoing document filed (kind outgoing).';
COMMENT ON COLUMN work_record_items.incoming_document_id IS 'The incoming document filed (kind incoming).';
COMMENT ON COLUMN work_record_items.dossier_id IS 'The one-stop dossier filed (kind dossier).';
COMMENT ON COLUMN work_record_items.label IS 'What the item is, as listed in the record''s table of contents: notation and subject of a document, code and applicant of a dossier, or the title of a note; searched.';
COMMENT ON COLUMN work_record_items.note IS 'Text of a note.';
COMMENT ON COLUMN work_record_items.filename IS 'File name of a note''s attachment as given (shown, never used as a path).';
COMMENT ON COLUMN work_record_items.content_type IS 'Media type sniffed from the attachment''s bytes.';
COMMENT ON COLUMN work_record_items.size IS 'Size of the attachment in bytes.';
COMMENT ON COLUMN work_record_items.sha256 IS 'SHA-256 of the attachment: its address in the blob store.';
COMMENT ON COLUMN work_record_items.filed_seq IS 'The file action of the record''s log that added the item.';
COMMENT ON COLUMN work_record_items.filed_by IS 'Who filed it.';
COMMENT ON COLUMN work_record_items.filed_at IS 'When it was filed (the application clock).';
COMMENT ON COLUMN work_record_items.label_search IS 'The label without diacritics, lower-cased, for search.';

CREATE TABLE tasks (
  id uuid PRIMARY KEY,
  unit_id uuid NOT NULL REFERENCES units (id),
  agency_id uuid NOT NULL REFERENCES agencies (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  description text CHECK (length(description) <= 4000),
  assignee_id uuid NOT NULL REFERENCES users (id),
  created_by uuid REFERENCES users (id),
  due_on date NOT NULL,
  priority text NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  status text NOT NULL CHECK (status IN ('assigned', 'in_progress', 'done', 'cancelled')),
  version integer NOT NULL CHECK (version >= 1),
  incoming_document_id uuid REFERENCES incoming_documents (id),
  work_record_id uuid REFERENCES work_records (id),
  finished_at timestamptz,
  title_search text GENERATED ALWAYS AS (search_text(title)) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status IN ('done', 'cancelled')) = (finished_at IS NOT NULL))
);
CREATE INDEX tasks_assignee_idx ON tasks (assignee_id, due_on);
CREATE INDEX tasks_creator_idx ON tasks (created_by, due_on) WHERE created_by IS NOT NULL;
CREATE INDEX tasks_agency_idx ON tasks (agency_id, due_on);
CREATE INDEX tasks_open_due_idx ON tasks (due_on) WHERE status IN ('assigned', 'in_progress');
CREATE INDEX tasks_incoming_idx ON tasks (incoming_document_id) WHERE incoming_document_id IS NOT NULL;
CREATE INDEX tasks_title_search_idx ON tasks USING gin (title_search gin_trgm_ops);
COMMENT ON TABLE tasks IS 'Tasks given to officers (giao việc) by leaders or from an incoming document''s handling assignment, with a deadline, priority and progress.';
COMMENT ON COLUMN tasks.id IS 'UUIDv7 identifier.';
COMMENT ON COLUMN tasks.unit_id IS 'Tenant key: the administrative unit of the agency.';
COMMENT ON COLUMN tasks.agency_id IS 'The agency (or internal unit) whose task it is.';
COMMENT ON COLUMN tasks.title IS 'What is to be done.';
COMMENT ON COLUMN tasks.description IS 'Details and instructions.';
COMMENT ON COLUMN tasks.assignee_id IS 'The officer responsible (người chủ trì thực hiện).';
COMMENT ON COLUMN tasks.created_by IS 'The leader who gave the task; null for the system.';
COMMENT ON COLUMN tasks.due_on IS 'The deadline (a business day, Asia/Ho_Chi_Minh); past it an unfinished task is overdue.';
COMMENT ON COLUMN tasks.priority IS 'low, normal, high or urgent.';
COMMENT ON COLUMN tasks.progress IS 'Progress in percent, as last reported.';
COMMENT ON COLUMN tasks.status IS 'assigned, in_progress, done or cancelled.';
COMMENT ON COLUMN tasks.version IS 'Seq of the last action; a writer must name it (optimistic concurrency).';
COMMENT ON COLUMN tasks.incoming_document_id IS 'The incoming document whose handling the task is, when made from one.';
COMMENT ON COLUMN tasks.work_record_id IS 'The work record the task''s papers are kept in, when linked.';
COMMENT ON COLUMN tasks.finished_at IS 'When it was done or cancelled.';
COMMENT ON COLUMN tasks.title_search IS 'Title without diacritics, lower-cased, for search.';
COMMENT ON COLUMN tasks.created_at IS 'When the row was created (database clock).';
COMMENT ON COLUMN tasks.updated_at IS 'When the row last changed (database clock).';

CREATE TABLE task_coordinators (
  task_id uuid NOT NULL REFERENCES tasks (id),
  user_id uuid NOT NULL REFERENCES users (id),
  PRIMARY KEY (task_id, user_id)
);
CREATE INDEX task_coordinators_user_idx ON task_coordinators (user_id);
COMMENT ON TABLE task_coordinators IS 'Officers who coordinate on a task (phối hợp): they see it and report progress.';
COMMENT ON COLUMN task_coordinators.task_id IS 'The task.';
COMMENT ON COLUMN task_coordinators.user_id IS 'The coordinating officer.';

CREATE TABLE task_actions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id uuid NOT NULL REFERENCES tasks (id),
  seq integer NOT NULL CHECK (seq >= 1),
  action text NOT NULL CHECK (action IN ('create', 'start', 'report_progress', 'complete', 'cancel', 'link_record')),
  actor_id uuid REFERENCES users (id),
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'system')),
  at timestamptz NOT NULL,
  note text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  from_status text,
  to_status text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (task_id, seq)
);
COMMENT ON TABLE task_actions IS 'Append-only log of a task: created, started, progress reports with their percentage and notes, done, cancelled, linked to a record.';
COMMENT ON COLUMN task_actions.id IS 'Insertion order across all tasks.';
COMMENT ON COLUMN task_actions.task_id IS 'The task.';
COMMENT ON COLUMN task_actions.seq IS 'Position in the task''s log from 1; unique per task.';
COMMENT ON COLUMN task_actions.action IS 'create, start, report_progress, complete, cancel or link_record.';
COMMENT ON COLUMN task_actions.actor_id IS 'The account that acted; null for the system.';
COMMENT ON COLUMN task_actions.actor_kind IS 'user or system.';
COMMENT ON COLUMN task_actions.at IS 'When it happened (the application clock).';
COMMENT ON COLUMN task_actions.note IS 'The progress note, instructions or reason.';
COMMENT ON COLUMN task_actions.data IS 'Typed details (progress percentage, linked record).';
COMMENT ON COLUMN task_actions.from_status IS 'Status before the action; null for the first.';
COMMENT ON COLUMN task_actions.to_status IS 'Status after the action.';
COMMENT ON COLUMN task_actions.recorded_at IS 'When the row was written (database clock).';

CREATE FUNCTION work_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;
COMMENT ON FUNCTION work_log_guard() IS 'Refuses updates, deletes and truncation of the work-record and task logs.';
CREATE TRIGGER work_record_actions_append_only BEFORE UPDATE OR DELETE ON work_record_actions
  FOR EACH ROW EXECUTE FUNCTION work_log_guard();
CREATE TRIGGER work_record_actions_no_truncate BEFORE TRUNCATE ON work_record_actions
  FOR EACH STATEMENT EXECUTE FUNCTION work_log_guard();
CREATE TRIGGER task_actions_append_only BEFORE UPDATE OR DELETE ON task_actions
  FOR EACH ROW EXECUTE FUNCTION work_log_guard();
CREATE TRIGGER task_actions_no_truncate BEFORE TRUNCATE ON task_actions
  FOR EACH STATEMENT EXECUTE FUNCTION work_log_guard();

CREATE TABLE task_reminder_digests (
  user_id uuid NOT NULL REFERENCES users (id),
  sent_on date NOT NULL,
  task_count integer NOT NULL CHECK (task_count >= 1),
  PRIMARY KEY (user_id, sent_on)
);
COMMENT ON TABLE task_reminder_digests IS 'Daily task reminder digests already e-mailed, so a reminder run repeated the same day sends nothing twice.';
COMMENT ON COLUMN task_reminder_digests.user_id IS 'The officer the digest went to.';
COMMENT ON COLUMN task_reminder_digests.sent_on IS 'The business day it was sent.';
COMMENT ON COLUMN task_reminder_digests.task_count IS 'How many tasks it listed.';
