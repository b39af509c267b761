import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { LazyTimer } from './lazy-timer.js'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

test('calls back once when due, not before', () => {
  const timer = new LazyTimer()
  const called = vi.fn()
  timer.arm(100, called)
  vi.advanceTimersByTime(99)
  expect(called).not.toHaveBeenCalled()
  vi.advanceTimersByTime(1)
  expect(called).toHaveBeenCalledTimes(1)
  vi.advanceTimersByTime(1_000)
  expect(called).toHaveBeenCalledTimes(1)
})

test('disarmed, it calls nothing', () => {
  const timer = new LazyTimer()
  const called = vi.fn()
  timer.arm(100, called)
  timer.disarm()
  vi.advanceTimersByTime(1_000)
  expect(called).not.toHaveBeenCalled()
})

test('armed again, only the newest callback runs, at its own time, later or sooner', () => {
  const timer = new LazyTimer()
  const first = vi.fn()
  const later = vi.fn()
  timer.arm(100, first)
  vi.advanceTimersByTime(50)
  timer.arm(100, later)
  vi.advanceTimersByTime(99)
  expect(later).not.toHaveBeenCalled()
  vi.advanceTimersByTime(1)
  expect(later).toHaveBeenCalledTimes(1)
  expect(first).not.toHaveBeenCalled()

  const sooner = vi.fn()
  timer.arm(1_000, vi.fn())
  timer.arm(10, sooner)
  vi.advanceTimersByTime(10)
  expect(sooner).toHaveBeenCalledTimes(1)
})

test('run after run, arming and disarming reuses one browser timer', () => {
  const timer = new LazyTimer()
  const set = vi.spyOn(globalThis, 'setTimeout')
  const cleared = vi.spyOn(globalThis, 'clearTimeout')
  for (let i = 0; i < 100; i++) {
    timer.arm(30_000, () => {})
    vi.advanceTimersByTime(1)
    timer.disarm()
  }
  expect(set).toHaveBeenCalledTimes(1)
  expect(cleared).not.toHaveBeenCalled()
  timer.dispose()
})

test('disposed, nothing is pending', () => {
  const timer = new LazyTimer()
  const called = vi.fn()
  timer.arm(100, called)
  timer.dispose()
  expect(vi.getTimerCount()).toBe(0)
  vi.advanceTimersByTime(1_000)
  expect(called).not.toHaveBeenCalled()
})
