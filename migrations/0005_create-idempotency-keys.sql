CREATE TABLE idempotency_keys (
  key text NOT NULL,
  principal text NOT NULL,
  method text NOT NULL,
  route text NOT NULL,
  request_hash text NOT NULL,
  status_code integer NOT NULL,
  response_body jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal, key)
);
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
COMMENT ON TABLE idempotency_keys IS 'Answers to creating requests sent with an Idempotency-Key header, written in the same transaction as the change, so a retry gets the first answer and never a second creation.';
COMMENT ON COLUMN idempotency_keys.key IS 'The client''s Idempotency-Key header value.';
COMMENT ON COLUMN idempotency_keys.principal IS 'Who sent it (user id, or anonymous session); keys are scoped per caller.';
COMMENT ON COLUMN idempotency_keys.method IS 'HTTP method of the first request.';
COMMENT ON COLUMN idempotency_keys.route IS 'Route pattern of the first request.';
COMMENT ON COLUMN idempotency_keys.request_hash IS 'SHA-256 of method, route and body; a retry with another body is refused.';
COMMENT ON COLUMN idempotency_keys.status_code IS 'HTTP status of the first answer.';
COMMENT ON COLUMN idempotency_keys.response_body IS 'Body of the first answer.';
COMMENT ON COLUMN idempotency_keys.created_at IS 'When the key was first used; keys are purged after 24 hours.';
