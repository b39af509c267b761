import { RuncellError } from '../errors.js'
import { LANGUAGES } from '../protocol/types.js'
import type { Language } from '../protocol/types.js'
import { DEFAULT_HYSTERESIS, HealthTracker, resolveThresholds } from './health.js'
import type { HealthThresholds, HysteresisOptions, LevelThresholds } from './health.js'
import { RunTracker } from './load.js'
import type { ExecutionObserver, ExecutionOutcome, ExecutionRecord } from './record.js'
import { BoundedRing } from './ring.js'
import { SKETCH_RELATIVE_ERROR } from './sketch.js'
import type { FailureSummary, HealthAlert, HealthStatus, MetricsSummary, WindowName } from './summary.js'
import { WINDOWS } from './summary.js'
import { RETAINED_MS, toWindowMetrics, Windows } from './windows.js'

/** Options of {@link createMonitor}. Every field has a default. */
export interface MonitorOptions {
  /** Share of finished runs that are counted, 0–1 (default 1). Rates are scaled back up. */
  sampleRate?: number
  /** Overrides of {@link DEFAULT_THRESHOLDS}; a level pair may be given in part. */
  thresholds?: Partial<Omit<HealthThresholds, 'errorRate' | 'p95Ms' | 'queueDepth' | 'crashes'>> &
    Partial<Record<'errorRate' | 'p95Ms' | 'queueDepth' | 'crashes', Partial<LevelThresholds>>>
  hysteresis?: Partial<HysteresisOptions>
  /** Called once each time the overall health level changes. Whatever it throws is ignored. */
  onAlert?: (alert: HealthAlert) => void
  /** Called with every sampled record, for example `exporter.add`. Whatever it throws is ignored. */
  onRecord?: (record: ExecutionRecord) => void
  /** Outcomes that count as errors (default error, timeout, limit and crash; a stopped run is not an error). */
  errorOutcomes?: readonly ExecutionOutcome[]
  /** How many recent failures to keep (default 50). */
  maxRecentFailures?: number
  /** Clock in epoch ms (default `Date.now`); inject one in tests. */
  now?: () => number
  /** Random source for sampling (default `Math.random`). */
  random?: () => number
  /** While someone subscribes, or health is not healthy, re-evaluate this often so windows slide (default 1000). */
  tickMs?: number
  /** Delay that batches a burst of records into one notification (default 100). */
  notifyDelayMs?: number
}

/** How much the monitor holds, to check that memory stays bounded. */
export interface MonitorFootprint {
  histograms: number
  maxHistograms: number
  trackedRuns: number
  recentFailures: number
}

/** An in-page execution monitor. Its methods are bound, so they can be passed around on their own. */
export interface Monitor extends Required<ExecutionObserver> {
  /** Evaluates health now (firing `onAlert` on a change) and returns it. */
  getHealthStatus(): HealthStatus
  /**
   * The current summary, for a dashboard or `GET /api/metrics/summary`. It is the same object until a run is
   * recorded or a second passes (windows slide with time), as `useSyncExternalStore` needs.
   */
  getSnapshot(): MetricsSummary
  /** Calls `listener` after changes (batched); returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
  getFootprint(): MonitorFootprint
  /** Stops timers and drops listeners. */
  dispose(): void
}

/** A summary older than this is rebuilt, so a host that nobody subscribes to still serves sliding windows. */
const SNAPSHOT_MAX_AGE_MS = 1_000

const DEFAULT_ERROR_OUTCOMES: readonly ExecutionOutcome[] = ['error', 'timeout', 'limit', 'crash']

/**
 * Creates a monitor that the runtime feeds as an {@link ExecutionObserver}. It keeps sliding 1 min, 5 min and 1 h
 * windows in fixed memory, derives health with hysteresis, and serves a {@link MetricsSummary} to dashboards.
 *
 * @example
 * const monitor = createMonitor({ onAlert: (a) => console.warn(a.status, a.reasons) })
 * const runtime = createRuntime({ observer: monitor })
 */
