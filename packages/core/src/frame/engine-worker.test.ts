// The real engine handle, in Node: a fake Worker that answers Comlink's calls on the private port stands in for
// the engine, so these tests check what the handle takes from the descriptor (worker file, compiled wasm, snapshot, interrupts).
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import type { EngineDescriptor } from '../engines/descriptor.js'
import type { AssetManifest } from '../protocol/manifest.js'
import type { RunnerConfig } from '../protocol/messages.js'
import type { Language } from '../protocol/types.js'
import type { EngineHandle, HandleEvents } from './engine-handle.js'
import type { EngineFiles } from './engine-files.js'
import { startEngine } from './engine-worker.js'

interface Call {
  method: string
  args: unknown[]
}

/** A worker whose engine answers every Comlink call with `answers[method]`, and records the calls. */
class FakeWorker extends EventTarget {
  static last: FakeWorker | null = null
  readonly calls: Call[] = []
  terminated = false
  answers: Record<string, unknown> = { init: { version: '9.9' }, provideFile: undefined }

  constructor(
    readonly url: string,
    readonly options: { name?: string },
  ) {
    super()
    FakeWorker.last = this
  }

  /** The private port the runner transfers after boot; Comlink's calls and the engine's events go over it. */
  port: MessagePort | null = null

  /** The engine bundle the runner handed over (a Blob), before boot. */
  module: unknown = null

  postMessage(message: { kind?: string; module?: unknown }, transfer: MessagePort[] = []): void {
    if (message.kind === 'runcell:module') {
      this.module = message.module
      return
    }
    if (message.kind !== 'runcell:port' || !transfer[0])
      throw new Error('only the port goes on the public channel')
    this.port = transfer[0]
    this.port.onmessage = (event: MessageEvent) => this.answer(event.data)
  }

  answer(message: { id: string; path: string[]; argumentList: { value: unknown }[] }): void {
    const method = message.path[0] ?? ''
    this.calls.push({ method, args: message.argumentList.map((argument) => argument.value) })
    if (method in this.answers) this.tell({ id: message.id, type: 'RAW', value: this.answers[method] })
  }

  /** Posts on the worker's public channel, as user code in the worker can. */
  say(data: unknown): void {
    queueMicrotask(() => this.dispatchEvent(new MessageEvent('message', { data })))
  }

  /** Posts on the private port, as the engine does. */
  tell(data: unknown): void {
    this.port?.postMessage(data)
  }

  terminate(): void {
    this.terminated = true
  }
}

const manifest: AssetManifest = {
  engines: { pyodide: '1', sqljs: '1' },
  files: {},
  snapshot: { path: 'echo/snapshot.gz', pyodide: '1' },
}

/** Engine files that hand over fixed bytes and record what was compiled. */
function fakeFiles(paths: string[], lent: ArrayBuffer | null = null) {
  const compiled: string[] = []
  const kept: [string, number][] = []
  const files = {
    manifest: async () => manifest,
    prefetch: async () => paths,
    workerModule: async () => new Blob(['export function startWorker() {}'], { type: 'text/javascript' }),
    file: async () => new Blob([new Uint8Array(4)]),
    compiled: async (path: string) => {
      compiled.push(path)
      return { module: 'module' as unknown as WebAssembly.Module, maxPages: 7 }
    },
    lendInflated: () => {
      const bytes = lent
      lent = null
      return bytes
    },
    keepInflated: (path: string, bytes: ArrayBuffer) => kept.push([path, bytes.byteLength]),
  }
  // A structural stand-in: the handle uses only these methods of EngineFiles.
  return { files: files as unknown as EngineFiles, compiled, kept }
}

const quiet: HandleEvents = { stage: () => {}, event: () => {} }
// The handle reads only these limits from the runner's config; its other fields do not matter here.
const config = {
  memoryLimitMb: 64,
  outputLimitChars: 100,
  maxRows: 10,
  engineLoadTimeoutMs: 1_000,
} as RunnerConfig

function start(
  descriptor: EngineDescriptor,
  paths: string[],
  events: HandleEvents = quiet,
  lent: ArrayBuffer | null = null,
) {
  const { files, compiled, kept } = fakeFiles(paths, lent)
  const handle = startEngine(
    { descriptor, assetsBaseUrl: 'https://assets.test/runcell/', config, files },
    events,
  )
  const worker = FakeWorker.last
  if (!worker) throw new Error('no worker started')
  return { handle, worker, compiled, kept }
}

async function boot(worker: FakeWorker, handle: EngineHandle): Promise<void> {
  worker.say({ kind: 'runcell:booted' })
  await handle.loaded
  // Let the handed-over files' calls go out.
  await new Promise((resolve) => setTimeout(resolve, 0))
}

beforeEach(() => {
  vi.stubGlobal('Worker', FakeWorker)
})
afterEach(() => {
  vi.unstubAllGlobals()
})

test("the worker gets the descriptor's worker bundle handed over, and the engine's version arrives with init", async () => {
  const echo: EngineDescriptor = {
    language: 'echo' as Language,
    workerFile: 'echo-worker.js',
    files: [],
    keepsSpare: false,
    interruptible: false,
  }
  const { handle, worker } = start(echo, [])
  expect(worker.options.name).toBe('runcell-echo')
  await boot(worker, handle)
  // The bundle came from the runner's files (the host page), not from a URL.
  expect(worker.module).toBeInstanceOf(Blob)
  expect(handle.version).toBe('9.9')
})

