-- Extensions every later migration may rely on. PGlite loads the same set on every open.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- unaccent() is only STABLE (its dictionary could change), which keeps it out of indexes and generated columns.
-- Pinning the dictionary makes the result depend on the input alone, so declaring it IMMUTABLE is sound.
-- unaccent maps đ/Đ to d/D, so "dang ky" finds "Đăng ký".
CREATE FUNCTION search_text(input text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, input)) $$;
COMMENT ON FUNCTION search_text(text) IS 'Lower-cased text without Vietnamese diacritics (đ → d), for search that ignores accents and case.';
