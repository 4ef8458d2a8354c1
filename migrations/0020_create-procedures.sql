-- The catalogue of administrative procedures (thủ tục hành chính) and their versioned internal workflows.
--
-- Shape: a procedure is a stable identity (codes, name, field, owning province); everything that a decision on a
-- dossier depends on lives in a version, which is frozen once published, because a dossier keeps the version it
-- was submitted under for its whole life. Components and fees are child rows (dossier files and payment lines
-- will point at them by code); the workflow is one JSONB document, because it is a small graph that is validated,
-- versioned and read as a whole (src/modules/procedures/workflow.ts), and dossiers record the ids of its steps in
-- their own log, so nothing needs a foreign key into a step. Splitting it into rows would spread one invariant
-- (a valid graph whose main path adds up to the deadline) over tables the database could not check anyway.

CREATE TABLE procedure_fields (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9_.-]{1,39}$'),
  name text NOT NULL,
  name_search text GENERATED ALWAYS AS (search_text(name)) STORED,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE procedure_fields IS 'Fields (lĩnh vực) that group procedures, e.g. Hộ tịch, Chứng thực, Đất đai. A national list shared by every tenant, like the catalogue of the national public-service portal, so it carries no unit.';
COMMENT ON COLUMN procedure_fields.id IS 'UUIDv7 identifier.';
COMMENT ON COLUMN procedure_fields.code IS 'Stable code of the field (upper-case letters, digits, _ . -), used in filters and in exchanges with the national portal (MaLinhVuc).';
COMMENT ON COLUMN procedure_fields.name IS 'Name of the field, e.g. "Hộ tịch".';
COMMENT ON COLUMN procedure_fields.name_search IS 'Name without diacritics, lower-cased, for search.';
COMMENT ON COLUMN procedure_fields.created_at IS 'When the row was created.';

CREATE TABLE procedures (
  id uuid PRIMARY KEY,
  unit_id uuid NOT NULL REFERENCES units (id),
  national_code text NOT NULL CHECK (national_code ~ '^[0-9]\.[0-9]{6}$'),
  code text NOT NULL UNIQUE CHECK (code ~ '^[0-9]\.[0-9]{6}\.[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$'),
  name text NOT NULL,
  field_id uuid NOT NULL REFERENCES procedure_fields (id),
  current_version integer,
  name_search text GENERATED ALWAYS AS (search_text(name)) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (starts_with(code, national_code || '.')),
  -- Lets versions and their parts carry the tenant key with a foreign key that keeps it consistent.
  UNIQUE (id, unit_id),
  -- One procedure of the national catalogue is published once by a province.
  UNIQUE (unit_id, national_code)
);
CREATE INDEX procedures_field_id_idx ON procedures (field_id);
CREATE INDEX procedures_name_search_idx ON procedures USING gin (name_search gin_trgm_ops);
CREATE INDEX procedures_catalogue_order_idx ON procedures (name_search, id) WHERE current_version IS NOT NULL;
COMMENT ON TABLE procedures IS 'Administrative procedures published by a province (thủ tục hành chính): the stable identity. What is required, charged and done lives in procedure_versions.';
COMMENT ON COLUMN procedures.id IS 'UUIDv7 identifier.';
COMMENT ON COLUMN procedures.unit_id IS 'The province that publishes the procedure (Chủ tịch UBND tỉnh công bố); its tenant key. Administrators of this unit''s whole subtree manage it.';
COMMENT ON COLUMN procedures.national_code IS 'Code of the procedure in the national database of procedures, e.g. 1.001193.';
COMMENT ON COLUMN procedures.code IS 'Code as published by the province: the national code followed by the publishing agency''s code, e.g. 1.001193.000.00.00.H38 (MaTTHC).';
COMMENT ON COLUMN procedures.name IS 'Official name, e.g. "Đăng ký khai sinh".';
COMMENT ON COLUMN procedures.field_id IS 'The field (lĩnh vực) it belongs to.';
COMMENT ON COLUMN procedures.current_version IS 'Number of the version in force (the published one); null until a first version is published.';
COMMENT ON COLUMN procedures.name_search IS 'Name without diacritics, lower-cased, for search.';
COMMENT ON COLUMN procedures.created_at IS 'When the procedure was created.';
COMMENT ON COLUMN procedures.updated_at IS 'When the identity or the version in force last changed.';

