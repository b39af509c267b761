import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { SPARE_AFTER_MS, SparePool } from './spare-pool.js'
import { FakeHandle } from './testing/fake-engine.js'

const quiet = { stage: () => {}, event: () => {} }

function pool(enabled = true) {
  const started: FakeHandle[] = []
  const spares = new SparePool(enabled, () => {
    const handle = new FakeHandle(quiet, false)
    started.push(handle)
    return handle
  })
  return { spares, started }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('SparePool', () => {
  test('a long run starts a spare after SPARE_AFTER_MS, and only one', () => {
    const { spares, started } = pool()
    spares.fillDuring(30_000)
    vi.advanceTimersByTime(SPARE_AFTER_MS - 1)
    expect(started).toHaveLength(0)
    vi.advanceTimersByTime(1)
    expect(started).toHaveLength(1)
    spares.fillDuring(30_000)
    vi.advanceTimersByTime(SPARE_AFTER_MS)
    expect(started).toHaveLength(1)
  })

  test('a short timeout starts the spare at half the timeout', () => {
    const { spares, started } = pool()
    spares.fillDuring(300)
    vi.advanceTimersByTime(149)
    expect(started).toHaveLength(0)
    vi.advanceTimersByTime(1)
    expect(started).toHaveLength(1)
  })

  test('a run that ends first cancels the spare', () => {
    const { spares, started } = pool()
    const cancel = spares.fillDuring(30_000)
    vi.advanceTimersByTime(SPARE_AFTER_MS / 2)
    cancel()
    vi.advanceTimersByTime(SPARE_AFTER_MS * 5)
    expect(started).toHaveLength(0)
  })

  test('an engine that keeps no spare never starts one', () => {
    const { spares, started } = pool(false)
    spares.fillDuring(30_000)
    spares.noteRestart()
    spares.afterReady()
    vi.advanceTimersByTime(60_000)
    expect(started).toHaveLength(0)
  })

  test('a ready engine refills the pool only once there has been a restart', () => {
    const { spares, started } = pool()
    spares.afterReady()
    expect(started).toHaveLength(0)
    spares.noteRestart()
    spares.afterReady()
    expect(started).toHaveLength(1)
    expect(spares.take()).toBe(started[0])
    expect(spares.take()).toBeNull()
  })

  test('a spare that fails to load is terminated and dropped', async () => {
    const { spares, started } = pool()
    spares.noteRestart()
    spares.afterReady()
    started[0]?.failLoad(new Error('no wasm'))
    await vi.advanceTimersByTimeAsync(0)
    expect(started[0]?.terminated).toBe(true)
    expect(spares.holding).toBe(false)
  })

  test('dispose terminates the spare', () => {
    const { spares, started } = pool()
    spares.noteRestart()
    spares.afterReady()
    spares.dispose()
    expect(started[0]?.terminated).toBe(true)
    expect(spares.holding).toBe(false)
  })
})
