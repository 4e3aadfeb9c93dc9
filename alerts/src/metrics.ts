import { Counter, collectDefaultMetrics, Registry } from 'prom-client';

/** Prometheus metrics of one alerts instance, on its own registry (no global default). */
export function createAlertsMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'vitals_alerts_' });
  return {
    registry,
    evaluations: new Counter({ name: 'vitals_alerts_evaluations_total', help: 'Reading evaluations completed', registers: [registry] }),
    changes: new Counter({ name: 'vitals_alerts_changes_total', help: 'Alerts opened, updated or auto-resolved', labelNames: ['kind', 'severity'] as const, registers: [registry] }),
    escalations: new Counter({ name: 'vitals_alerts_escalations_total', help: 'Care-team tiers notified', labelNames: ['tier'] as const, registers: [registry] }),
    emailsSent: new Counter({ name: 'vitals_alerts_emails_sent_total', help: 'Emails accepted by the SMTP relay', registers: [registry] }),
    webhooksDelivered: new Counter({ name: 'vitals_alerts_webhooks_delivered_total', help: 'Webhook deliveries answered 2xx', registers: [registry] }),
    webhooksDeadLettered: new Counter({ name: 'vitals_alerts_webhooks_dead_lettered_total', help: 'Webhook deliveries given up', registers: [registry] }),
  };
}
export type AlertsMetrics = ReturnType<typeof createAlertsMetrics>;
