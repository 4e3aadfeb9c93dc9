-- Trends: rollups of readings, their refresh state, and per-patient glucose targets.
-- docs/trends.md explains how the query layer reads them and how the rollup job keeps them current.
--
-- Both paths expose the same relations with the same columns, so api/src/trends reads them with
-- the same SQL:
--   readings_hourly  one row per patient, metric and UTC hour: a TimescaleDB continuous aggregate
--                    (real-time) when the extension is installed, a job-maintained table otherwise;
--   readings_daily   one row per patient, metric and LOCAL calendar date (patients.timezone): a
--                    job-maintained table on both paths, because a continuous aggregate buckets by
--                    one constant time zone and patients live in many.
-- Every statistic a trend bucket shows is stored: count, sum (so mean = sum / n), min, max and the
-- percentile_cont percentiles; first_at/last_at let compliance count a day only up to "now".

-- The reports and raw trend buckets read (measured_at, value) of one patient and metric over a
-- period. Readings arrive interleaved across patients, so the 4,000 readings of a 14-day CGM report
-- sit on about 4,000 different heap pages; covering value (and device_id, for the report's CGM
-- filter) lets PostgreSQL answer from the index alone. Same key as 0001's index, so the planner's
-- other uses are unchanged; each entry grows by 24 bytes.
DROP INDEX readings_patient_metric_time_idx;
CREATE INDEX readings_patient_metric_time_idx ON readings (patient_id, metric, measured_at DESC) INCLUDE (value, device_id);

CREATE TABLE readings_daily (
  patient_id  uuid NOT NULL,
  metric      text NOT NULL,
  local_date  date NOT NULL,
  n           integer NOT NULL CHECK (n > 0),
  sum_value   double precision NOT NULL,
  min_value   double precision NOT NULL,
  max_value   double precision NOT NULL,
  p10         double precision NOT NULL,
  p25         double precision NOT NULL,
  p50         double precision NOT NULL,
  p75         double precision NOT NULL,
  p90         double precision NOT NULL,
  first_at    timestamptz NOT NULL,
  last_at     timestamptz NOT NULL,
  PRIMARY KEY (patient_id, metric, local_date)
);
-- compliance counts days with a reading of any metric
CREATE INDEX readings_daily_patient_date_idx ON readings_daily (patient_id, local_date);

-- The zone each patient's readings_daily rows were keyed in. When patients.timezone changes, the
-- query layer stops trusting those rows (it reads raw readings) until the job has rebuilt them.
CREATE TABLE trend_rollup_zones (
  patient_id  uuid PRIMARY KEY,
  time_zone   text NOT NULL
);

-- Every reading with received_at < watermark is reflected in the rollups; newer ones are read raw.
CREATE TABLE trend_rollup_state (
  singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  watermark    timestamptz NOT NULL DEFAULT '-infinity',
  last_run_at  timestamptz
);
INSERT INTO trend_rollup_state DEFAULT VALUES;

-- A patient's own glucose thresholds (mg/dL); a NULL keeps the consensus default. The CHECK is the
-- order the report requires, with the defaults (54, 70, 180, 250) standing in for NULLs.
CREATE TABLE patient_glucose_targets (
  patient_id       uuid PRIMARY KEY REFERENCES patients(id) ON DELETE CASCADE,
  very_low_below   double precision CHECK (very_low_below > 0),
  low_below        double precision CHECK (low_below > 0),
  high_above       double precision CHECK (high_above > 0),
  very_high_above  double precision CHECK (very_high_above > 0),
  updated_by       uuid REFERENCES users(id),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (coalesce(very_low_below, 54) <= coalesce(low_below, 70)
     AND coalesce(low_below, 70) <= coalesce(high_above, 180)
     AND coalesce(high_above, 180) <= coalesce(very_high_above, 250))
);

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
    -- WITH NO DATA: a continuous aggregate may be created inside the migration's transaction only
    -- without its initial refresh; the refresh policy (and the rollup job, for late data) fill it.
    -- materialized_only = false is real-time aggregation: buckets newer than the materialized
    -- watermark are computed from raw rows at query time. time_bucket('1 hour') is UTC hours, the
    -- same buckets as date_bin('1 hour', measured_at, '2000-01-03') on the plain path.
    EXECUTE $view$
      CREATE MATERIALIZED VIEW readings_hourly
      WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
      SELECT patient_id,
             metric,
             time_bucket(INTERVAL '1 hour', measured_at) AS bucket_start,
             count(*)::integer AS n,
             sum(value) AS sum_value,
             min(value) AS min_value,
             max(value) AS max_value,
             percentile_cont(0.1) WITHIN GROUP (ORDER BY value) AS p10,
             percentile_cont(0.25) WITHIN GROUP (ORDER BY value) AS p25,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY value) AS p50,
             percentile_cont(0.75) WITHIN GROUP (ORDER BY value) AS p75,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY value) AS p90,
             min(measured_at) AS first_at,
             max(measured_at) AS last_at
        FROM readings
       GROUP BY patient_id, metric, time_bucket(INTERVAL '1 hour', measured_at)
      WITH NO DATA
    $view$;
    CREATE INDEX readings_hourly_patient_metric_idx ON readings_hourly (patient_id, metric, bucket_start);
    -- start_offset NULL: refresh wherever readings changed, however old (a device uploading a week
    -- of stored records); the refresh is driven by TimescaleDB's invalidation log, so untouched
    -- buckets are not recomputed. end_offset 1 hour leaves the open hour to real-time aggregation.
    PERFORM add_continuous_aggregate_policy('readings_hourly',
      start_offset => NULL,
      end_offset => INTERVAL '1 hour',
      schedule_interval => INTERVAL '10 minutes',
      if_not_exists => true);
  ELSE
    CREATE TABLE readings_hourly (
      patient_id    uuid NOT NULL,
      metric        text NOT NULL,
      bucket_start  timestamptz NOT NULL,
      n             integer NOT NULL CHECK (n > 0),
      sum_value     double precision NOT NULL,
      min_value     double precision NOT NULL,
      max_value     double precision NOT NULL,
      p10           double precision NOT NULL,
      p25           double precision NOT NULL,
      p50           double precision NOT NULL,
      p75           double precision NOT NULL,
      p90           double precision NOT NULL,
      first_at      timestamptz NOT NULL,
      last_at       timestamptz NOT NULL,
      PRIMARY KEY (patient_id, metric, bucket_start)
    );
  END IF;
END $$;
