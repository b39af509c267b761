import { afterEach, beforeEach, expect, test, vi } from 'vitest'
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
const drain = () => vi.advanceTimersByTimeAsync(0)

beforeEach(() => {
  vi.useFakeTimers()
  runners.length = 0
  fetched.length = 0
  vi.stubGlobal('document', { baseURI: 'https://site.example/lesson/' })
  vi.stubGlobal('fetch', (url: string) => {
    fetched.push(String(url))
    return Promise.resolve(new Response('x', { status: 200 }))
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
