CREATE TABLE units (
  id uuid PRIMARY KEY,
  code text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('province', 'municipality', 'city', 'district', 'town', 'commune', 'ward', 'township', 'special_zone')),
  parent_id uuid REFERENCES units (id),
  ancestor_ids uuid[] NOT NULL,
  valid_from date,
  valid_to date,
  name_search text GENERATED ALWAYS AS (search_text(name)) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to),
  CHECK (ancestor_ids[array_length(ancestor_ids, 1)] = id)
);
-- Codes are re-used across reforms (02647 was Phường Kim Tân, then Phường Lào Cai), so a code is unique only
-- together with the day it came into force.
CREATE UNIQUE INDEX units_code_valid_from_key ON units (code, valid_from) NULLS NOT DISTINCT;
CREATE INDEX units_parent_id_idx ON units (parent_id);
CREATE INDEX units_ancestor_ids_idx ON units USING gin (ancestor_ids);
CREATE INDEX units_name_search_idx ON units USING gin (name_search gin_trgm_ops);

COMMENT ON TABLE units IS 'Administrative units (đơn vị hành chính) of any depth: province, district, commune, ward… Each version of a unit is a row with its validity period; reforms end rows and start new ones.';
COMMENT ON COLUMN units.id IS 'UUIDv7 identifier.';
COMMENT ON COLUMN units.code IS 'Statistics office (GSO) code: 2 digits for a province, 3 for a district, 5 for a commune.';
COMMENT ON COLUMN units.name IS 'Official name with its kind, e.g. "Xã Bát Xát".';
COMMENT ON COLUMN units.kind IS 'province, municipality (centrally governed city), city (provincial city), district, town (thị xã), commune, ward, township (thị trấn) or special_zone (đặc khu).';
COMMENT ON COLUMN units.parent_id IS 'The unit directly above; null for a province.';
COMMENT ON COLUMN units.ancestor_ids IS 'Ids from the root down to this unit itself; a scope covering any of them covers this unit.';
COMMENT ON COLUMN units.valid_from IS 'First day in force; null when in force since before the records begin.';
COMMENT ON COLUMN units.valid_to IS 'Last day in force; null while in force.';
COMMENT ON COLUMN units.name_search IS 'Name without diacritics, lower-cased, for search.';
COMMENT ON COLUMN units.created_at IS 'When the row was created.';
COMMENT ON COLUMN units.updated_at IS 'When the row was last changed.';

CREATE TABLE unit_successions (
  predecessor_id uuid NOT NULL REFERENCES units (id),
  successor_id uuid NOT NULL REFERENCES units (id),
  is_whole boolean NOT NULL,
  effective_on date NOT NULL,
  PRIMARY KEY (predecessor_id, successor_id),
  CHECK (predecessor_id <> successor_id)
);
CREATE INDEX unit_successions_successor_id_idx ON unit_successions (successor_id);
COMMENT ON TABLE unit_successions IS 'Which units took over which when units were merged, split or abolished (e.g. the reform of 1 July 2025).';
COMMENT ON COLUMN unit_successions.predecessor_id IS 'The unit that ended.';
COMMENT ON COLUMN unit_successions.successor_id IS 'A unit that took over its area in whole or in part.';
COMMENT ON COLUMN unit_successions.is_whole IS 'True when the whole predecessor went into this successor; false for a part.';
COMMENT ON COLUMN unit_successions.effective_on IS 'The day the succession took effect.';

CREATE TABLE agencies (
  id uuid PRIMARY KEY,
  unit_id uuid NOT NULL REFERENCES units (id),
  parent_id uuid REFERENCES agencies (id),
  code text UNIQUE CHECK (code ~ '^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$'),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('people_committee', 'department', 'office', 'one_stop', 'public_service_center', 'other')),
  email text,
  phone text,
  address text,
  valid_from date,
  valid_to date,
  name_search text GENERATED ALWAYS AS (search_text(name)) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to)
);
CREATE INDEX agencies_unit_id_idx ON agencies (unit_id);
CREATE INDEX agencies_parent_id_idx ON agencies (parent_id);
CREATE INDEX agencies_name_search_idx ON agencies USING gin (name_search gin_trgm_ops);
COMMENT ON TABLE agencies IS 'State bodies (cơ quan, đơn vị) that belong to an administrative unit: the People''s Committee, departments, offices, one-stop desks.';
COMMENT ON COLUMN agencies.id IS 'UUIDv7 identifier.';
COMMENT ON COLUMN agencies.unit_id IS 'The administrative unit the agency belongs to; its tenant key.';
COMMENT ON COLUMN agencies.parent_id IS 'The agency it is part of (a one-stop desk of a People''s Committee), if any.';
COMMENT ON COLUMN agencies.code IS 'Electronic identifier code (mã định danh điện tử, QĐ 20/2020), e.g. 000.00.00.H38; used in edXML and dossier codes.';
COMMENT ON COLUMN agencies.name IS 'Official name, e.g. "Sở Tư pháp tỉnh Lào Cai".';
COMMENT ON COLUMN agencies.kind IS 'people_committee (UBND), department (Sở), office (phòng, văn phòng), one_stop (bộ phận một cửa), public_service_center (trung tâm phục vụ hành chính công) or other.';
COMMENT ON COLUMN agencies.email IS 'Official contact e-mail.';
COMMENT ON COLUMN agencies.phone IS 'Official contact telephone.';
COMMENT ON COLUMN agencies.address IS 'Postal address.';
COMMENT ON COLUMN agencies.valid_from IS 'First day in operation; null when unknown.';
COMMENT ON COLUMN agencies.valid_to IS 'Last day in operation; null while operating.';
COMMENT ON COLUMN agencies.name_search IS 'Name without diacritics, lower-cased, for search.';
COMMENT ON COLUMN agencies.created_at IS 'When the row was created.';
COMMENT ON COLUMN agencies.updated_at IS 'When the row was last changed.';
