// Deterministic series for the monitor's unit tests: a seeded PRNG, exact quantiles to compare sketches with,
// and finished-run records with defaults.
import type { ExecutionRecord } from '@runcell/core'

/** A seeded PRNG (mulberry32), so test series are the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The exact nearest-rank quantile, the definition the sketch approximates. */
export function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!
}

let counter = 0

/** A finished-run record with sensible defaults. */
export function makeRecord(overrides: Partial<ExecutionRecord> = {}): ExecutionRecord {
  counter++
  return {
    timestamp: 0,
    executionId: `run-${counter}`,
    language: 'python',
    duration: 10,
    success: true,
    codeSize: 12,
    codeHash: 'abc',
    outcome: 'ok',
    queueMs: 0,
    ...overrides,
  }
}
