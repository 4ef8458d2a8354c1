-- RFC 6238 §5.2: a verifier must not accept the same one-time code twice. Remembering the last accepted time
-- step lets sign-in refuse a code that was already used (read over a shoulder, or replayed from a proxy log).
ALTER TABLE users ADD COLUMN totp_last_step bigint;
COMMENT ON COLUMN users.totp_last_step IS 'TOTP time step (RFC 6238 counter) of the last accepted code; codes at or before it are refused.';
