import { describe, expect, it, vi } from 'vitest'
import type { HealthAlert } from './summary.js'
import { createMonitor } from './monitor.js'
import { makeRecord } from '../../../../test/support/monitor-series.js'

const T0 = 1_700_000_000_000

function setup() {
  const c = { t: T0 }
  const alerts: HealthAlert[] = []
  const monitor = createMonitor({
    now: () => c.t,
    tickMs: 0,
    thresholds: { errorRate: { degraded: 0.2, unhealthy: 0.5 }, minSamples: 10, window: '1m' },
    hysteresis: { margin: 0.25, recoverAfterMs: 20_000 },
    onAlert: (alert) => alerts.push(alert),
  })
  /** Records `n` runs at the current time, `failures` of them errors. */
  const runs = (n: number, failures: number) => {
    for (let i = 0; i < n; i++) {
      const failed = i < failures
      monitor.runFinished(makeRecord({ timestamp: c.t, success: !failed, outcome: failed ? 'error' : 'ok' }))
    }
  }
  return { c, alerts, monitor, runs }
}

describe('health', () => {
  it('stays healthy while fewer runs than minSamples say nothing about the error rate', () => {
    const { monitor, runs } = setup()
    runs(5, 5)
    expect(monitor.getHealthStatus().status).toBe('healthy')
  })

  it('escalates at once, naming the signal, its value and threshold', () => {
    const { monitor, runs } = setup()
    runs(10, 3)
    const degraded = monitor.getHealthStatus()
    expect(degraded.status).toBe('degraded')
    expect(degraded.reasons).toEqual([
      expect.objectContaining({ metric: 'errorRate', level: 'degraded', value: 0.3, threshold: 0.2 }),
    ])
    runs(10, 10)
    expect(monitor.getHealthStatus().status).toBe('unhealthy')
  })

  it('does not recover until the signal has stayed below the margin for recoverAfterMs', () => {
    const { c, monitor, runs } = setup()
    runs(10, 3) // 30 %: degraded
    expect(monitor.getHealthStatus().status).toBe('degraded')
    c.t += 61_000
    runs(100, 18) // 18 %: under the 20 % threshold but above its 15 % recovery line
    expect(monitor.getHealthStatus().status).toBe('degraded')
    c.t += 30_000
    expect(monitor.getHealthStatus().status).toBe('degraded')
    runs(200, 0) // 6 %: under the recovery line from now on
    expect(monitor.getHealthStatus().status).toBe('degraded')
    c.t += 19_000
    expect(monitor.getHealthStatus().status).toBe('degraded')
    c.t += 1_000
    expect(monitor.getHealthStatus().status).toBe('healthy')
  })

  it('fires onAlert once per change of level, not on every evaluation', () => {
    const { c, alerts, monitor, runs } = setup()
    runs(10, 3)
    for (let i = 0; i < 20; i++) monitor.getHealthStatus()
    expect(alerts).toHaveLength(1)
    expect(alerts[0]).toMatchObject({ previous: 'healthy', status: 'degraded' })
    runs(10, 10)
    for (let i = 0; i < 20; i++) monitor.getHealthStatus()
    c.t += 61_000
    runs(50, 9) // 18 %: below the unhealthy recovery line, above the degraded one
    monitor.getHealthStatus()
    c.t += 25_000
    for (let i = 0; i < 20; i++) monitor.getHealthStatus()
    expect(alerts.map((a) => a.status)).toEqual(['degraded', 'unhealthy', 'degraded'])
    c.t += 61_000
    runs(50, 0)
    monitor.getHealthStatus()
    c.t += 25_000
    monitor.getHealthStatus()
    expect(alerts.map((a) => a.status)).toEqual(['degraded', 'unhealthy', 'degraded', 'healthy'])
    expect(monitor.getSnapshot().recentAlerts.map((a) => a.status)).toEqual([
      'healthy',
      'degraded',
      'unhealthy',
      'degraded',
    ])
  })

  it('turns unhealthy on engine crashes and on a deep queue, whatever the error rate', () => {
    const { monitor } = setup()
    monitor.runFinished(makeRecord({ timestamp: T0, success: false, outcome: 'crash' }))
    expect(monitor.getHealthStatus().reasons.map((r) => r.metric)).toEqual(['crashes'])
    const queue = createMonitor({
      now: () => T0,
      tickMs: 0,
      thresholds: { queueDepth: { degraded: 2, unhealthy: 3 } },
    })
    for (let i = 0; i < 3; i++) queue.runQueued({ executionId: `q${i}`, language: 'sql' })
    expect(queue.getHealthStatus()).toMatchObject({
      status: 'unhealthy',
      reasons: [{ metric: 'queueDepth', value: 3 }],
    })
  })

  it('evaluates health after a burst of records on its own, so alerts need no caller', () => {
    vi.useFakeTimers()
    const onAlert = vi.fn()
    const monitor = createMonitor({ onAlert, notifyDelayMs: 10, thresholds: { crashes: { unhealthy: 1 } } })
    monitor.runFinished(makeRecord({ timestamp: Date.now(), success: false, outcome: 'crash' }))
    expect(onAlert).not.toHaveBeenCalled()
    vi.advanceTimersByTime(20)
    expect(onAlert).toHaveBeenCalledWith(expect.objectContaining({ status: 'unhealthy' }))
    monitor.dispose()
    vi.useRealTimers()
  })

  it('rejects thresholds whose unhealthy level is below the degraded one', () => {
    expect(() => createMonitor({ thresholds: { p95Ms: { degraded: 100, unhealthy: 50 } } })).toThrow(/p95Ms/)
  })
})
