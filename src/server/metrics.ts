/**
 * The server's metrics, in Prometheus' text format at `GET /metrics` (prom-client): counts and
 * latencies only. Labels are routes, methods, status codes and outcomes, never an account, an
 * organisation, a record id or anything a request carried, so nothing here tells who used the
 * service or when one person did. Each server has its own registry (tests run several in one
 * process). Process figures (CPU, memory, event-loop lag) come with prom-client's defaults.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface ServerMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  requestSeconds: Histogram<'route'>;
  mutations: Counter<'outcome'>;
  pulledChanges: Counter;
  eventStreams: Gauge;
  tombstonesPurged: Counter;
  purgeFailures: Counter;
  intakeItems: Counter<'kind' | 'status'>;
}

export function createServerMetrics(): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'cw_server_' });
  return {
    registry,
    requests: new Counter({
      name: 'cw_http_requests_total',
      help: 'HTTP requests answered, by method, route (its pattern, or "unknown") and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    requestSeconds: new Histogram({
      name: 'cw_http_request_duration_seconds',
      help: 'Time to answer a request, by route (an events stream counts until it is opened)',
      labelNames: ['route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    mutations: new Counter({
      name: 'cw_push_mutations_total',
      help: 'Pushed mutations by outcome: applied, refused (recorded with a code), skipped (already dealt with)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    pulledChanges: new Counter({
      name: 'cw_pull_changes_total',
      help: 'Changes sent in pull pages',
      registers: [registry],
    }),
    eventStreams: new Gauge({
      name: 'cw_event_streams',
      help: 'Events streams open now',
      registers: [registry],
    }),
    tombstonesPurged: new Counter({
      name: 'cw_tombstones_purged_total',
      help: 'Tombstones purged by the housekeeping',
      registers: [registry],
    }),
    purgeFailures: new Counter({
      name: 'cw_tombstone_purge_failures_total',
      help: 'Housekeeping rounds that failed',
      registers: [registry],
    }),
    intakeItems: new Counter({
      name: 'cw_intake_items_total',
      help: 'Items the portal delivered, by kind (participant, message) and status (delivered, already-there, refused)',
      labelNames: ['kind', 'status'],
      registers: [registry],
    }),
  };
}
