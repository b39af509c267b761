import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import type { HostMessage, RunnerMessage } from '../protocol/messages.js'
import { watchRunner } from './runner-watch.js'

function fakeRunner() {
  const sent: HostMessage[] = []
  let listener: (message: RunnerMessage) => void = () => {}
  return {
    sent,
    say: (message: RunnerMessage) => listener(message),
    connection: {
      send: (message: HostMessage) => void sent.push(message),
      onMessage: (next: (message: RunnerMessage) => void) => {
        listener = next
        return () => (listener = () => {})
      },
    },
  }
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] })
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

test('a runner that answers pings while runs are out is never declared lost', () => {
  const runner = fakeRunner()
  const lost = vi.fn()
  watchRunner(runner.connection, () => true, lost, 4_000)
  for (let second = 0; second < 20; second++) {
    vi.advanceTimersByTime(1_000)
    runner.say({ type: 'pong' })
  }
  expect(runner.sent.filter((m) => m.type === 'ping').length).toBeGreaterThanOrEqual(19)
  expect(lost).not.toHaveBeenCalled()
})

test('a runner silent for longer than the limit while a run is out is declared lost once, and pings stop', () => {
  const runner = fakeRunner()
  const lost = vi.fn()
  watchRunner(runner.connection, () => true, lost, 4_000)
  vi.advanceTimersByTime(10_000)
  expect(lost).toHaveBeenCalledTimes(1)
  const pings = runner.sent.length
  vi.advanceTimersByTime(10_000)
  expect(runner.sent.length).toBe(pings)
  expect(lost).toHaveBeenCalledTimes(1)
})

test('an idle runner is neither pinged nor declared lost, however long it stays quiet', () => {
  const runner = fakeRunner()
  const lost = vi.fn()
  let busy = false
  watchRunner(runner.connection, () => busy, lost, 4_000)
  vi.advanceTimersByTime(60_000)
  expect(runner.sent).toEqual([])
  expect(lost).not.toHaveBeenCalled()
  // A run goes out after a long quiet spell: the runner gets the full limit to answer, not zero.
  busy = true
  vi.advanceTimersByTime(3_000)
  expect(lost).not.toHaveBeenCalled()
})

/**
 * A page whose timers fire only when the test says, at the times it says: Chromium throttles a tab hidden for
 * minutes to one timer wake-up a minute, and a frozen tab or a sleeping laptop fires none at all.
 */
function throttledPage() {
  let clock = 0
  let tick: () => void = () => {}
  vi.useRealTimers()
  vi.spyOn(performance, 'now').mockImplementation(() => clock)
  vi.spyOn(globalThis, 'setInterval').mockImplementation(((callback: () => void) => {
    tick = callback
    return 0
  }) as unknown as typeof setInterval)
  vi.spyOn(globalThis, 'clearInterval').mockImplementation(() => {})
  return {
    /** Moves the clock on by `ms` and fires the interval once. */
    tickAfter(ms: number) {
      clock += ms
      tick()
    },
    wait(ms: number) {
      clock += ms
    },
  }
}

test('a runner that answers at once is not declared lost when the page throttles its timers to one a minute', () => {
  const page = throttledPage()
  const runner = fakeRunner()
  const lost = vi.fn()
  watchRunner(runner.connection, () => true, lost, 8_000)
  for (let minute = 0; minute < 10; minute++) {
    page.tickAfter(60_000)
    page.wait(5)
    runner.say({ type: 'pong' })
  }
  expect(runner.sent.filter((m) => m.type === 'ping')).toHaveLength(10)
  expect(lost).not.toHaveBeenCalled()
})

test('after the page wakes from sleep, a silent runner is declared lost only once a fresh ping goes unanswered for the limit on time', () => {
  const page = throttledPage()
  const runner = fakeRunner()
  const lost = vi.fn()
  watchRunner(runner.connection, () => true, lost, 8_000)
  page.tickAfter(1_000)
  runner.say({ type: 'pong' })
  // Ten minutes asleep: the first tick after waking pings again instead of judging the old silence.
  page.tickAfter(600_000)
  expect(lost).not.toHaveBeenCalled()
  const pingsAfterWaking = runner.sent.length
  for (let second = 1; second < 8; second++) page.tickAfter(1_000)
  expect(lost).not.toHaveBeenCalled()
  page.tickAfter(1_000)
  expect(lost).toHaveBeenCalledTimes(1)
  expect(runner.sent.length).toBeGreaterThan(pingsAfterWaking)
})

test('a runner silent across throttled ticks is never declared lost from those late ticks alone', () => {
  const page = throttledPage()
  const runner = fakeRunner()
  const lost = vi.fn()
  watchRunner(runner.connection, () => true, lost, 8_000)
  for (let minute = 0; minute < 5; minute++) page.tickAfter(60_000)
  expect(lost).not.toHaveBeenCalled()
})
