-- Official documents (văn bản đi/đến) under NĐ 30/2020/NĐ-CP on clerical work.
--
-- Shape: an outgoing or incoming document is a row carrying its current status and a `version`, plus an append-only
-- log of the actions taken on it. Every action names the version it was decided on; the row is updated only if it
-- is still at that version, and UNIQUE (document, seq) on the log is the backstop. Numbers come from counter rows
-- (per agency, business year and series) incremented inside the numbering transaction; UNIQUE constraints on the
-- documents are the last line of defence against a number handed out twice.

CREATE TABLE document_agency_settings (
  agency_id uuid PRIMARY KEY REFERENCES agencies (id),
  abbreviation text NOT NULL CHECK (abbreviation ~ '^[A-Za-z0-9ĐđƯư]{1,20}$'),
  internal_of_agency_id uuid REFERENCES agencies (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (internal_of_agency_id IS NULL OR internal_of_agency_id <> agency_id)
);
CREATE INDEX document_agency_settings_internal_of_idx ON document_agency_settings (internal_of_agency_id)
  WHERE internal_of_agency_id IS NOT NULL;
COMMENT ON TABLE document_agency_settings IS 'What the documents module needs to know of an agency: the abbreviation used in document notations (UBND, STP, VP) and whether it is an internal unit of another agency.';
COMMENT ON COLUMN document_agency_settings.agency_id IS 'The agency.';
COMMENT ON COLUMN document_agency_settings.abbreviation IS 'Abbreviation in notations (NĐ 30/2020 Annex I): the issuer in 12/QĐ-UBND, the drafting unit in 15/UBND-VP.';
COMMENT ON COLUMN document_agency_settings.internal_of_agency_id IS 'When set, this agency is an internal unit (office, division) of that issuing agency: it drafts for it and receives its documents for information, and keeps no register of its own.';
COMMENT ON COLUMN document_agency_settings.created_at IS 'When the row was created.';
COMMENT ON COLUMN document_agency_settings.updated_at IS 'When the row was last changed.';

CREATE TABLE document_types (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]{1,39}$'),
  name text NOT NULL,
  abbreviation text,
  series text NOT NULL DEFAULT 'common' CHECK (series ~ '^[a-z][a-z0-9-]{0,39}$'),
  normative_allowed boolean NOT NULL DEFAULT false,
  position integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE document_types IS 'Types of administrative documents (NĐ 30/2020 Art. 7 and Annex III) with their abbreviations and the number series they use.';
COMMENT ON COLUMN document_types.code IS 'Stable ASCII code, e.g. quyet-dinh, cong-van.';
COMMENT ON COLUMN document_types.name IS 'Vietnamese name of the type, e.g. Quyết định.';
COMMENT ON COLUMN document_types.abbreviation IS 'Abbreviation in notations (QĐ, KH, QyĐ); null for công văn, whose notation names the drafting unit instead.';
COMMENT ON COLUMN document_types.series IS 'The number series administrative documents of this type are numbered in; types sharing a series share one sequence (default: the common series of the agency).';
COMMENT ON COLUMN document_types.normative_allowed IS 'True when documents of this type may be legal-normative (văn bản quy phạm pháp luật), which are numbered in a series of their own per type.';
COMMENT ON COLUMN document_types.position IS 'Order in lists.';
COMMENT ON COLUMN document_types.created_at IS 'When the row was created.';

CREATE TABLE document_number_counters (
  agency_id uuid NOT NULL REFERENCES agencies (id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
  series text NOT NULL,
  last_value integer NOT NULL CHECK (last_value >= 1),
  PRIMARY KEY (agency_id, year, series)
);
COMMENT ON TABLE document_number_counters IS 'Per agency, business year (Asia/Ho_Chi_Minh) and series, the last number issued: outgoing series and the incoming register (series incoming). Incremented with UPDATE … RETURNING in the numbering transaction, so a number is never handed out twice; a new year starts a new row at 1.';
COMMENT ON COLUMN document_number_counters.agency_id IS 'The agency whose register it is.';
COMMENT ON COLUMN document_number_counters.year IS 'The business year; numbering restarts from 01 on 1 January.';
COMMENT ON COLUMN document_number_counters.series IS 'The series: common, a type''s own series, normative:<type>, secret, or incoming for the incoming register.';
COMMENT ON COLUMN document_number_counters.last_value IS 'The last number issued in the series this year.';

CREATE TABLE outgoing_documents (
  id uuid PRIMARY KEY,
  unit_id uuid NOT NULL REFERENCES units (id),
  agency_id uuid NOT NULL REFERENCES agencies (id),
  drafting_agency_id uuid NOT NULL REFERENCES agencies (id),
  type_code text NOT NULL REFERENCES document_types (code),
  is_legal_normative boolean NOT NULL DEFAULT false,
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 1000),
  urgency text NOT NULL CHECK (urgency IN ('normal', 'urgent', 'very_urgent', 'flash')),
  confidentiality text NOT NULL CHECK (confidentiality IN ('normal', 'confidential', 'secret', 'top_secret')),
  intended_signer_id uuid REFERENCES users (id),
  drafted_by uuid REFERENCES users (id),
  copies integer NOT NULL DEFAULT 1 CHECK (copies BETWEEN 1 AND 1000),
  archive_holder text,
  status text NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'reviewed', 'approved', 'signed',
    'numbered', 'released', 'cancelled')),
  version integer NOT NULL CHECK (version >= 1),
  signer_id uuid REFERENCES users (id),
  signer_name text,
  signed_at timestamptz,
  series text,
  number integer CHECK (number >= 1),
  number_year integer,
  notation text,
  issued_on date,
  released_at timestamptz,
  subject_search text GENERATED ALWAYS AS (search_text(subject)) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((number IS NULL) = (notation IS NULL) AND (number IS NULL) = (number_year IS NULL)
    AND (number IS NULL) = (issued_on IS NULL) AND (number IS NULL) = (series IS NULL)),
  UNIQUE (agency_id, number_year, notation),
  UNIQUE (agency_id, number_year, series, number),
  UNIQUE (id, unit_id)
);
CREATE INDEX outgoing_documents_agency_idx ON outgoing_documents (agency_id, status);
CREATE INDEX outgoing_documents_drafting_idx ON outgoing_documents (drafting_agency_id);
CREATE INDEX outgoing_documents_register_idx ON outgoing_documents (agency_id, issued_on) WHERE issued_on IS NOT NULL;
CREATE INDEX outgoing_documents_subject_search_idx ON outgoing_documents USING gin (subject_search gin_trgm_ops);
COMMENT ON TABLE outgoing_documents IS 'Outgoing documents (văn bản đi) from draft to release, with their number and notation once numbered; the current state of the log in outgoing_document_actions.';
COMMENT ON COLUMN outgoing_documents.id IS 'UUIDv7 identifier.';
COMMENT ON COLUMN outgoing_documents.unit_id IS 'Tenant key: the administrative unit of the issuing agency.';
COMMENT ON COLUMN outgoing_documents.agency_id IS 'The issuing agency (cơ quan ban hành), whose register numbers the document.';
COMMENT ON COLUMN outgoing_documents.drafting_agency_id IS 'The drafting unit (đơn vị soạn thảo): the issuing agency itself or one of its internal units; named in the notation of a công văn.';
COMMENT ON COLUMN outgoing_documents.type_code IS 'The document type (Quyết định, Kế hoạch, Công văn…).';
COMMENT ON COLUMN outgoing_documents.is_legal_normative IS 'True for a legal-normative document (văn bản quy phạm pháp luật): numbered in its type''s own series, with the year in the notation.';
COMMENT ON COLUMN outgoing_documents.subject IS 'Summary of content (trích yếu nội dung).';
COMMENT ON COLUMN outgoing_documents.urgency IS 'normal, urgent (Khẩn), very_urgent (Thượng khẩn) or flash (Hỏa tốc).';
COMMENT ON COLUMN outgoing_documents.confidentiality IS 'normal, confidential (Mật), secret (Tối mật) or top_secret (Tuyệt mật); classified documents are numbered in the secret series.';
COMMENT ON COLUMN outgoing_documents.intended_signer_id IS 'The leader expected to sign (người ký); when set, only they may sign.';
COMMENT ON COLUMN outgoing_documents.drafted_by IS 'The officer who drafted it.';
COMMENT ON COLUMN outgoing_documents.copies IS 'Number of copies issued (số lượng bản), for the register.';
COMMENT ON COLUMN outgoing_documents.archive_holder IS 'Unit or person keeping the file copy (đơn vị, người nhận bản lưu), for the register.';
COMMENT ON COLUMN outgoing_documents.status IS 'draft, submitted, returned, reviewed, approved, signed, numbered, released or cancelled.';
COMMENT ON COLUMN outgoing_documents.version IS 'Seq of the last action; a writer must name it (optimistic concurrency).';
COMMENT ON COLUMN outgoing_documents.signer_id IS 'The leader who signed.';
COMMENT ON COLUMN outgoing_documents.signer_name IS 'The signer''s name as printed in the register.';
COMMENT ON COLUMN outgoing_documents.signed_at IS 'When it was signed.';
COMMENT ON COLUMN outgoing_documents.series IS 'The number series it was numbered in.';
COMMENT ON COLUMN outgoing_documents.number IS 'Its number in the series and year, from 1.';
COMMENT ON COLUMN outgoing_documents.number_year IS 'The business year of the number.';
COMMENT ON COLUMN outgoing_documents.notation IS 'Number and notation (số, ký hiệu), e.g. 12/QĐ-UBND or 15/UBND-VP; unique per agency and year.';
COMMENT ON COLUMN outgoing_documents.issued_on IS 'Date of the document (ngày tháng văn bản), given with the number.';
COMMENT ON COLUMN outgoing_documents.released_at IS 'When it was released to its recipients.';
COMMENT ON COLUMN outgoing_documents.subject_search IS 'Subject without diacritics, lower-cased, for search.';
COMMENT ON COLUMN outgoing_documents.created_at IS 'When the row was created (database clock).';
COMMENT ON COLUMN outgoing_documents.updated_at IS 'When the row last changed (database clock).';

