import type { ExecutionRecord } from './record.js'

/** Retry timing of the exporter: exponential backoff with jitter, capped. */
export interface RetryOptions {
  /** First retry delay in ms (default 1000); it doubles on each failure. */
  baseMs?: number
  /** Longest backoff in ms (default 60 000). A server's Retry-After is honoured up to an hour. */
  maxMs?: number
}

/** Options of {@link createTelemetryExporter}. Only `url` is required. */
export interface TelemetryExporterOptions {
  /** Where batches are POSTed as `{ records: [...] }`, usually the host's `/api/executions`. */
  url: string
  /** Records per request (default 50). A full batch is sent at once. */
  batchSize?: number
  /** A partial batch waits at most this long (default 5000 ms). */
  flushIntervalMs?: number
  /** Records kept while the host is unreachable (default 1000); beyond it the oldest are dropped and counted. */
  maxBuffer?: number
  retry?: RetryOptions
  headers?: Record<string, string>
  fetch?: typeof fetch
  /** Used on pagehide (default `navigator.sendBeacon`). */
  sendBeacon?: (url: string, data: Blob) => boolean
  /** Where `pagehide` is listened for (default `window`, when there is one); null disables it. */
  lifecycleTarget?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | null
  /** Told about transport failures, for diagnostics only; they never reach a run. */
  onError?: (error: unknown) => void
  now?: () => number
  random?: () => number
}

/** Counters of an exporter, for a status line or a test. */
export interface TelemetryStats {
  buffered: number
  /** Records the host accepted through fetch. */
  sent: number
  /** Records handed to `sendBeacon` (delivery is not confirmed). */
  beaconed: number
  /** Records dropped because the buffer was full. */
  dropped: number
  /** Records the host refused with a 4xx other than 408 and 429; they are not retried. */
  rejected: number
  failedAttempts: number
  /** When the next retry is due (epoch ms), or null when not backing off. */
  nextRetryAt: number | null
}

/** Ships execution records to the host in batches, never blocking or failing a run. */
export interface TelemetryExporter {
  /** Buffers a record; bound, so `createMonitor({ onRecord: exporter.add })` works. Never throws. */
  add(record: ExecutionRecord): void
  /** Same as `add`, so the exporter can also be the runtime's observer. */
  runFinished(record: ExecutionRecord): void
  /** Sends everything buffered now. Resolves (never rejects) when done or backing off. */
  flush(): Promise<void>
  getStats(): TelemetryStats
  /** Stops timers and the pagehide listener; buffered records stay unsent. */
  dispose(): void
}

// sendBeacon and keepalive fetch bodies are capped at 64 KiB in total; stay under it with room for the wrapper.
const BEACON_BYTES = 60_000
const MAX_RETRY_AFTER_MS = 60 * 60_000

type Attempt = { kind: 'ok' } | { kind: 'rejected' } | { kind: 'retry'; afterMs: number | null }

/**
 * Creates a telemetry exporter that batches records to `url`, retries with exponential backoff (honouring
 * Retry-After on 429 and 503), keeps a bounded buffer that drops the oldest, and uses `sendBeacon` on pagehide.
 *
 * @example
 * const exporter = createTelemetryExporter({ url: '/api/executions' })
 * const monitor = createMonitor({ onRecord: exporter.add })
 */
