import type { ExecutionRecord } from '@runcell/core'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/** The host's Prometheus metrics, in one registry. */
export interface HostMetrics {
  registry: Registry
  executions: Counter<'language' | 'outcome'>
  executionDuration: Histogram<'language' | 'outcome'>
  activeExecutions: Gauge
  ingestDropped: Counter<'reason'>
  ingestBatches: Counter<'result'>
  ingestGroupBatches: Histogram
  feedback: Counter<'result'>
  httpDuration: Histogram<'route' | 'method' | 'status'>
}

/**
 * The metrics of this process, in a registry of their own; the HostProcess holds the one instance, so a hot
 * reload in development reuses it instead of registering every metric twice (prom-client throws on a duplicate).
 */
export function createMetrics(readActive: () => number): HostMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  // These three gauges end in _total, which Prometheus reserves for counters (promtool rejects them); the
  // per-type gauges without the suffix carry the same numbers.
  for (const name of [
    'nodejs_active_handles_total',
    'nodejs_active_requests_total',
    'nodejs_active_resources_total',
  ]) {
    registry.removeSingleMetric(name)
  }
  const registers = [registry]
  return {
    registry,
    executions: new Counter({
      name: 'runcell_executions_total',
      help: 'Finished code executions reported by browsers, by language and outcome.',
      labelNames: ['language', 'outcome'],
      registers,
    }),
    executionDuration: new Histogram({
      name: 'runcell_execution_duration_seconds',
      help: 'Running time of code executions reported by browsers, by language and outcome.',
      labelNames: ['language', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    activeExecutions: new Gauge({
      name: 'runcell_active_executions',
      help: 'Executions in progress as the server-side monitor sees them.',
      registers,
      collect() {
        this.set(readActive())
      },
    }),
    ingestDropped: new Counter({
      name: 'runcell_ingest_dropped_records_total',
      help: 'Telemetry records not stored, by reason (invalid, duplicate, unavailable, rate_limited).',
      labelNames: ['reason'],
      registers,
    }),
    ingestBatches: new Counter({
      name: 'runcell_ingest_batches_total',
      help: 'Telemetry batches received, by result.',
      labelNames: ['result'],
      registers,
    }),
    ingestGroupBatches: new Histogram({
      name: 'runcell_ingest_group_batches',
      help: 'Telemetry batches stored by one group-committed INSERT.',
      buckets: [1, 2, 4, 8, 16, 32],
      registers,
    }),
    feedback: new Counter({
      name: 'runcell_feedback_total',
      help: 'Feedback submissions, by result (stored, spam, rate_limited, invalid).',
      labelNames: ['result'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'runcell_http_server_request_duration_seconds',
      help: 'Duration of HTTP requests handled by API routes.',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    }),
  }
}

/** Counts newly stored execution records into the metrics. */
export function countExecutions(metrics: HostMetrics, records: Iterable<ExecutionRecord>): void {
  for (const record of records) {
    const labels = { language: record.language, outcome: record.outcome }
    metrics.executions.inc(labels)
    metrics.executionDuration.observe(labels, Math.max(0, record.duration) / 1000)
  }
}
