import type { Coordination } from './types'

/** The single-instance {@link Coordination}: maps in this process, swept as entries expire. */
export function createMemoryCoordination(): Coordination {
  const windows = new Map<string, { count: number; resetAt: number }>()
  const cache = new Map<string, { value: string; expiresAt: number }>()
  const listeners = new Map<string, Set<(message: string) => void>>()
  const sweep = setInterval(() => {
    const now = Date.now()
    for (const [key, entry] of windows) if (entry.resetAt <= now) windows.delete(key)
    for (const [key, entry] of cache) if (entry.expiresAt <= now) cache.delete(key)
  }, 60_000)
  sweep.unref()

  return {
    kind: 'memory',
    async hit(key, limit, windowMs) {
      const now = Date.now()
      let entry = windows.get(key)
      if (!entry || entry.resetAt <= now) {
        entry = { count: 0, resetAt: now + windowMs }
        windows.set(key, entry)
      }
      entry.count++
      return {
        allowed: entry.count <= limit,
        remaining: Math.max(0, limit - entry.count),
        resetMs: entry.resetAt - now,
      }
    },
    async release(key) {
      const entry = windows.get(key)
      if (entry && entry.count > 0) entry.count--
    },
    async cacheGet(key) {
      const entry = cache.get(key)
      return entry && entry.expiresAt > Date.now() ? entry.value : null
    },
    async cacheSet(key, value, ttlMs) {
      cache.set(key, { value, expiresAt: Date.now() + ttlMs })
    },
    async cacheDelete(key) {
      cache.delete(key)
    },
    async publish(channel, message) {
      for (const listener of listeners.get(channel) ?? []) listener(message)
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set()
      set.add(listener)
      listeners.set(channel, set)
    },
    async ping() {},
    async close() {
      clearInterval(sweep)
    },
  }
}
