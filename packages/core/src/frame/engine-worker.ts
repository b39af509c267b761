import { transfer, wrap, type Remote } from 'comlink'
import { laterPaths, type EngineDescriptor } from '../engines/descriptor.js'
import type { EngineFilePayload, EngineInitOptions, ServedEngineApi } from '../protocol/engine.js'
import type { RunnerConfig } from '../protocol/messages.js'
import { createSharedBuffer, writeAnswer } from '../protocol/shared-buffer.js'
import { parseWorkerMessage } from '../protocol/validate.js'
import { PORT_MESSAGE_KIND } from '../engines/runner-channel.js'
import { memoryCeilingPages } from '../engines/wasm-memory.js'
import type { EngineHandle, HandleEvents } from './engine-handle.js'
import type { EngineFiles } from './engine-files.js'
import { servePackages, type PackageBroker } from './python-packages.js'
import { MODULE_MESSAGE_KIND, startEngineWorker } from './worker-factory.js'

const SIGINT = 2

/** What a new engine worker needs from the runner page. */
export interface EngineWorkerOptions {
  descriptor: EngineDescriptor
  assetsBaseUrl: string
  config: RunnerConfig
  files: EngineFiles
  /** Python packages for this runner's Python workers (frame/python-packages.ts); none for other engines. */
  packages?: PackageBroker
}

/** Snapshot warnings already shown, so each shows once per runner page. */
const warned = new Set<string>()

/**
 * Starts a worker for the engine `options.descriptor` describes and loads it: the real {@link EngineHandle}.
 * An engine that is interruptible gets a shared interrupt buffer, where SharedArrayBuffer exists (cross-origin
 * isolated pages).
 */
export function startEngine(options: EngineWorkerOptions, events: HandleEvents): EngineHandle {
  const { descriptor } = options
  const { language } = descriptor
  const worker = startEngineWorker(descriptor)
  // The engine's private line (engines/runner-channel.ts): its port goes over once the worker booted, before
  // any user code runs. The worker's public channel is user code's to post on, so it is ignored after boot.
  const channel = new MessageChannel()
  const api: Remote<ServedEngineApi> = wrap<ServedEngineApi>(channel.port1)
  // One shared buffer carries Stop (the interrupt signal) and the reader's answers to a worker blocked on input.
  const buffer = descriptor.interruptible ? createSharedBuffer() : null
  const signal = buffer ? new Int32Array(buffer) : null
  let version: string | undefined
  let bootDone: () => void = () => {}
  let bootFailed: (error: Error) => void = () => {}
  const booted = new Promise<void>((resolve, reject) => {
    bootDone = resolve
    bootFailed = reject
  })
  // Files start coming from the host while the worker boots.
  const listed = options.files.prefetch(descriptor)
  // The worker's own bundle comes from the host page too, whatever MIME type or URL the assets have.
  options.files.workerModule(descriptor).then(
    (module) => worker.postMessage({ kind: MODULE_MESSAGE_KIND, module }),
    (error: unknown) => bootFailed(error instanceof Error ? error : new Error(String(error))),
  )
  let loading = true
  const handle: EngineHandle = {
    loaded: booted.then(async () => {
      try {
        version = await initialise(api, options, buffer, listed)
      } finally {
        loading = false
      }
    }),
    get version() {
      return version
    },
    run: (request) => api.run(request),
    check: (request) => api.check(request),
    answerInput: (runId, text) => {
      if (buffer) writeAnswer(buffer, text)
      else api.answerInput(runId, text).catch(() => {})
    },
    dropNamespace: (namespace) => {
      api.dropNamespace(namespace).catch(() => {})
    },
    interrupt: () => {
      if (!signal) return false
      Atomics.store(signal, 0, SIGINT)
      // A run blocked waiting for input only sees the signal once it wakes: end its input.
      if (buffer) writeAnswer(buffer, null)
      return true
    },
    clearInterrupt: () => {
      if (signal) Atomics.store(signal, 0, 0)
    },
    terminate: () => {
      options.packages?.workerEnded(api)
      worker.terminate()
      channel.port1.close()
    },
  }
  let portSent = false
  worker.addEventListener('message', (event: MessageEvent) => {
    if (portSent) return
    const kind = bootKind(event.data)
    if (kind === 'boot-error') return bootFailed(new Error(`the ${language} worker did not start`))
    if (kind !== 'booted') return
    portSent = true
    worker.postMessage({ kind: PORT_MESSAGE_KIND }, [channel.port2])
    bootDone()
  })
  channel.port1.addEventListener('message', (event: MessageEvent) => {
    const data: unknown = event.data
    const message = parseWorkerMessage(data)
    if (!message) return
    if (message.kind === 'runcell:stage') return events.stage(handle, message.stage)
    if (message.kind === 'runcell:inflated') {
      // Only while loading: after that, user code may have run in this worker, and its bytes are not the file's.
      if (loading) options.files.keepInflated(message.path, message.bytes)
      return
    }
    if (message.kind === 'runcell:packages') {
      const { runId } = message
      return servePackages(options.packages, api, message, (event) => events.event(handle, runId, event))
    }
    events.event(handle, message.runId, message.event)
  })
  channel.port1.start()
  worker.addEventListener('error', () => bootFailed(new Error(`the ${language} worker failed to start`)))
  return handle
}

