import { afterEach, describe, expect, it, vi } from 'vitest'
import { LANGUAGES } from '../protocol/types.js'
import { isMetricsSummary } from './summary.js'
import { createMonitor } from './monitor.js'
import { SKETCH_RELATIVE_ERROR } from './sketch.js'
import { exactQuantile, makeRecord, seeded } from '../../../../test/support/monitor-series.js'

const T0 = 1_700_000_000_000

function clock(start = T0) {
  const c = { t: start, now: () => c.t }
  return c
}

afterEach(() => vi.useRealTimers())

describe('createMonitor windows', () => {
  it('gives p50, p95, p99 and the mean of the last 5 minutes within the sketch error of the exact values', () => {
    const c = clock()
    const monitor = createMonitor({ now: c.now, tickMs: 0 })
    const random = seeded(11)
    const durations: number[] = []
    for (let i = 0; i < 3_000; i++) {
      const duration = 5 + random() * random() * 4_000
      durations.push(duration)
      c.t = T0 + i * 90 // 3 000 runs over 4.5 minutes
      monitor.runFinished(makeRecord({ timestamp: c.t, duration }))
    }
    const w = monitor.getSnapshot().windows['5m']
    expect(w.count).toBe(3_000)
    for (const [q, key] of [
      [0.5, 'p50Ms'],
      [0.95, 'p95Ms'],
      [0.99, 'p99Ms'],
    ] as const) {
      const exact = exactQuantile(durations, q)
      expect(Math.abs(w[key]! - exact) / exact).toBeLessThanOrEqual(SKETCH_RELATIVE_ERROR)
    }
    const mean = durations.reduce((a, b) => a + b, 0) / durations.length
    expect(w.avgMs).toBeCloseTo(mean, 6)
    expect(w.maxMs).toBe(Math.max(...durations))
  })

  it('measures throughput and error rate of a steady series, and forgets runs older than the window', () => {
    const c = clock()
    const monitor = createMonitor({ now: c.now, tickMs: 0 })
    // 2 runs per second for 10 minutes, every 10th an error.
    for (let i = 0; i < 1_200; i++) {
      c.t = T0 + i * 500
      const failed = i % 10 === 0
      monitor.runFinished(makeRecord({ timestamp: c.t, success: !failed, outcome: failed ? 'error' : 'ok' }))
    }
    const { windows } = monitor.getSnapshot()
    expect(windows['1m'].throughputPerMinute).toBeGreaterThan(118)
    expect(windows['1m'].throughputPerMinute).toBeLessThan(122)
    expect(windows['5m'].throughputPerMinute).toBeCloseTo(120, -1)
    expect(windows['1m'].errorRate).toBeCloseTo(0.1, 1)
    expect(windows['1h'].count).toBe(1_200)
    expect(windows['5m'].count).toBeLessThan(620)

    c.t += 6 * 60_000
    monitor.runFinished(makeRecord({ timestamp: c.t }))
    const later = monitor.getSnapshot().windows
    expect(later['1m'].count).toBe(1)
    expect(later['5m'].count).toBe(1)
    expect(later['1h'].count).toBe(1_201)
  })

  it('keeps separate windows per language and tracks active runs and queue depth', () => {
    const c = clock()
    const monitor = createMonitor({ now: c.now, tickMs: 0 })
    monitor.runQueued({ executionId: 'a', language: 'sql' })
    monitor.runQueued({ executionId: 'b', language: 'python' })
    monitor.runStarted({ executionId: 'b', language: 'python', queueMs: 3 })
    monitor.runFinished(makeRecord({ timestamp: c.t, language: 'sql', duration: 40 }))
    monitor.runFinished(makeRecord({ timestamp: c.t, language: 'javascript', duration: 2 }))
    const s = monitor.getSnapshot()
    expect(s.activeExecutions).toBe(1)
    expect(s.queueDepth).toBe(1)
    const sql = s.languages.find((l) => l.language === 'sql')!
    const python = s.languages.find((l) => l.language === 'python')!
    expect(sql.queued).toBe(1)
    expect(python.active).toBe(1)
    expect(sql.windows['1m'].count).toBe(1)
    expect(sql.windows['1m'].p50Ms).toBe(40)
    expect(python.windows['1m'].count).toBe(0)
    expect(python.windows['1m'].p50Ms).toBeNull()
  })

  // A million records is CPU work: about 2 s alone, several times that on a loaded 2-core machine.
  it(
    'stays within a constant number of histograms and tracked runs after 1 million records',
    { timeout: 60_000 },
    () => {
      const c = clock()
      const monitor = createMonitor({ now: c.now, tickMs: 0 })
      const random = seeded(5)
      const languages = LANGUAGES
      let footprintHalfway = monitor.getFootprint()
      for (let i = 0; i < 1_000_000; i++) {
        c.t = T0 + i * 9 // 1M runs over 2.5 hours: every slot of both rings gets recycled
        const failed = i % 50 === 0
        monitor.runQueued({ executionId: `r${i}`, language: languages[i % 3]! })
        monitor.runFinished(
          makeRecord({
            executionId: `r${i}`,
            timestamp: c.t,
            language: languages[i % 3],
            duration: random() * 1_000,
            success: !failed,
            outcome: failed ? 'crash' : 'ok',
          }),
        )
        if (i === 500_000) footprintHalfway = monitor.getFootprint()
      }
      const footprint = monitor.getFootprint()
      expect(footprint.histograms).toBe(footprint.maxHistograms)
      expect(footprint.histograms).toBe(footprintHalfway.histograms)
      expect(footprint.maxHistograms).toBe(270)
      expect(footprint.trackedRuns).toBe(0)
      expect(footprint.recentFailures).toBe(50)
      expect(monitor.getSnapshot().windows['1h'].count).toBeLessThan(1_000_000)
    },
  )

  it('samples runs at the sample rate and scales throughput back up', () => {
    const c = clock()
    const monitor = createMonitor({ now: c.now, tickMs: 0, sampleRate: 0.25, random: seeded(2) })
    for (let i = 0; i < 4_000; i++) {
      c.t = T0 + i * 15 // 4 000 runs per minute
      monitor.runFinished(makeRecord({ timestamp: c.t }))
    }
    const w = monitor.getSnapshot().windows['1m']
    expect(w.count).toBeGreaterThan(800)
    expect(w.count).toBeLessThan(1_200)
    expect(w.throughputPerMinute).toBeGreaterThan(3_600)
    expect(w.throughputPerMinute).toBeLessThan(4_400)
  })
})

