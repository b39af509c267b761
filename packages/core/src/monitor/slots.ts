import { LANGUAGES } from '../protocol/types.js'
import type { Language } from '../protocol/types.js'
import { EXECUTION_OUTCOMES, type ExecutionOutcome, type ExecutionRecord } from './record.js'
import { bucketIndex, createHistogram, mergeHistogram } from './sketch.js'

/** Every outcome, in the order the per-slot counters store them. */
export const OUTCOMES: readonly ExecutionOutcome[] = EXECUTION_OUTCOMES

/** Counters for one language in one time slot, or the merge of several. */
export interface Tally {
  count: number
  errors: number
  outcomes: Uint32Array
  durationSum: number
  queueSum: number
  minDuration: number
  maxDuration: number
  /** Allocated on first use and then reused, so an idle language costs no histogram. */
  histogram: Uint32Array | null
}

interface Slot {
  start: number
  tallies: Tally[]
}

/** Creates an empty tally. */
export function createTally(): Tally {
  return {
    count: 0,
    errors: 0,
    outcomes: new Uint32Array(OUTCOMES.length),
    durationSum: 0,
    queueSum: 0,
    minDuration: Infinity,
    maxDuration: -Infinity,
    histogram: null,
  }
}

function resetTally(tally: Tally): void {
  tally.count = 0
  tally.errors = 0
  tally.outcomes.fill(0)
  tally.durationSum = 0
  tally.queueSum = 0
  tally.minDuration = Infinity
  tally.maxDuration = -Infinity
  tally.histogram?.fill(0)
}

/** Adds `from` into `into`, allocating `into`'s histogram only when there is something to add. */
export function mergeTally(into: Tally, from: Tally): void {
  if (from.count === 0) return
  into.count += from.count
  into.errors += from.errors
  for (let i = 0; i < OUTCOMES.length; i++) into.outcomes[i] = into.outcomes[i]! + from.outcomes[i]!
  into.durationSum += from.durationSum
  into.queueSum += from.queueSum
  into.minDuration = Math.min(into.minDuration, from.minDuration)
  into.maxDuration = Math.max(into.maxDuration, from.maxDuration)
  if (from.histogram) mergeHistogram((into.histogram ??= createHistogram()), from.histogram)
}

/**
 * A ring of fixed time slots, each with one tally per language. Old slots are recycled in place, so memory is
 * `slotCount × languages` tallies whatever the traffic. A window is made of whole slots: the current, partial
 * slot plus the slots before it.
 */
export class SlotRing {
  readonly slotMs: number
  readonly slotCount: number
  private readonly slots: Slot[]

  constructor(slotMs: number, slotCount: number) {
    this.slotMs = slotMs
    this.slotCount = slotCount
    this.slots = Array.from({ length: slotCount }, () => ({
      start: -Infinity,
      tallies: LANGUAGES.map(() => createTally()),
    }))
  }

  /** Start time of the slot that holds `time`. */
  slotStart(time: number): number {
    return Math.floor(time / this.slotMs) * this.slotMs
  }

  private slotAt(start: number): Slot {
    const slot = this.slots[(((start / this.slotMs) % this.slotCount) + this.slotCount) % this.slotCount]!
    if (slot.start !== start) {
      slot.start = start
      for (const tally of slot.tallies) resetTally(tally)
    }
    return slot
  }

  /** Counts a record at `time`; a record older than the ring at `now` is ignored rather than recycle a slot. */
  add(record: ExecutionRecord, time: number, now: number, isError: boolean): void {
    const languageIndex = LANGUAGES.indexOf(record.language)
    const start = this.slotStart(time)
    if (languageIndex < 0 || start <= this.slotStart(now) - this.slotCount * this.slotMs) return
    const tally = this.slotAt(start).tallies[languageIndex]!
    const duration = Number.isFinite(record.duration) && record.duration > 0 ? record.duration : 0
    tally.count++
    if (isError) tally.errors++
    const outcomeIndex = OUTCOMES.indexOf(record.outcome)
    if (outcomeIndex >= 0) tally.outcomes[outcomeIndex] = tally.outcomes[outcomeIndex]! + 1
    tally.durationSum += duration
    tally.queueSum += Number.isFinite(record.queueMs) && record.queueMs > 0 ? record.queueMs : 0
    tally.minDuration = Math.min(tally.minDuration, duration)
    tally.maxDuration = Math.max(tally.maxDuration, duration)
    const histogram = (tally.histogram ??= createHistogram())
    const index = bucketIndex(duration)
    histogram[index] = histogram[index]! + 1
  }

  /**
   * The tally of the `slots` most recent slots up to `now` for one language (or all, when `language` is
   * undefined). Slots that were not written in that span count as empty.
   */
  collect(now: number, slots: number, language?: Language): Tally {
    const total = createTally()
    const newest = this.slotStart(now)
    for (let back = 0; back < slots; back++) this.collectSlot(total, newest - back * this.slotMs, language)
    return total
  }

  /** Adds one slot's tallies (for one language, or all) into `into`. */
  collectSlot(into: Tally, start: number, language?: Language): void {
    const slot = this.slots[(((start / this.slotMs) % this.slotCount) + this.slotCount) % this.slotCount]!
    if (slot.start !== start) return
    if (language === undefined) for (const tally of slot.tallies) mergeTally(into, tally)
    else {
      const index = LANGUAGES.indexOf(language)
      if (index >= 0) mergeTally(into, slot.tallies[index]!)
    }
  }

  /** How many histograms this ring holds right now; it never exceeds `slotCount × languages`. */
  allocatedHistograms(): number {
    let count = 0
    for (const slot of this.slots) for (const tally of slot.tallies) if (tally.histogram) count++
    return count
  }
}
