import { LANGUAGES } from '../protocol/types.js'
import type { Language } from '../protocol/types.js'
import type { ExecutionOutcome } from './record.js'
import { histogramQuantile } from './sketch.js'
import { createTally, OUTCOMES, SlotRing } from './slots.js'
import type { Tally } from './slots.js'
import type { MetricsSeries, SeriesPoint, WindowMetrics, WindowName } from './summary.js'

/** Slot sizes: 10 s slots for the 1 and 5 minute windows, 1 min slots for the hour. */
const FINE_SLOT_MS = 10_000
const FINE_SLOTS = 30
const COARSE_SLOT_MS = 60_000
const COARSE_SLOTS = 60

const SPECS: Record<WindowName, { ring: 'fine' | 'coarse'; slots: number }> = {
  '1m': { ring: 'fine', slots: 6 },
  '5m': { ring: 'fine', slots: FINE_SLOTS },
  '1h': { ring: 'coarse', slots: COARSE_SLOTS },
}

/** The oldest record, relative to now, that still lands in a window. */
export const RETAINED_MS = COARSE_SLOT_MS * COARSE_SLOTS

/**
 * The monitor's sliding windows: two slot rings (10 s × 30 and 1 min × 60), so memory is fixed at
 * 90 slots × languages, each with at most one histogram.
 */
export class Windows {
  readonly fine = new SlotRing(FINE_SLOT_MS, FINE_SLOTS)
  readonly coarse = new SlotRing(COARSE_SLOT_MS, COARSE_SLOTS)

  /** The most histograms the windows can ever hold. */
  readonly maxHistograms = (FINE_SLOTS + COARSE_SLOTS) * LANGUAGES.length

  /** Raw tally of a window at `now`, for one language or all. */
  tally(window: WindowName, now: number, language?: Language): { tally: Tally; spanMs: number } {
    const spec = SPECS[window]
    const ring = this[spec.ring]
    const spanMs = (spec.slots - 1) * ring.slotMs + Math.max(1, now - ring.slotStart(now))
    return { tally: ring.collect(now, spec.slots, language), spanMs }
  }

  /** Metrics of a window at `now`, for one language or all. */
  metrics(window: WindowName, now: number, sampleRate: number, language?: Language): WindowMetrics {
    const { tally, spanMs } = this.tally(window, now, language)
    return toWindowMetrics(window, tally, spanMs, sampleRate)
  }

  /** A chart series: one point per slot of the ring, oldest first, the current partial slot last. */
  series(ring: 'fine' | 'coarse', now: number, sampleRate: number): MetricsSeries {
    const r = this[ring]
    const newest = r.slotStart(now)
    const points: SeriesPoint[] = []
    for (let back = r.slotCount - 1; back >= 0; back--) {
      const start = newest - back * r.slotMs
      const tally = createTally()
      r.collectSlot(tally, start)
      // The current slot has only run for part of its length; dividing by that avoids a dip at the chart's edge.
      const elapsed = back === 0 ? Math.max(1_000, now - start) : r.slotMs
      const q = (p: number) => histogramOrNull(tally, p)
      points.push({
        t: start,
        count: tally.count,
        errors: tally.errors,
        ratePerMinute: (tally.count / sampleRate) * (60_000 / elapsed),
        p50Ms: q(0.5),
        p95Ms: q(0.95),
        p99Ms: q(0.99),
      })
    }
    return { slotMs: r.slotMs, points }
  }

  /** Histograms currently allocated across both rings. */
  allocatedHistograms(): number {
    return this.fine.allocatedHistograms() + this.coarse.allocatedHistograms()
  }
}

function histogramOrNull(tally: Tally, q: number): number | null {
  if (!tally.histogram) return null
  const value = histogramQuantile(tally.histogram, tally.count, q)
  // Clamping to the exact min and max keeps p100 exact and stops a clamped bucket from overshooting.
  return value === null ? null : Math.min(tally.maxDuration, Math.max(tally.minDuration, value))
}

/** Turns a tally into the published metrics of a window. */
export function toWindowMetrics(
  window: WindowName,
  tally: Tally,
  spanMs: number,
  sampleRate: number,
): WindowMetrics {
  const outcomes = {} as Record<ExecutionOutcome, number>
  OUTCOMES.forEach((outcome, i) => (outcomes[outcome] = tally.outcomes[i]!))
  const has = tally.count > 0
  return {
    window,
    spanMs,
    count: tally.count,
    errors: tally.errors,
    errorRate: has ? tally.errors / tally.count : 0,
    throughputPerMinute: tally.count / sampleRate / (spanMs / 60_000),
    avgMs: has ? tally.durationSum / tally.count : null,
    p50Ms: histogramOrNull(tally, 0.5),
    p95Ms: histogramOrNull(tally, 0.95),
    p99Ms: histogramOrNull(tally, 0.99),
    maxMs: has ? tally.maxDuration : null,
    avgQueueMs: has ? tally.queueSum / tally.count : null,
    outcomes,
  }
}
