import { wrap, type Remote } from 'comlink'
import type { EngineFilePayload, EngineInitOptions, ServedEngineApi } from '../protocol/engine.js'
import type { RunnerConfig } from '../protocol/messages.js'
import type { EngineStage, Language, RunEvent } from '../protocol/types.js'
import { parseWorkerMessage } from '../protocol/validate.js'
import { memoryCeilingPages } from '../engines/wasm-memory.js'
import type { EngineFiles } from './engine-files.js'
import { startEngineWorker } from './worker-factory.js'

/** Pyodide's wasm: the one engine file the runner compiles itself (see EngineFiles.compiled). */
const PYODIDE_WASM = 'pyodide/pyodide.asm.wasm'

/** One started engine worker: booted, then initialised with the files the runner hands over. */
export interface EngineWorker {
  worker: Worker
  api: Remote<ServedEngineApi>
  /** Resolves once the engine is loaded (not yet holding any session). */
  loaded: Promise<void>
  /** Where the current run's streamed events go. */
  sink: ((event: RunEvent) => void) | null
  /** Where loading stages go; a spare stays quiet until it is used. */
  onStage: (stage: EngineStage) => void
  /** The shared interrupt slot on cross-origin isolated pages, or null. */
  interrupt: Int32Array | null
  version?: string
}

/** What a new engine worker needs from its slot. */
export interface EngineWorkerOptions {
  language: Language
  assetsBaseUrl: string
  config: RunnerConfig
  files: EngineFiles
  onStage: (stage: EngineStage) => void
  /** Routes a streamed event to the run that holds the engine, if its id matches. */
  onEvent: (engine: EngineWorker, runId: string, event: RunEvent) => void
}

let snapshotWarned = false

/**
 * Starts a worker for `language` and loads its engine. Only Python gets a shared interrupt buffer: it is the
 * one engine that can stop a run without being terminated, and only where SharedArrayBuffer exists.
 */
export function startEngine(options: EngineWorkerOptions): EngineWorker {
  const { language } = options
  const worker = startEngineWorker(language, options.assetsBaseUrl)
  const isolated = globalThis.crossOriginIsolated === true && language === 'python'
  const buffer = isolated ? new SharedArrayBuffer(4) : null
  const engine: EngineWorker = {
    worker,
    api: wrap<ServedEngineApi>(worker),
    loaded: Promise.resolve(),
    sink: null,
    onStage: options.onStage,
    interrupt: buffer ? new Int32Array(buffer) : null,
  }
  let bootDone: () => void = () => {}
  let bootFailed: (error: Error) => void = () => {}
  const booted = new Promise<void>((resolve, reject) => {
    bootDone = resolve
    bootFailed = reject
  })
  worker.addEventListener('message', (event: MessageEvent) => {
    const data: unknown = event.data
    const kind = bootKind(data)
    if (kind === 'booted') return bootDone()
    if (kind === 'boot-error') return bootFailed(new Error(`the ${language} worker did not start`))
    const message = parseWorkerMessage(data)
    if (!message) return
    if (message.kind === 'runcell:stage') return engine.onStage(message.stage)
    options.onEvent(engine, message.runId, message.event)
  })
  worker.addEventListener('error', () => bootFailed(new Error(`the ${language} worker failed to start`)))
  // Files start coming from the host while the worker boots.
  const paths = options.files.prefetch(language)
  engine.loaded = booted.then(() => initialise(engine, options, buffer, paths))
  return engine
}

async function initialise(
  engine: EngineWorker,
  options: EngineWorkerOptions,
  interruptBuffer: SharedArrayBuffer | null,
  listed: Promise<string[]>,
): Promise<void> {
  const { memoryLimitMb, outputLimitChars, maxRows } = options.config
  const manifest = await options.files.manifest()
  let paths = await listed
  let snapshot: EngineInitOptions['snapshot']
  if (options.language === 'python' && manifest) {
    const made = manifest.snapshot
    if (made && made.pyodide === manifest.engines.pyodide) {
      snapshot = { path: made.path, pyodideVersion: made.pyodide }
    } else {
      paths = paths.filter((path) => path !== made?.path)
      if (!snapshotWarned) {
        snapshotWarned = true
        console.warn(
          made
            ? `Runcell: the Pyodide memory snapshot is for Pyodide ${made.pyodide}, not ${manifest.engines.pyodide}; starting Python without it (slower).`
            : 'Runcell: the assets have no Pyodide memory snapshot; starting Python without it (slower). Run "npx runcell assets <dir>" to build one.',
        )
      }
    }
  }
  const init: EngineInitOptions = {
    assetsBaseUrl: options.assetsBaseUrl,
    memoryLimitMb,
    outputLimitChars,
    maxRows,
    providedFiles: paths,
  }
  if (snapshot) init.snapshot = snapshot
  if (interruptBuffer) init.interruptBuffer = interruptBuffer
  const started = engine.api.init(init)
  for (const path of paths) {
    void payloadFor(options, path, snapshot?.path).then((payload) => engine.api.provideFile(path, payload))
  }
  const info: unknown = await started
  // The first worker inflated the snapshot itself, during the page's load; the runner now does it once, in the
  // background, so that a respawn from a spare skips it (about 31 MB kept for the runner's lifetime).
  if (snapshot) void options.files.inflated(snapshot.path).catch(() => {})
  const version =
    typeof info === 'object' && info !== null ? (info as { version?: unknown }).version : undefined
  engine.version = typeof version === 'string' ? version.slice(0, 200) : undefined
}

async function payloadFor(
  options: EngineWorkerOptions,
  path: string,
  snapshotPath: string | undefined,
): Promise<EngineFilePayload> {
  try {
    const inflated = path === snapshotPath ? options.files.inflatedIfStarted(path) : null
    if (inflated) return { bytes: await inflated, inflated: true }
    if (path === PYODIDE_WASM) {
      const limit = options.config.memoryLimitMb
      return await options.files.compiled(path, (minimum) => memoryCeilingPages(limit, minimum))
    }
    // Copied, not transferred: the runner keeps the bytes for the next respawn.
    return { bytes: await options.files.bytes(path) }
  } catch {
    return { missing: true }
  }
}

function bootKind(data: unknown): 'booted' | 'boot-error' | null {
  if (typeof data !== 'object' || data === null) return null
  const kind = (data as { kind?: unknown }).kind
  return kind === 'runcell:booted' ? 'booted' : kind === 'runcell:boot-error' ? 'boot-error' : null
}
