import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startWarmUp } from './warm-up.js'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

function hooks(options: { busy?: () => boolean; failAfter?: number } = {}) {
  const calls = { steps: 0, done: 0 }
  return {
    calls,
    hooks: {
      busy: options.busy ?? (() => false),
      step: async () => ++calls.steps <= (options.failAfter ?? Infinity),
      done: () => void calls.done++,
    },
  }
}

describe('startWarmUp', () => {
  it('makes a bounded number of warm-up runs in slices, then says it is done once', async () => {
    const { calls, hooks: h } = hooks()
    startWarmUp(h)
    expect(calls.steps).toBe(0)
    await vi.runAllTimersAsync()
    expect(calls.steps).toBe(180)
    expect(calls.done).toBe(1)
  })

  it('waits while the engine is busy with runs', async () => {
    let busy = true
    const { calls, hooks: h } = hooks({ busy: () => busy })
    startWarmUp(h)
    await vi.advanceTimersByTimeAsync(5_000)
    expect(calls.steps).toBe(0)
    busy = false
    await vi.runAllTimersAsync()
    expect(calls.steps).toBe(180)
  })

  it('stops at the first step the engine refuses', async () => {
    const { calls, hooks: h } = hooks({ failAfter: 4 })
    startWarmUp(h)
    await vi.runAllTimersAsync()
    expect(calls.steps).toBe(5)
    expect(calls.done).toBe(1)
  })
})