CREATE TABLE procedure_versions (
  procedure_id uuid NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  unit_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
  deciding_level text NOT NULL CHECK (deciding_level IN ('commune', 'district', 'province')),
  receiving_levels text[] NOT NULL
    CHECK (cardinality(receiving_levels) > 0 AND receiving_levels <@ ARRAY['commune', 'district', 'province']),
  online_level text NOT NULL CHECK (online_level IN ('full', 'partial', 'none')),
  deadline_working_days integer CHECK (deadline_working_days BETWEEN 1 AND 365),
  deadline_working_hours integer CHECK (deadline_working_hours BETWEEN 1 AND 240),
  result_kind text NOT NULL
    CHECK (result_kind IN ('certificate', 'licence', 'extract', 'certification', 'decision', 'confirmation', 'other')),
  result_name text NOT NULL,
  legal_basis text NOT NULL,
  workflow jsonb NOT NULL,
  published_at timestamptz,
  retired_at timestamptz,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (procedure_id, version),
  UNIQUE (procedure_id, version, unit_id),
  FOREIGN KEY (procedure_id, unit_id) REFERENCES procedures (id, unit_id),
  CHECK ((deadline_working_days IS NULL) <> (deadline_working_hours IS NULL)),
  CHECK ((status = 'draft') = (published_at IS NULL)),
  CHECK ((status = 'retired') = (retired_at IS NOT NULL))
);
-- At most one draft and one published version at a time per procedure.
CREATE UNIQUE INDEX procedure_versions_one_draft_idx ON procedure_versions (procedure_id) WHERE status = 'draft';
CREATE UNIQUE INDEX procedure_versions_one_published_idx ON procedure_versions (procedure_id) WHERE status = 'published';
ALTER TABLE procedures ADD FOREIGN KEY (id, current_version) REFERENCES procedure_versions (procedure_id, version);
COMMENT ON TABLE procedure_versions IS 'Versions of a procedure: draft while being edited, then published (immutable: a trigger refuses every change but retirement) and finally retired when a newer one is published. Dossiers keep the version they were submitted under.';
COMMENT ON COLUMN procedure_versions.procedure_id IS 'The procedure.';
COMMENT ON COLUMN procedure_versions.version IS 'Version number, from 1, in the order created.';
COMMENT ON COLUMN procedure_versions.unit_id IS 'Tenant key: the procedure''s province, kept consistent by a foreign key.';
COMMENT ON COLUMN procedure_versions.status IS 'draft (editable), published (in force, immutable) or retired (replaced; kept for the dossiers that used it).';
COMMENT ON COLUMN procedure_versions.deciding_level IS 'Level of the body that decides (cấp thực hiện): commune, district or province.';
COMMENT ON COLUMN procedure_versions.receiving_levels IS 'Levels whose one-stop desks receive the dossier (commune, district, province).';
COMMENT ON COLUMN procedure_versions.online_level IS 'Online public-service level (NĐ 42/2022): full (toàn trình), partial (một phần) or none (counter only).';
COMMENT ON COLUMN procedure_versions.deadline_working_days IS 'Legal deadline in working days from receipt of a complete dossier; null when given in hours.';
COMMENT ON COLUMN procedure_versions.deadline_working_hours IS 'Legal deadline in working hours, for same-day procedures; null when given in days.';
COMMENT ON COLUMN procedure_versions.result_kind IS 'Kind of result: certificate, licence, extract (trích lục, bản sao), certification (chứng thực), decision, confirmation or other.';
COMMENT ON COLUMN procedure_versions.result_name IS 'Name of the result document, e.g. "Giấy khai sinh".';
COMMENT ON COLUMN procedure_versions.legal_basis IS 'Legal basis (căn cứ pháp lý) as published, one instrument a line.';
COMMENT ON COLUMN procedure_versions.workflow IS 'Internal ISO workflow as data: {start, steps[{id, name, kind, actor{role, at, agencyKind?, agencyCode?}, duration{workingDays|workingHours}, transitions[{action, to}]}]}; validated by validateWorkflow() on every save and on publication.';
COMMENT ON COLUMN procedure_versions.published_at IS 'When the version was published; null while a draft.';
COMMENT ON COLUMN procedure_versions.retired_at IS 'When a newer version replaced it; null otherwise.';
COMMENT ON COLUMN procedure_versions.created_by IS 'The administrator who created the version; null for seeded data.';
COMMENT ON COLUMN procedure_versions.created_at IS 'When the version was created.';
COMMENT ON COLUMN procedure_versions.updated_at IS 'When the version was last changed (only drafts change, apart from retirement).';

CREATE TABLE procedure_components (
  procedure_id uuid NOT NULL,
  version integer NOT NULL,
  unit_id uuid NOT NULL,
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$'),
  position integer NOT NULL CHECK (position >= 0),
  name text NOT NULL,
  originals integer NOT NULL CHECK (originals BETWEEN 0 AND 99),
  copies integer NOT NULL CHECK (copies BETWEEN 0 AND 99),
  template_file text,
  is_required boolean NOT NULL,
  registry_kind text CHECK (registry_kind IN ('population', 'civil_status', 'business', 'land', 'beneficiary')),
  PRIMARY KEY (procedure_id, version, code),
  UNIQUE (procedure_id, version, position),
  FOREIGN KEY (procedure_id, version, unit_id) REFERENCES procedure_versions (procedure_id, version, unit_id) ON DELETE CASCADE
);
COMMENT ON TABLE procedure_components IS 'Required dossier components (thành phần hồ sơ) of a procedure version; frozen with the version.';
COMMENT ON COLUMN procedure_components.procedure_id IS 'The procedure.';
COMMENT ON COLUMN procedure_components.version IS 'The version the component belongs to.';
COMMENT ON COLUMN procedure_components.unit_id IS 'Tenant key: the procedure''s province.';
COMMENT ON COLUMN procedure_components.code IS 'Code of the component within the version (MaThanhPhanHoSo); dossier files refer to it.';
COMMENT ON COLUMN procedure_components.position IS 'Order in which the components are listed, from 0.';
COMMENT ON COLUMN procedure_components.name IS 'Name as in the national catalogue, e.g. "Tờ khai đăng ký khai sinh".';
COMMENT ON COLUMN procedure_components.originals IS 'Number of originals (bản chính) to submit.';
COMMENT ON COLUMN procedure_components.copies IS 'Number of copies (bản sao) to submit.';
COMMENT ON COLUMN procedure_components.template_file IS 'File name of the form template (mẫu đơn, tờ khai), or null when there is no form.';
COMMENT ON COLUMN procedure_components.is_required IS 'True when every dossier must contain it; false for components needed only in some cases.';
COMMENT ON COLUMN procedure_components.registry_kind IS 'Shared registry that can satisfy the component instead of a paper (once-only principle): population, civil_status, business, land or beneficiary; null when none can.';

