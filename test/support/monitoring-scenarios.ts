// Named dashboard states with generated data, shared by the dashboard's stories, its unit tests and the browser
// test, so each draws the same numbers.
import { LANGUAGES } from '@runcell/core'
import { createMonitor, type MetricsSummary } from '@runcell/core/monitor'

/** A named dashboard state with generated data, for stories and visual checks. */
export type Scenario = 'healthy' | 'degraded' | 'unhealthy' | 'empty' | 'high-traffic'

interface Settings {
  perMinute: number
  errorShare: number
  slowShare: number
  queued: number
  /** Whether some failures are engine crashes, which alone make health degrade. */
  crashes: boolean
}

const SETTINGS: Record<Scenario, Settings> = {
  healthy: { crashes: false, perMinute: 40, errorShare: 0.02, slowShare: 0, queued: 0 },
  degraded: { crashes: false, perMinute: 40, errorShare: 0.14, slowShare: 0.02, queued: 2 },
  unhealthy: { crashes: true, perMinute: 60, errorShare: 0.35, slowShare: 0.1, queued: 60 },
  empty: { crashes: false, perMinute: 0, errorShare: 0, slowShare: 0, queued: 0 },
  'high-traffic': { crashes: false, perMinute: 3_000, errorShare: 0.03, slowShare: 0.01, queued: 8 },
}

/**
 * Generates a summary by feeding an hour of synthetic runs into a real monitor with a fake clock, so every
 * number on the dashboard is one the monitor could actually produce. Deterministic for a given seed.
 */
export function generateSummary(
  scenario: Scenario,
  seed = 1,
  end = Date.UTC(2026, 0, 1, 12),
): MetricsSummary {
  let state = seed >>> 0
  const random = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32
  let t = end - 60 * 60_000
  const monitor = createMonitor({ now: () => t, tickMs: 0 })
  const { perMinute, errorShare, slowShare, queued, crashes } = SETTINGS[scenario]
  const languages = LANGUAGES
  const step = perMinute > 0 ? 60_000 / perMinute : Infinity
  for (let i = 0; t + step < end; i++) {
    t += step
    const failed = random() < errorShare
    const outcome = failed ? (['error', 'timeout', crashes ? 'crash' : 'error'] as const)[i % 3]! : 'ok'
    const language = languages[i % 3]!
    monitor.runFinished({
      timestamp: t,
      executionId: `gen-${i}`,
      language,
      duration: (random() < slowShare ? 8_000 : 30) + random() * (language === 'python' ? 400 : 60),
      success: !failed,
      codeSize: 20 + Math.round(random() * 400),
      codeHash: (i % 17).toString(16).padStart(8, '0'),
      outcome,
      errorName: failed
        ? outcome === 'error'
          ? 'NameError'
          : outcome === 'timeout'
            ? 'Timeout'
            : 'EngineCrash'
        : undefined,
      queueMs: Math.round(random() * 20),
    })
  }
  t = end
  for (let q = 0; q < queued; q++) monitor.runQueued({ executionId: `queued-${q}`, language: 'python' })
  return monitor.getSnapshot()
}
