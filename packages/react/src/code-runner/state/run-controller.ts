import { hashCode, type Execution, type RunRequest, type RunResult, type Runtime } from '@runcell/core'
import { appendOutputs, patchRunner, type RuncellStore, type RunnerOutput } from './runner-store.js'

/** A run as the UI knows it: `setup` is hidden code run once per session before the visible code. */
export interface RunnerRequest extends RunRequest {
  setup?: string
}

/** A started run: its result (never rejects) and a way to stop it. */
export interface RunHandle {
  result: Promise<RunResult>
  stop(): void
}

// Streams arrive one postMessage at a time; batching them per ~frame keeps a chatty loop from rendering per line.
const FLUSH_MS = 32

interface RunnerBook {
  active: Map<string, { stop(): void }>
  preparedSessions: Set<string>
}
const books = new WeakMap<RuncellStore, RunnerBook>()
function bookOf(store: RuncellStore): RunnerBook {
  let book = books.get(store)
  if (!book) books.set(store, (book = { active: new Map(), preparedSessions: new Set() }))
  return book
}

async function pump(
  store: RuncellStore,
  key: string,
  execution: Execution,
  showOutput: boolean,
): Promise<RunResult> {
  let buffer: RunnerOutput[] = []
  let timer: ReturnType<typeof setTimeout> | null = null
  const flush = () => {
    timer = null
    const chunk = buffer
    buffer = []
    appendOutputs(store, key, chunk)
  }
  for await (const event of execution.events) {
    if (event.type === 'status') {
      patchRunner(store, key, { status: event.phase, stage: event.stage })
    } else if (showOutput) {
      buffer.push(event)
      timer ??= setTimeout(flush, FLUSH_MS)
    }
  }
  if (timer) clearTimeout(timer)
  flush()
  return execution.result
}

/** The stopped result for a run that never got to its visible code. */
const stoppedBeforeStart = (): RunResult => ({
  status: 'stopped',
  stdout: '',
  stderr: '',
  outputs: [],
  durationMs: 0,
})

/**
 * Starts a run for the runner `key` and mirrors it into the store: status and stage as they change, outputs in
 * batches, then the result. A runner has at most one run; starting another stops the previous one.
 */
export function startRun(
  runtime: Runtime,
  store: RuncellStore,
  key: string,
  request: RunnerRequest,
): RunHandle {
  const book = bookOf(store)
  book.active.get(key)?.stop()
  const { setup, ...visible } = request
  let current: Execution | null = null
  let stopped = false
  const handle = {
    stop() {
      stopped = true
      current?.stop()
    },
  }
  book.active.set(key, handle)
  patchRunner(store, key, { status: 'queued', stage: undefined, outputs: [], result: null, errorLine: null })

  const result = (async (): Promise<RunResult> => {
    try {
      const sessionKey = setup && visible.session ? `${visible.session}\u0000${hashCode(setup)}` : null
      if (setup && sessionKey && !book.preparedSessions.has(sessionKey)) {
        current = runtime.run({ ...visible, code: setup, cache: false })
        const prepared = await pump(store, key, current, false)
        if (prepared.status !== 'ok')
          return { ...prepared, error: prepared.error && { ...prepared.error, line: undefined } }
        book.preparedSessions.add(sessionKey)
      }
      if (stopped) return stoppedBeforeStart()
      current = runtime.run(visible)
      return await pump(store, key, current, true)
    } catch (error) {
      // Misuse (a bad request, a disposed runtime) is thrown by run(); the runner shows it like any failure.
      const message = error instanceof Error ? error.message : String(error)
      return { ...stoppedBeforeStart(), status: 'error', error: { name: 'RunnerError', message } }
    }
  })().then((outcome) => {
    if (book.active.get(key) === handle) {
      book.active.delete(key)
      const errorLine = outcome.status === 'error' ? (outcome.error?.line ?? null) : null
      patchRunner(store, key, { status: outcome.status, stage: undefined, result: outcome, errorLine })
    }
    return outcome
  })
  return { result, stop: handle.stop }
}

/** Stops the runner's current run, if any. */
export function stopRun(store: RuncellStore, key: string): void {
  bookOf(store).active.get(key)?.stop()
}

/** Forgets that sessions ran their setup, e.g. after the runtime was replaced. */
export function forgetSetups(store: RuncellStore): void {
  bookOf(store).preparedSessions.clear()
}