CREATE TABLE incoming_documents (
  id uuid PRIMARY KEY,
  unit_id uuid NOT NULL REFERENCES units (id),
  agency_id uuid NOT NULL REFERENCES agencies (id),
  source text NOT NULL CHECK (source IN ('platform', 'exchange', 'paper')),
  outgoing_document_id uuid REFERENCES outgoing_documents (id),
  exchange_ref text,
  sender_agency_id uuid REFERENCES agencies (id),
  sender_code text,
  sender_name text NOT NULL CHECK (length(sender_name) BETWEEN 1 AND 300),
  notation text NOT NULL CHECK (length(notation) BETWEEN 1 AND 100),
  issued_on date NOT NULL,
  type_code text REFERENCES document_types (code),
  type_name text NOT NULL,
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 1000),
  signer_name text,
  urgency text NOT NULL CHECK (urgency IN ('normal', 'urgent', 'very_urgent', 'flash')),
  confidentiality text NOT NULL CHECK (confidentiality IN ('normal', 'confidential', 'secret', 'top_secret')),
  status text NOT NULL CHECK (status IN ('pending', 'refused', 'registered', 'presented', 'assigned', 'in_progress',
    'completed')),
  version integer NOT NULL CHECK (version >= 1),
  arrived_at timestamptz NOT NULL,
  incoming_number integer CHECK (incoming_number >= 1),
  incoming_year integer,
  registered_at timestamptz,
  registered_by uuid REFERENCES users (id),
  assignment_seq integer,
  handling_due_on date,
  completed_at timestamptz,
  subject_search text GENERATED ALWAYS AS (search_text(subject || ' ' || notation || ' ' || sender_name)) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((incoming_number IS NULL) = (incoming_year IS NULL) AND (incoming_number IS NULL) = (registered_at IS NULL)),
  CHECK ((source = 'platform') = (outgoing_document_id IS NOT NULL)),
  UNIQUE (agency_id, incoming_year, incoming_number),
  UNIQUE (agency_id, outgoing_document_id),
  UNIQUE (agency_id, exchange_ref),
  UNIQUE (id, unit_id)
);
CREATE INDEX incoming_documents_agency_idx ON incoming_documents (agency_id, status);
CREATE INDEX incoming_documents_due_idx ON incoming_documents (handling_due_on)
  WHERE status IN ('assigned', 'in_progress');
