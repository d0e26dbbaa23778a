// Prometheus metrics (prom-client). One registry per process; /metrics serves it.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'duebot_' });

export const jobsProcessed = new Counter({ name: 'duebot_jobs_processed_total', help: 'Jobs processed', labelNames: ['queue'], registers: [registry] });
export const jobsFailed = new Counter({ name: 'duebot_jobs_failed_total', help: 'Jobs failed', labelNames: ['queue'], registers: [registry] });
export const deliveryLatency = new Histogram({ name: 'duebot_delivery_latency_seconds', help: 'Time from enqueue to platform acknowledgement',
  labelNames: ['platform'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300], registers: [registry] });
export const rateLimitWaits = new Counter({ name: 'duebot_rate_limit_waits_total', help: 'Deliveries deferred by a rate limit', labelNames: ['platform', 'scope'], registers: [registry] });
export const chartUploadFailures = new Counter({ name: 'duebot_chart_upload_failures_total', help: 'Charts not shown: the post went out as text', labelNames: ['platform', 'kind'], registers: [registry] });
export const httpRequests = new Counter({ name: 'duebot_http_requests_total', help: 'HTTP requests', labelNames: ['route', 'status'], registers: [registry] });