describe('createMonitor API', () => {
  it('returns the same snapshot object until something changes', () => {
    const c = clock()
    const monitor = createMonitor({ now: c.now, tickMs: 0 })
    const first = monitor.getSnapshot()
    expect(monitor.getSnapshot()).toBe(first)
    monitor.runFinished(makeRecord({ timestamp: c.t }))
    const second = monitor.getSnapshot()
    expect(second).not.toBe(first)
    expect(second.windows['1m'].count).toBe(1)
  })

  it('notifies subscribers once for a burst of records, then stops when they unsubscribe', () => {
    vi.useFakeTimers()
    const monitor = createMonitor({ tickMs: 0, notifyDelayMs: 50 })
    const listener = vi.fn()
    const unsubscribe = monitor.subscribe(listener)
    for (let i = 0; i < 20; i++) monitor.runFinished(makeRecord({ timestamp: Date.now() }))
    expect(listener).not.toHaveBeenCalled()
    vi.advanceTimersByTime(60)
    expect(listener).toHaveBeenCalledTimes(1)
    unsubscribe()
    monitor.runFinished(makeRecord({ timestamp: Date.now() }))
    vi.advanceTimersByTime(60)
    expect(listener).toHaveBeenCalledTimes(1)
    monitor.dispose()
  })

  it('slides the windows every tick while someone subscribes, even without new runs', () => {
    vi.useFakeTimers()
    const monitor = createMonitor({ tickMs: 1_000 })
    monitor.runFinished(makeRecord({ timestamp: Date.now() }))
    const listener = vi.fn()
    monitor.subscribe(listener)
    expect(monitor.getSnapshot().windows['1m'].count).toBe(1)
    vi.advanceTimersByTime(70_000)
    expect(listener.mock.calls.length).toBeGreaterThanOrEqual(70)
    expect(monitor.getSnapshot().windows['1m'].count).toBe(0)
    monitor.dispose()
  })

  it('serves the same summary until a run lands or a second passes, then one with the windows slid to now', () => {
    const c = clock()
    // No subscriber and no ticker: a host that only answers GET /api/metrics/summary.
    const monitor = createMonitor({ now: c.now, tickMs: 0 })
    monitor.runFinished(makeRecord({ timestamp: c.t }))
    const first = monitor.getSnapshot()
    expect(first.windows['1m'].count).toBe(1)
    c.t += 500
    expect(monitor.getSnapshot()).toBe(first)
    monitor.runFinished(makeRecord({ timestamp: c.t }))
    expect(monitor.getSnapshot().windows['1m'].count).toBe(2)
    c.t += 2 * 60_000
    const later = monitor.getSnapshot()
    expect(later.generatedAt).toBe(c.t)
    expect(later.windows['1m'].count).toBe(0)
    expect(later.windows['5m'].count).toBe(2)
  })

  it('does not count a stopped run as an error, unless told to', () => {
    const c = clock()
    const stopped = makeRecord({ timestamp: c.t, success: false, outcome: 'stopped' })
    const lenient = createMonitor({ now: c.now, tickMs: 0 })
    const strict = createMonitor({ now: c.now, tickMs: 0, errorOutcomes: ['stopped'] })
    lenient.runFinished(stopped)
    strict.runFinished(stopped)
    expect(lenient.getSnapshot().windows['1m'].errorRate).toBe(0)
    expect(strict.getSnapshot().windows['1m'].errorRate).toBe(1)
  })

  it('serves a summary that survives JSON unchanged and passes the shape check', () => {
    const c = clock()
    const monitor = createMonitor({ now: c.now, tickMs: 0 })
    monitor.runFinished(
      makeRecord({ timestamp: c.t, outcome: 'timeout', success: false, errorName: 'Timeout' }),
    )
    const summary = monitor.getSnapshot()
    const roundTripped: unknown = JSON.parse(JSON.stringify(summary))
    expect(roundTripped).toEqual(summary)
    expect(isMetricsSummary(roundTripped)).toBe(true)
    expect(isMetricsSummary({ version: 2 })).toBe(false)
    expect(summary.series['5m'].points).toHaveLength(30)
    expect(summary.series['1h'].points).toHaveLength(60)
    expect(summary.series['5m'].points.at(-1)!.errors).toBe(1)
  })

  it('never lets an onRecord callback that throws break a run', () => {
    const monitor = createMonitor({
      tickMs: 0,
      onRecord: () => {
        throw new Error('exporter bug')
      },
    })
    expect(() => monitor.runFinished(makeRecord({ timestamp: Date.now() }))).not.toThrow()
    expect(monitor.getSnapshot().windows['1m'].count).toBe(1)
  })

  it('rejects a sample rate outside (0, 1] with INVALID_OPTIONS', () => {
    expect(() => createMonitor({ sampleRate: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    )
    expect(() => createMonitor({ sampleRate: 1.5 })).toThrow(/sampleRate/)
  })
})
