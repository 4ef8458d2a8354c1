-- Online submission drafts: a citizen's or a business's answers and uploaded files while they fill in an online
-- submission, kept so they can stop and come back (save and return). Files are in the blob store from the moment
-- they are uploaded; the draft holds their references. Submitting creates the dossier through the dossier service
-- and consumes the draft in the same transaction: the row then keeps only the dossier it became (a repeated submit
-- answers with that dossier), its answers and file references are cleared.

CREATE TABLE dossier_drafts (
  id uuid PRIMARY KEY,
  owner_id uuid NOT NULL REFERENCES users (id),
  unit_id uuid NOT NULL REFERENCES units (id),
  procedure_id uuid NOT NULL,
  procedure_version integer NOT NULL,
  answers jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(answers) = 'object'),
  files jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(files) = 'array'),
  dossier_id uuid REFERENCES dossiers (id),
  submitted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  CHECK ((dossier_id IS NULL) = (submitted_at IS NULL)),
  FOREIGN KEY (procedure_id, procedure_version, unit_id) REFERENCES procedure_versions (procedure_id, version, unit_id)
);
CREATE INDEX dossier_drafts_owner_idx ON dossier_drafts (owner_id, updated_at DESC);
CREATE INDEX dossier_drafts_expires_idx ON dossier_drafts (expires_at);
CREATE UNIQUE INDEX dossier_drafts_dossier_key ON dossier_drafts (dossier_id) WHERE dossier_id IS NOT NULL;
COMMENT ON TABLE dossier_drafts IS 'Online submissions in progress (bản nháp hồ sơ): the answers and uploaded files of one applicant for one procedure version, until submitted or expired.';
COMMENT ON COLUMN dossier_drafts.id IS 'UUIDv7 identifier; also the idempotency key of its submission (a repeated submit answers with the same dossier).';
COMMENT ON COLUMN dossier_drafts.owner_id IS 'The citizen or business account filling it in; nobody else may see or change it.';
COMMENT ON COLUMN dossier_drafts.unit_id IS 'Tenant key: the unit that publishes the procedure.';
COMMENT ON COLUMN dossier_drafts.procedure_id IS 'The procedure applied for.';
COMMENT ON COLUMN dossier_drafts.procedure_version IS 'The procedure version whose components the draft was started under.';
COMMENT ON COLUMN dossier_drafts.answers IS 'The answers so far (who applies, the applicant, the owner or business, the receiving unit, pages done), as validated by the dossier-drafts schema; cleared on submission.';
COMMENT ON COLUMN dossier_drafts.files IS 'Uploaded files: array of {id, componentCode, filename, contentType, size, sha256}, the bytes in the blob store under sha256; cleared on submission.';
COMMENT ON COLUMN dossier_drafts.dossier_id IS 'The dossier the draft became when submitted; null while being filled in.';
COMMENT ON COLUMN dossier_drafts.submitted_at IS 'When the draft was submitted (consumed).';
COMMENT ON COLUMN dossier_drafts.created_at IS 'When the draft was started.';
COMMENT ON COLUMN dossier_drafts.updated_at IS 'When the draft was last saved.';
COMMENT ON COLUMN dossier_drafts.expires_at IS 'After this time the draft is gone for its owner (not found) and may be purged; each save moves it on.';
