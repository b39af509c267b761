// @vitest-environment jsdom
import { afterEach, describe, expect, test, vi } from 'vitest'
import {
  NO_PROGRESS,
  afterCheck,
  clearProgress,
  parseProgress,
  progressKey,
  readProgress,
  subscribeProgress,
  writeProgress,
} from './progress.js'

afterEach(() => localStorage.clear())

describe('exercise progress', () => {
  test('a pass marks the exercise passed for good, and pass and fail both count as attempts', () => {
    const failed = afterCheck(NO_PROGRESS, { status: 'fail', message: 'total should be 6' })
    expect(failed).toMatchObject({ passed: false, attempts: 1, lastCheck: { status: 'fail' } })
    const passed = afterCheck(failed, { status: 'pass' })
    expect(passed).toMatchObject({ passed: true, attempts: 2, lastCheck: { status: 'pass' } })
    expect(afterCheck(passed, { status: 'fail', message: 'x' })).toMatchObject({ passed: true, attempts: 3 })
  })

  test("a broken check (the author's error) is not counted as the learner's attempt", () => {
    const after = afterCheck(NO_PROGRESS, { status: 'error', message: 'NameError: nope' })
    expect(after).toMatchObject({ attempts: 0, passed: false, lastCheck: { status: 'error' } })
  })

  test('stored progress survives a round trip, and a corrupt or hostile entry reads as no progress', () => {
    const progress = { passed: true, attempts: 3, hintsUsed: 1, solutionShown: false }
    writeProgress('ex-1', progress)
    expect(JSON.parse(localStorage.getItem(progressKey('ex-1')) ?? '')).toEqual(progress)
    expect(readProgress('ex-1')).toEqual(progress)
    expect(parseProgress('{not json')).toBe(NO_PROGRESS)
    expect(parseProgress('null')).toBe(NO_PROGRESS)
    expect(
      parseProgress(
        JSON.stringify({ passed: 'yes', attempts: -4, hintsUsed: 1.5, lastCheck: { status: 'x' } }),
      ),
    ).toEqual({ passed: false, attempts: 0, hintsUsed: 0, solutionShown: false })
  })

  test('readers get the same object until the progress changes, and hear every write and clear', () => {
    const listener = vi.fn()
    const stop = subscribeProgress(listener)
    const first = readProgress('ex-2')
    expect(readProgress('ex-2')).toBe(first)
    writeProgress('ex-2', { ...NO_PROGRESS, hintsUsed: 1 })
    expect(readProgress('ex-2')).not.toBe(first)
    expect(readProgress('ex-2').hintsUsed).toBe(1)
    clearProgress('ex-2')
    expect(readProgress('ex-2')).toEqual(NO_PROGRESS)
    expect(listener).toHaveBeenCalledTimes(2)
    stop()
    writeProgress('ex-2', NO_PROGRESS)
    expect(listener).toHaveBeenCalledTimes(2)
  })

  test('another tab writing progress notifies this one through the storage event', () => {
    const listener = vi.fn()
    const stop = subscribeProgress(listener)
    window.dispatchEvent(new StorageEvent('storage', { key: progressKey('ex-3') }))
    window.dispatchEvent(new StorageEvent('storage', { key: 'runcell:code:unrelated' }))
    expect(listener).toHaveBeenCalledTimes(1)
    stop()
  })
})
