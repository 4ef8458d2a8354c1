-- The staff queue finds a dossier by the applicant's personal ID or tax code (matched whole), besides its code and
-- the applicant's name: these indexes keep that an index lookup rather than a scan of every dossier.
CREATE INDEX dossiers_applicant_personal_id_idx ON dossiers (applicant_personal_id)
  WHERE applicant_personal_id IS NOT NULL;
CREATE INDEX dossiers_applicant_tax_code_idx ON dossiers (applicant_tax_code) WHERE applicant_tax_code IS NOT NULL;

COMMENT ON INDEX dossiers_applicant_personal_id_idx IS 'Queue search by the applicant''s personal ID.';
COMMENT ON INDEX dossiers_applicant_tax_code_idx IS 'Queue search by the applicant''s tax code.';

-- Internal notes officers keep on a dossier without moving it (a phone call with the applicant, a reminder for a
-- colleague). They are not actions: they never change the dossier's state or version, never reach the applicant,
-- the national portal or the public lookup, and are append-only like the log.
CREATE TABLE dossier_notes (
  id uuid PRIMARY KEY,
  dossier_id uuid NOT NULL REFERENCES dossiers (id),
  unit_id uuid NOT NULL REFERENCES units (id),
  author_id uuid NOT NULL REFERENCES users (id),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  created_at timestamptz NOT NULL
);
CREATE INDEX dossier_notes_dossier_idx ON dossier_notes (dossier_id, created_at, id);

COMMENT ON TABLE dossier_notes IS 'Officers'' internal notes on a dossier: not part of its action log, never shown to the applicant. Append-only.';
COMMENT ON COLUMN dossier_notes.id IS 'UUIDv7 of the note.';
COMMENT ON COLUMN dossier_notes.dossier_id IS 'The dossier the note is about.';
COMMENT ON COLUMN dossier_notes.unit_id IS 'The unit the author wrote on behalf of: where the dossier was when the note was written.';
COMMENT ON COLUMN dossier_notes.author_id IS 'The officer who wrote the note.';
COMMENT ON COLUMN dossier_notes.body IS 'The note, 1 to 2000 characters.';
COMMENT ON COLUMN dossier_notes.created_at IS 'When the note was written (business clock).';

CREATE FUNCTION dossier_notes_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'dossier_notes is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
COMMENT ON FUNCTION dossier_notes_guard() IS 'Refuses updates, deletes and truncation of dossier_notes.';
CREATE TRIGGER dossier_notes_append_only BEFORE UPDATE OR DELETE ON dossier_notes
  FOR EACH ROW EXECUTE FUNCTION dossier_notes_guard();
CREATE TRIGGER dossier_notes_no_truncate BEFORE TRUNCATE ON dossier_notes
  FOR EACH STATEMENT EXECUTE FUNCTION dossier_notes_guard();