export function createMonitor(options: MonitorOptions = {}): Monitor {
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const sampleRate = options.sampleRate ?? 1
  if (!(sampleRate > 0 && sampleRate <= 1))
    throw new RuncellError('INVALID_OPTIONS', `sampleRate must be in (0, 1]; got ${sampleRate}.`)
  const thresholds = resolveThresholds(options.thresholds)
  const hysteresis = { ...DEFAULT_HYSTERESIS, ...options.hysteresis }
  const errorOutcomes = new Set(options.errorOutcomes ?? DEFAULT_ERROR_OUTCOMES)
  const tickMs = options.tickMs ?? 1_000
  const notifyDelayMs = options.notifyDelayMs ?? 100

  const windows = new Windows()
  const load = new RunTracker()
  const failures = new BoundedRing<FailureSummary>(options.maxRecentFailures ?? 50)
  const alerts = new BoundedRing<HealthAlert>(20)
  const health = new HealthTracker(thresholds, hysteresis, now())
  const listeners = new Set<() => void>()
  let snapshot: MetricsSummary | null = null
  let notifyTimer: ReturnType<typeof setTimeout> | undefined
  let ticker: ReturnType<typeof setInterval> | undefined
  let disposed = false

  const safely = (fn: () => void) => {
    try {
      fn()
    } catch {
      // Observers must never break a run, and a listener's bug must not stop the others.
    }
  }

  function evaluate(): HealthStatus {
    const t = now()
    const { tally, spanMs } = windows.tally(thresholds.window, t)
    const metrics = toWindowMetrics(thresholds.window, tally, spanMs, sampleRate)
    const enough = tally.count >= thresholds.minSamples
    const alert = health.update(
      {
        errorRate: enough ? metrics.errorRate : null,
        p95: enough ? metrics.p95Ms : null,
        queueDepth: load.counts(t).queued,
        crashes: metrics.outcomes.crash,
      },
      t,
    )
    if (alert) {
      alerts.push(alert)
      snapshot = null
      if (options.onAlert) safely(() => options.onAlert!(alert))
    }
    updateTicker()
    return health.current()
  }

  function notify(): void {
    notifyTimer = undefined
    evaluate()
    snapshot = null
    for (const listener of [...listeners]) safely(listener)
  }

  function changed(): void {
    snapshot = null
    if (!disposed && notifyTimer === undefined && (listeners.size > 0 || options.onAlert)) {
      notifyTimer = unref(setTimeout(notify, notifyDelayMs))
    }
  }

  function updateTicker(): void {
    const wanted = !disposed && tickMs > 0 && (listeners.size > 0 || health.current().status !== 'healthy')
    if (wanted && ticker === undefined) ticker = unref(setInterval(notify, tickMs))
    if (!wanted && ticker !== undefined) {
      clearInterval(ticker)
      ticker = undefined
    }
  }

  function record(full: ExecutionRecord): void {
    load.finish(full.executionId)
    if (sampleRate < 1 && random() >= sampleRate) return changed()
    const t = now()
    const at = Number.isFinite(full.timestamp) && full.timestamp <= t ? full.timestamp : t
    if (at > t - RETAINED_MS) {
      const isError = errorOutcomes.has(full.outcome)
      windows.fine.add(full, at, t, isError)
      windows.coarse.add(full, at, t, isError)
      if (isError) failures.push(toFailure(full))
    }
    if (options.onRecord) safely(() => options.onRecord!(full))
    changed()
  }

  function buildSnapshot(): MetricsSummary {
    const t = now()
    const counts = load.counts(t)
    const perWindow = <T>(make: (w: WindowName) => T) =>
      Object.fromEntries(WINDOWS.map((w) => [w, make(w)])) as Record<WindowName, T>
    return {
      version: 1,
      generatedAt: t,
      sampleRate,
      percentileRelativeError: SKETCH_RELATIVE_ERROR,
      activeExecutions: counts.active,
      queueDepth: counts.queued,
      health: health.current(),
      windows: perWindow((w) => windows.metrics(w, t, sampleRate)),
      languages: LANGUAGES.map((language: Language) => ({
        language,
        active: counts.byLanguage.get(language)?.active ?? 0,
        queued: counts.byLanguage.get(language)?.queued ?? 0,
        windows: perWindow((w) => windows.metrics(w, t, sampleRate, language)),
      })),
      series: { '5m': windows.series('fine', t, sampleRate), '1h': windows.series('coarse', t, sampleRate) },
      recentFailures: failures.newestFirst(),
      recentAlerts: alerts.newestFirst(),
    }
  }

  function getSnapshot(): MetricsSummary {
    if (snapshot && now() - snapshot.generatedAt < SNAPSHOT_MAX_AGE_MS) return snapshot
    evaluate()
    return (snapshot = buildSnapshot())
  }

  return {
    runQueued: (info) =>
      safely(() => {
        load.enqueue(info.executionId, info.language, now())
        changed()
      }),
    runStarted: (info) =>
      safely(() => {
        load.start(info.executionId, info.language, now())
        changed()
      }),
    runFinished: (r) => safely(() => record(r)),
    getHealthStatus: evaluate,
    getSnapshot,
    subscribe: (listener) => {
      listeners.add(listener)
      updateTicker()
      return () => {
        listeners.delete(listener)
        updateTicker()
      }
    },
    getFootprint: () => ({
      histograms: windows.allocatedHistograms(),
      maxHistograms: windows.maxHistograms,
      trackedRuns: load.size,
      recentFailures: failures.length,
    }),
    dispose: () => {
      disposed = true
      listeners.clear()
      clearTimeout(notifyTimer)
      notifyTimer = undefined
      updateTicker()
    },
  }
}

function toFailure(r: ExecutionRecord): FailureSummary {
  const failure: FailureSummary = {
    timestamp: r.timestamp,
    executionId: r.executionId,
    language: r.language,
    outcome: r.outcome,
    duration: r.duration,
    codeSize: r.codeSize,
    codeHash: r.codeHash,
  }
  // Optional fields are left out rather than set to undefined, so the summary is the same after JSON.
  if (r.errorName !== undefined) failure.errorName = r.errorName
  if (r.sessionId !== undefined) failure.sessionId = r.sessionId
  if (r.engineVersion !== undefined) failure.engineVersion = r.engineVersion
  return failure
}

/** Timers must not keep a Node process (a host serving summaries) alive. */
function unref<T>(timer: T): T {
  ;(timer as { unref?: () => void }).unref?.()
  return timer
}
