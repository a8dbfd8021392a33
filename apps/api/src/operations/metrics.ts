import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * The api's metrics. Per-process figures (requests, appends) are counted here; system-wide ones
 * (projection lag, queue depths, alerts) are read from PostgreSQL and Redis when scraped, so every
 * api process reports the same truth and nothing is lost when one restarts.
 */
export function createMetrics(registry: Registry) {
  return {
    httpDuration: new Histogram({
      name: 'dt_http_request_duration_seconds',
      help: 'HTTP request latency by method, route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    appendDuration: new Histogram({
      name: 'dt_event_store_append_duration_seconds',
      help: 'Event store append latency (one statement per append)',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    appendedEvents: new Counter({ name: 'dt_event_store_appended_events_total', help: 'Events appended by this process', registers: [registry] }),
    projectionLagEvents: new Gauge({
      name: 'dt_projection_lag_events',
      help: 'Events in the log not yet applied by the active generation of each projection',
      labelNames: ['projection'],
      registers: [registry],
    }),
    projectionLagSeconds: new Gauge({
      name: 'dt_projection_lag_seconds',
      help: 'Age of the oldest event not yet applied by each projection (0 when caught up)',
      labelNames: ['projection'],
      registers: [registry],
    }),
    queueJobs: new Gauge({ name: 'dt_queue_jobs', help: 'BullMQ jobs by queue and state', labelNames: ['queue', 'state'], registers: [registry] }),
    alertsFired: new Gauge({ name: 'dt_alerts_fired', help: 'Alerts fired since the start, by lateness', labelNames: ['late'], registers: [registry] }),
    alertDeliveries: new Gauge({
      name: 'dt_alert_deliveries',
      help: 'Webhook deliveries by outcome (sent, pending, failed, gone)',
      labelNames: ['status'],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
