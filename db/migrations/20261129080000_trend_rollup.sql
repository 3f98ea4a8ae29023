-- Trend rollup: the measures of GET /api/v1/trends pre-aggregated per local day or month, category and district, so
-- a whole-city two-year monthly trend reads a few dozen rows instead of every case with a stage in the window.
-- A count or a duration belongs to the bucket in which its later stage happened (as the endpoint attributes it).
-- Kept exact like case_rollup: rebuilt from the raw cases by `rollups rebuild`, folded from the event log up to
-- rollup_state.seq, and reads add the log's tail themselves (docs/architecture.md, "Rollups").
CREATE TABLE trend_rollup (
  grain        text NOT NULL CHECK (grain IN ('day', 'month')),
  -- The local (rollup_state.time_zone) day, or the first day of the month, of the stage times summed here.
  bucket       date NOT NULL,
  -- A minor category code, or '*' for all categories together.
  category     text COLLATE "C" NOT NULL,
  city         text COLLATE "C" NOT NULL,
  -- A district code, '' for cases in no district, or '*' for the whole city (every district together).
  district     text COLLATE "C" NOT NULL,
  -- reported, registered, closed, closed with a deadline, closed on time; then the number of durations of each
  -- stage (reportToRegister, registerToDispatch, dispatchToHandled, reportToClose).
  counts       integer[] NOT NULL,
  -- Per stage, the sum of clock seconds and the sum of working seconds (exact: the means are sum / count).
  sums         double precision[] NOT NULL,
  -- The durations' log-spaced bins (services/trend-rollup-histogram.ts), sparse: (histogram·2048 + bin, count)
  -- pairs by code, histogram = 2·stage + (0 clock, 1 working).
  bins         integer[] NOT NULL,
  -- The earliest report among the cases counted here: bounds the raw scan of a window edge inside the bucket.
  first_report timestamptz,
  PRIMARY KEY (grain, category, bucket, city, district)
);
