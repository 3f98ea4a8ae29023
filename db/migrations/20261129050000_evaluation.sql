-- Issue 5: evaluation schemes, the frozen inputs of publications, publications (with corrections) and the audit log.
-- The past is unchangeable even by a careless SQL session: triggers below refuse rewriting it.

CREATE TABLE evaluation_scheme (
  version     text PRIMARY KEY,
  definition  jsonb NOT NULL,               -- contracts SchemeDefinition
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL
);
-- The per-case facts a publication was computed from, exactly as hashed (canonical JSON text), shared by levels.
CREATE TABLE evaluation_input (
  digest      text PRIMARY KEY,             -- SHA-256 hex of facts
  period      text NOT NULL,
  case_count  integer NOT NULL,
  facts       text NOT NULL
);
CREATE TABLE evaluation_publication (
  id                text PRIMARY KEY,       -- `${period}.${level}.${revision}`, e.g. 2026-10.district.1 (custom periods: the
                                            -- period string as given; ids are URL-safe: encode with encodeURIComponent)
  period            text NOT NULL,
  level             text NOT NULL,
  revision          integer NOT NULL,       -- 1 for the first publication of (period, level), +1 per correction
  period_from       timestamptz NOT NULL,
  period_to         timestamptz NOT NULL,
  scheme_version    text NOT NULL REFERENCES evaluation_scheme (version),
  note              text NOT NULL,
  published_at      timestamptz NOT NULL,
  published_by      text NOT NULL,
  hash              text NOT NULL,
  inputs_digest     text NOT NULL REFERENCES evaluation_input (digest),
  case_count        integer NOT NULL,
  rows              jsonb NOT NULL,         -- EvaluationRow[] as published (with change filled)
  top_categories    jsonb NOT NULL,
  supersedes_id     text REFERENCES evaluation_publication (id),
  correction_reason text,
  -- Deferred: a correction first marks the old row superseded (freeing the "current" slot below), then inserts the
  -- new row, in one transaction; the reference is checked at commit.
  superseded_by     text REFERENCES evaluation_publication (id) DEFERRABLE INITIALLY DEFERRED,
  UNIQUE (period, level, revision),
  CHECK ((supersedes_id IS NULL) = (correction_reason IS NULL))
);
-- At most one current publication per period and level.
CREATE UNIQUE INDEX evaluation_publication_current ON evaluation_publication (period, level) WHERE superseded_by IS NULL;
CREATE TABLE audit_log (
  id       bigserial PRIMARY KEY,
  at       timestamptz NOT NULL DEFAULT now(),
  actor    text NOT NULL,
  action   text NOT NULL,    -- 'scheme.create' | 'evaluation.publish' | 'evaluation.correct'
  subject  text NOT NULL,    -- scheme version or publication id
  details  jsonb NOT NULL
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);

-- A publication is never deleted; the only update allowed is setting superseded_by once, from NULL.
CREATE FUNCTION evaluation_publication_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'evaluation_publication % is immutable: a publication cannot be deleted', OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF OLD.superseded_by IS NOT NULL OR NEW.superseded_by IS NULL
     OR (to_jsonb(NEW) - 'superseded_by') IS DISTINCT FROM (to_jsonb(OLD) - 'superseded_by') THEN
    RAISE EXCEPTION 'evaluation_publication % is immutable: only superseded_by may be set, once', OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER evaluation_publication_immutable BEFORE UPDATE OR DELETE ON evaluation_publication
  FOR EACH ROW EXECUTE FUNCTION evaluation_publication_guard();

-- Frozen inputs and audit entries are append-only.
CREATE FUNCTION append_only_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER evaluation_input_append_only BEFORE UPDATE OR DELETE ON evaluation_input
  FOR EACH ROW EXECUTE FUNCTION append_only_guard();
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION append_only_guard();

-- A scheme version is never updated (a new version is a new row); it may be deleted only while no publication uses it.
CREATE FUNCTION evaluation_scheme_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'evaluation_scheme % is immutable: create a new version instead', OLD.version
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM evaluation_publication WHERE scheme_version = OLD.version) THEN
    RAISE EXCEPTION 'evaluation_scheme % is used by a publication and cannot be deleted', OLD.version
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER evaluation_scheme_immutable BEFORE UPDATE OR DELETE ON evaluation_scheme
  FOR EACH ROW EXECUTE FUNCTION evaluation_scheme_guard();
