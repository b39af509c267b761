import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import type { ExecutionRecord } from '../monitor/record.js'
import type { HostMessage, RunnerMessage } from '../protocol/messages.js'
import type { SandboxConnection } from './connect-sandbox.js'
import { createRuntime } from './runtime.js'

/** One runner page as the host sees it: what it was sent, a way to answer, and the watchdog's verdict. */
interface FakeRunner {
  sent: HostMessage[]
  say(message: RunnerMessage): void
  lose(): void
}

const runners: FakeRunner[] = []
const losers = new Map<object, () => void>()

vi.mock('./connect-sandbox.js', () => ({
  connectSandbox: (): SandboxConnection => {
    const listeners = new Set<(message: RunnerMessage) => void>()
    const connection: SandboxConnection = {
      ready: Promise.resolve(),
      send: (message) => void runner.sent.push(message),
      onMessage: (listener) => {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
      destroy: () => {},
    }
    const runner: FakeRunner = {
      sent: [],
      say: (message) => listeners.forEach((listener) => listener(message)),
      lose: () => losers.get(connection)?.(),
    }
    runners.push(runner)
    return connection
  },
}))

// The watchdog's timing has tests of its own; here the test says when a runner is lost.
vi.mock('./runner-watch.js', () => ({
  watchRunner: (connection: object, _busy: () => boolean, lost: () => void) => {
    losers.set(connection, lost)
    return () => losers.delete(connection)
  },
}))

const fetched: string[] = []
/** What the site answers; by default every file exists. */
let site: (url: string) => Promise<Response> = () => Promise.resolve(new Response('x', { status: 200 }))
const drain = () => vi.advanceTimersByTimeAsync(0)

beforeEach(() => {
  vi.useFakeTimers()
  runners.length = 0
  fetched.length = 0
  vi.stubGlobal('document', { baseURI: 'https://site.example/lesson/' })
  site = () => Promise.resolve(new Response('x', { status: 200 }))
  vi.stubGlobal('fetch', (url: string) => {
    fetched.push(String(url))
    return site(String(url))
  })
  // No manifest here: the warning about it is expected.
  vi.spyOn(console, 'warn').mockImplementation(() => {})
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

function runsSent(runner: FakeRunner | undefined) {
  return (runner?.sent ?? []).flatMap((message) => (message.type === 'run' ? [message] : []))
}

test("a snippet's setup runs again on the runner built after the old one was lost", async () => {
  const runtime = createRuntime({ assetsBaseUrl: '/runcell/', cache: false })
  const snippet = runtime.createRunner({
    language: 'sql',
    session: 'lesson',
    setup: 'CREATE TABLE t (x)',
    code: 'SELECT * FROM t',
  })
  const answer = async (runner: FakeRunner, index: number) => {
    const run = runsSent(runner)[index]
    if (!run) throw new Error(`no run #${index}`)
    runner.say({ type: 'result', runId: run.runId, result: { status: 'ok', durationMs: 1 } })
    await drain()
  }

  const first = snippet.run()
  await drain()
  await answer(runners[0]!, 0)
  await answer(runners[0]!, 1)
  expect((await first).status).toBe('ok')
  expect(runsSent(runners[0]).map((run) => run.code)).toEqual(['CREATE TABLE t (x)', 'SELECT * FROM t'])

  // The runner's process dies during the next run: that run ends as a crash, and the runner is rebuilt.
  const second = snippet.run()
  await drain()
  runners[0]!.lose()
  expect((await second).error?.name).toBe('EngineCrash')

  const third = snippet.run()
  await drain()
  expect(runners).toHaveLength(2)
  expect(runsSent(runners[1]).map((run) => run.code)).toEqual(['CREATE TABLE t (x)'])
  await answer(runners[1]!, 0)
  await answer(runners[1]!, 1)
  expect(runsSent(runners[1]).map((run) => run.code)).toEqual(['CREATE TABLE t (x)', 'SELECT * FROM t'])
  expect((await third).status).toBe('ok')
  runtime.dispose()
})

test('the host hands the runner only its own engine files, and fetches nothing outside the assets folder', async () => {
  // A base of its own: downloads are shared page-wide, and the test above already fetched under /runcell/.
  const runtime = createRuntime({ assetsBaseUrl: '/files/' })
  runtime.warmUp('sql')
  await drain()
  const runner = runners[0]!
  runner.say({
    type: 'need-files',
    paths: ['%2e%2e/api/me', '.%2E/api/me', 'http:evil.example/x', 'secrets/token.json', 'sql-worker.js'],
  })
  await drain()
  const files = new Map(
    runner.sent.flatMap((message) => (message.type === 'engine-file' ? [[message.path, message.file]] : [])),
  )
  expect(files.size).toBe(5)
  expect(files.get('%2e%2e/api/me')).toBeNull()
  expect(files.get('.%2E/api/me')).toBeNull()
  expect(files.get('http:evil.example/x')).toBeNull()
  expect(files.get('secrets/token.json')).toBeNull()
  expect(files.get('sql-worker.js')).toBeInstanceOf(Blob)
  expect(fetched.length).toBeGreaterThan(0)
  for (const url of fetched) expect(url.startsWith('https://site.example/files/')).toBe(true)
  expect(fetched).toContain('https://site.example/files/sql-worker.js')
  runtime.dispose()
})

function packageAnswers(runner: FakeRunner | undefined) {
  return (runner?.sent ?? []).flatMap((message) => (message.type === 'packages' ? [message] : []))
}

const askForTiny: RunnerMessage = {
  type: 'need-packages',
  requestId: 'packages-1',
  query: { imports: [], packages: ['tiny'] },
  held: [],
}

const tinyFailed = (reason: string) => ({
  type: 'packages',
  requestId: 'packages-1',
  answer: { failure: expect.objectContaining({ reason }) as unknown },
})

test('a package answer goes to the runner that asked, never to the runner built after it was lost', async () => {
  let openIndex: (response: Response) => void = () => {}
  site = (url) =>
    url.endsWith('pyodide-lock.json')
      ? new Promise<Response>((resolve) => (openIndex = resolve))
      : Promise.resolve(new Response('x', { status: 200 }))
  const runtime = createRuntime({ assetsBaseUrl: '/late/' })
  runtime.warmUp('python')
  await drain()
  runners[0]!.say(askForTiny)
  await drain()
  runners[0]!.lose()
  runtime.warmUp('python')
  await drain()
  expect(runners).toHaveLength(2)
  openIndex(new Response(JSON.stringify({ packages: {} }), { status: 200 }))
  await drain()
  expect(packageAnswers(runners[1])).toEqual([])
  expect(packageAnswers(runners[0])).toEqual([tinyFailed('not-in-index')])
  runtime.dispose()
})

test('a package lookup that throws is answered at once with a failure, so the run ends with PackageError', async () => {
  // A lock entry whose file name is no URL makes the lookup throw.
  const lock = {
    packages: { tiny: { name: 'tiny', file_name: 'http://[', sha256: 'ab', imports: ['tiny'] } },
  }
  site = (url) =>
    Promise.resolve(
      url.endsWith('pyodide-lock.json')
        ? new Response(JSON.stringify(lock), { status: 200 })
        : new Response('x', { status: 200 }),
    )
  const runtime = createRuntime({ assetsBaseUrl: '/broken/' })
  runtime.warmUp('python')
  await drain()
  runners[0]!.say(askForTiny)
  await drain()
  expect(packageAnswers(runners[0])).toEqual([tinyFailed('index-unavailable')])
  runtime.dispose()
})

test('a malformed pythonPackages.indexUrl is refused by createRuntime, naming the setting', () => {
  expect(() => createRuntime({ assetsBaseUrl: '/', pythonPackages: { indexUrl: 'http://[' } })).toThrow(
    /pythonPackages\.indexUrl/,
  )
})

test("a run's queueMs counts its wait in the runner behind an earlier run, up to the engine starting it", async () => {
  const records: ExecutionRecord[] = []
  const runtime = createRuntime({
    assetsBaseUrl: '/queue/',
    cache: false,
    observer: { runFinished: (record) => records.push(record) },
  })
  const first = runtime.run({ language: 'sql', code: 'SELECT 1', session: 's' })
  const second = runtime.run({ language: 'sql', code: 'SELECT 2', session: 's' })
  const third = runtime.run({ language: 'sql', code: 'SELECT 3', session: 's' })
  await drain()
  const runner = runners[0]!
  // Well under maxConcurrent, so the runtime sent all three at once: the runner's engine slot holds two back.
  const [a, b, c] = runsSent(runner).map((run) => run.runId)
  if (!a || !b || !c) throw new Error('the runs did not reach the runner')
  const running = (runId: string) =>
    runner.say({ type: 'event', runId, event: { type: 'status', phase: 'running' } })
  running(a)
  await vi.advanceTimersByTimeAsync(1_000)
  runner.say({ type: 'result', runId: a, result: { status: 'ok', durationMs: 1_000 } })
  running(b)
  await vi.advanceTimersByTimeAsync(200)
  runner.say({ type: 'result', runId: b, result: { status: 'ok', durationMs: 200 } })
  // The third is stopped while it still waits in the runner: it never started, so all of its time was waiting.
  runner.say({ type: 'result', runId: c, result: { status: 'stopped', durationMs: 0 } })
  await Promise.all([first, second, third])
  const queueMs = new Map(records.map((record) => [record.executionId, record.queueMs]))
  expect(queueMs.get(a)).toBeLessThan(50)
  expect(queueMs.get(b)).toBeGreaterThanOrEqual(1_000)
  expect(queueMs.get(b)).toBeLessThan(1_050)
  expect(queueMs.get(c)).toBeGreaterThanOrEqual(1_200)
  runtime.dispose()
})

test('a SQL check that expects more rows than maxRows is refused when the run is asked for, naming maxRows', async () => {
  const rt = createRuntime({ assetsBaseUrl: '/assets/', maxRows: 2 })
  const expect3 = { expect: { rows: [[1], [2], [3]] } }
  expect(() => rt.run({ language: 'sql', code: 'SELECT 1', check: expect3 })).toThrow(
    /"check.expect" has 3 rows, more than this runtime's maxRows \(2\)/,
  )
  // As many rows as maxRows is accepted: it becomes a run (which dispose then ends).
  const fits = rt.run({ language: 'sql', code: 'SELECT 1', check: { expect: { rows: [[1], [2]] } } })
  expect(fits.id).toEqual(expect.any(String))
  await drain()
  rt.dispose()
  await fits.result
})
