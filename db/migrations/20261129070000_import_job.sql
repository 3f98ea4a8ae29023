-- Issue 7: import jobs (case CSV imports; the Open311 client may keep its high-water mark in `cursor`).
-- A job is resumable: rows up to last_line were committed (their events are in the log and the counts below include
-- them); a restart of the same file with the same mapping continues after last_line.
CREATE TABLE import_job (
  id               text PRIMARY KEY,
  kind             text NOT NULL,                      -- 'cases' | 'open311' | ...
  file_name        text NOT NULL,                      -- as given (CLI path or uploaded name)
  file_sha256      text NOT NULL,                      -- of the file as stored (gzip'd or not)
  file_bytes       bigint,
  mapping_digest   text NOT NULL,                      -- SHA-256 of the mapping's canonical JSON
  mapping          jsonb NOT NULL,
  rows_read        integer NOT NULL DEFAULT 0,
  rows_imported    integer NOT NULL DEFAULT 0,
  rows_rejected    integer NOT NULL DEFAULT 0,
  rejected_by      jsonb NOT NULL DEFAULT '{}'::jsonb, -- reason code → rows
  unmapped         jsonb NOT NULL DEFAULT '{}'::jsonb, -- {categories|departments|statuses|channels: [{value, rows}]}
  events_added     integer NOT NULL DEFAULT 0,
  events_duplicate integer NOT NULL DEFAULT 0,
  last_line        integer NOT NULL DEFAULT 0,         -- source line of the last committed row (1 = header)
  bytes_read       bigint NOT NULL DEFAULT 0,
  state            text NOT NULL CHECK (state IN ('running', 'done', 'failed')),
  error            text,
  cursor           text,
  rejects_path     text,                               -- the rejects CSV (server side)
  rejects_bytes    bigint NOT NULL DEFAULT 0,          -- its length at the checkpoint (a resume truncates it to this)
  started_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz,
  started_by       text NOT NULL,
  CHECK (rows_read = rows_imported + rows_rejected)
);
CREATE INDEX import_job_resume ON import_job (kind, file_sha256, mapping_digest, state);