/** Initialises the booted engine with the files the runner hands over; resolves with the engine's version. */
async function initialise(
  api: Remote<ServedEngineApi>,
  options: EngineWorkerOptions,
  interruptBuffer: SharedArrayBuffer | null,
  listed: Promise<string[]>,
): Promise<string | undefined> {
  const { descriptor } = options
  const { memoryLimitMb, outputLimitChars, maxRows } = options.config
  const manifest = await options.files.manifest()
  let paths = await listed
  let snapshot: EngineInitOptions['snapshot']
  const choice = manifest && descriptor.snapshot ? descriptor.snapshot(manifest) : null
  if (choice && 'use' in choice) snapshot = choice.use
  else if (choice) {
    paths = paths.filter((path) => path !== choice.skip)
    if (!warned.has(choice.warning)) {
      warned.add(choice.warning)
      console.warn(choice.warning)
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
  const started = api.init(init)
  // Sent right behind init, so the worker installs them as soon as it is ready, before any run it is sent.
  options.packages?.workerStarting(api)
  // A `later` file goes over once the engine is ready, so the reader's first output never waits on its bytes.
  const later = new Set(laterPaths(descriptor))
  for (const path of paths) {
    const after = later.has(path) ? started.then(() => undefined) : Promise.resolve()
    void after
      .then(() => payloadFor(options, path, snapshot?.path, later.has(path)))
      // Bytes move (the lent snapshot, see EngineFiles.lendInflated, or a copy); the rest are handles or modules.
      .then((payload) =>
        api.provideFile(path, 'bytes' in payload ? transfer(payload, [payload.bytes]) : payload),
      )
      .catch(() => {})
  }
  // A worker hands the inflated snapshot (inflated itself, or lent) back while it loads (`runcell:inflated`), so
  // that respawns skip inflating it.
  const info: unknown = await started
  const version =
    typeof info === 'object' && info !== null ? (info as { version?: unknown }).version : undefined
  return typeof version === 'string' ? version.slice(0, 200) : undefined
}

async function payloadFor(
  options: EngineWorkerOptions,
  path: string,
  snapshotPath: string | undefined,
  later: boolean,
): Promise<EngineFilePayload> {
  try {
    // Read here, where the thread is idle, not in the worker, where a run may be waiting for it (worker-support.ts).
    if (later) return { bytes: (await options.files.bytes(path)).slice(0) }
    const inflated = path === snapshotPath ? options.files.lendInflated(path) : null
    if (inflated) return { bytes: inflated, inflated: true }
    if (path === options.descriptor.compiledWasm) {
      const limit = options.config.memoryLimitMb
      return await options.files.compiled(path, (minimum) => memoryCeilingPages(limit, minimum))
    }
    // The Blob itself: the worker reads it (a 6 MB snapshot as it inflates), and the runner keeps it for respawns.
    return { file: await options.files.file(path) }
  } catch {
    return options.files.declined(path) ? { missing: true, declined: true } : { missing: true }
  }
}

function bootKind(data: unknown): 'booted' | 'boot-error' | null {
  if (typeof data !== 'object' || data === null) return null
  const kind = (data as { kind?: unknown }).kind
  return kind === 'runcell:booted' ? 'booted' : kind === 'runcell:boot-error' ? 'boot-error' : null
}
