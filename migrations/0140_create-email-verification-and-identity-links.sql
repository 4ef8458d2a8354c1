-- Citizens and businesses prove their e-mail address with a single-use link, and may sign in through the national
-- identity provider (VNeID, OpenID Connect). The link between an account and the provider's subject is kept so
-- that later sign-ins find the account by the provider's stable identifier, not by matching claims again.
CREATE TABLE email_verification_tokens (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  email text NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX email_verification_tokens_user_id_idx ON email_verification_tokens (user_id, created_at);
COMMENT ON TABLE email_verification_tokens IS 'Single-use links that prove control of an account''s e-mail address.';
COMMENT ON COLUMN email_verification_tokens.token_hash IS 'Hex SHA-256 of the token in the link; the token itself exists only in the mail.';
COMMENT ON COLUMN email_verification_tokens.user_id IS 'The account whose address the link proves.';
COMMENT ON COLUMN email_verification_tokens.email IS 'The address the link was sent to; the link proves nothing once the account''s address has changed.';
COMMENT ON COLUMN email_verification_tokens.expires_at IS 'The link stops working at this time.';
COMMENT ON COLUMN email_verification_tokens.used_at IS 'When the link was used (or voided by a newer one); a used link never works again.';
COMMENT ON COLUMN email_verification_tokens.created_at IS 'When the link was sent; also limits how often a link may be sent again.';

CREATE TABLE user_identity_links (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  issuer text NOT NULL,
  subject text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (issuer, subject),
  UNIQUE (user_id, issuer)
);
COMMENT ON TABLE user_identity_links IS 'Accounts linked to an external OpenID Connect identity (VNeID): one subject per issuer and account.';
COMMENT ON COLUMN user_identity_links.id IS 'UUIDv7 identifier.';
COMMENT ON COLUMN user_identity_links.user_id IS 'The local account the external identity signs in to.';
COMMENT ON COLUMN user_identity_links.issuer IS 'The identity provider''s issuer identifier (the iss of its ID tokens).';
COMMENT ON COLUMN user_identity_links.subject IS 'The provider''s stable identifier of the person (the sub of its ID tokens).';
COMMENT ON COLUMN user_identity_links.created_at IS 'When the link was made (first sign-in through the provider).';
COMMENT ON COLUMN user_identity_links.last_used_at IS 'Last sign-in through this link.';