test('only the wasm the descriptor names is compiled by the runner; other files go over as the Blobs the host handed over', async () => {
  const echo: EngineDescriptor = {
    language: 'echo' as Language,
    workerFile: 'echo-worker.js',
    files: [],
    keepsSpare: false,
    interruptible: false,
    compiledWasm: 'echo/engine.wasm',
  }
  const { handle, worker, compiled } = start(echo, ['echo/engine.wasm', 'echo/lib.zip'])
  await boot(worker, handle)
  expect(compiled).toEqual(['echo/engine.wasm'])
  const provided = worker.calls.filter((call) => call.method === 'provideFile').map((call) => call.args)
  expect(provided).toContainEqual(['echo/engine.wasm', { module: 'module', maxPages: 7 }])
  expect(provided).toContainEqual(['echo/lib.zip', { file: expect.any(Blob) }])
})

/** An engine whose descriptor takes the manifest's snapshot. */
const USES_SNAPSHOT: EngineDescriptor = {
  language: 'echo' as Language,
  workerFile: 'echo-worker.js',
  files: [],
  keepsSpare: false,
  interruptible: false,
  snapshot: (found) => ({ use: { path: found.snapshot?.path ?? '', pyodideVersion: '1' } }),
}

test("the descriptor's snapshot choice reaches init, or drops the file and warns once", async () => {
  const used = USES_SNAPSHOT
  const first = start(used, ['echo/snapshot.gz'])
  await boot(first.worker, first.handle)
  expect(first.worker.calls.find((call) => call.method === 'init')?.args[0]).toMatchObject({
    snapshot: { path: 'echo/snapshot.gz', pyodideVersion: '1' },
    providedFiles: ['echo/snapshot.gz'],
  })

  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const skipped: EngineDescriptor = {
    ...used,
    snapshot: () => ({ skip: 'echo/snapshot.gz', warning: 'no echo snapshot' }),
  }
  for (let i = 0; i < 2; i++) {
    const again = start(skipped, ['echo/snapshot.gz', 'echo/lib.zip'])
    await boot(again.worker, again.handle)
    const init = again.worker.calls.find((call) => call.method === 'init')?.args[0]
    expect(init).toMatchObject({ providedFiles: ['echo/lib.zip'] })
    expect(init).not.toHaveProperty('snapshot')
  }
  expect(warn).toHaveBeenCalledTimes(1)
  expect(warn).toHaveBeenCalledWith('no echo snapshot')
  warn.mockRestore()
})

test('the snapshot a worker inflated is kept while it loads, and never once it is loaded (user code may run then)', async () => {
  const { handle, worker, kept } = start(USES_SNAPSHOT, ['echo/snapshot.gz'])
  const answer = worker.answer.bind(worker)
  worker.answer = (message) => {
    // The engine hands the inflated snapshot over before it answers init, as engines/python/snapshot.ts does.
    if (message.path[0] === 'init')
      worker.tell({ kind: 'runcell:inflated', path: 'echo/snapshot.gz', bytes: new ArrayBuffer(8) })
    answer(message)
  }
  await boot(worker, handle)
  expect(kept).toEqual([['echo/snapshot.gz', 8]])
  worker.tell({ kind: 'runcell:inflated', path: 'echo/snapshot.gz', bytes: new ArrayBuffer(16) })
  await new Promise((resolve) => setTimeout(resolve, 10))
  expect(kept).toEqual([['echo/snapshot.gz', 8]])
})

test('the inflated snapshot the runner holds moves to the next worker that loads, not a copy of it', async () => {
  const lent = new ArrayBuffer(8)
  const { handle, worker } = start(USES_SNAPSHOT, ['echo/snapshot.gz'], quiet, lent)
  await boot(worker, handle)
  const provided = worker.calls.find((call) => call.method === 'provideFile')?.args
  expect(provided?.[0]).toBe('echo/snapshot.gz')
  expect(provided?.[1]).toMatchObject({ inflated: true })
  expect((provided?.[1] as { bytes: ArrayBuffer }).bytes.byteLength).toBe(8)
  // Transferred: the runner's buffer is detached; the worker hands the bytes back once it has loaded.
  expect(lent.byteLength).toBe(0)
})

test('without cross-origin isolation no engine can be interrupted, whatever its descriptor says', () => {
  const python: EngineDescriptor = {
    language: 'python',
    workerFile: 'python-worker.js',
    files: [],
    keepsSpare: true,
    interruptible: true,
  }
  const { handle } = start(python, [])
  expect(handle.interrupt()).toBe(false)
})

test('stages and events from the worker are checked, then reported with the handle; malformed ones are dropped', async () => {
  const seen: string[] = []
  const events: HandleEvents = {
    stage: (from, stage) => seen.push(`stage ${stage} ${from === handle}`),
    event: (from, runId, event) => seen.push(`event ${runId} ${event.type} ${from === handle}`),
  }
  const echo: EngineDescriptor = {
    language: 'echo' as Language,
    workerFile: 'echo-worker.js',
    files: [],
    keepsSpare: false,
    interruptible: false,
  }
  const { handle, worker } = start(echo, [], events)
  await boot(worker, handle)
  worker.tell({ kind: 'runcell:stage', stage: 'download' })
  worker.tell({ kind: 'runcell:stage', stage: 'rm -rf' })
  worker.tell({ kind: 'runcell:event', runId: 'r1', event: { type: 'stdout', text: 'hi' } })
  worker.tell({ kind: 'runcell:event', runId: 'r1', event: { type: 'stdout', text: 42 } })
  // User code owns the public channel: after boot, nothing on it is heard.
  worker.say({ kind: 'runcell:event', runId: 'r1', event: { type: 'stdout', text: 'forged' } })
  await new Promise((resolve) => setTimeout(resolve, 10))
  expect(seen).toEqual(['stage download true', 'event r1 stdout true'])
  handle.terminate()
  expect(worker.terminated).toBe(true)
})