CREATE TABLE procedure_fees (
  procedure_id uuid NOT NULL,
  version integer NOT NULL,
  unit_id uuid NOT NULL,
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$'),
  position integer NOT NULL CHECK (position >= 0),
  name text NOT NULL,
  amount bigint NOT NULL CHECK (amount >= 0),
  kind text NOT NULL CHECK (kind IN ('fee', 'charge')),
  PRIMARY KEY (procedure_id, version, code),
  UNIQUE (procedure_id, version, position),
  FOREIGN KEY (procedure_id, version, unit_id) REFERENCES procedure_versions (procedure_id, version, unit_id) ON DELETE CASCADE
);
COMMENT ON TABLE procedure_fees IS 'Fees and charges (phí, lệ phí) of a procedure version; frozen with the version.';
COMMENT ON COLUMN procedure_fees.procedure_id IS 'The procedure.';
COMMENT ON COLUMN procedure_fees.version IS 'The version the fee belongs to.';
COMMENT ON COLUMN procedure_fees.unit_id IS 'Tenant key: the procedure''s province.';
COMMENT ON COLUMN procedure_fees.code IS 'Code of the fee within the version (MaPhiLePhi); payment lines refer to it.';
COMMENT ON COLUMN procedure_fees.position IS 'Order in which the fees are listed, from 0.';
COMMENT ON COLUMN procedure_fees.name IS 'Name and basis of the amount, e.g. "Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ".';
COMMENT ON COLUMN procedure_fees.amount IS 'Amount in integer VND (0 when waived).';
COMMENT ON COLUMN procedure_fees.kind IS 'fee (phí: pays for a service) or charge (lệ phí: a state charge).';

-- Published versions are frozen: the database refuses what the service already refuses, so no code path (a
-- script, a future module) can change a procedure under the dossiers that were submitted against it.
CREATE FUNCTION procedure_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'procedure version %/% is % and cannot be deleted', OLD.procedure_id, OLD.version, OLD.status
        USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status = 'draft' THEN
    RETURN NEW;
  END IF;
  IF OLD.status = 'published' AND NEW.status = 'retired'
     AND to_jsonb(NEW) - ARRAY['status', 'retired_at', 'updated_at'] = to_jsonb(OLD) - ARRAY['status', 'retired_at', 'updated_at'] THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'procedure version %/% is % and cannot be changed', OLD.procedure_id, OLD.version, OLD.status
    USING ERRCODE = 'object_not_in_prerequisite_state';
END $$;
COMMENT ON FUNCTION procedure_version_guard() IS 'Refuses changes to published or retired procedure versions, except retiring a published one.';
CREATE TRIGGER procedure_versions_frozen BEFORE UPDATE OR DELETE ON procedure_versions
  FOR EACH ROW EXECUTE FUNCTION procedure_version_guard();

CREATE FUNCTION procedure_version_part_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  part_status text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    SELECT status INTO part_status FROM procedure_versions WHERE procedure_id = OLD.procedure_id AND version = OLD.version;
  ELSE
    SELECT status INTO part_status FROM procedure_versions WHERE procedure_id = NEW.procedure_id AND version = NEW.version;
  END IF;
  -- A missing parent is left to the foreign key (insert) or is a cascade from deleting a draft.
  IF part_status IS NOT NULL AND part_status <> 'draft' THEN
    RAISE EXCEPTION 'procedure version is % and its components and fees cannot be changed', part_status
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$;
COMMENT ON FUNCTION procedure_version_part_guard() IS 'Refuses changes to the components and fees of a published or retired procedure version.';
CREATE TRIGGER procedure_components_frozen BEFORE INSERT OR UPDATE OR DELETE ON procedure_components
  FOR EACH ROW EXECUTE FUNCTION procedure_version_part_guard();
CREATE TRIGGER procedure_fees_frozen BEFORE INSERT OR UPDATE OR DELETE ON procedure_fees
  FOR EACH ROW EXECUTE FUNCTION procedure_version_part_guard();
