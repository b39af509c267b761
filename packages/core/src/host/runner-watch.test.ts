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
