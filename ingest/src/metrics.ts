import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one ingest instance, on its own registry (no global default). */
export function createIngestMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'vitals_ingest_' });
  const m = {
    registry,
    messages: new Counter({ name: 'vitals_ingest_messages_total', help: 'MQTT reading messages received', registers: [registry] }),
    received: new Counter({ name: 'vitals_ingest_readings_received_total', help: 'Readings received (before validation)', registers: [registry] }),
    stored: new Counter({ name: 'vitals_ingest_rows_stored_total', help: 'Reading rows (reading × metric) newly stored', registers: [registry] }),
    duplicates: new Counter({ name: 'vitals_ingest_rows_duplicate_total', help: 'Reading rows already stored (resends)', registers: [registry] }),
    deadLettered: new Counter({ name: 'vitals_ingest_dead_lettered_total', help: 'Dead letters written', labelNames: ['reason'] as const, registers: [registry] }),
    refused: new Counter({ name: 'vitals_ingest_publishes_refused_total', help: 'Publishes refused by the broker ACL', labelNames: ['reason'] as const, registers: [registry] }),
    batchSize: new Histogram({ name: 'vitals_ingest_batch_rows', help: 'Rows per committed transaction', buckets: [1, 5, 10, 50, 100, 250, 500, 1000, 2500], registers: [registry] }),
    commitSeconds: new Histogram({ name: 'vitals_ingest_commit_seconds', help: 'Transaction commit latency', buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry] }),
    connectedGateways: new Gauge({ name: 'vitals_ingest_connected_gateways', help: 'Gateways connected to this broker', registers: [registry] }),
    pending: new Gauge({ name: 'vitals_ingest_pending_readings', help: 'Readings waiting for commit', registers: [registry] }),
  };
  return m;
}
export type IngestMetrics = ReturnType<typeof createIngestMetrics>;
