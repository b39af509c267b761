import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import type { EngineRunRequest } from '../protocol/engine.js'
import { SessionLog } from './session-log.js'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

/** An engine whose reply to each replayed run is chosen by its code. */
function engine(reply: (request: EngineRunRequest) => Promise<unknown>) {
  const seen: string[] = []
  return {
    seen,
    run: (request: EngineRunRequest) => {
      seen.push(`${request.namespace} ${request.code}`)
      return reply(request)
    },
  }
}

function logOf(...codes: string[]): SessionLog {
  const log = new SessionLog()
  for (const code of codes) log.remember('s', { code, timeoutMs: 1_000 })
  return log
}

test('a replay runs each session run again, in order, in the session namespace', async () => {
  const log = logOf('a = 1', 'b = a + 1')
  const target = engine(async () => ({ status: 'ok' }))
  await log.replay(target)
  expect(target.seen).toEqual(['session:s a = 1', 'session:s b = a + 1'])
})

test('a run that no longer replays cleanly ends the session history there', async () => {
  const log = logOf('a = 1', 'import gone', 'b = a + 1')
  const first = engine(async (request) => ({ status: request.code === 'import gone' ? 'error' : 'ok' }))
  await log.replay(first)
  expect(first.seen).toEqual(['session:s a = 1', 'session:s import gone'])
  const second = engine(async () => ({ status: 'ok' }))
  await log.replay(second)
  expect(second.seen).toEqual(['session:s a = 1'])
})

test('a replayed run that never answers, or answers with something hostile, fails at its timeout and ends the history', async () => {
  const hostile = Object.create(null) as object
  const log = logOf('a = 1', 'b = 2')
  const target = engine((request) =>
    request.code === 'a = 1' ? Promise.reject(hostile) : new Promise(() => {}),
  )
  await log.replay(target)
  expect(log.hasHistory).toBe(false)

  const hung = logOf('x = 1')
  const replaying = hung.replay(engine(() => new Promise(() => {})))
  await vi.advanceTimersByTimeAsync(1_000)
  await replaying
  expect(hung.hasHistory).toBe(false)
})
