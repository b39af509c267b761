import { RuncellError } from '../errors.js'
import type {
  HealthAlert,
  HealthLevel,
  HealthMetric,
  HealthReason,
  HealthStatus,
  WindowName,
} from './summary.js'

/** The values at which one signal makes health `degraded` and `unhealthy`. */
export interface LevelThresholds {
  degraded: number
  unhealthy: number
}

/** What makes health degrade. Error rate and p95 are read over `window`, once it holds `minSamples` runs. */
export interface HealthThresholds {
  /** Share of runs that are errors, 0–1. */
  errorRate: LevelThresholds
  /** 95th percentile of running time, ms. */
  p95Ms: LevelThresholds
  /** Runs waiting for an engine right now. */
  queueDepth: LevelThresholds
  /** Runs whose engine crashed within `window`. */
  crashes: LevelThresholds
  /** Fewer runs than this in `window` tell nothing about error rate and p95. */
  minSamples: number
  window: WindowName
}

/** How health recovers: a signal must fall `margin` below its threshold and stay there `recoverAfterMs`. */
export interface HysteresisOptions {
  /** Fraction below the threshold that counts as recovered; 0.2 means 80 % of the threshold. */
  margin: number
  recoverAfterMs: number
}

/** Thresholds used for anything `createMonitor` is not told. */
export const DEFAULT_THRESHOLDS: HealthThresholds = {
  errorRate: { degraded: 0.1, unhealthy: 0.25 },
  p95Ms: { degraded: 5_000, unhealthy: 15_000 },
  queueDepth: { degraded: 10, unhealthy: 50 },
  crashes: { degraded: 1, unhealthy: 5 },
  minSamples: 10,
  window: '5m',
}

/** Hysteresis used for anything `createMonitor` is not told. */
export const DEFAULT_HYSTERESIS: HysteresisOptions = { margin: 0.2, recoverAfterMs: 30_000 }

/** Current signal values; null means not enough data, which counts as fine. */
export type HealthInputs = Record<HealthMetric, number | null>

const METRICS: readonly HealthMetric[] = ['errorRate', 'p95', 'queueDepth', 'crashes']
const RANK: Record<HealthLevel, number> = { healthy: 0, degraded: 1, unhealthy: 2 }
const KEY: Record<HealthMetric, 'errorRate' | 'p95Ms' | 'queueDepth' | 'crashes'> = {
  errorRate: 'errorRate',
  p95: 'p95Ms',
  queueDepth: 'queueDepth',
  crashes: 'crashes',
}
const LABEL: Record<HealthMetric, string> = {
  errorRate: 'Error rate',
  p95: 'p95 running time',
  queueDepth: 'Queue depth',
  crashes: 'Engine crashes',
}

/** Merges partial thresholds over the defaults and rejects contradictory ones. */
export function resolveThresholds(
  partial: Partial<Record<keyof HealthThresholds, unknown>> = {},
): HealthThresholds {
  const t = { ...DEFAULT_THRESHOLDS } as HealthThresholds
  for (const metric of METRICS) {
    const key = KEY[metric]
    const levels = { ...DEFAULT_THRESHOLDS[key], ...(partial[key] as Partial<LevelThresholds> | undefined) }
    if (!(levels.degraded >= 0 && levels.unhealthy >= levels.degraded))
      throw new RuncellError(
        'INVALID_OPTIONS',
        `thresholds.${key} needs 0 <= degraded <= unhealthy; got ${levels.degraded} and ${levels.unhealthy}.`,
      )
    t[key] = levels
  }
  if (partial.minSamples !== undefined) t.minSamples = partial.minSamples as number
  if (partial.window !== undefined) t.window = partial.window as WindowName
  return t
}

function format(metric: HealthMetric, value: number): string {
  if (metric === 'errorRate') return `${(value * 100).toFixed(1)} %`
  if (metric === 'p95') return `${Math.round(value)} ms`
  return String(value)
}

interface SignalState {
  level: HealthLevel
  since: number
  /** When the value first fell below the recovery line of `level`; null while it is above. */
  belowSince: number | null
  value: number
}

/**
 * Turns signal values into a health level with hysteresis: a signal escalates as soon as it reaches a threshold,
 * and steps down only after it has stayed `margin` below it for `recoverAfterMs`. Overall health is the worst
 * signal, and `update` reports an alert only when that overall level changes.
 */
export class HealthTracker {
  private readonly signals: Record<HealthMetric, SignalState>
  private status: HealthStatus

  constructor(
    private readonly thresholds: HealthThresholds,
    private readonly hysteresis: HysteresisOptions,
    now: number,
  ) {
    const fresh = (): SignalState => ({ level: 'healthy', since: now, belowSince: null, value: 0 })
    this.signals = { errorRate: fresh(), p95: fresh(), queueDepth: fresh(), crashes: fresh() }
    this.status = { status: 'healthy', reasons: [], since: now, checkedAt: now }
  }

  /** The last evaluated status. */
  current(): HealthStatus {
    return this.status
  }

  /** Evaluates new values; returns the alert to send when the overall level changed. */
  update(inputs: HealthInputs, now: number): HealthAlert | null {
    let worst: HealthLevel = 'healthy'
    const reasons: HealthReason[] = []
    for (const metric of METRICS) {
      const signal = this.step(metric, inputs[metric], now)
      if (RANK[signal.level] > RANK[worst]) worst = signal.level
      if (signal.level !== 'healthy') {
        const threshold = this.thresholds[KEY[metric]][signal.level]
        const message =
          `${LABEL[metric]} ${format(metric, signal.value)} reached the ${signal.level} threshold ` +
          `${format(metric, threshold)}.`
        reasons.push({
          metric,
          level: signal.level,
          value: signal.value,
          threshold,
          since: signal.since,
          message,
        })
      }
    }
    const previous = this.status.status
    const changed = worst !== previous
    this.status = { status: worst, reasons, since: changed ? now : this.status.since, checkedAt: now }
    return changed ? { previous, status: worst, reasons, at: now } : null
  }

  private step(metric: HealthMetric, value: number | null, now: number): SignalState {
    const signal = this.signals[metric]
    const levels = this.thresholds[KEY[metric]]
    const v = value ?? 0
    if (value !== null) signal.value = value
    const raw = levelOf(v, levels, 1)
    if (RANK[raw] > RANK[signal.level]) {
      Object.assign(signal, { level: raw, since: now, belowSince: null, value: v })
      return signal
    }
    if (signal.level === 'healthy') return signal
    const relaxed = levelOf(v, levels, 1 - this.hysteresis.margin)
    if (RANK[relaxed] >= RANK[signal.level]) {
      signal.belowSince = null
      return signal
    }
    signal.belowSince ??= now
    if (now - signal.belowSince >= this.hysteresis.recoverAfterMs) {
      Object.assign(signal, { level: relaxed, since: now, belowSince: null })
    }
    return signal
  }
}

function levelOf(value: number, levels: LevelThresholds, factor: number): HealthLevel {
  // A zero threshold would make every value "at or above" it; treat it as "any positive value".
  const reaches = (threshold: number) => (threshold === 0 ? value > 0 : value >= threshold * factor)
  if (reaches(levels.unhealthy)) return 'unhealthy'
  if (reaches(levels.degraded)) return 'degraded'
  return 'healthy'
}
