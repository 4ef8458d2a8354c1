-- Synchronisation of one-stop dossiers with the national public-service portal (Cổng Dịch vụ công quốc gia,
-- DVCQG), through a transactional outbox: each dossier change writes its portal calls here in the transaction of
-- the change; a worker delivers them in order per dossier, each with a stable id the receiver de-duplicates on.
-- No foreign key to dossiers: the sync keeps its own copy of what it must send (a snapshot at the change), so it
-- depends on nothing but the dossier's id and code.

CREATE TABLE dvcqg_outbox (
  id uuid PRIMARY KEY,
  position bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  unit_id uuid NOT NULL,
  dossier_id uuid NOT NULL,
  dossier_code text NOT NULL,
  seq integer NOT NULL CHECK (seq >= 1),
  part smallint NOT NULL CHECK (part >= 0),
  service text NOT NULL CHECK (service IN ('DongBoHoSoMC', 'CapNhatTienDoHoSoMC')),
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  claimed_until timestamptz,
  delivered_at timestamptz,
  UNIQUE (dossier_id, seq, part)
);
CREATE INDEX dvcqg_outbox_pending_idx ON dvcqg_outbox (dossier_id, seq, part) WHERE delivered_at IS NULL;
CREATE INDEX dvcqg_outbox_due_idx ON dvcqg_outbox (next_attempt_at) WHERE delivered_at IS NULL;
COMMENT ON TABLE dvcqg_outbox IS 'Calls to the national public-service portal (DVCQG) waiting for delivery or delivered: one row per call (DongBoHoSoMC, CapNhatTienDoHoSoMC), written in the transaction of the dossier change that causes it.';
COMMENT ON COLUMN dvcqg_outbox.id IS 'UUIDv7; the stable id of the call, sent with every attempt so the receiver can de-duplicate.';
COMMENT ON COLUMN dvcqg_outbox.position IS 'Insertion order across all dossiers (for operators; delivery order is per dossier by seq, part).';
COMMENT ON COLUMN dvcqg_outbox.unit_id IS 'Tenant key: the receiving unit of the dossier.';
COMMENT ON COLUMN dvcqg_outbox.dossier_id IS 'The dossier the call is about.';
COMMENT ON COLUMN dvcqg_outbox.dossier_code IS 'The dossier code (MaHoSo), for operators and the receiver.';
COMMENT ON COLUMN dvcqg_outbox.seq IS 'Seq of the dossier action that caused the call; calls of one dossier are delivered in (seq, part) order.';
COMMENT ON COLUMN dvcqg_outbox.part IS 'Order of the call among those of one action (0 = DongBoHoSoMC, 1 = CapNhatTienDoHoSoMC).';
COMMENT ON COLUMN dvcqg_outbox.service IS 'The portal service called: DongBoHoSoMC (dossier record) or CapNhatTienDoHoSoMC (progress entry).';
COMMENT ON COLUMN dvcqg_outbox.body IS 'The call without session and agency code: {service, isUpdating?, data: [record]}, field names as the portal defines them.';
COMMENT ON COLUMN dvcqg_outbox.created_at IS 'When the change was recorded.';
COMMENT ON COLUMN dvcqg_outbox.attempts IS 'Failed delivery attempts so far.';
COMMENT ON COLUMN dvcqg_outbox.next_attempt_at IS 'Not tried again before this time (exponential backoff after failures).';
COMMENT ON COLUMN dvcqg_outbox.last_error IS 'Why the last attempt failed (HTTP status or the portal''s error_code and message).';
COMMENT ON COLUMN dvcqg_outbox.claimed_until IS 'Lease of the worker delivering the dossier''s calls; another worker leaves them alone until it ends.';
COMMENT ON COLUMN dvcqg_outbox.delivered_at IS 'When the portal accepted the call (error_code 0); null while pending.';

-- The local stand-in of the portal (DVCQG_SANDBOX=true): what it received and the sessions it handed out.
CREATE TABLE dvcqg_sandbox_records (
  request_id text PRIMARY KEY,
  service text NOT NULL,
  agency_code text NOT NULL,
  dossier_code text NOT NULL,
  body jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  received_order bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  times_received integer NOT NULL DEFAULT 1 CHECK (times_received >= 1)
);
CREATE INDEX dvcqg_sandbox_records_dossier_idx ON dvcqg_sandbox_records (dossier_code, received_order);
COMMENT ON TABLE dvcqg_sandbox_records IS 'Calls received by the local stand-in of the national public-service portal (demo and tests), one row per distinct request id.';
COMMENT ON COLUMN dvcqg_sandbox_records.request_id IS 'The sender''s stable id of the call (Idempotency-Key header); a repeat is acknowledged and only counted.';
COMMENT ON COLUMN dvcqg_sandbox_records.service IS 'The service called (DongBoHoSoMC, CapNhatTienDoHoSoMC).';
COMMENT ON COLUMN dvcqg_sandbox_records.agency_code IS 'The sender''s agency code (madonvi).';
COMMENT ON COLUMN dvcqg_sandbox_records.dossier_code IS 'MaHoSo of the record sent.';
COMMENT ON COLUMN dvcqg_sandbox_records.body IS 'The call as received, without the session.';
COMMENT ON COLUMN dvcqg_sandbox_records.received_at IS 'When it was first received.';
COMMENT ON COLUMN dvcqg_sandbox_records.received_order IS 'Order of first receipt across all calls.';
COMMENT ON COLUMN dvcqg_sandbox_records.times_received IS 'How many times the same call arrived (1 + de-duplicated repeats).';

CREATE TABLE dvcqg_sandbox_sessions (
  token_hash text PRIMARY KEY,
  username text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
COMMENT ON TABLE dvcqg_sandbox_sessions IS 'Sessions the local stand-in of the portal issued at sign-in; only the SHA-256 of each token is kept.';
COMMENT ON COLUMN dvcqg_sandbox_sessions.token_hash IS 'SHA-256 (hex) of the session token.';
COMMENT ON COLUMN dvcqg_sandbox_sessions.username IS 'The account that signed in.';
COMMENT ON COLUMN dvcqg_sandbox_sessions.created_at IS 'When the session was issued.';
COMMENT ON COLUMN dvcqg_sandbox_sessions.expires_at IS 'When the session stops being accepted.';
