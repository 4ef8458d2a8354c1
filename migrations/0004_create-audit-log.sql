CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_id uuid,
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'system', 'anonymous')),
  unit_id uuid,
  action text NOT NULL,
  subject_type text NOT NULL,
  subject_id text,
  ip text,
  user_agent text,
  request_id text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  seq bigint UNIQUE,
  prev_hash text,
  hash text,
  sealed_at timestamptz,
  CHECK ((seq IS NULL) = (hash IS NULL))
);
CREATE INDEX audit_log_unsealed_idx ON audit_log (id) WHERE seq IS NULL;
CREATE INDEX audit_log_subject_idx ON audit_log (subject_type, subject_id);
CREATE INDEX audit_log_unit_id_idx ON audit_log (unit_id, occurred_at);
COMMENT ON TABLE audit_log IS 'Append-only audit trail (nhật ký). Rows are written in the same transaction as the change, then sealed in batches into a SHA-256 hash chain ordered by seq.';
COMMENT ON COLUMN audit_log.id IS 'Insertion order; the chain order is seq, given at sealing, because rows commit out of id order.';
COMMENT ON COLUMN audit_log.occurred_at IS 'When the change happened.';
COMMENT ON COLUMN audit_log.actor_id IS 'The account that acted; null for the system or an anonymous caller.';
COMMENT ON COLUMN audit_log.actor_kind IS 'user, system or anonymous.';
COMMENT ON COLUMN audit_log.unit_id IS 'The administrative unit whose data changed.';
COMMENT ON COLUMN audit_log.action IS 'Stable action name, e.g. user.create, role.grant, auth.login_failed.';
COMMENT ON COLUMN audit_log.subject_type IS 'Kind of thing acted on, e.g. user, unit, agency.';
COMMENT ON COLUMN audit_log.subject_id IS 'Identifier of the thing acted on.';
COMMENT ON COLUMN audit_log.ip IS 'Client address of the request.';
COMMENT ON COLUMN audit_log.user_agent IS 'Client software of the request.';
COMMENT ON COLUMN audit_log.request_id IS 'Request id, the same as in the logs and the error answer.';
COMMENT ON COLUMN audit_log.data IS 'Action details (changed fields, reasons); never secrets.';
COMMENT ON COLUMN audit_log.seq IS 'Position in the hash chain, from 1 without gaps; null until sealed.';
COMMENT ON COLUMN audit_log.prev_hash IS 'hash of the row at seq - 1 (64 zeros for the first).';
COMMENT ON COLUMN audit_log.hash IS 'Hex SHA-256 over prev_hash and the canonical row content.';
COMMENT ON COLUMN audit_log.sealed_at IS 'When the row was sealed into the chain.';

-- Append-only: content never changes, and the only update allowed is sealing an unsealed row once.
CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.seq IS NOT NULL
     OR NEW.id IS DISTINCT FROM OLD.id OR NEW.occurred_at IS DISTINCT FROM OLD.occurred_at
     OR NEW.actor_id IS DISTINCT FROM OLD.actor_id OR NEW.actor_kind IS DISTINCT FROM OLD.actor_kind
     OR NEW.unit_id IS DISTINCT FROM OLD.unit_id OR NEW.action IS DISTINCT FROM OLD.action
     OR NEW.subject_type IS DISTINCT FROM OLD.subject_type OR NEW.subject_id IS DISTINCT FROM OLD.subject_id
     OR NEW.ip IS DISTINCT FROM OLD.ip OR NEW.user_agent IS DISTINCT FROM OLD.user_agent
     OR NEW.request_id IS DISTINCT FROM OLD.request_id OR NEW.data IS DISTINCT FROM OLD.data THEN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION audit_log_guard() IS 'Refuses deletes and content changes on audit_log; allows the one sealing update.';
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();
