-- TimescaleDB when the server has it (preloaded), plain PostgreSQL otherwise: the same table and
-- the same queries either way. Policies (compression age, retention) are set from configuration
-- at start-up by db/src/timescale.ts, since they are operational settings, not schema.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')
     AND current_setting('shared_preload_libraries', true) LIKE '%timescaledb%' THEN
    CREATE EXTENSION IF NOT EXISTS timescaledb;
    PERFORM create_hypertable('readings', 'measured_at', chunk_time_interval => interval '7 days', migrate_data => true, if_not_exists => true);
    ALTER TABLE readings SET (
      timescaledb.compress,
      timescaledb.compress_segmentby = 'patient_id, metric',
      timescaledb.compress_orderby = 'measured_at DESC'
    );
  END IF;
END $$;
