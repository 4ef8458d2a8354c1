-- Form templates (mẫu đơn, tờ khai) that applicants download from a procedure's page. Procedure components name
-- their template by file name (procedure_components.template_file); this table holds the file behind each name,
-- per procedure, so every version naming the same file serves the same bytes until an administrator replaces it.
CREATE TABLE procedure_templates (
  procedure_id uuid NOT NULL REFERENCES procedures (id),
  file_name text NOT NULL CHECK (file_name ~ '^[a-z0-9][a-z0-9._-]{0,150}\.(pdf|docx|odt)$'),
  content_type text NOT NULL CHECK (content_type IN (
    'application/pdf',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.oasis.opendocument.text'
  )),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  uploaded_by uuid REFERENCES users (id),
  uploaded_at timestamptz NOT NULL,
  PRIMARY KEY (procedure_id, file_name)
);
COMMENT ON TABLE procedure_templates IS 'The file behind each template name that a procedure''s components refer to; replaced, never versioned (the audit log keeps each upload''s hash).';
COMMENT ON COLUMN procedure_templates.procedure_id IS 'The procedure whose components name the template.';
COMMENT ON COLUMN procedure_templates.file_name IS 'The name components use in template_file, e.g. "to-khai-dang-ky-khai-sinh.pdf"; its extension matches the content.';
COMMENT ON COLUMN procedure_templates.content_type IS 'Media type read from the bytes: PDF, Word (DOCX) or OpenDocument text (ODT).';
COMMENT ON COLUMN procedure_templates.sha256 IS 'Address of the bytes in the blob store.';
COMMENT ON COLUMN procedure_templates.size_bytes IS 'Size of the file in bytes.';
COMMENT ON COLUMN procedure_templates.uploaded_by IS 'The administrator who uploaded it; null for seeded demo templates.';
COMMENT ON COLUMN procedure_templates.uploaded_at IS 'When the current file was uploaded.';
