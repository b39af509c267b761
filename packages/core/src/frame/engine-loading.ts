// A started engine on its way to taking runs: loaded, then prepared (sessions replayed into it), within the load
// timeout. Shared by the slot's own engine (engine-slot.ts) and a checked run's fresh one (check-engine.ts).
import type { RunError } from '../protocol/types.js'
import type { EngineHandle } from './engine-handle.js'
import { ERROR_PREFIX } from './run-ending.js'

/** A started interpreter, and whether it is ready for runs. */
export interface Engine {
  handle: EngineHandle
  /** Loaded and prepared (every session it needs replayed): ready for runs. */
  ready: Promise<void>
  /** True once `ready` has resolved, so a run on a warm engine skips the loading status (one hop less). */
  isReady: boolean
  /** True while sessions are replayed into this engine after a restart. */
  replaying: boolean
}

/** What bounds an engine's load: the language it names in the error, and the runner's `engineLoadTimeoutMs`. */
export interface LoadLimit {
  language: string
  timeoutMs: number
}

/**
 * Starts `handle` on its way to ready: its load, then `prepare`. Past `limit.timeoutMs` the engine's `ready` rejects
 * with an error naming the language and the limit (a worker that never loads must not hold its runs forever).
 */
export function loadEngine(
  handle: EngineHandle,
  prepare: (engine: Engine) => Promise<void>,
  limit: LoadLimit,
): Engine {
  const engine: Engine = { handle, ready: Promise.resolve(), isReady: false, replaying: false }
  let deadline: ReturnType<typeof setTimeout> | undefined
  engine.ready = Promise.race([
    handle.loaded.then(() => prepare(engine)),
    new Promise<never>((_, reject) => {
      deadline = setTimeout(() => reject(loadTimeout(limit)), limit.timeoutMs)
    }),
  ])
  engine.ready.then(
    () => {
      clearTimeout(deadline)
      engine.isReady = true
    },
    () => clearTimeout(deadline),
  )
  return engine
}

function loadTimeout({ language, timeoutMs }: LoadLimit): Error {
  const limit = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`
  return new Error(`the ${language} engine did not load within ${limit}`)
}

/** The error of a run whose engine failed to load, with what to check on the assets side. */
export function loadError(error: unknown): RunError {
  return {
    name: 'EngineLoadError',
    message:
      `${ERROR_PREFIX} ${describeError(error)}. Check that the runner assets are served from the assets URL with ` +
      'CORS (Access-Control-Allow-Origin: *) and the right MIME types (application/wasm, text/javascript).',
  }
}

/** Why a worker's promise failed, in words; never throws, whatever was thrown. */
export function describeError(error: unknown): string {
  try {
    const text = error instanceof Error ? error.message : String(error)
    if (typeof text === 'string') return text.slice(0, 500)
  } catch {
    // An object with a null prototype has no toString: String() throws on it.
  }
  return 'unreadable error'
}
