-- The staff queue finds a dossier by the applicant's personal ID or tax code (matched whole), besides its code and
-- the applicant's name: these indexes keep that an index lookup rather than a scan of every dossier.
CREATE INDEX dossiers_applicant_personal_id_idx ON dossiers (applicant_personal_id)
  WHERE applicant_personal_id IS NOT NULL;
CREATE INDEX dossiers_applicant_tax_code_idx ON dossiers (applicant_tax_code) WHERE applicant_tax_code IS NOT NULL;

COMMENT ON INDEX dossiers_applicant_personal_id_idx IS 'Queue search by the applicant''s personal ID.';
COMMENT ON INDEX dossiers_applicant_tax_code_idx IS 'Queue search by the applicant''s tax code.';
