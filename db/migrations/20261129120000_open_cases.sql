-- KPIs without scanning every case (docs/architecture.md, "KPIs"), and without an index that events update
-- (a partial index on cases.status made every status change a non-HOT update: ingest fell from 0.33x to 0.19x COPY).

-- The open cases as of rollup_state.seq, with what open/overdue are counted by: kept by the rollup fold and rebuild
-- (services/rollup.service.ts), never by ingest. A read takes these rows for the cases with no event since the
-- watermark and the cases table itself for the others, in one snapshot, so open and overdue are exact.
CREATE TABLE open_case (
  case_id         text COLLATE "C" PRIMARY KEY,
  category_code   text COLLATE "C" NOT NULL,
  city_code       text COLLATE "C",
  district_code   text COLLATE "C",
  street_code     text COLLATE "C",
  community_code  text COLLATE "C",
  grid_code       text COLLATE "C",
  deadline        timestamptz,
  suspended_since timestamptz
);

-- The events of a KPI window by time: the cases with a stage time in [from, to) are exactly the cases with an event
-- in it (every stage time is the time of the event that set it). BRIN: the log is appended in about time order, and
-- a BRIN entry is updated only when a block range fills, so ingest does not pay a b-tree insert per event. The fold
-- summarises new ranges (PGlite has no autovacuum to do it).
CREATE INDEX case_event_at_brin ON case_event USING brin (at);
