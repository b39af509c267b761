// The claim behind engine descriptors: the runner page holds no per-language code, so a new engine is its own
// folder plus one registry line. These tests drive a test-only engine, known to nothing but its descriptor,
// through the slot, and check that the runner page's code names no language.
import { readdirSync, readFileSync } from 'node:fs'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import type { EngineDescriptor } from '../engines/descriptor.js'
import { ENGINES } from '../engines/registry.js'
import type { RunnerMessage } from '../protocol/messages.js'
import type { Language } from '../protocol/types.js'
import { EngineSlot, INTERRUPT_GRACE_MS } from './engine-slot.js'
import { SPARE_AFTER_MS } from './spare-pool.js'
import { fakeJob, fakeStarter } from './testing/fake-engine.js'

/** A test-only engine. The cast is the one thing a real fourth engine adds outside its folder: its name. */
const echoEngine: EngineDescriptor = {
  language: 'echo' as Language,
  workerFile: 'echo-worker.js',
  keepsSpare: true,
  interruptible: true,
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

test('an engine known only by its descriptor runs, reports its stages under its own name, and gets a spare and interrupts as described', async () => {
  const { start, handles } = fakeStarter({ interruptible: echoEngine.interruptible })
  const notified: RunnerMessage[] = []
  const slot = new EngineSlot({
    descriptor: echoEngine,
    start,
    config: () => ({ memoryLimitMb: 64, outputLimitChars: 100, maxRows: 10, engineLoadTimeoutMs: 5_000 }),
    notify: (message) => notified.push(message),
  })
  const first = fakeJob('one', { session: 's', code: 'say hi' })
  slot.submit(first.job)
  handles[0]?.load('echo 1.0')
  await vi.advanceTimersByTimeAsync(0)
  handles[0]?.emit('one', { type: 'stdout', text: 'hi\n' })
  handles[0]?.lastRun?.reply({ status: 'ok' })
  await vi.advanceTimersByTimeAsync(0)
  expect(first.result).toMatchObject({ status: 'ok' })
  expect(first.events).toContainEqual({ type: 'stdout', text: 'hi\n' })
  expect(notified).toContainEqual({ type: 'stage', language: 'echo', stage: 'ready', version: 'echo 1.0' })

  // keepsSpare: a long run starts a spare; interruptible: Stop interrupts first and waits the grace.
  const long = fakeJob('two', { session: 's', timeoutMs: 60_000 })
  slot.submit(long.job)
  await vi.advanceTimersByTimeAsync(SPARE_AFTER_MS)
  expect(handles).toHaveLength(2)
  slot.stop('two')
  expect(handles[0]?.interrupts).toBe(1)
  await vi.advanceTimersByTimeAsync(INTERRUPT_GRACE_MS)
  expect(long.result).toMatchObject({ status: 'stopped', restarted: true })
  expect(long.result?.error).toBeUndefined()

  // The restart took the spare over, and replays the session into it.
  handles[1]?.load('echo 1.0')
  const after = fakeJob('three', { session: 's' })
  slot.submit(after.job)
  await vi.advanceTimersByTimeAsync(0)
  expect(handles[1]?.runs.map((run) => run.request.code)).toEqual(['say hi', 'code of three'])
})

test('every registered engine is filed under its own language', () => {
  for (const [language, descriptor] of Object.entries(ENGINES)) expect(descriptor.language).toBe(language)
})

test("the runner page's code names no language: it reads capabilities from descriptors", () => {
  const folder = new URL('.', import.meta.url)
  const sources = readdirSync(folder).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
  expect(sources).toContain('engine-slot.ts')
  for (const name of sources) {
    const code = readFileSync(new URL(name, folder), 'utf8')
    expect(code, name).not.toMatch(/['"`](python|sql|javascript)['"`]/)
  }
})
