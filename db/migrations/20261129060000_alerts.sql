-- Alerts of the leaders' wall (issue 6 §2; docs/alerts.md). One condition raises one alert: while it lasts
-- (ended_at IS NULL) the alert under its dedupe key is updated, never repeated; a condition that can come back
-- (overdue rising in a scope, a cell emerging again) raises a new alert under the same key once the last one ended.
CREATE TABLE alert (
  id            bigserial PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('rate_anomaly', 'overdue_rising', 'emergency_reported', 'emerging_hotspot')),
  severity      text NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
  dedupe_key    text COLLATE "C" NOT NULL,
  -- The region it is about (NULL: the whole city) and the district holding it (socket scopes).
  region_code   text,
  district_code text,
  -- The rule's figures and threshold (libs/contracts AlertFigures), and why it fired in words.
  figures       jsonb NOT NULL,
  reason_zh     text NOT NULL,
  reason_en     text NOT NULL,
  case_ids      text[] NOT NULL DEFAULT '{}',
  case_count    integer NOT NULL,
  link          text NOT NULL,
  raised_at     timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  ended_at      timestamptz
);
CREATE UNIQUE INDEX alert_active_key ON alert (dedupe_key) WHERE ended_at IS NULL;
CREATE INDEX alert_key_idx ON alert (dedupe_key, id);
CREATE INDEX alert_raised_idx ON alert (raised_at DESC, id DESC);

-- Who acknowledged an alert, when, with what note: one row per alert (a second one is refused: 409), never rewritten.
CREATE TABLE alert_ack (
  alert_id   bigint PRIMARY KEY REFERENCES alert (id),
  username   text NOT NULL,
  acked_at   timestamptz NOT NULL,
  note       text
);
CREATE TRIGGER alert_ack_append_only BEFORE UPDATE OR DELETE ON alert_ack
  FOR EACH ROW EXECUTE FUNCTION append_only_guard();

-- The overdue-now count sampled every minute per scope ('' = the city, else a district code), so "an hour ago"
-- survives restarts and is shared by every instance. Samples older than a day are deleted.
CREATE TABLE alert_overdue_sample (
  scope     text NOT NULL,
  at        timestamptz NOT NULL,
  overdue   integer NOT NULL,
  PRIMARY KEY (scope, at)
);
