import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTelemetryExporter, parseRetryAfter } from './exporter.js'
import type { ExecutionRecord } from './record.js'
import { makeRecord } from '../../../../test/support/monitor-series.js'

type Call = { url: string; records: ExecutionRecord[] }

/** A fake fetch that answers from a list of statuses (then 200) and remembers each batch. */
function fakeFetch(statuses: (number | 'network' | [number, string])[] = []) {
  const calls: Call[] = []
  const fn = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({
      url: String(url),
      records: (JSON.parse(String(init?.body)) as { records: ExecutionRecord[] }).records,
    })
    const next = statuses.shift() ?? 200
    if (next === 'network') throw new TypeError('Failed to fetch')
    const [status, retryAfter] = Array.isArray(next) ? next : [next, undefined]
    return new Response(null, { status, headers: retryAfter ? { 'retry-after': retryAfter } : {} })
  })
  return { calls, fetch: fn as unknown as typeof fetch }
}

const records = (n: number) => Array.from({ length: n }, (_, i) => makeRecord({ executionId: `e${i}` }))

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('createTelemetryExporter', () => {
  it('sends full batches at once and a partial batch after flushIntervalMs', async () => {
    const { calls, fetch } = fakeFetch()
    const exporter = createTelemetryExporter({
      url: '/api/executions',
      batchSize: 3,
      flushIntervalMs: 5_000,
      fetch,
      lifecycleTarget: null,
    })
    records(7).forEach(exporter.add)
    await vi.advanceTimersByTimeAsync(0)
    expect(calls.map((c) => c.records.length)).toEqual([3, 3, 1])
    expect(calls[0]!.url).toBe('/api/executions')
    exporter.add(makeRecord())
    await vi.advanceTimersByTimeAsync(4_000)
    expect(calls).toHaveLength(3)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(calls).toHaveLength(4)
    expect(exporter.getStats()).toMatchObject({ sent: 8, buffered: 0, dropped: 0 })
  })

  it('retries a failed batch with doubling backoff and keeps its records', async () => {
    const { calls, fetch } = fakeFetch(['network', 500, 502])
    const exporter = createTelemetryExporter({
      url: '/api/executions',
      batchSize: 2,
      fetch,
      retry: { baseMs: 1_000, maxMs: 10_000 },
      random: () => 1, // no jitter: the delay is the full backoff
      lifecycleTarget: null,
    })
    records(2).forEach(exporter.add)
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(999)
    expect(calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(2_000)
    expect(calls).toHaveLength(3)
    await vi.advanceTimersByTimeAsync(3_999)
    expect(calls).toHaveLength(3)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toHaveLength(4)
    expect(calls[3]!.records.map((r) => r.executionId)).toEqual(['e0', 'e1'])
    expect(exporter.getStats()).toMatchObject({ sent: 2, failedAttempts: 3, nextRetryAt: null })
  })

  it('waits as long as Retry-After says on 503 and 429', async () => {
    const { calls, fetch } = fakeFetch([
      [503, '30'],
      [429, '5'],
    ])
    const exporter = createTelemetryExporter({
      url: '/x',
      batchSize: 1,
      fetch,
      random: () => 0,
      lifecycleTarget: null,
    })
    exporter.add(makeRecord())
    await vi.advanceTimersByTimeAsync(0)
    await vi.advanceTimersByTimeAsync(29_999)
    expect(calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(5_000)
    expect(calls).toHaveLength(3)
    expect(exporter.getStats().sent).toBe(1)
  })

  it('drops the oldest records beyond maxBuffer while the host is down, and counts them', async () => {
    const { calls, fetch } = fakeFetch(['network'])
    const exporter = createTelemetryExporter({
      url: '/x',
      batchSize: 5,
      maxBuffer: 5,
      fetch,
      random: () => 1,
      lifecycleTarget: null,
    })
    records(5).forEach(exporter.add)
    await vi.advanceTimersByTimeAsync(0)
    records(12).forEach((r, i) => exporter.add({ ...r, executionId: `late${i}` }))
    expect(exporter.getStats()).toMatchObject({ buffered: 5, dropped: 12 })
    await vi.advanceTimersByTimeAsync(1_000)
    expect(calls.at(-1)!.records.map((r) => r.executionId)).toEqual([
      'late7',
      'late8',
      'late9',
      'late10',
      'late11',
    ])
  })

  it('does not retry a batch the host refuses with 400, and counts it as rejected', async () => {
    const { calls, fetch } = fakeFetch([400])
    const exporter = createTelemetryExporter({ url: '/x', batchSize: 2, fetch, lifecycleTarget: null })
    records(2).forEach(exporter.add)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(calls).toHaveLength(1)
    expect(exporter.getStats()).toMatchObject({ rejected: 2, buffered: 0 })
  })

  it('hands everything buffered to sendBeacon on pagehide', async () => {
    const { fetch } = fakeFetch()
    const target = new EventTarget()
    const beacons: { url: string; body: Blob }[] = []
    const exporter = createTelemetryExporter({
      url: '/api/executions',
      batchSize: 100,
      fetch,
      lifecycleTarget: target,
      sendBeacon: (url, body) => (beacons.push({ url, body }), true),
    })
    records(3).forEach(exporter.add)
    target.dispatchEvent(new Event('pagehide'))
    expect(beacons).toHaveLength(1)
    expect(beacons[0]!.body.type).toBe('application/json')
    const sent = JSON.parse(await beacons[0]!.body.text()) as { records: ExecutionRecord[] }
    expect(sent.records.map((r) => r.executionId)).toEqual(['e0', 'e1', 'e2'])
    expect(exporter.getStats()).toMatchObject({ beaconed: 3, buffered: 0 })
    exporter.dispose()
    exporter.add(makeRecord())
    target.dispatchEvent(new Event('pagehide'))
    expect(beacons).toHaveLength(1)
  })

  it('never throws into the caller and never rejects flush, whatever the transport does', async () => {
    const exporter = createTelemetryExporter({
      url: '/x',
      batchSize: 1,
      fetch: () => {
        throw new Error('synchronous failure')
      },
      onError: () => {
        throw new Error('even the hook fails')
      },
      lifecycleTarget: null,
    })
    expect(() => exporter.add(makeRecord())).not.toThrow()
    await expect(exporter.flush()).resolves.toBeUndefined()
    expect(exporter.getStats().failedAttempts).toBeGreaterThan(0)
    exporter.dispose()
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and caps absurd values at an hour', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('12', now)).toBe(12_000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000)
    expect(parseRetryAfter('999999', now)).toBe(3_600_000)
    expect(parseRetryAfter('soon', now)).toBeNull()
  })
})
