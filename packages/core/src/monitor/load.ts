import type { Language } from '../protocol/types.js'

/** Most runs tracked as queued or active at once; beyond this the oldest are forgotten. */
const MAX_TRACKED = 10_000
/** A run still "active" after this long lost its `runFinished` (a runtime bug); it stops counting. */
const STALE_MS = 60 * 60_000

interface Entry {
  language: Language
  at: number
}

/** Counts of runs in flight, overall and per language. */
export interface LoadCounts {
  active: number
  queued: number
  byLanguage: Map<Language, { active: number; queued: number }>
}

/** Tracks which runs are queued and which are running, with a hard cap so a lost event can't leak memory. */
export class RunTracker {
  private readonly queued = new Map<string, Entry>()
  private readonly active = new Map<string, Entry>()

  /** A run entered the queue. */
  enqueue(id: string, language: Language, now: number): void {
    this.active.delete(id)
    setCapped(this.queued, id, { language, at: now })
  }

  /** A run left the queue and started. */
  start(id: string, language: Language, now: number): void {
    this.queued.delete(id)
    setCapped(this.active, id, { language, at: now })
  }

  /** A run ended, whichever state it was in. */
  finish(id: string): void {
    this.queued.delete(id)
    this.active.delete(id)
  }

  /** How many runs are tracked (for footprint checks). */
  get size(): number {
    return this.queued.size + this.active.size
  }

  /** Current counts, after dropping runs that have been in flight implausibly long. */
  counts(now: number): LoadCounts {
    const byLanguage = new Map<Language, { active: number; queued: number }>()
    const count = (map: Map<string, Entry>, key: 'active' | 'queued') => {
      for (const [id, entry] of map) {
        if (now - entry.at > STALE_MS) {
          map.delete(id)
          continue
        }
        const row = byLanguage.get(entry.language) ?? { active: 0, queued: 0 }
        row[key]++
        byLanguage.set(entry.language, row)
      }
      return map.size
    }
    return { queued: count(this.queued, 'queued'), active: count(this.active, 'active'), byLanguage }
  }
}

function setCapped(map: Map<string, Entry>, id: string, entry: Entry): void {
  map.delete(id)
  map.set(id, entry)
  if (map.size > MAX_TRACKED) {
    const oldest = map.keys().next()
    if (!oldest.done) map.delete(oldest.value)
  }
}
