CREATE TABLE calendar_years (
  year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
  status text NOT NULL CHECK (status IN ('official', 'provisional')),
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE calendar_years IS 'Years for which the working-day calendar is known. Deadlines are never computed into a year missing here.';
COMMENT ON COLUMN calendar_years.year IS 'The calendar year.';
COMMENT ON COLUMN calendar_years.status IS 'official (from the government notice) or provisional (entered from the law''s pattern, to be checked).';
COMMENT ON COLUMN calendar_years.updated_by IS 'The administrator who last edited the year; null for seeded data.';
COMMENT ON COLUMN calendar_years.updated_at IS 'When the year was last edited.';

CREATE TABLE calendar_days (
  day date PRIMARY KEY,
  year integer NOT NULL REFERENCES calendar_years (year) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('holiday', 'day_off', 'working_day')),
  name text NOT NULL,
  CHECK (extract(year FROM day) = year)
);
CREATE INDEX calendar_days_year_idx ON calendar_days (year);
COMMENT ON TABLE calendar_days IS 'Exceptions to the Monday–Friday week: public holidays, swapped days off and swapped working days. Compensatory days for weekend holidays are computed, not stored.';
COMMENT ON COLUMN calendar_days.day IS 'The date.';
COMMENT ON COLUMN calendar_days.year IS 'The calendar year it belongs to.';
COMMENT ON COLUMN calendar_days.kind IS 'holiday (public holiday; a weekend one earns a compensatory day), day_off (a weekday given off by a swap) or working_day (a weekend day worked in exchange).';
COMMENT ON COLUMN calendar_days.name IS 'What the day is, e.g. "Tết Nguyên đán".';
