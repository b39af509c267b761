/** The answer of a rate-limit check. */
export interface RateLimitResult {
  allowed: boolean
  /** Requests left in the current window. */
  remaining: number
  /** Milliseconds until the window resets (for Retry-After). */
  resetMs: number
}

/**
 * What instances share: an atomic rate limiter, a small cache and change broadcasts. In-process memory for one
 * instance (no `REDIS_URL`), Redis for many. Every method degrades instead of throwing when Redis is down: the
 * limiter counts per instance, the cache misses, a publish is lost (local listeners still hear it).
 */
export interface Coordination {
  readonly kind: 'memory' | 'redis'
  /** Counts one hit on `key` in a fixed window of `windowMs` and says whether it is within `limit`. */
  hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult>
  /** Takes back one hit on `key`: for limits counted before the outcome is known (a correct admin token). */
  release(key: string): Promise<void>
  cacheGet(key: string): Promise<string | null>
  cacheSet(key: string, value: string, ttlMs: number): Promise<void>
  cacheDelete(key: string): Promise<void>
  /** Tells every instance (this one included) about a change. */
  publish(channel: string, message: string): Promise<void>
  /** Listens for changes from any instance. */
  subscribe(channel: string, listener: (message: string) => void): void
  /** Throws when the shared store is unreachable; the health check calls it. */
  ping(): Promise<void>
  close(): Promise<void>
}
