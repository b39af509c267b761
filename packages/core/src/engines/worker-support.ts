// The worker side of the engine contract: expose the engine over Comlink, stream events and stages to the
// runner, and cap output inside the worker so a flood never even reaches the wire. (The runner caps again:
// it trusts nothing a worker says.)
import type { EngineApi, EngineFilePayload, ServedEngineApi, WorkerMessage } from '../protocol/engine.js'
import type { DisplayEvent, EngineStage, TableEvent } from '../protocol/types.js'
import type { PackageQuery } from '../protocol/packages.js'
import { afterSettled, postToRunner, serveOnRunnerPort, type ServedMethod } from './runner-channel.js'

// Captured before user code runs, so a run that replaces the global can't hold back or read another's output.
const queueTask = queueMicrotask.bind(globalThis)

/** Files the runner said it hands over, by assets path: resolved when they arrive. */
const handed = new Map<string, { payload: Promise<EngineFilePayload>; receive(p: EngineFilePayload): void }>()

function handOverSlot(path: string) {
  let slot = handed.get(path)
  if (!slot) {
    let receive: (payload: EngineFilePayload) => void = () => {}
    const payload = new Promise<EngineFilePayload>((resolve) => (receive = resolve))
    slot = { payload, receive }
    handed.set(path, slot)
  }
  return slot
}

/**
 * Serves an engine to the runner that created this worker, on the private port the runner transfers at start
 * (runner-channel.ts). Called by each worker entry's `startWorker`. Adds `provideFile`, through which the
 * runner hands over the files it listed in `providedFiles`.
 */
export function serveEngine(engine: EngineApi): void {
  const served: ServedEngineApi = {
    init(options) {
      for (const path of options.providedFiles ?? []) handOverSlot(path)
      return engine.init(options)
    },
    run(request) {
      const outcome = engine.run(request)
      // Registered before the reply is (runner-channel.ts), so the drop is asked for first; engines run it after.
      if (request.dropNamespace === true)
        afterSettled(outcome, () => afterSettled(engine.dropNamespace(request.namespace), () => {}))
      return outcome
    },
    answerInput: (runId, text) => engine.answerInput(runId, text),
    dropNamespace: (namespace) => engine.dropNamespace(namespace),
    providePackages: async (requestId, delivery) => engine.providePackages?.(requestId, delivery),
    preinstallPackages: async (wheels) => engine.preinstallPackages?.(wheels),
    check: async (request) =>
      engine.check ? engine.check(request) : { status: 'error', message: 'this engine runs no checks' },
    async provideFile(path, payload) {
      handOverSlot(path).receive(payload)
    },
  }
  serveOnRunnerPort(served as unknown as Record<string, ServedMethod>)
}

/** The payload the runner hands over for `path`, or null when the engine must fetch the file itself. */
async function handedOver(path: string): Promise<EngineFilePayload | null> {
  const slot = handed.get(path)
  if (!slot) return null
  const payload = await slot.payload
  return 'missing' in payload ? null : payload
}

/** A WebAssembly.Module the runner compiled (once per runner) for `path`, or null when it gave none. */
export async function engineModule(
  path: string,
): Promise<{ module: WebAssembly.Module; maxPages: number } | null> {
  const payload = await handedOver(path)
  return payload && 'module' in payload ? payload : null
}

/** The bytes of a gzip file the runner handed over already inflated, or null when it did not. */
export async function inflatedEngineFile(path: string): Promise<Uint8Array | null> {
  const payload = await handedOver(path)
  return payload && 'bytes' in payload && payload.inflated === true ? new Uint8Array(payload.bytes) : null
}

/**
 * The bytes of engine file `path`: as the runner read them, or read here from the Blob it handed over. Reading
 * a 1.4 MB Blob in a busy worker took 10-20 ms (measured), which a run waiting for the file would wait.
 */
export async function engineFileBytes(assetsBaseUrl: string, path: string): Promise<ArrayBuffer> {
  const payload = await handedOver(path)
  if (payload && 'bytes' in payload && payload.inflated !== true) return payload.bytes
  return (await fetchEngineFile(assetsBaseUrl, path)).arrayBuffer()
}

/** True when the host page chose not to download `path` (the snapshot on a slow link): no failure to report. */
export async function declinedEngineFile(path: string): Promise<boolean> {
  const slot = handed.get(path)
  if (!slot) return false
  const payload = await slot.payload
  return 'missing' in payload && payload.declined === true
}

/** Whether the runner said it hands `path` over. */
export function isHandedOver(path: string): boolean {
  return handed.has(path)
}

function post(message: WorkerMessage): void {
  postToRunner(message)
}

/** Tells the runner which loading stage the engine reached. */
export function reportStage(stage: EngineStage): void {
  post({ kind: 'runcell:stage', stage })
}

/** Tells the runner that run `runId` waits for the reader to answer `prompt`. */
export function emitInputRequest(runId: string, prompt: string): void {
  post({ kind: 'runcell:event', runId, event: { type: 'input-request', prompt } })
}

/** Sends a display or table output of a run. */
export function emitOutput(runId: string, event: DisplayEvent | TableEvent): void {
  post({ kind: 'runcell:event', runId, event })
}

/** Asks the runner for Python packages before run `runId` goes on; the answer comes to `providePackages`. */
export function requestPackages(runId: string, requestId: string, query: PackageQuery): void {
  post({ kind: 'runcell:packages', runId, requestId, query })
}

/**
 * Streams stdout and stderr of one run, in order, and stops sending once `limitChars` is used up.
 * Small writes are batched per microtask so that a print loop doesn't post one message per line.
 */
export class OutputStream {
  private used = 0
  private pending: { type: 'stdout' | 'stderr'; text: string } | null = null
  private scheduled = false
  /** True once the cap dropped some output. */
  truncated = false

  constructor(
    private readonly runId: string,
    private readonly limitChars: number,
  ) {}

  write(type: 'stdout' | 'stderr', text: string): void {
    if (text.length === 0) return
    const room = this.limitChars - this.used
    if (room <= 0) {
      this.truncated = true
      return
    }
    const kept = text.length > room ? text.slice(0, room) : text
    if (kept.length < text.length) this.truncated = true
    this.used += kept.length
    if (this.pending && this.pending.type === type) this.pending.text += kept
    else {
      this.flush()
      this.pending = { type, text: kept }
    }
    if (!this.scheduled) {
      this.scheduled = true
      queueTask(() => this.flush())
    }
  }

  /** Sends whatever is batched. Call before emitting a display or table output, and at the end of a run. */
  flush(): void {
    this.scheduled = false
    if (!this.pending) return
    post({ kind: 'runcell:event', runId: this.runId, event: this.pending })
    this.pending = null
  }
}

/**
 * Gets an engine file: the bytes the runner handed over (the host page fetched them, with its HTTP cache). Every
 * engine loads its files here; none is fetched by URL, so no server's MIME type or CORS setting matters.
 */
export async function fetchEngineFile(assetsBaseUrl: string, path: string): Promise<Response> {
  const payload = await handedOver(path)
  if (payload && 'file' in payload) return new Response(payload.file)
  // No fetch to fall back on: the runner's policy gives workers no network, and the host page is the one owner
  // of the files (it could not get this one, or the engine asked for a file its descriptor doesn't list).
  throw new Error(`could not load ${path}: the host page did not hand it over from ${assetsBaseUrl}`)
}