CREATE INDEX incoming_documents_register_idx ON incoming_documents (agency_id, registered_at)
  WHERE registered_at IS NOT NULL;
CREATE INDEX incoming_documents_subject_search_idx ON incoming_documents USING gin (subject_search gin_trgm_ops);
COMMENT ON TABLE incoming_documents IS 'Incoming documents (văn bản đến) of an agency: arrived from this platform or the exchange, or registered from paper; registered with an incoming number, assigned for handling, completed.';
COMMENT ON COLUMN incoming_documents.id IS 'UUIDv7 identifier.';
COMMENT ON COLUMN incoming_documents.unit_id IS 'Tenant key: the administrative unit of the receiving agency.';
COMMENT ON COLUMN incoming_documents.agency_id IS 'The receiving agency, whose incoming register it goes in.';
COMMENT ON COLUMN incoming_documents.source IS 'platform (released by an agency on this platform), exchange (an edXML package from elsewhere) or paper (scanned by the văn thư).';
COMMENT ON COLUMN incoming_documents.outgoing_document_id IS 'The outgoing document it is a copy of, when sent on this platform.';
COMMENT ON COLUMN incoming_documents.exchange_ref IS 'The exchange''s identifier of the received package; a package delivered twice is registered once.';
COMMENT ON COLUMN incoming_documents.sender_agency_id IS 'The sending agency when it is on this platform.';
COMMENT ON COLUMN incoming_documents.sender_code IS 'The sender''s electronic identifier code, when known.';
COMMENT ON COLUMN incoming_documents.sender_name IS 'The issuing agency (tác giả) as printed in the register.';
COMMENT ON COLUMN incoming_documents.notation IS 'Number and notation of the document as issued (số, ký hiệu).';
COMMENT ON COLUMN incoming_documents.issued_on IS 'Date of the document (ngày tháng văn bản).';
COMMENT ON COLUMN incoming_documents.type_code IS 'The document type, when it is one of ours.';
COMMENT ON COLUMN incoming_documents.type_name IS 'Name of the type as received (Quyết định, Công văn…).';
COMMENT ON COLUMN incoming_documents.subject IS 'Summary of content (trích yếu nội dung).';
COMMENT ON COLUMN incoming_documents.signer_name IS 'Who signed it.';
COMMENT ON COLUMN incoming_documents.urgency IS 'normal, urgent, very_urgent or flash.';
COMMENT ON COLUMN incoming_documents.confidentiality IS 'normal, confidential, secret or top_secret.';
COMMENT ON COLUMN incoming_documents.status IS 'pending (arrived, not registered yet), refused, registered, presented (to a leader), assigned, in_progress or completed.';
COMMENT ON COLUMN incoming_documents.version IS 'Seq of the last action; a writer must name it (optimistic concurrency).';
COMMENT ON COLUMN incoming_documents.arrived_at IS 'When it arrived (electronic) or was received on paper.';
COMMENT ON COLUMN incoming_documents.incoming_number IS 'Incoming number (số đến) in the agency''s incoming register, continuous within the year.';
COMMENT ON COLUMN incoming_documents.incoming_year IS 'The business year of the incoming number.';
COMMENT ON COLUMN incoming_documents.registered_at IS 'When it was registered (ngày đến in the register).';
COMMENT ON COLUMN incoming_documents.registered_by IS 'The văn thư who registered it.';
COMMENT ON COLUMN incoming_documents.assignment_seq IS 'Seq of the action that made the current handling assignment (rows of incoming_assignments with that seq).';
COMMENT ON COLUMN incoming_documents.handling_due_on IS 'Deadline for handling set by the leader; overdue after this day.';
COMMENT ON COLUMN incoming_documents.completed_at IS 'When handling was completed.';
COMMENT ON COLUMN incoming_documents.subject_search IS 'Subject, notation and sender without diacritics, lower-cased, for search.';
COMMENT ON COLUMN incoming_documents.created_at IS 'When the row was created (database clock).';
COMMENT ON COLUMN incoming_documents.updated_at IS 'When the row last changed (database clock).';

