import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startWarmUp } from './warm-up.js'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

/** Hooks over a fake engine whose last run ended at `lastRun` (fake clock), or is running when null. */
function engine(options: { failAfter?: number } = {}) {
  const state = { steps: 0, done: 0, lastRun: 0 as number | null }
  return {
    state,
    hooks: {
      idleMs: () => (state.lastRun === null ? 0 : Date.now() - state.lastRun),
      step: async () => ++state.steps <= (options.failAfter ?? Infinity),
      done: () => void state.done++,
    },
  }
}

describe('startWarmUp', () => {
  it('waits for 3 s without runs, then makes a bounded number of warm-up runs and says so once', async () => {
    const { state, hooks } = engine()
    state.lastRun = Date.now()
    startWarmUp(hooks)
    await vi.advanceTimersByTimeAsync(2_900)
    expect(state.steps).toBe(0)
    await vi.runAllTimersAsync()
    expect(state.steps).toBe(180)
    expect(state.done).toBe(1)
  })

  it('does not start while runs keep coming, and pauses when a run comes in between slices', async () => {
    const { state, hooks } = engine()
    startWarmUp(hooks)
    for (let i = 0; i < 10; i++) {
      state.lastRun = Date.now()
      await vi.advanceTimersByTimeAsync(1_000)
    }
    expect(state.steps).toBe(0)
    await vi.advanceTimersByTimeAsync(3_050)
    const started = state.steps
    expect(started).toBeGreaterThan(0)
    state.lastRun = null
    await vi.advanceTimersByTimeAsync(5_000)
    expect(state.steps).toBe(started)
    state.lastRun = Date.now()
    await vi.runAllTimersAsync()
    expect(state.steps).toBe(180)
  })

  it('stops at the first step the engine refuses', async () => {
    const { state, hooks } = engine({ failAfter: 4 })
    startWarmUp(hooks)
    await vi.runAllTimersAsync()
    expect(state.steps).toBe(5)
    expect(state.done).toBe(1)
  })
})
