-- Inter-agency exchange of official documents in edXML (QCVN 102:2016) between platform instances. Local agencies are
-- the rows of `agencies` with an e-identifier code; remote agencies are listed here with the peer platform that hosts
-- them and the certificate that peer signs with (pinned: a package is believed only under that certificate).

CREATE TABLE exchange_peers (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  base_url text NOT NULL CHECK (base_url ~ '^https?://'),
  certificate_pem text NOT NULL,
  certificate_sha256 text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX exchange_peers_base_url_key ON exchange_peers (base_url);
COMMENT ON TABLE exchange_peers IS 'Other platform instances (another province, a ministry''s system) this one exchanges edXML documents with.';
COMMENT ON COLUMN exchange_peers.id IS 'UUIDv7 identifier.';
COMMENT ON COLUMN exchange_peers.name IS 'Who runs it, e.g. "Nền tảng Chính quyền số tỉnh Yên Bái".';
COMMENT ON COLUMN exchange_peers.base_url IS 'Base address of the peer, without a trailing slash; packages go to {base_url}/api/v1/exchange/edxml.';
COMMENT ON COLUMN exchange_peers.certificate_pem IS 'The certificate (PEM) the peer signs its packages with; anything signed otherwise is refused.';
COMMENT ON COLUMN exchange_peers.certificate_sha256 IS 'SHA-256 fingerprint of the pinned certificate, for operators comparing it out of band.';
COMMENT ON COLUMN exchange_peers.active IS 'False stops sending to the peer and receiving from it.';
COMMENT ON COLUMN exchange_peers.created_at IS 'When the row was created.';
COMMENT ON COLUMN exchange_peers.updated_at IS 'When the row was last changed.';

CREATE TABLE exchange_address_book (
  organ_id text PRIMARY KEY CHECK (organ_id ~ '^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$'),
  name text NOT NULL,
  peer_id uuid NOT NULL REFERENCES exchange_peers (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX exchange_address_book_peer_id_idx ON exchange_address_book (peer_id);
COMMENT ON TABLE exchange_address_book IS 'Remote agencies by electronic identifier code, and the peer platform that hosts each; local agencies are not listed here (they are the agencies table).';
COMMENT ON COLUMN exchange_address_book.organ_id IS 'The agency''s e-identifier code (mã định danh điện tử, QĐ 20/2020), the OrganId of edXML.';
COMMENT ON COLUMN exchange_address_book.name IS 'The agency''s official name.';
COMMENT ON COLUMN exchange_address_book.peer_id IS 'The platform instance that hosts the agency.';
COMMENT ON COLUMN exchange_address_book.created_at IS 'When the row was created.';
COMMENT ON COLUMN exchange_address_book.updated_at IS 'When the row was last changed.';

CREATE TABLE exchange_packages (
  id uuid PRIMARY KEY,
  direction text NOT NULL CHECK (direction IN ('outgoing', 'incoming')),
  kind text NOT NULL CHECK (kind IN ('edoc', 'status')),
  document_id text NOT NULL,
  business_type text NOT NULL CHECK (business_type IN ('new', 'revoke', 'update', 'replace', 'status')),
  message_key text NOT NULL,
  from_organ_id text NOT NULL,
  to_organ_id text NOT NULL,
  local_agency_id uuid REFERENCES agencies (id),
  unit_id uuid REFERENCES units (id),
  peer_id uuid REFERENCES exchange_peers (id),
  subject text,
  state text NOT NULL CHECK (state IN ('pending', 'delivered', 'refused', 'received')),
  last_status_code text,
  xml_sha256 text,
  xml_size integer,
  status_body jsonb,
  related_package_id uuid REFERENCES exchange_packages (id),
  sender_package_id text,
  incoming_document_id text,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_until timestamptz,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (xml_sha256 IS NOT NULL OR status_body IS NOT NULL)
);
-- A document (or a status) arrives once per sender and recipient; a repeat is a duplicate.
CREATE UNIQUE INDEX exchange_packages_incoming_key ON exchange_packages (from_organ_id, to_organ_id, message_key)
  WHERE direction = 'incoming';
CREATE INDEX exchange_packages_due_idx ON exchange_packages (next_attempt_at) WHERE direction = 'outgoing' AND state = 'pending';
CREATE INDEX exchange_packages_document_idx ON exchange_packages (document_id, to_organ_id);
CREATE INDEX exchange_packages_unit_idx ON exchange_packages (unit_id, created_at);
COMMENT ON TABLE exchange_packages IS 'edXML messages sent to or received from another agency: one row per message and counterpart agency (a document sent to three agencies is three rows).';
COMMENT ON COLUMN exchange_packages.id IS 'UUIDv7; for outgoing rows also the delivery id the receiver de-duplicates repeats on.';
COMMENT ON COLUMN exchange_packages.direction IS 'outgoing (we send) or incoming (we received).';
COMMENT ON COLUMN exchange_packages.kind IS 'edoc (a document package) or status (a processing-status message, QCVN 102 §1.5).';
COMMENT ON COLUMN exchange_packages.document_id IS 'edXML DocumentId of the document (for a status: of the document it is about): OrganId,yyyy/MM/dd,number/notation.';
COMMENT ON COLUMN exchange_packages.business_type IS 'new, revoke, update or replace (BussinessDocType 0–3); status for status messages.';
COMMENT ON COLUMN exchange_packages.message_key IS 'What makes the message unique for its sender and recipient: kind, business type, DocumentId (and code and time for a status).';
COMMENT ON COLUMN exchange_packages.from_organ_id IS 'e-identifier code of the sending agency.';
COMMENT ON COLUMN exchange_packages.to_organ_id IS 'e-identifier code of the receiving agency.';
COMMENT ON COLUMN exchange_packages.local_agency_id IS 'Our agency in the exchange (the sender of outgoing, the recipient of incoming rows).';
COMMENT ON COLUMN exchange_packages.unit_id IS 'Tenant key: the administrative unit of the local agency.';
COMMENT ON COLUMN exchange_packages.peer_id IS 'The platform instance on the other side.';
COMMENT ON COLUMN exchange_packages.subject IS 'Trích yếu of the document, for operators; null for status messages.';
COMMENT ON COLUMN exchange_packages.state IS 'Outgoing: pending (to deliver), delivered (acknowledged) or refused (the peer refused; not retried). Incoming: received.';
COMMENT ON COLUMN exchange_packages.last_status_code IS 'Latest QCVN 102 status code known for the document at the recipient (01 received … 06 completed, 02 refused).';
COMMENT ON COLUMN exchange_packages.xml_sha256 IS 'The signed edXML as sent or received, in the blob store (SHA-256); null for a status not yet signed.';
COMMENT ON COLUMN exchange_packages.xml_size IS 'Size of the stored edXML in bytes.';
COMMENT ON COLUMN exchange_packages.status_body IS 'For an outgoing status: the message fields, signed into edXML at delivery.';
COMMENT ON COLUMN exchange_packages.related_package_id IS 'For a status: the incoming document package it reports on (outgoing status) or the outgoing one it concerns (incoming status).';
COMMENT ON COLUMN exchange_packages.sender_package_id IS 'Incoming: the sender''s delivery id (X-Exchange-Package-Id), so a re-delivery after a lost answer is recognised, not refused as a duplicate.';
COMMENT ON COLUMN exchange_packages.incoming_document_id IS 'Incoming documents: the id the document register gave the document.';
COMMENT ON COLUMN exchange_packages.attempts IS 'Outgoing: failed delivery attempts so far.';
COMMENT ON COLUMN exchange_packages.next_attempt_at IS 'Outgoing: not tried again before this time (exponential backoff).';
COMMENT ON COLUMN exchange_packages.claimed_until IS 'Outgoing: lease of the worker delivering the row.';
COMMENT ON COLUMN exchange_packages.last_error IS 'Outgoing: why the last attempt failed or the peer refused.';
COMMENT ON COLUMN exchange_packages.delivered_at IS 'Outgoing: when the peer acknowledged it; incoming: when it was received.';
COMMENT ON COLUMN exchange_packages.created_at IS 'When the row was created.';
COMMENT ON COLUMN exchange_packages.updated_at IS 'When the row was last changed.';

CREATE TABLE exchange_trace (
  id uuid PRIMARY KEY,
  package_id uuid NOT NULL REFERENCES exchange_packages (id),
  organ_id text NOT NULL,
  event text NOT NULL CHECK (event IN ('queued', 'attempt_failed', 'refused', 'status')),
  status_code text,
  reason text,
  at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX exchange_trace_package_idx ON exchange_trace (package_id, recorded_at);
COMMENT ON TABLE exchange_trace IS 'Everything that happened to an exchanged document at each recipient: queued, failed attempts, refusals with their reason, and every status (01 received, 03 accepted, 04 assigned…).';
COMMENT ON COLUMN exchange_trace.id IS 'UUIDv7 identifier.';
COMMENT ON COLUMN exchange_trace.package_id IS 'The exchanged message the entry belongs to.';
COMMENT ON COLUMN exchange_trace.organ_id IS 'The recipient agency the entry is about.';
COMMENT ON COLUMN exchange_trace.event IS 'queued, attempt_failed (will retry), refused (by the peer, with its reason) or status (a QCVN 102 status).';
COMMENT ON COLUMN exchange_trace.status_code IS 'QCVN 102 status code (01–06, 13) for status and refused (02) entries.';
COMMENT ON COLUMN exchange_trace.reason IS 'The description of the status, the refusal''s code and reason, or the failure.';
COMMENT ON COLUMN exchange_trace.at IS 'When it happened (for a status: the time the reporting agency gave).';
COMMENT ON COLUMN exchange_trace.recorded_at IS 'When this platform recorded it.';
