import type { Language } from '../protocol/types.js'
import type { ExecutionOutcome } from './record.js'

/** A sliding window the monitor keeps: the last minute, five minutes or hour. */
export type WindowName = '1m' | '5m' | '1h'

/** Every window, shortest first. */
export const WINDOWS: readonly WindowName[] = ['1m', '5m', '1h']

/** A health level, from best to worst. */
export type HealthLevel = 'healthy' | 'degraded' | 'unhealthy'

/** A signal that health is computed from. `crashes` counts engines that died under a run. */
export type HealthMetric = 'errorRate' | 'p95' | 'queueDepth' | 'crashes'

/** Why health is not `healthy`: one signal at or above its threshold. */
export interface HealthReason {
  metric: HealthMetric
  level: Exclude<HealthLevel, 'healthy'>
  /** The signal's current value (a 0–1 ratio for `errorRate`, ms for `p95`, a count otherwise). */
  value: number
  /** The threshold for `level` that the value reached. */
  threshold: number
  /** When this signal entered `level` (epoch ms). */
  since: number
  /** An English sentence for logs; dashboards format their own text from the fields above. */
  message: string
}

/** Health right now, with the reasons for anything but `healthy`. */
export interface HealthStatus {
  status: HealthLevel
  reasons: HealthReason[]
  /** When `status` was entered (epoch ms). */
  since: number
  /** When health was last evaluated (epoch ms). */
  checkedAt: number
}

/** A change of health level, as passed to `onAlert` once per change. */
export interface HealthAlert {
  previous: HealthLevel
  status: HealthLevel
  reasons: HealthReason[]
  at: number
}

/** Metrics of one window, overall or for one language. Durations are ms; they are null with no runs. */
export interface WindowMetrics {
  window: WindowName
  /** The time the window's slots cover, ms; slightly under the window's nominal length. */
  spanMs: number
  /** Runs recorded in the window (after sampling). */
  count: number
  /** Runs whose outcome counts as an error. */
  errors: number
  /** `errors / count`, 0 without runs. */
  errorRate: number
  /** Estimated finished runs per minute, scaled up by `1 / sampleRate`. */
  throughputPerMinute: number
  avgMs: number | null
  p50Ms: number | null
  p95Ms: number | null
  p99Ms: number | null
  maxMs: number | null
  avgQueueMs: number | null
  outcomes: Record<ExecutionOutcome, number>
}

/** One language's current load and its windows. */
export interface LanguageMetrics {
  language: Language
  active: number
  queued: number
  windows: Record<WindowName, WindowMetrics>
}

/** One time slot of a chart series. `t` is the slot's start (epoch ms). */
export interface SeriesPoint {
  t: number
  count: number
  errors: number
  ratePerMinute: number
  p50Ms: number | null
  p95Ms: number | null
  p99Ms: number | null
}

/** A regular time series: one point per slot, oldest first, empty slots included. */
export interface MetricsSeries {
  slotMs: number
  points: SeriesPoint[]
}

/** A recent failed run, without any source code. */
export interface FailureSummary {
  timestamp: number
  executionId: string
  language: Language
  outcome: ExecutionOutcome
  errorName?: string
  duration: number
  codeSize: number
  codeHash: string
  sessionId?: string
  engineVersion?: string
}

/**
 * The JSON document a dashboard reads: what `GET /api/metrics/summary` serves and what an in-page monitor's
 * `getSnapshot()` returns. Plain data only, so it survives `JSON.stringify` unchanged.
 */
export interface MetricsSummary {
  version: 1
  /** When the summary was made (epoch ms). */
  generatedAt: number
  sampleRate: number
  /** Relative error of the percentiles (0.01 is 1 %). */
  percentileRelativeError: number
  activeExecutions: number
  queueDepth: number
  health: HealthStatus
  windows: Record<WindowName, WindowMetrics>
  languages: LanguageMetrics[]
  /** Charts: 10 s slots over 5 minutes, and 1 min slots over an hour. */
  series: { '5m': MetricsSeries; '1h': MetricsSeries }
  /** Newest first. */
  recentFailures: FailureSummary[]
  /** Recent health changes, newest first. */
  recentAlerts: HealthAlert[]
}

/**
 * Checks that a parsed JSON value has the shape of a {@link MetricsSummary}, so a dashboard can reject a wrong
 * endpoint with a clear error instead of crashing on a missing field.
 */
export function isMetricsSummary(value: unknown): value is MetricsSummary {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Partial<MetricsSummary>
  return (
    v.version === 1 &&
    typeof v.generatedAt === 'number' &&
    typeof v.activeExecutions === 'number' &&
    typeof v.queueDepth === 'number' &&
    typeof v.health === 'object' &&
    v.health !== null &&
    typeof v.windows === 'object' &&
    v.windows !== null &&
    WINDOWS.every((w) => typeof v.windows?.[w] === 'object') &&
    Array.isArray(v.languages) &&
    typeof v.series === 'object' &&
    v.series !== null &&
    Array.isArray(v.series['5m']?.points) &&
    Array.isArray(v.series['1h']?.points) &&
    Array.isArray(v.recentFailures) &&
    Array.isArray(v.recentAlerts)
  )
}
