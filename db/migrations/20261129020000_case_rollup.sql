-- Rollups: case counts by status, pre-aggregated per spatial cell, local day or month of report, category and
-- district, so the grid, region counts and hotspot reads sum a few thousand rows instead of scanning cases.
-- Raw cases stay the source of truth: `rollups rebuild` remakes these tables from them, and reads add the events
-- logged since the rollups' watermark (rollup_state.seq) on the fly, so every answer is exact (docs/architecture.md).
CREATE TABLE case_rollup (
  -- 'h3:6' … 'h3:10', 'sq:100' / 'sq:500' (squares of that side in metres, in rollup_state.srid), or a region level.
  scheme     text COLLATE "C" NOT NULL,
  grain      text NOT NULL CHECK (grain IN ('day', 'month')),
  -- The local (rollup_state.time_zone) day, or the first day of the month, the cases were reported in.
  bucket     date NOT NULL,
  -- A minor category code, or '*' for all categories together.
  category   text COLLATE "C" NOT NULL,
  city       text COLLATE "C" NOT NULL,
  district   text COLLATE "C" NOT NULL,
  cell       text COLLATE "C" NOT NULL,
  -- Cases, whatever their status.
  cases      integer NOT NULL DEFAULT 0,
  -- Cases by current status: kept for region schemes (district, street, community) only, 0 elsewhere, so a status
  -- change touches a few coarse rows, not every cell row of the case (services/rollup-layout.ts).
  reported   integer NOT NULL DEFAULT 0,
  verified   integer NOT NULL DEFAULT 0,
  registered integer NOT NULL DEFAULT 0,
  dispatched integer NOT NULL DEFAULT 0,
  returned   integer NOT NULL DEFAULT 0,
  handled    integer NOT NULL DEFAULT 0,
  checked    integer NOT NULL DEFAULT 0,
  suspended  integer NOT NULL DEFAULT 0,
  closed     integer NOT NULL DEFAULT 0,
  voided     integer NOT NULL DEFAULT 0,
  PRIMARY KEY (scheme, grain, category, bucket, city, district, cell)
);

-- What the rollups hold: every event up to seq, bucketed in time_zone, squares laid out in srid.
CREATE TABLE rollup_state (
  id        integer PRIMARY KEY CHECK (id = 1),
  seq       bigint NOT NULL,
  time_zone text NOT NULL,
  srid      integer NOT NULL,
  layout    text NOT NULL,
  built_at  timestamptz NOT NULL DEFAULT now()
);
