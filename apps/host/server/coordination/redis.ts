import type { HostConfig } from '../config/schema'
import { createMemoryCoordination } from './memory'
import type { Coordination } from './types'

// INCR and PEXPIRE in one script, so the first hit of a window sets its expiry atomically and every instance
// counts against the same window.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
`

// DECR only a window that exists and is above zero, so a release never creates a key without an expiry.
const RELEASE_SCRIPT = `
if (tonumber(redis.call('GET', KEYS[1]) or '0') > 0) then redis.call('DECR', KEYS[1]) end
return 0
`

const PREFIX = 'runcell:'

/**
 * The multi-instance {@link Coordination} on Redis: a Lua fixed-window limiter, string cache entries with a TTL,
 * and pub/sub on a second connection (a subscribed connection can run nothing else).
 */
export async function createRedisCoordination(config: HostConfig, url: string): Promise<Coordination> {
  const { Redis } = await import('ioredis')
  const options = {
    connectTimeout: config.REDIS_TIMEOUT,
    commandTimeout: config.REDIS_TIMEOUT,
    maxRetriesPerRequest: config.REDIS_MAX_RETRIES,
    // Fail fast while disconnected instead of queueing requests behind a dead server.
    enableOfflineQueue: false,
    lazyConnect: true,
    retryStrategy: (times: number) => Math.min(times * 200, 2_000),
  }
  const client = new Redis(url, options)
  const subscriber = new Redis(url, { ...options, enableOfflineQueue: true })
  // Connection errors are reported by ping() through the health check; unhandled they would crash the process.
  client.on('error', () => {})
  subscriber.on('error', () => {})
  await Promise.all([client.connect().catch(() => {}), subscriber.connect().catch(() => {})])

  const listeners = new Map<string, Set<(message: string) => void>>()
  // The limiter while Redis is unreachable: this instance's own counts.
  const local = createMemoryCoordination()
  subscriber.on('message', (channel: string, message: string) => {
    for (const listener of listeners.get(channel.slice(PREFIX.length)) ?? []) listener(message)
  })

  return {
    kind: 'redis',
    async hit(key, limit, windowMs) {
      try {
        const [count, ttl] = (await client.eval(HIT_SCRIPT, 1, `${PREFIX}rl:${key}`, String(windowMs))) as [
          number,
          number,
        ]
        return { allowed: count <= limit, remaining: Math.max(0, limit - count), resetMs: ttl }
      } catch {
        // Redis down: neither open (token guessing and floods would go unchecked) nor closed (every reader's
        // feedback and every admin refused). Each instance limits on its own, so with n instances a client gets
        // at most n times the limit until Redis is back.
        return local.hit(key, limit, windowMs)
      }
    },
    async release(key) {
      try {
        await client.eval(RELEASE_SCRIPT, 1, `${PREFIX}rl:${key}`)
      } catch {
        await local.release(key)
      }
    },
    async cacheGet(key) {
      try {
        return await client.get(`${PREFIX}cache:${key}`)
      } catch {
        return null
      }
    },
    async cacheSet(key, value, ttlMs) {
      await client.set(`${PREFIX}cache:${key}`, value, 'PX', Math.max(1, ttlMs)).catch(() => {})
    },
    async cacheDelete(key) {
      await client.del(`${PREFIX}cache:${key}`).catch(() => {})
    },
    async publish(channel, message) {
      try {
        await client.publish(`${PREFIX}${channel}`, message)
      } catch {
        // Redis down: at least this instance hears about its own change.
        for (const listener of listeners.get(channel) ?? []) listener(message)
      }
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set()
      if (set.size === 0) void subscriber.subscribe(`${PREFIX}${channel}`).catch(() => {})
      set.add(listener)
      listeners.set(channel, set)
    },
    async ping() {
      await client.ping()
    },
    async close() {
      await local.close()
      client.disconnect()
      subscriber.disconnect()
    },
  }
}