CREATE TABLE outgoing_document_actions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document_id uuid NOT NULL REFERENCES outgoing_documents (id),
  seq integer NOT NULL CHECK (seq >= 1),
  action text NOT NULL CHECK (action IN ('draft', 'revise', 'submit', 'return', 'review', 'approve', 'sign',
    'number', 'release', 'cancel')),
  actor_id uuid REFERENCES users (id),
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'system')),
  at timestamptz NOT NULL,
  note text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  from_status text,
  to_status text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (document_id, seq)
);
COMMENT ON TABLE outgoing_document_actions IS 'Append-only log of everything done to an outgoing document (drafted, returned with comments, approved, signed, numbered, released).';
COMMENT ON COLUMN outgoing_document_actions.id IS 'Insertion order across all documents.';
COMMENT ON COLUMN outgoing_document_actions.document_id IS 'The outgoing document.';
COMMENT ON COLUMN outgoing_document_actions.seq IS 'Position in the document''s log from 1; unique per document.';
COMMENT ON COLUMN outgoing_document_actions.action IS 'draft, revise, submit, return, review, approve, sign, number, release or cancel.';
COMMENT ON COLUMN outgoing_document_actions.actor_id IS 'The account that acted; null for the system.';
COMMENT ON COLUMN outgoing_document_actions.actor_kind IS 'user or system.';
COMMENT ON COLUMN outgoing_document_actions.at IS 'When it happened (the application clock).';
COMMENT ON COLUMN outgoing_document_actions.note IS 'Comments of the actor (the reviewer''s reasons when returning).';
COMMENT ON COLUMN outgoing_document_actions.data IS 'Typed details (the number and notation given, the files added, the recipients reached).';
COMMENT ON COLUMN outgoing_document_actions.from_status IS 'Status before the action; null for the first.';
COMMENT ON COLUMN outgoing_document_actions.to_status IS 'Status after the action.';
COMMENT ON COLUMN outgoing_document_actions.recorded_at IS 'When the row was written (database clock).';

