import type { RunResult } from '../protocol/types.js'

/** Settings of the result cache. The defaults are five minutes and a thousand entries. */
export interface ResultCacheOptions {
  ttlMs?: number
  maxEntries?: number
}

/**
 * A small LRU cache with expiry for results of isolated runs, so that the same snippet opened twice doesn't
 * run twice. Keys include the engine version, so an engine upgrade never serves a stale answer. The runtime
 * keeps each result with its output events, so that a cached run replays them in their order.
 */
export class ResultCache<T = RunResult> {
  private readonly entries = new Map<string, { result: T; expires: number }>()
  private readonly ttlMs: number
  private readonly maxEntries: number

  constructor(
    options: ResultCacheOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.ttlMs = options.ttlMs ?? 300_000
    this.maxEntries = options.maxEntries ?? 1_000
  }

  static key(parts: { language: string; engineVersion: string; code: string; stdin?: string }): string {
    return JSON.stringify([parts.language, parts.engineVersion, parts.code, parts.stdin ?? ''])
  }

  get(key: string): T | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    this.entries.delete(key)
    if (entry.expires <= this.now()) return undefined
    this.entries.set(key, entry)
    return entry.result
  }

  set(key: string, result: T): void {
    this.entries.delete(key)
    this.entries.set(key, { result, expires: this.now() + this.ttlMs })
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value
      if (oldest === undefined) break
      this.entries.delete(oldest)
    }
  }

  get size(): number {
    return this.entries.size
  }
}
