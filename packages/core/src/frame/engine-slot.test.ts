import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { RunnerMessage } from '../protocol/messages.js'
import { EngineSlot, INTERRUPT_GRACE_MS, MAX_INPUT_WAIT_MS, type RunJob } from './engine-slot.js'
import { SPARE_AFTER_MS } from './spare-pool.js'
import { fakeJob, fakeStarter, type FakeHandle } from './testing/fake-engine.js'

const config = { memoryLimitMb: 100, outputLimitChars: 1_000, maxRows: 100, engineLoadTimeoutMs: 10_000 }

function setUp(options: { keepsSpare?: boolean; interruptible?: boolean } = {}) {
  const { start, handles } = fakeStarter({ interruptible: options.interruptible })
  const notified: RunnerMessage[] = []
  const slot = new EngineSlot({
    descriptor: { language: 'python', keepsSpare: options.keepsSpare ?? false },
    start,
    config: () => config,
    notify: (message) => notified.push(message),
  })
  const handle = (index: number): FakeHandle => {
    const found = handles[index]
    if (!found) throw new Error(`no handle #${index}`)
    return found
  }
  /** Submits `jobs` in order, loads the first engine, and lets the first job start on it. */
  const startWith = async (...jobs: RunJob[]) => {
    jobs.forEach((job) => slot.submit(job))
    handle(0).load()
    await settle()
  }
  return { slot, handles, handle, notified, startWith }
}