CREATE TABLE incoming_document_actions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  document_id uuid NOT NULL REFERENCES incoming_documents (id),
  seq integer NOT NULL CHECK (seq >= 1),
  action text NOT NULL CHECK (action IN ('arrive', 'register', 'refuse', 'present', 'assign', 'record_progress',
    'complete')),
  actor_id uuid REFERENCES users (id),
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'system')),
  at timestamptz NOT NULL,
  note text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  from_status text,
  to_status text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (document_id, seq)
);
COMMENT ON TABLE incoming_document_actions IS 'Append-only log of everything done to an incoming document (arrived, registered, presented, assigned, progress, completed).';
COMMENT ON COLUMN incoming_document_actions.id IS 'Insertion order across all documents.';
COMMENT ON COLUMN incoming_document_actions.document_id IS 'The incoming document.';
COMMENT ON COLUMN incoming_document_actions.seq IS 'Position in the document''s log from 1; unique per document.';
COMMENT ON COLUMN incoming_document_actions.action IS 'arrive, register, refuse, present, assign, record_progress or complete.';
COMMENT ON COLUMN incoming_document_actions.actor_id IS 'The account that acted; null for the system.';
COMMENT ON COLUMN incoming_document_actions.actor_kind IS 'user or system.';
COMMENT ON COLUMN incoming_document_actions.at IS 'When it happened (the application clock).';
COMMENT ON COLUMN incoming_document_actions.note IS 'The leader''s instructions, the handler''s progress report, the reason of a refusal.';
COMMENT ON COLUMN incoming_document_actions.data IS 'Typed details (incoming number, assignment, deadline).';
COMMENT ON COLUMN incoming_document_actions.from_status IS 'Status before the action; null for the first.';
COMMENT ON COLUMN incoming_document_actions.to_status IS 'Status after the action.';
COMMENT ON COLUMN incoming_document_actions.recorded_at IS 'When the row was written (database clock).';

-- Append-only, like dossier_actions: the logs are the documents' legal history.
CREATE FUNCTION document_actions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;
COMMENT ON FUNCTION document_actions_guard() IS 'Refuses updates, deletes and truncation of the document action logs.';
CREATE TRIGGER outgoing_document_actions_append_only BEFORE UPDATE OR DELETE ON outgoing_document_actions
  FOR EACH ROW EXECUTE FUNCTION document_actions_guard();
CREATE TRIGGER outgoing_document_actions_no_truncate BEFORE TRUNCATE ON outgoing_document_actions
  FOR EACH STATEMENT EXECUTE FUNCTION document_actions_guard();
CREATE TRIGGER incoming_document_actions_append_only BEFORE UPDATE OR DELETE ON incoming_document_actions
  FOR EACH ROW EXECUTE FUNCTION document_actions_guard();
