import { describe, expect, it } from 'vitest'
import {
  bucketIndex,
  bucketValue,
  createHistogram,
  histogramQuantile,
  mergeHistogram,
  SKETCH_BUCKETS,
  SKETCH_MAX_VALUE,
  SKETCH_MIN_VALUE,
  SKETCH_RELATIVE_ERROR,
} from './sketch.js'
import { exactQuantile, seeded } from '../../../../test/support/monitor-series.js'

function fill(values: number[]): Uint32Array {
  const histogram = createHistogram()
  for (const v of values) histogram[bucketIndex(v)]!++
  return histogram
}

describe('log-linear sketch', () => {
  it('reports every value in its range within the stated 1 % relative error', () => {
    const random = seeded(1)
    let worst = 0
    for (let i = 0; i < 100_000; i++) {
      const value = SKETCH_MIN_VALUE * Math.pow(SKETCH_MAX_VALUE / SKETCH_MIN_VALUE, random())
      worst = Math.max(worst, Math.abs(bucketValue(bucketIndex(value)) - value) / value)
    }
    expect(worst).toBeLessThanOrEqual(SKETCH_RELATIVE_ERROR + 1e-12)
    expect(worst).toBeGreaterThan(SKETCH_RELATIVE_ERROR * 0.9)
  })

  it('has a fixed number of buckets, under a thousand, whatever the values', () => {
    expect(SKETCH_BUCKETS).toBe(createHistogram().length)
    expect(SKETCH_BUCKETS).toBeLessThan(1_000)
    expect(bucketIndex(1e12)).toBe(SKETCH_BUCKETS - 1)
    expect(bucketIndex(-5)).toBe(0)
    expect(bucketIndex(Number.NaN)).toBe(0)
  })

  it('estimates p50, p95 and p99 of a long-tailed series within 1 % of the exact nearest-rank values', () => {
    const random = seeded(7)
    // Log-normal running times around 80 ms with a tail into seconds, like real runs.
    const values = Array.from({ length: 20_000 }, () => {
      const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
      return Math.exp(Math.log(80) + normal)
    })
    const histogram = fill(values)
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = exactQuantile(values, q)
      const estimate = histogramQuantile(histogram, values.length, q)!
      expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(SKETCH_RELATIVE_ERROR)
    }
  })

  it('gives the same quantiles for merged halves as for the whole series', () => {
    const random = seeded(3)
    const values = Array.from({ length: 5_000 }, () => 1 + random() * 999)
    const merged = fill(values.slice(0, 2_500))
    mergeHistogram(merged, fill(values.slice(2_500)))
    expect([...merged]).toEqual([...fill(values)])
    expect(histogramQuantile(merged, values.length, 0.95)).toBe(
      histogramQuantile(fill(values), values.length, 0.95),
    )
  })

  it('returns null for an empty histogram', () => {
    expect(histogramQuantile(createHistogram(), 0, 0.5)).toBeNull()
  })
})
