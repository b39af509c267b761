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

/** A test-only engine, with one file of its own (any file an npm package holds will do for the copy). */
const echoEngine: EngineDescriptor<'echo'> = {
  language: 'echo',
  workerFile: 'echo-worker.js',
  files: [{ path: 'echo/echo.wasm', from: 'comlink/package.json' }],
  keepsSpare: true,
  interruptible: true,
}
/** The echo engine where only registered languages are expected: a real engine's registry line makes it one. */
const asRegistered = echoEngine as unknown as EngineDescriptor<Language>

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
    descriptor: asRegistered,
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

test("the runner page's code, the host's file source and the asset lists name no language: they read descriptors", () => {
  const folder = new URL('.', import.meta.url)
  const sources = readdirSync(folder)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => new URL(name, folder))
  expect(sources.map((url) => url.pathname)).toContainEqual(expect.stringMatching(/engine-slot\.ts$/))
  sources.push(
    new URL('../host/engine-file-source.ts', folder),
    new URL('../../bin/asset-files.mjs', folder),
    new URL('../../bin/manifest.mjs', folder),
  )
  for (const url of sources) {
    const code = readFileSync(url, 'utf8')
    expect(code, url.pathname).not.toMatch(/['"`](python|sql|javascript)['"`]/)
  }
})

test('one registry line makes a fourth engine a language: validated on the wire, listed in the manifest, its files asked for and copied', async () => {
  vi.resetModules()
  vi.doMock('../engines/registry.js', async (original) => ({
    ENGINES: { ...(await original<{ ENGINES: object }>()).ENGINES, echo: echoEngine },
  }))
  try {
    const types = await import('../protocol/types.js')
    const { parseLanguage } = await import('../protocol/validate.js')
    const { parseManifest } = await import('../protocol/manifest.js')
    const registry = await import('../engines/registry.js')
    expect(types.LANGUAGES).toEqual([...Object.keys(ENGINES), 'echo'])
    expect(parseLanguage('echo')).toBe('echo')
    const echoFile = { sha256: 'a'.repeat(64), bytes: 4, language: 'echo' }
    expect(
      parseManifest({ engines: { pyodide: '1', sqljs: '1' }, files: { 'echo/echo.wasm': echoFile } }),
    ).not.toBeNull()

    // The runner page asks the host for the worker bundle and the descriptor's files, nothing else.
    const { EngineFiles } = await import('./engine-files.js')
    const asked: string[][] = []
    const files = new EngineFiles((paths) => asked.push(paths))
    files.configure({ baseUrl: 'https://assets.test/', manifest: null })
    await expect(files.prefetch(echoEngine)).resolves.toEqual(['echo/echo.wasm'])
    expect(asked).toEqual([['echo-worker.js', 'echo/echo.wasm']])

    // `runcell assets` copies its files, and the manifest files them under its language.
    const { engineFiles, languageOf } = await import('../../bin/asset-files.mjs')
    const engines = registry.ENGINES as unknown as Parameters<typeof engineFiles>[0]
    expect(engineFiles(engines)).toContainEqual({
      path: 'echo/echo.wasm',
      file: expect.stringMatching(/comlink[\\/]package\.json$/),
    })
    expect(languageOf('echo/echo.wasm', engines)).toBe('echo')
    expect(languageOf('echo-worker.js', engines)).toBeNull()
  } finally {
    vi.doUnmock('../engines/registry.js')
    vi.resetModules()
  }
})