export function createTelemetryExporter(options: TelemetryExporterOptions): TelemetryExporter {
  const batchSize = Math.max(1, options.batchSize ?? 50)
  const flushIntervalMs = options.flushIntervalMs ?? 5_000
  const maxBuffer = Math.max(1, options.maxBuffer ?? 1_000)
  const baseMs = options.retry?.baseMs ?? 1_000
  const maxMs = options.retry?.maxMs ?? 60_000
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const doFetch = options.fetch ?? (typeof fetch === 'function' ? fetch.bind(globalThis) : undefined)
  const nav = (globalThis as { navigator?: Navigator }).navigator
  const beacon = options.sendBeacon ?? (nav?.sendBeacon ? nav.sendBeacon.bind(nav) : undefined)
  const target =
    options.lifecycleTarget !== undefined
      ? options.lifecycleTarget
      : typeof window !== 'undefined'
        ? window
        : null

  let buffer: ExecutionRecord[] = []
  const stats = { sent: 0, beaconed: 0, dropped: 0, rejected: 0, failedAttempts: 0 }
  let attempt = 0
  let nextRetryAt: number | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  let timerAt = Infinity
  let inFlight: Promise<void> | null = null

  const report = (error: unknown) => {
    try {
      options.onError?.(error)
    } catch {
      // A diagnostics hook must not turn into a failure either.
    }
  }

  function trim(): void {
    const excess = buffer.length - maxBuffer
    if (excess > 0) {
      buffer.splice(0, excess)
      stats.dropped += excess
    }
  }

  function schedule(delayMs: number): void {
    const at = now() + delayMs
    if (timer !== undefined && timerAt <= at) return
    clearTimeout(timer)
    timerAt = at
    timer = setTimeout(() => {
      timer = undefined
      timerAt = Infinity
      void flush()
    }, delayMs)
    ;(timer as { unref?: () => void }).unref?.()
  }

  async function send(batch: ExecutionRecord[]): Promise<Attempt> {
    if (!doFetch) return { kind: 'rejected' }
    try {
      const body = JSON.stringify({ records: batch })
      const response = await doFetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        body,
        keepalive: body.length < BEACON_BYTES,
      })
      if (response.ok) return { kind: 'ok' }
      const transient = response.status === 408 || response.status === 429 || response.status >= 500
      if (!transient) return { kind: 'rejected' }
      report(new Error(`Telemetry POST to ${options.url} answered ${response.status}; will retry.`))
      return { kind: 'retry', afterMs: parseRetryAfter(response.headers.get('retry-after'), now()) }
    } catch (error) {
      report(error)
      return { kind: 'retry', afterMs: null }
    }
  }

  async function drain(): Promise<void> {
    while (buffer.length > 0) {
      const batch = buffer.splice(0, batchSize)
      const result = await send(batch)
      if (result.kind === 'ok') stats.sent += batch.length
      if (result.kind === 'rejected') stats.rejected += batch.length
      if (result.kind !== 'retry') {
        attempt = 0
        nextRetryAt = null
        continue
      }
      stats.failedAttempts++
      buffer = batch.concat(buffer)
      trim()
      const backoff = Math.min(maxMs, baseMs * 2 ** attempt)
      attempt++
      // Half fixed, half random: spreads a fleet of pages that failed together without ever retrying at once.
      const delay = result.afterMs ?? backoff / 2 + (random() * backoff) / 2
      nextRetryAt = now() + delay
      schedule(delay)
      return
    }
  }

  function flush(): Promise<void> {
    inFlight ??= drain()
      .catch(report)
      .finally(() => {
        inFlight = null
      })
    return inFlight
  }

  function add(record: ExecutionRecord): void {
    try {
      buffer.push(record)
      trim()
      if (nextRetryAt !== null) return
      schedule(buffer.length >= batchSize ? 0 : flushIntervalMs)
    } catch (error) {
      report(error)
    }
  }

  function onPageHide(): void {
    try {
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      timerAt = Infinity
      while (buffer.length > 0) {
        let size = 0
        let count = 0
        while (
          count < buffer.length &&
          (count === 0 || size + JSON.stringify(buffer[count]).length < BEACON_BYTES)
        ) {
          size += JSON.stringify(buffer[count]).length + 1
          count++
        }
        const body = JSON.stringify({ records: buffer.slice(0, count) })
        const queued = beacon
          ? beacon(options.url, new Blob([body], { type: 'application/json' }))
          : (void doFetch?.(options.url, { method: 'POST', body, keepalive: true }).catch(report), !!doFetch)
        if (!queued) return
        buffer.splice(0, count)
        stats.beaconed += count
      }
    } catch (error) {
      report(error)
    }
  }

  target?.addEventListener('pagehide', onPageHide)

  return {
    add,
    runFinished: add,
    flush,
    getStats: () => ({ ...stats, buffered: buffer.length, nextRetryAt }),
    dispose: () => {
      target?.removeEventListener('pagehide', onPageHide)
      clearTimeout(timer)
      timer = undefined
    },
  }
}

/** Reads a Retry-After header: delay in seconds, or an HTTP date. Returns ms, or null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null
  const seconds = Number(value)
  const ms = Number.isFinite(seconds) ? seconds * 1_000 : Date.parse(value) - now
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms)) : null
}