/** Lets promise callbacks run, without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0)

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('EngineSlot queue', () => {
  test('runs wait for the engine to load, then run one at a time in the order they came', async () => {
    const { slot, handle } = setUp()
    const a = fakeJob('a')
    const b = fakeJob('b')
    slot.submit(a.job)
    slot.submit(b.job)
    expect(a.events).toEqual([{ type: 'status', phase: 'loading' }])
    handle(0).load()
    await settle()
    expect(handle(0).runs.map((run) => run.request.runId)).toEqual(['a'])
    handle(0).lastRun?.reply({ status: 'ok' })
    await settle()
    expect(a.result).toMatchObject({ status: 'ok' })
    expect(handle(0).runs.map((run) => run.request.runId)).toEqual(['a', 'b'])
    expect(b.events).toEqual([{ type: 'status', phase: 'running' }])
  })

  test('stopping a queued run ends it at once without reaching the engine', async () => {
    const { slot, handle, startWith } = setUp()
    const a = fakeJob('a')
    const b = fakeJob('b')
    await startWith(a.job, b.job)
    slot.stop('b')
    expect(b.result).toEqual({ status: 'stopped', durationMs: 0 })
    handle(0).lastRun?.reply({ status: 'ok' })
    await settle()
    expect(handle(0).runs.map((run) => run.request.runId)).toEqual(['a'])
  })

  test('a run stopped while the engine loads ends as stopped and the engine stays', async () => {
    const { slot, handles, handle } = setUp()
    const a = fakeJob('a')
    slot.submit(a.job)
    slot.stop('a')
    expect(a.result).toMatchObject({ status: 'stopped' })
    handle(0).load()
    await settle()
    expect(handles).toHaveLength(1)
    expect(handle(0).terminated).toBe(false)
  })

  test('streamed events reach the running job only, through the output cap', async () => {
    const { handle, startWith } = setUp()
    const a = fakeJob('a')
    await startWith(a.job)
    handle(0).emit('a', { type: 'stdout', text: 'hi\n' })
    handle(0).emit('other', { type: 'stdout', text: 'not mine\n' })
    handle(0).lastRun?.reply({ status: 'ok' })
    await settle()
    expect(a.result).toMatchObject({ status: 'ok' })
    expect(a.events.filter((event) => event.type === 'stdout')).toEqual([{ type: 'stdout', text: 'hi\n' }])
  })
})

describe('EngineSlot timeouts and restarts', () => {
  test('a timeout on an engine without interrupts terminates it and the next run gets a new one with the session replayed', async () => {
    const { slot, handles, handle, startWith } = setUp()
    const first = fakeJob('a', { session: 's', code: 'x = 7' })
    await startWith(first.job)
    handle(0).lastRun?.reply({ status: 'ok' })
    await settle()

    const loop = fakeJob('b', { session: 's', code: 'while True: pass', timeoutMs: 300 })
    slot.submit(loop.job)
    await settle()
    vi.advanceTimersByTime(299)
    expect(loop.result).toBeUndefined()
    vi.advanceTimersByTime(1)
    expect(loop.result).toMatchObject({ status: 'timeout', restarted: true })
    expect(handle(0).terminated).toBe(true)
    expect(handles).toHaveLength(2)

    const after = fakeJob('c', { session: 's', code: 'print(x)' })
    slot.submit(after.job)
    expect(after.events).toEqual([{ type: 'status', phase: 'loading' }])
    handle(1).load()
    await settle()
    expect(after.events).toContainEqual({ type: 'status', phase: 'restarting' })
    // Only the successful run is replayed, into the session's namespace, before the new run.
    expect(handle(1).runs.map((run) => [run.request.runId, run.request.code, run.request.namespace])).toEqual(
      [
        ['replay:s:0', 'x = 7', 'session:s'],
        ['c', 'print(x)', 'session:s'],
      ],
    )
  })

  test('a replay after a restart installs the packages the run named again, before its code', async () => {
    const { slot, handle, startWith } = setUp()
    const first = fakeJob('a', { session: 's', code: 'import extra', packages: ['extra-data'] })
    await startWith(first.job)
    handle(0).lastRun?.reply({ status: 'ok' })
    await settle()
    const loop = fakeJob('b', { session: 's', code: 'while True: pass', timeoutMs: 300 })
    slot.submit(loop.job)
    await settle()
    vi.advanceTimersByTime(300)
    const after = fakeJob('c', { session: 's', code: 'print(extra)' })
    slot.submit(after.job)
    handle(1).load()
    await settle()
    expect(handle(1).runs[0]?.request).toMatchObject({ runId: 'replay:s:0', packages: ['extra-data'] })
  })

  test('Stop on an interruptible engine keeps the interpreter when the run unwinds within the grace', async () => {
    const { slot, handles, handle, startWith } = setUp({ interruptible: true })
    const a = fakeJob('a')
    await startWith(a.job)
    slot.stop('a')
    expect(handle(0).interrupts).toBe(1)
    vi.advanceTimersByTime(INTERRUPT_GRACE_MS - 10)
    handle(0).lastRun?.reply({ status: 'error', error: { name: 'KeyboardInterrupt', message: '' } })
    await settle()
    expect(a.result).toMatchObject({ status: 'stopped' })
    expect(a.result?.restarted).toBeUndefined()
    expect(handle(0).terminated).toBe(false)
    expect(handle(0).cleared).toBe(1)
    // The worker drops the isolated run's namespace itself, after its reply: the slot asked for it with the run.
    expect(handle(0).lastRun?.request.dropNamespace).toBe(true)
    expect(handle(0).dropped).toEqual([])
    expect(handles).toHaveLength(1)
  })

  test('code that ignores the interrupt is terminated when the grace runs out', async () => {
    const { handles, handle, startWith } = setUp({ interruptible: true })
    const a = fakeJob('a', { timeoutMs: 1_000 })
    await startWith(a.job)
    vi.advanceTimersByTime(1_000)
    expect(handle(0).interrupts).toBe(1)
    vi.advanceTimersByTime(INTERRUPT_GRACE_MS - 1)
    expect(a.result).toBeUndefined()
    vi.advanceTimersByTime(1)
    expect(a.result).toMatchObject({ status: 'timeout', restarted: true })
    expect(handle(0).terminated).toBe(true)
    expect(handles).toHaveLength(2)
  })

  test('a memory limit ends the run with its error and recycles the interpreter', async () => {
    const { handles, handle, startWith } = setUp()
    const a = fakeJob('a')
    await startWith(a.job)
    handle(0).lastRun?.reply({ status: 'limit', error: { name: 'MemoryError', message: 'cap' } })
    await settle()
    expect(a.result).toMatchObject({ status: 'limit', restarted: true, error: { name: 'MemoryError' } })
    expect(handles).toHaveLength(2)
  })

  test('an engine that fails to load ends the waiting run with a load error naming the cause', async () => {
    const { slot, handle } = setUp()
    const a = fakeJob('a')
    slot.submit(a.job)
    handle(0).failLoad(new Error('could not load pyodide.asm.wasm (HTTP 404)'))
    await settle()
    expect(a.result).toMatchObject({ status: 'error', error: { name: 'EngineLoadError' } })
    expect(a.result?.error?.message).toContain('HTTP 404')
    expect(handle(0).terminated).toBe(true)
  })

  test('an isolated run asks its worker to drop its namespace after the reply; a session run and a checked run do not', async () => {
    const { slot, handle, startWith } = setUp()
    await startWith(fakeJob('a').job)
    expect(handle(0).lastRun?.request.dropNamespace).toBe(true)
    handle(0).lastRun?.reply({ status: 'ok' })
    await settle()
    slot.submit(fakeJob('b', { session: 's' }).job)
    await settle()
    expect(handle(0).lastRun?.request.runId).toBe('b')
    expect(handle(0).lastRun?.request.dropNamespace).toBeUndefined()
    handle(0).lastRun?.reply({ status: 'ok' })
    await settle()
    // The check reads the learner's namespace after the run, on an engine of its own.
    slot.submit(fakeJob('c', { check: { code: 'assert True' } }).job)
    handle(1).load()
    await settle()
    expect(handle(1).lastRun?.request.runId).toBe('c')
    expect(handle(1).lastRun?.request.dropNamespace).toBeUndefined()
    // The slot sends no drop of its own for any of them.
    expect(handle(0).dropped).toEqual([])
  })

  test("a checked run whose engine fails to load ends with the load error and no verdict: it is not the learner's attempt", async () => {
    const { slot, handle } = setUp()
    const a = fakeJob('a', { check: { code: 'assert True' } })
    slot.submit(a.job)
    handle(0).failLoad(new Error('could not load pyodide.asm.wasm (HTTP 404)'))
    await settle()
    expect(a.result).toMatchObject({ status: 'error', error: { name: 'EngineLoadError' } })
    expect(a.result?.check).toBeUndefined()
    expect(handle(0).terminated).toBe(true)
  })

  test('an engine that never loads ends the run at the load timeout, and the next run starts a new one', async () => {
    const { slot, handles } = setUp()
    const a = fakeJob('a')
    slot.submit(a.job)
    await vi.advanceTimersByTimeAsync(config.engineLoadTimeoutMs)
    expect(a.result?.error?.message).toContain('the python engine did not load within 10 s')
    slot.submit(fakeJob('b').job)
    expect(handles).toHaveLength(2)
  })

  test('loading stages of the engine in use reach the host and the waiting run; a ready stage carries the version', async () => {
    const { slot, handle, notified } = setUp()
    const a = fakeJob('a')
    slot.submit(a.job)
    handle(0).stage('download')
    expect(a.events).toContainEqual({ type: 'status', phase: 'loading' })
    handle(0).load('3.14')
    await settle()
    expect(notified).toEqual([
      { type: 'stage', language: 'python', stage: 'download' },
      { type: 'stage', language: 'python', stage: 'ready', version: '3.14' },
    ])
  })
})

describe('EngineSlot spares', () => {
  test('a long run starts a spare in the background, and its restart takes the spare over without a new start', async () => {
    const { slot, handles, handle, notified, startWith } = setUp({ keepsSpare: true })
    const a = fakeJob('a', { timeoutMs: 30_000 })
    await startWith(a.job)
    vi.advanceTimersByTime(SPARE_AFTER_MS)
    expect(handles).toHaveLength(2)
    handle(1).stage('download')
    // A spare stays quiet while it loads.
    expect(notified.filter((message) => message.type === 'stage' && message.stage === 'download')).toEqual([])
    handle(1).load()
    vi.advanceTimersByTime(30_000 - SPARE_AFTER_MS)
    expect(a.result).toMatchObject({ status: 'timeout', restarted: true })
    // The restart took the spare, and the pool refills once it is ready.
    await settle()
    expect(handles).toHaveLength(3)
    const b = fakeJob('b')
    slot.submit(b.job)
    await settle()
    expect(handle(1).lastRun?.request.runId).toBe('b')
  })

  test('an engine that keeps no spare starts none however long a run takes', async () => {
    const { handles, startWith } = setUp({ keepsSpare: false })
    await startWith(fakeJob('a', { timeoutMs: 30_000 }).job)
    vi.advanceTimersByTime(29_000)
    expect(handles).toHaveLength(1)
  })
})

describe('EngineSlot under a hostile worker', () => {
  const hostile = () => {
    const value = Object.create(null) as Record<string, unknown>
    // An own __proto__ key, as Comlink's Object.assign would set it from a forged reply.
    Object.defineProperty(value, '__proto__', { value: null, enumerable: true })
    return value
  }

  test('a reply rejected with an object that cannot even be printed ends the run as a crash, and the queue moves on', async () => {
    const { handle, startWith } = setUp()
    const a = fakeJob('a')
    const b = fakeJob('b')
    await startWith(a.job, b.job)
    handle(0).lastRun?.fail(hostile())
    await settle()
    expect(a.result).toMatchObject({ status: 'error', restarted: true, error: { name: 'EngineCrash' } })
    expect(a.result?.error?.message).toContain('unreadable error')
    handle(1).load()
    await settle()
    handle(1).lastRun?.reply({ status: 'ok' })
    await settle()
    expect(b.result).toMatchObject({ status: 'ok' })
  })

  test.each([
    ['a null-prototype object', hostile()],
    [
      'a getter that throws',
      Object.defineProperty({}, 'status', {
        get: () => {
          throw new Error('boom')
        },
      }),
    ],
    ['a string', 'ok'],
    ['an unknown status', { status: 'done' }],
  ])('a reply that is %s counts as a crash, not a result', async (_, reply) => {
    const { handle, startWith } = setUp()
    const a = fakeJob('a')
    await startWith(a.job)
    handle(0).lastRun?.reply(reply)
    await settle()
    expect(a.result).toMatchObject({ status: 'error', restarted: true, error: { name: 'EngineCrash' } })
  })

  test('on an interruptible engine, a hostile reply to a stopped run still ends it and the next run works', async () => {
    const { slot, handle, startWith } = setUp({ interruptible: true })
    const a = fakeJob('a', { session: 's' })
    const b = fakeJob('b', { session: 's' })
    await startWith(a.job, b.job)
    slot.stop('a')
    handle(0).lastRun?.fail(hostile())
    await settle()
    expect(a.result).toMatchObject({ status: 'stopped', restarted: true })
    expect(handle(0).cleared).toBe(1)
    handle(1).load()
    await settle()
    handle(1).lastRun?.reply({ status: 'ok' })
    await settle()
    expect(b.result).toMatchObject({ status: 'ok' })
  })

  test('the watchdog ends a run whose engine never answers, at its timeout plus the grace, and the queue moves on', async () => {
    const { handle, startWith } = setUp({ interruptible: true })
    const a = fakeJob('a', { timeoutMs: 2_000 })
    const b = fakeJob('b')
    await startWith(a.job, b.job)
    vi.advanceTimersByTime(2_000 + INTERRUPT_GRACE_MS)
    expect(a.result).toMatchObject({ status: 'timeout', restarted: true })
    expect(handle(0).terminated).toBe(true)
    // The dead worker's late answer changes nothing.
    handle(0).runs[0]?.reply({ status: 'ok' })
    await settle()
    expect(a.results).toHaveLength(1)
    handle(1).load()
    await settle()
    expect(handle(1).lastRun?.request.runId).toBe('b')
  })

  test('a handle that throws from every method still cannot hold the queue', async () => {
    const { slot, handle } = setUp({ interruptible: true })
    const a = fakeJob('a', { timeoutMs: 1_000 })
    const b = fakeJob('b')
    slot.submit(a.job)
    slot.submit(b.job)
    const broken = handle(0)
    const boom = () => {
      throw new Error('hostile')
    }
    broken.run = boom
    broken.interrupt = boom
    broken.clearInterrupt = boom
    broken.terminate = boom
    broken.load()
    await settle()
    expect(a.result).toMatchObject({ status: 'error', restarted: true, error: { name: 'EngineCrash' } })
    handle(1).load()
    await settle()
    expect(handle(1).lastRun?.request.runId).toBe('b')
  })
})

describe('EngineSlot input', () => {
  test('pauses the timeout while the reader answers, hands the answer over, and leaves the wait out of the duration', async () => {
    const { slot, handle, startWith } = setUp()
    const a = fakeJob('a', { interactive: true, timeoutMs: 1_000, session: 's' })
    await startWith(a.job)
    await vi.advanceTimersByTimeAsync(400)
    handle(0).emit('a', { type: 'input-request', prompt: 'Name? ' })
    // A repeated request while one is open is dropped: the host sees one.
    handle(0).emit('a', { type: 'input-request', prompt: 'Name? ' })
    await vi.advanceTimersByTimeAsync(5_000)
    expect(a.result).toBeUndefined()
    expect(a.events.filter((event) => event.type === 'input-request')).toHaveLength(1)
    slot.answer('a', 'Ada')
    expect(handle(0).answers).toEqual([{ runId: 'a', text: 'Ada' }])
    await vi.advanceTimersByTimeAsync(300)
    handle(0).lastRun?.reply({ status: 'ok' })
    await settle()
    expect(a.result?.status).toBe('ok')
    expect(a.result?.durationMs).toBeGreaterThanOrEqual(700)
    expect(a.result?.durationMs).toBeLessThan(1_000)
  })

  test('a request nobody answers ends as a timeout after the wait limit, and a forged one cannot keep a run alive', async () => {
    const { handle, startWith } = setUp()
    const a = fakeJob('a', { interactive: true, timeoutMs: 1_000 })
    await startWith(a.job)
    handle(0).emit('a', { type: 'input-request', prompt: '' })
    await vi.advanceTimersByTimeAsync(MAX_INPUT_WAIT_MS + INTERRUPT_GRACE_MS + 10)
    expect(a.result?.status).toBe('timeout')
  })

  test('a request from a run that may not ask is dropped, and its timeout still runs', async () => {
    const { handle, startWith } = setUp()
    const a = fakeJob('a', { timeoutMs: 1_000 })
    await startWith(a.job)
    handle(0).emit('a', { type: 'input-request', prompt: 'x' })
    expect(a.events.some((event) => event.type === 'input-request')).toBe(false)
    await vi.advanceTimersByTimeAsync(1_000 + INTERRUPT_GRACE_MS + 10)
    expect(a.result?.status).toBe('timeout')
  })
})
