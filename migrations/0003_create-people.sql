CREATE TABLE users (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('staff', 'citizen', 'business')),
  username text,
  full_name text NOT NULL,
  email text,
  phone text,
  personal_id text CHECK (personal_id ~ '^[0-9]{12}$'),
  tax_code text CHECK (tax_code ~ '^[0-9]{10}(-[0-9]{3})?$'),
  password_hash text,
  totp_secret text,
  totp_enabled_at timestamptz,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  email_verified_at timestamptz,
  home_unit_id uuid REFERENCES units (id),
  last_login_at timestamptz,
  name_search text GENERATED ALWAYS AS (search_text(full_name)) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'staff' OR username IS NOT NULL),
  CHECK (kind <> 'business' OR tax_code IS NOT NULL)
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE UNIQUE INDEX users_personal_id_key ON users (personal_id) WHERE kind = 'citizen';
CREATE UNIQUE INDEX users_tax_code_key ON users (tax_code) WHERE kind = 'business';
CREATE INDEX users_home_unit_id_idx ON users (home_unit_id);
CREATE INDEX users_name_search_idx ON users USING gin (name_search gin_trgm_ops);
COMMENT ON TABLE users IS 'Accounts: staff (officers of agencies), citizens and businesses.';
COMMENT ON COLUMN users.id IS 'UUIDv7 identifier.';
COMMENT ON COLUMN users.kind IS 'staff, citizen or business.';
COMMENT ON COLUMN users.username IS 'Sign-in name of a staff account, unique ignoring case.';
COMMENT ON COLUMN users.full_name IS 'Full name as on the identity card, or the business name.';
COMMENT ON COLUMN users.email IS 'E-mail address, unique ignoring case; used for password reset and notifications.';
COMMENT ON COLUMN users.phone IS 'Mobile phone number.';
COMMENT ON COLUMN users.personal_id IS '12-digit personal identification number (số định danh cá nhân) of a citizen.';
COMMENT ON COLUMN users.tax_code IS 'Enterprise/tax code (mã số doanh nghiệp): 10 digits, or 13 with a branch suffix.';
COMMENT ON COLUMN users.password_hash IS 'argon2id hash (PHC string); null for accounts that sign in only through an identity provider.';
COMMENT ON COLUMN users.totp_secret IS 'TOTP secret, encrypted with the application secret (AES-256-GCM); null until enrolment starts.';
COMMENT ON COLUMN users.totp_enabled_at IS 'When the TOTP second factor was confirmed; null while not in use.';
COMMENT ON COLUMN users.failed_logins IS 'Failed sign-ins since the last success; reaching the limit locks the account.';
COMMENT ON COLUMN users.locked_until IS 'Sign-in is refused until this time.';
COMMENT ON COLUMN users.status IS 'active or disabled (an administrator switched the account off).';
COMMENT ON COLUMN users.email_verified_at IS 'When the owner proved control of the e-mail address.';
COMMENT ON COLUMN users.home_unit_id IS 'The administrative unit a staff member works for.';
COMMENT ON COLUMN users.last_login_at IS 'Last successful sign-in.';
COMMENT ON COLUMN users.name_search IS 'Full name without diacritics, lower-cased, for search.';
COMMENT ON COLUMN users.created_at IS 'When the account was created.';
COMMENT ON COLUMN users.updated_at IS 'When the account was last changed.';

CREATE TABLE role_grants (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('clerk', 'one_stop_officer', 'specialist', 'leader', 'admin')),
  unit_id uuid NOT NULL REFERENCES units (id),
  agency_id uuid REFERENCES agencies (id),
  includes_sub_units boolean NOT NULL,
  granted_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX role_grants_key ON role_grants (user_id, role, unit_id, agency_id) NULLS NOT DISTINCT;
CREATE INDEX role_grants_unit_id_idx ON role_grants (unit_id);
COMMENT ON TABLE role_grants IS 'Roles held by staff, each within one administrative unit or one agency of it.';
COMMENT ON COLUMN role_grants.id IS 'UUIDv7 identifier.';
COMMENT ON COLUMN role_grants.user_id IS 'The staff account holding the role.';
COMMENT ON COLUMN role_grants.role IS 'clerk (văn thư), one_stop_officer (cán bộ một cửa), specialist (chuyên viên), leader (lãnh đạo) or admin (quản trị).';
COMMENT ON COLUMN role_grants.unit_id IS 'The administrative unit the role applies in.';
COMMENT ON COLUMN role_grants.agency_id IS 'When set, the role applies only within this agency of the unit.';
COMMENT ON COLUMN role_grants.includes_sub_units IS 'True when the role also applies in every unit below (a provincial leader supervising communes).';
COMMENT ON COLUMN role_grants.granted_by IS 'The administrator who granted it; null for seeded grants.';
COMMENT ON COLUMN role_grants.created_at IS 'When it was granted.';

CREATE TABLE sessions (
  id uuid PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  is_mfa_pending boolean NOT NULL DEFAULT false,
  ip text,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
COMMENT ON TABLE sessions IS 'Signed-in browser sessions. The cookie carries a random token; only its SHA-256 is stored.';
COMMENT ON COLUMN sessions.id IS 'UUIDv7 identifier.';
COMMENT ON COLUMN sessions.token_hash IS 'Hex SHA-256 of the session token held in the HttpOnly cookie.';
COMMENT ON COLUMN sessions.user_id IS 'The signed-in account.';
COMMENT ON COLUMN sessions.is_mfa_pending IS 'True after the password step while the TOTP step is still owed; such a session grants nothing.';
COMMENT ON COLUMN sessions.ip IS 'Client address at sign-in.';
COMMENT ON COLUMN sessions.user_agent IS 'Browser at sign-in.';
COMMENT ON COLUMN sessions.created_at IS 'Sign-in time.';
COMMENT ON COLUMN sessions.last_seen_at IS 'Last request seen (updated at most once a minute).';
COMMENT ON COLUMN sessions.expires_at IS 'The session ends at this time unless renewed by use.';

CREATE TABLE password_reset_tokens (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_reset_tokens_user_id_idx ON password_reset_tokens (user_id);
COMMENT ON TABLE password_reset_tokens IS 'Single-use password-reset links sent by e-mail.';
COMMENT ON COLUMN password_reset_tokens.token_hash IS 'Hex SHA-256 of the token in the link.';
COMMENT ON COLUMN password_reset_tokens.user_id IS 'The account whose password the link resets.';
COMMENT ON COLUMN password_reset_tokens.expires_at IS 'The link stops working at this time.';
COMMENT ON COLUMN password_reset_tokens.used_at IS 'When the link was used; a used link never works again.';
COMMENT ON COLUMN password_reset_tokens.created_at IS 'When the link was sent.';
