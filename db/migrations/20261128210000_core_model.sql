-- gridlens core model: regions, catalogue, cases, the event log, accounts.
-- Forward-only: never edit a migration after it has landed; add a new file.

CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE department (
  code        text PRIMARY KEY,
  name_zh     text NOT NULL,
  name_en     text NOT NULL
);

-- The category catalogue (部件 components / 事件 events): family > major > minor.
-- Only minor categories carry a time limit and a responsible department; cases reference minors.
CREATE TABLE category (
  code            text PRIMARY KEY,
  level           text NOT NULL CHECK (level IN ('family', 'major', 'minor')),
  parent_code     text REFERENCES category (code),
  family          text NOT NULL,
  name_zh         text NOT NULL,
  name_en         text NOT NULL,
  limit_amount    numeric CHECK (limit_amount > 0),
  limit_unit      text CHECK (limit_unit IN ('working_hours', 'working_days', 'hours')),
  department_code text REFERENCES department (code),
  emergency       boolean NOT NULL DEFAULT false,
  CHECK (level <> 'minor' OR (limit_amount IS NOT NULL AND limit_unit IS NOT NULL)),
  CHECK ((level = 'family') = (parent_code IS NULL))
);

-- city > district > street > community > unit grid.
CREATE TABLE region (
  code        text PRIMARY KEY,
  level       text NOT NULL CHECK (level IN ('city', 'district', 'street', 'community', 'grid')),
  parent_code text REFERENCES region (code),
  name_zh     text NOT NULL,
  name_en     text NOT NULL,
  synthetic   boolean NOT NULL DEFAULT false,
  geom        geometry(MultiPolygon, 4326) NOT NULL
);
CREATE INDEX region_geom_gix ON region USING gist (geom);
CREATE INDEX region_parent_idx ON region (parent_code);

-- Regions cut into small pieces (ST_Subdivide) so point-in-polygon tests touch few vertices.
CREATE TABLE region_piece (
  code  text NOT NULL REFERENCES region (code) ON DELETE CASCADE,
  level text NOT NULL,
  geom  geometry(Polygon, 4326) NOT NULL
);
CREATE INDEX region_piece_geom_gix ON region_piece USING gist (geom);

-- The current state of every case. Times are timestamptz; the deadline already counts working time,
-- extensions and completed suspensions (see libs/work-clock).
-- Ids are compared byte-wise (COLLATE "C"): they are keys, not words, and byte order is what makes their
-- indexes and sorts cheap whatever the database's locale.
CREATE TABLE cases (
  case_id               text COLLATE "C" PRIMARY KEY,
  category_code         text NOT NULL REFERENCES category (code),
  major_code            text NOT NULL,
  family_code           text NOT NULL,
  source                text NOT NULL,
  description           text,
  reporter_id           text,
  geom                  geometry(Point, 4326) NOT NULL,
  city_code             text,
  district_code         text,
  street_code           text,
  community_code        text,
  grid_code             text,
  status                text NOT NULL,
  status_before_suspend text,
  department_code       text REFERENCES department (code),
  reported_at           timestamptz NOT NULL,
  verified_at           timestamptz,
  registered_at         timestamptz,
  first_dispatched_at   timestamptz,
  last_dispatched_at    timestamptz,
  handled_at            timestamptz,
  checked_at            timestamptz,
  closed_at             timestamptz,
  voided_at             timestamptz,
  suspended_since       timestamptz,
  suspensions           jsonb NOT NULL DEFAULT '[]',
  extensions            jsonb NOT NULL DEFAULT '[]',
  dispatch_count        integer NOT NULL DEFAULT 0,
  return_count          integer NOT NULL DEFAULT 0,
  rework_count          integer NOT NULL DEFAULT 0,
  deadline              timestamptz,
  closed_on_time        boolean,
  last_event_at         timestamptz NOT NULL,
  -- Optimistic concurrency: each write of a case sets version = the version it read + 1.
  version               integer NOT NULL
);
-- Indexes only on columns fixed at report time: later events then update a case without touching any index
-- (HOT updates), which keeps ingest fast. Aggregates that need more come from rollups.
-- A HOT update needs room for the new row version on the same page. Cases reported together share pages and
-- often move on together, so one ingest batch may rewrite every row of a page before its old versions can be
-- pruned: a page filled to 40% holds a new version of each of its rows (even grown by the later timestamps),
-- where 70% made about a third of such updates non-HOT (new entries in all four indexes, GiST included, and rows
-- moved to new pages, so the table ended larger than it is at 40%).
ALTER TABLE cases SET (fillfactor = 40);
CREATE INDEX cases_geom_gix ON cases USING gist (geom);
CREATE INDEX cases_reported_at_idx ON cases (reported_at);
CREATE INDEX cases_district_idx ON cases (district_code);

-- The append-only log of every accepted event. seq is gap-free: it is taken from event_counter under a
-- row lock held from assignment to commit, so seqs are also committed in order (see docs/architecture.md).
CREATE TABLE case_event (
  seq            bigint PRIMARY KEY,
  event_id       text COLLATE "C" NOT NULL UNIQUE,
  case_id        text COLLATE "C" NOT NULL,
  type           text NOT NULL,
  at             timestamptz NOT NULL,
  received_at    timestamptz NOT NULL DEFAULT now(),
  category_code  text NOT NULL,
  lon            double precision NOT NULL,
  lat            double precision NOT NULL,
  city_code      text,
  district_code  text,
  street_code    text,
  community_code text,
  grid_code      text,
  status         text NOT NULL,
  -- What the event carries beyond the columns above (source, description, reporterId, crs and the coordinates
  -- as sent; department; extendBy), or NULL: with the columns, the accepted event exactly as applied.
  details        json
);
CREATE INDEX case_event_case_idx ON case_event (case_id, seq);

CREATE TABLE event_counter (
  id       integer PRIMARY KEY CHECK (id = 1),
  last_seq bigint NOT NULL
);
INSERT INTO event_counter (id, last_seq) VALUES (1, 0);

-- Refused events, kept with their raw payload and reason for operators. Never applied.
CREATE TABLE rejected_event (
  id          bigserial PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  event_id    text,
  case_id     text,
  error       text NOT NULL,
  raw         jsonb NOT NULL
);
CREATE INDEX rejected_event_received_idx ON rejected_event (received_at);

CREATE TABLE app_user (
  username      text PRIMARY KEY,
  password_hash text NOT NULL,
  role          text NOT NULL CHECK (role IN ('planner', 'leader', 'admin')),
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Secrets shared by every server instance (e.g. the token signing key).
CREATE TABLE app_secret (
  name       text PRIMARY KEY,
  value      text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- What has been seeded, so a restart does not seed twice and an operator's edits are kept.
CREATE TABLE seed_applied (
  name       text PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
);
