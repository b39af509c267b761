import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { catchUp, CheckEngine, type CheckedJob } from './check-engine.js'
import { loadEngine } from './engine-loading.js'
import { SessionLog } from './session-log.js'
import { FakeHandle } from './testing/fake-engine.js'

const quiet = { stage: () => {}, event: () => {} }
const settle = () => vi.advanceTimersByTimeAsync(0)

function setUp(job: Partial<CheckedJob> = {}, options: { spare?: FakeHandle; loadTimeoutMs?: number } = {}) {
  const started: FakeHandle[] = []
  const spares = {
    take: vi.fn(() => options.spare ?? null),
    noteRestart: vi.fn(),
    afterReady: vi.fn(),
  }
  const sessions = new SessionLog()
  sessions.remember('s', { code: 'x = 1', timeoutMs: 1_000 })
  sessions.remember('elsewhere', { code: 'patch()', timeoutMs: 1_000 })
  const check = new CheckEngine(
    { runId: 'r', timeoutMs: 2_000, check: { code: 'assert y == 2' }, ...job },
    {
      spares,
      start: () => {
        const handle = new FakeHandle(quiet, false)
        started.push(handle)
        return handle
      },
      load: (handle, prepare) =>
        loadEngine(handle, prepare, { language: 'python', timeoutMs: options.loadTimeoutMs ?? 10_000 }),
      sessions,
    },
  )
  const handle = check.engine.handle as FakeHandle
  return { check, handle, started, spares }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('CheckEngine', () => {
  test('starts a new engine and replays only its own session into it before it is ready', async () => {
    const { check, handle, started, spares } = setUp({ session: 's' })
    expect(started).toEqual([handle])
    expect(spares.noteRestart).not.toHaveBeenCalled()
    handle.load()
    await settle()
    expect(handle.runs.map((run) => run.request)).toEqual([
      { runId: 'replay:s:0', code: 'x = 1', namespace: 'session:s', stdin: undefined, files: undefined },
    ])
    expect(check.engine.isReady).toBe(true)
  })

  test('takes a loaded spare instead of starting one, and from then on the pool keeps one', async () => {
    const spare = new FakeHandle(quiet, false)
    const { check, started, spares } = setUp({}, { spare })
    expect(started).toEqual([])
    expect(check.engine.handle).toBe(spare)
    expect(spares.noteRestart).toHaveBeenCalledOnce()
    spare.load()
    await settle()
    expect(spares.afterReady).toHaveBeenCalledOnce()
  })

  test('an engine that never loads fails at the load timeout, and is thrown away when discarded', async () => {
    const { check, handle } = setUp({}, { loadTimeoutMs: 500 })
    const failure = check.engine.ready.catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(500)
    expect(String(await failure)).toContain('the python engine did not load within 500 ms')
    check.discard()
    expect(handle.terminated).toBe(true)
  })

  test('code that did not finish is not checked, and a failed setup is the author’s error', async () => {
    const timedOut = setUp()
    await expect(timedOut.check.verdict({ status: 'timeout' }, false, 2_000)).resolves.toEqual({
      status: 'fail',
      message: 'Your code did not finish in time, so it was not checked.',
    })
    expect(timedOut.handle.checks).toEqual([])
    expect(timedOut.handle.terminated).toBe(true)
    const setupFailed = setUp()
    const error = { name: 'SetupError', message: 'Runcell: the setup failed: NameError: X' }
    await expect(setupFailed.check.verdict({ status: 'error', error }, true, 2_000)).resolves.toEqual({
      status: 'error',
      message: error.message,
    })
  })

  test('an expect form is compared with the last table the learner saw, without calling the engine', async () => {
    const { check, handle } = setUp({ check: { expect: { rows: [[1]] } } })
    check.watch.see({ type: 'table', columns: ['n'], rows: [[2]], truncated: false })
    check.watch.see({ type: 'table', columns: ['n'], rows: [[1]], truncated: false })
    await expect(check.verdict({ status: 'ok' }, false, 2_000)).resolves.toEqual({ status: 'pass' })
    expect(handle.checks).toEqual([])
    expect(handle.terminated).toBe(true)
  })

  test("a code check runs hidden in the run's namespace with the learner's stdout, and the engine goes after", async () => {
    const { check, handle } = setUp({ session: 's' })
    check.watch.see({ type: 'stdout', text: 'hi\n' })
    const verdict = check.verdict({ status: 'ok' }, false, 2_000)
    expect(check.concluding).toBe(true)
    await settle()
    expect(handle.checks.map((c) => c.request)).toEqual([
      { runId: 'check:r', namespace: 'session:s', code: 'assert y == 2', stdout: 'hi\n' },
    ])
    expect(handle.terminated).toBe(false)
    handle.checks[0]?.reply({ status: 'fail', message: 'y is wrong' })
    await expect(verdict).resolves.toEqual({ status: 'fail', message: 'y is wrong' })
    expect(handle.terminated).toBe(true)
  })
})

describe('CheckEngine bounds', () => {
  test('a hidden check gets only the budget it is given, then its verdict says it did not finish', async () => {
    const { check, handle } = setUp()
    const verdict = check.verdict({ status: 'ok' }, false, 1_500)
    await vi.advanceTimersByTimeAsync(1_500)
    await expect(verdict).resolves.toEqual({
      status: 'error',
      message: 'The check did not finish within 2 s.',
    })
    expect(handle.terminated).toBe(true)
  })

  test('Stop while the hidden check runs ends it at once: the engine goes and the verdict says it was stopped', async () => {
    const { check, handle } = setUp()
    const verdict = check.verdict({ status: 'ok' }, false, 60_000)
    await settle()
    expect(handle.checks).toHaveLength(1)
    check.stop()
    await expect(verdict).resolves.toEqual({
      status: 'fail',
      message: 'The check was stopped before it finished, so it gave no verdict.',
    })
    expect(handle.terminated).toBe(true)
  })
})

describe('catchUp', () => {
  test("a ready page engine replays a checked run's entries before its next run", async () => {
    const page = loadEngine(new FakeHandle(quiet, false), () => Promise.resolve(), {
      language: 'python',
      timeoutMs: 1_000,
    })
    const handle = page.handle as FakeHandle
    handle.load()
    await settle()
    catchUp(page, 's', [{ code: 'y = 2', timeoutMs: 1_000 }])
    expect(page.isReady).toBe(false)
    await page.ready
    expect(page.isReady).toBe(true)
    expect(handle.runs.map((run) => [run.request.runId, run.request.code])).toEqual([
      ['replay:s:catch-up:0', 'y = 2'],
    ])
  })

  test('an engine still loading is left alone: it replays the whole history anyway', () => {
    const page = loadEngine(new FakeHandle(quiet, false), () => Promise.resolve(), {
      language: 'python',
      timeoutMs: 1_000,
    })
    const before = page.ready
    catchUp(page, 's', [{ code: 'y = 2', timeoutMs: 1_000 }])
    expect(page.ready).toBe(before)
    catchUp(null, 's', [{ code: 'y = 2', timeoutMs: 1_000 }])
  })
})
