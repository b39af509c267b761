import { describe, expect, it } from 'vitest'
import { toChartData } from './chart-data.js'
import type { MetricsSeries } from '@runcell/core/monitor'
import { DEFAULT_MONITORING_MESSAGES as m } from './messages.js'

const series: MetricsSeries = {
  slotMs: 10_000,
  points: [
    { t: 1_700_000_000_000, count: 0, errors: 0, ratePerMinute: 0, p50Ms: null, p95Ms: null, p99Ms: null },
    { t: 1_700_000_010_000, count: 5, errors: 2, ratePerMinute: 30, p50Ms: 12.345, p95Ms: 80, p99Ms: 99.99 },
  ],
}

describe('toChartData', () => {
  it('puts time in Unix seconds on x, as uPlot expects', () => {
    expect(toChartData(series, 'rate', m).aligned[0]).toEqual([1_700_000_000, 1_700_000_010])
  })

  it('shapes latency into p50, p95 and p99 columns with gaps where a slot had no runs', () => {
    const data = toChartData(series, 'latency', m)
    expect(data.labels).toEqual(['p50', 'p95', 'p99'])
    expect(data.aligned.slice(1)).toEqual([
      [null, 12.3],
      [null, 80],
      [null, 100],
    ])
    expect(data.empty).toBe(false)
  })

  it('shapes errors as counts per slot and flags a series with nothing to draw as empty', () => {
    expect(toChartData(series, 'errors', m).aligned[1]).toEqual([0, 2])
    const quiet = { ...series, points: [series.points[0]!] }
    expect(toChartData(quiet, 'rate', m).empty).toBe(true)
  })
})
