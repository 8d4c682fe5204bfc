/**
 * The service's Prometheus metrics, one registry per process (the API's and the worker's), built
 * with prom-client and handed to the code that records them; nothing here reads a global.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

export function createMetrics(process: 'api' | 'worker') {
  const registry = new Registry();
  registry.setDefaultLabels({ process });
  // Node's and the process's own metrics under their usual names (process_cpu_seconds_total,
  // nodejs_heap_size_used_bytes…), as Node dashboards ask for them; the `process` label says whose.
  collectDefaultMetrics({ register: registry });
  // prom-client's counts of active handles, requests and resources are gauges named like counters;
  // the same figures by type stay (nodejs_active_handles…), and sum() gives the totals.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'])
    registry.removeSingleMetric(name);
  return {
    registry,
    dbStatements: new Counter({
      name: 'heartbeat_db_statements_total',
      help: 'SQL statements sent to PostgreSQL',
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: 'heartbeat_http_requests_total',
      help: 'API requests, by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'heartbeat_http_request_duration_seconds',
      help: 'API request duration, by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    runs: new Counter({
      name: 'heartbeat_runs_total',
      help: 'Runs recorded, by type, status and skip reason',
      labelNames: ['type', 'status', 'reason'] as const,
      registers: [registry],
    }),
    lateness: new Histogram({
      name: 'heartbeat_run_lateness_seconds',
      help: 'Scheduled runs: nominal time → agent start',
      buckets: SECONDS,
      registers: [registry],
    }),
    agentDuration: new Histogram({
      name: 'heartbeat_agent_duration_seconds',
      help: 'Agent run duration',
      buckets: SECONDS,
      registers: [registry],
    }),
    tokens: new Counter({ name: 'heartbeat_tokens_total', help: 'Tokens used by runs', registers: [registry] }),
    credits: new Counter({ name: 'heartbeat_credits_total', help: 'Credits charged by runs', registers: [registry] }),
    missed: new Counter({
      name: 'heartbeat_missed_occurrences_total',
      help: 'Scheduled occurrences that never ran (workers down, runs overrunning)',
      registers: [registry],
    }),
    stalled: new Gauge({
      name: 'heartbeat_stalled_heartbeats',
      help: 'Enabled heartbeats found stalled: next run two intervals overdue with nothing recorded, or workflow gone',
      registers: [registry],
    }),
    stalls: new Counter({
      name: 'heartbeat_stalls_total',
      help: 'Stalls found (each alerted once as heartbeat.stalled)',
      registers: [registry],
    }),
    autoPauses: new Counter({
      name: 'heartbeat_auto_pauses_total',
      help: 'Heartbeats that paused themselves after too many consecutive errors',
      registers: [registry],
    }),
    webhooks: new Counter({
      name: 'heartbeat_webhook_deliveries_total',
      help: 'Webhook deliveries, by kind and result (delivered, failed, rejected)',
      labelNames: ['kind', 'result'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
