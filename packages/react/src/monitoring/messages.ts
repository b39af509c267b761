import type { ExecutionOutcome, Language } from '@runcell/core'
import type { HealthLevel, HealthMetric, WindowName } from '@runcell/core/monitor'

/** Every string `<MonitoringDashboard>` shows. Pass any part of it as `messages` to translate or reword. */
export interface MonitoringMessages {
  title: string
  loading: string
  empty: string
  emptyHint: string
  error: string
  retry: string
  /** Shown above data that could not be refreshed; `time` is when it was made. */
  stale: (time: string) => string
  health: string
  levels: Record<HealthLevel, string>
  metrics: Record<HealthMetric, string>
  /** One health reason, with its value and threshold already formatted. */
  reason: (metric: string, value: string, threshold: string, level: string) => string
  since: (time: string) => string
  windows: Record<WindowName, string>
  tiles: {
    active: string
    queued: string
    errorRate: string
    average: string
    p95: string
    throughput: string
  }
  charts: {
    rate: string
    errors: string
    latency: string
    showTable: string
    showChart: string
    time: string
    range: string
    p50: string
    p95: string
    p99: string
  }
  languagesTitle: string
  columns: {
    language: string
    runs: string
    active: string
    errorRate: string
    average: string
    p95: string
    time: string
    outcome: string
    error: string
    duration: string
  }
  languages: Record<Language, string>
  failuresTitle: string
  noFailures: string
  outcomes: Record<ExecutionOutcome, string>
  alertsTitle: string
  noAlerts: string
  /** Shown in place of a missing number (no runs yet). */
  none: string
}

/** The default English messages. */
export const DEFAULT_MONITORING_MESSAGES: MonitoringMessages = {
  title: 'Code execution',
  loading: 'Loading metrics…',
  empty: 'No runs in the last hour.',
  emptyHint: 'Runs show up here within a second of finishing.',
  error: 'The metrics could not be loaded.',
  retry: 'Try again',
  stale: (time) => `Could not refresh. Showing metrics from ${time}.`,
  health: 'Health',
  levels: { healthy: 'Healthy', degraded: 'Degraded', unhealthy: 'Unhealthy' },
  metrics: {
    errorRate: 'Error rate',
    p95: 'p95 running time',
    queueDepth: 'Queue depth',
    crashes: 'Engine crashes',
  },
  reason: (metric, value, threshold, level) =>
    `${metric} is ${value}, at or above the ${level} threshold ${threshold}`,
  since: (time) => `since ${time}`,
  windows: { '1m': 'last minute', '5m': 'last 5 minutes', '1h': 'last hour' },
  tiles: {
    active: 'Running now',
    queued: 'Queued',
    errorRate: 'Error rate',
    average: 'Average time',
    p95: 'p95 time',
    throughput: 'Runs per minute',
  },
  charts: {
    rate: 'Runs per minute',
    errors: 'Errors',
    latency: 'Running time (ms)',
    showTable: 'Show as table',
    showChart: 'Show as chart',
    time: 'Time',
    range: 'Chart range',
    p50: 'p50',
    p95: 'p95',
    p99: 'p99',
  },
  languagesTitle: 'By language',
  columns: {
    language: 'Language',
    runs: 'Runs',
    active: 'Running',
    errorRate: 'Error rate',
    average: 'Average',
    p95: 'p95',
    time: 'Time',
    outcome: 'Outcome',
    error: 'Error',
    duration: 'Duration',
  },
  languages: { python: 'Python', sql: 'SQL', javascript: 'JavaScript' },
  failuresTitle: 'Recent failures',
  noFailures: 'No failures in the last hour.',
  outcomes: {
    ok: 'OK',
    error: 'Error',
    timeout: 'Timeout',
    stopped: 'Stopped',
    limit: 'Limit',
    crash: 'Crash',
  },
  alertsTitle: 'Active alerts',
  noAlerts: 'No active alerts.',
  none: '–',
}

/** A partial override of {@link MonitoringMessages}; nested groups may be given in part too. */
export type MonitoringMessagesInput = {
  [K in keyof MonitoringMessages]?: MonitoringMessages[K] extends (...args: never[]) => unknown
    ? MonitoringMessages[K]
    : MonitoringMessages[K] extends object
      ? Partial<MonitoringMessages[K]>
      : MonitoringMessages[K]
}

/** Merges overrides over the defaults, one level deep. */
export function resolveMessages(input: MonitoringMessagesInput = {}): MonitoringMessages {
  const out: Record<string, unknown> = { ...DEFAULT_MONITORING_MESSAGES }
  for (const [key, value] of Object.entries(input)) {
    const base = out[key]
    out[key] =
      value && typeof value === 'object' && base && typeof base === 'object' ? { ...base, ...value } : value
  }
  return out as unknown as MonitoringMessages
}