CREATE TRIGGER incoming_document_actions_no_truncate BEFORE TRUNCATE ON incoming_document_actions
  FOR EACH STATEMENT EXECUTE FUNCTION document_actions_guard();

CREATE TABLE outgoing_recipients (
  id uuid PRIMARY KEY,
  document_id uuid NOT NULL REFERENCES outgoing_documents (id),
  position integer NOT NULL CHECK (position >= 0),
  kind text NOT NULL CHECK (kind IN ('internal', 'platform', 'external')),
  agency_id uuid REFERENCES agencies (id),
  unit_id uuid REFERENCES units (id),
  external_code text CHECK (external_code ~ '^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$'),
  name text NOT NULL,
  incoming_document_id uuid REFERENCES incoming_documents (id),
  delivered_at timestamptz,
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'delivered', 'queued', 'refused', 'registered',
    'assigned', 'in_progress', 'completed')),
  CHECK ((kind = 'external') = (external_code IS NOT NULL)),
  CHECK ((kind = 'external') = (agency_id IS NULL) AND (agency_id IS NULL) = (unit_id IS NULL)),
  UNIQUE (document_id, position)
);
CREATE UNIQUE INDEX outgoing_recipients_agency_key ON outgoing_recipients (document_id, agency_id)
  WHERE agency_id IS NOT NULL;
CREATE UNIQUE INDEX outgoing_recipients_code_key ON outgoing_recipients (document_id, external_code)
  WHERE external_code IS NOT NULL;
CREATE INDEX outgoing_recipients_incoming_idx ON outgoing_recipients (incoming_document_id)
  WHERE incoming_document_id IS NOT NULL;
COMMENT ON TABLE outgoing_recipients IS 'Recipients (nơi nhận) of an outgoing document and what became of the copy each got.';
COMMENT ON COLUMN outgoing_recipients.id IS 'UUIDv7 identifier.';
COMMENT ON COLUMN outgoing_recipients.document_id IS 'The outgoing document.';
COMMENT ON COLUMN outgoing_recipients.position IS 'Order as listed under Nơi nhận.';
COMMENT ON COLUMN outgoing_recipients.kind IS 'internal (an internal unit, for information), platform (an agency on this platform, into its inbox) or external (an agency elsewhere, through the exchange).';
COMMENT ON COLUMN outgoing_recipients.agency_id IS 'The receiving agency on this platform (internal or platform).';
COMMENT ON COLUMN outgoing_recipients.unit_id IS 'The administrative unit of that agency (for scope checks).';
COMMENT ON COLUMN outgoing_recipients.external_code IS 'Electronic identifier code of an agency elsewhere.';
COMMENT ON COLUMN outgoing_recipients.name IS 'The recipient''s name as printed under Nơi nhận.';
COMMENT ON COLUMN outgoing_recipients.incoming_document_id IS 'The incoming document created in the recipient''s inbox (platform recipients).';
COMMENT ON COLUMN outgoing_recipients.delivered_at IS 'When the copy was delivered or handed to the exchange.';
COMMENT ON COLUMN outgoing_recipients.status IS 'waiting (before release), delivered, queued (with the exchange), then as reported back: refused, registered, assigned, in_progress, completed.';

