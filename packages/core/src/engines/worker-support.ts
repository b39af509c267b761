// The worker side of the engine contract: expose the engine over Comlink, stream events and stages to the
// runner, and cap output inside the worker so a flood never even reaches the wire. (The runner caps again:
// it trusts nothing a worker says.)
import { expose, type Endpoint } from 'comlink'
import type { EngineApi, WorkerMessage } from '../protocol/engine.js'
import type { DisplayEvent, EngineStage, TableEvent } from '../protocol/types.js'

// The worker's global scope. The project compiles against the DOM lib, which has no worker scope type.
const scope = globalThis as unknown as Endpoint

/** Exposes an engine to the runner that created this worker. Called by each worker entry's `startWorker`. */
export function serveEngine(engine: EngineApi): void {
  expose(engine, scope)
}

function post(message: WorkerMessage): void {
  scope.postMessage(message)
}

/** Tells the runner which loading stage the engine reached. */
export function reportStage(stage: EngineStage): void {
  post({ kind: 'runcell:stage', stage })
}

/** Sends a display or table output of a run. */
export function emitOutput(runId: string, event: DisplayEvent | TableEvent): void {
  post({ kind: 'runcell:event', runId, event })
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
      queueMicrotask(() => this.flush())
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
 * Fetches an engine file from the assets folder. Every engine loads its big files through here, so that a
 * faster source (files transferred from the host page, a compiled-module cache) can be added in one place.
 */
export async function fetchEngineFile(assetsBaseUrl: string, path: string): Promise<Response> {
  const response = await fetch(new URL(path, assetsBaseUrl).href)
  if (!response.ok) throw new Error(`could not load ${path} (HTTP ${response.status})`)
  return response
}