CREATE TABLE incoming_assignments (
  id uuid PRIMARY KEY,
  document_id uuid NOT NULL REFERENCES incoming_documents (id),
  assigned_seq integer NOT NULL,
  role text NOT NULL CHECK (role IN ('lead', 'coordinate', 'inform')),
  agency_id uuid REFERENCES agencies (id),
  unit_id uuid REFERENCES units (id),
  user_id uuid REFERENCES users (id),
  CHECK ((agency_id IS NULL) = (unit_id IS NULL)),
  CHECK (agency_id IS NOT NULL OR user_id IS NOT NULL),
  FOREIGN KEY (document_id, assigned_seq) REFERENCES incoming_document_actions (document_id, seq)
);
CREATE INDEX incoming_assignments_document_idx ON incoming_assignments (document_id, assigned_seq);
CREATE INDEX incoming_assignments_user_idx ON incoming_assignments (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX incoming_assignments_agency_idx ON incoming_assignments (agency_id) WHERE agency_id IS NOT NULL;
COMMENT ON TABLE incoming_assignments IS 'Who handles an incoming document, as assigned by a leader: one lead (chủ trì), coordinators (phối hợp) and those informed (để biết). A reassignment adds rows under a new seq; the document row names the current one.';
COMMENT ON COLUMN incoming_assignments.id IS 'UUIDv7 identifier.';
COMMENT ON COLUMN incoming_assignments.document_id IS 'The incoming document.';
COMMENT ON COLUMN incoming_assignments.assigned_seq IS 'The assign action that made it.';
COMMENT ON COLUMN incoming_assignments.role IS 'lead (chủ trì), coordinate (phối hợp) or inform (để biết).';
COMMENT ON COLUMN incoming_assignments.agency_id IS 'The assigned unit (an agency or an internal unit of it), when a unit is assigned.';
COMMENT ON COLUMN incoming_assignments.unit_id IS 'The administrative unit of that agency (for scope checks).';
COMMENT ON COLUMN incoming_assignments.user_id IS 'The assigned officer, when an officer is assigned.';

CREATE TABLE document_files (
  id uuid PRIMARY KEY,
  unit_id uuid NOT NULL REFERENCES units (id),
  outgoing_document_id uuid REFERENCES outgoing_documents (id),
  incoming_document_id uuid REFERENCES incoming_documents (id),
  action_seq integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('main', 'attachment', 'signed', 'scan')),
  filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
  content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size integer NOT NULL CHECK (size > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(outgoing_document_id, incoming_document_id) = 1),
  FOREIGN KEY (outgoing_document_id, unit_id) REFERENCES outgoing_documents (id, unit_id),
  FOREIGN KEY (incoming_document_id, unit_id) REFERENCES incoming_documents (id, unit_id)
);
CREATE INDEX document_files_outgoing_idx ON document_files (outgoing_document_id) WHERE outgoing_document_id IS NOT NULL;
CREATE INDEX document_files_incoming_idx ON document_files (incoming_document_id) WHERE incoming_document_id IS NOT NULL;
COMMENT ON TABLE document_files IS 'Files of outgoing and incoming documents (main text, signed main text, attachments, paper scans). The bytes live in the content-addressed blob store, so a copy delivered to another agency shares them.';
COMMENT ON COLUMN document_files.id IS 'UUIDv7 identifier.';
COMMENT ON COLUMN document_files.unit_id IS 'Tenant key: the unit of the document''s agency.';
COMMENT ON COLUMN document_files.outgoing_document_id IS 'The outgoing document, when the file is one of its.';
COMMENT ON COLUMN document_files.incoming_document_id IS 'The incoming document, when the file is one of its.';
COMMENT ON COLUMN document_files.action_seq IS 'The action of the document''s log that brought the file.';
COMMENT ON COLUMN document_files.kind IS 'main (the text as drafted), signed (the main text as signed), attachment, or scan (a paper document scanned at registration).';
COMMENT ON COLUMN document_files.filename IS 'File name as given by the uploader (shown, never used as a path).';
COMMENT ON COLUMN document_files.content_type IS 'Media type sniffed from the bytes: application/pdf, image/jpeg or image/png.';
COMMENT ON COLUMN document_files.size IS 'Size in bytes.';
COMMENT ON COLUMN document_files.sha256 IS 'SHA-256 of the bytes: their address in the blob store.';
COMMENT ON COLUMN document_files.uploaded_by IS 'The account that uploaded it; null for the system.';
COMMENT ON COLUMN document_files.created_at IS 'When the row was created.';

CREATE TABLE incoming_reminders (
  document_id uuid NOT NULL REFERENCES incoming_documents (id),
  recipient text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
  sent_on date NOT NULL,
  PRIMARY KEY (document_id, recipient, kind, sent_on)
);
COMMENT ON TABLE incoming_reminders IS 'Deadline reminders already e-mailed, so a reminder run repeated the same day sends nothing twice.';
COMMENT ON COLUMN incoming_reminders.document_id IS 'The incoming document the reminder was about.';
COMMENT ON COLUMN incoming_reminders.recipient IS 'The e-mail address it went to.';
COMMENT ON COLUMN incoming_reminders.kind IS 'due_soon (the deadline is near; sent once) or overdue (in the daily list of overdue items).';
COMMENT ON COLUMN incoming_reminders.sent_on IS 'The business day it was sent (the deadline itself for due_soon).';
