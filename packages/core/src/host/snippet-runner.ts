import { hashCode } from '../monitor/hash.js'
import { emptyResult } from '../protocol/results.js'
import { RUN_PHASES } from '../protocol/types.js'
import type {
  InputRequestEvent,
  Language,
  RunErrorName,
  RunEvent,
  RunRequest,
  RunResult,
  RunStatus,
  StatusEvent,
} from '../protocol/types.js'

/** Where a snippet is: idle, on its way (queued, loading, running, restarting), or how its last run ended. */
export type RunnerStatus = 'idle' | StatusEvent['phase'] | RunStatus

/** An output a snippet shows: status events are folded into `status`, and input requests into `inputRequest`. */
export type RunnerOutput = Exclude<RunEvent, StatusEvent | InputRequestEvent>

/** One snippet's state. A new frozen object whenever anything changes, so comparing by reference is enough. */
export interface RunnerSnapshot {
  readonly status: RunnerStatus
  /** A run is under way (`status` is one of its phases, installing included): the UI offers Stop, not Run. */
  readonly busy: boolean
  /** Outputs so far, in order; consecutive text of one stream is merged into one chunk. */
  readonly outputs: readonly RunnerOutput[]
  /** The last finished run's result; null before the first and while a run is under way. */
  readonly result: RunResult | null
  /** The error's line in the visible code (never in `setup`), or null. */
  readonly errorLine: number | null
  /** The visible request of the current or last run; null before the first. */
  readonly request: RunRequest | null
  /** The run waits for the reader to answer this prompt (answer with `sendInput`); null otherwise. */
  readonly inputRequest: { readonly prompt: string } | null
  /** The Python package being installed, while `status` is `installing`. */
  readonly installing?: string
}

/**
 * The inputs of one run besides language, session and setup: the code, stdin, files, timeout, cache, and a
 * `check` whose verdict is `result.check`.
 */
export type RunnerRequest = Partial<Omit<RunRequest, 'language' | 'session' | 'setup'>>

/** What a snippet is: its language, its session and setup, and defaults for what `run()` sends. */
export interface RunnerOptions extends RunnerRequest {
  language: Language
  /** Runs naming the same session share state. Without one (and without `setup`) every run is isolated. */
  session?: string
  /**
   * Hidden code run once per session (and setup text) before the first visible run; its output is not shown.
   * Without `session`, the snippet gets a session of its own.
   */
  setup?: string
}

/**
 * One snippet's runs: setup once per session, at most one run at a time (a new run stops the previous one), and
 * outputs batched per ~frame. Read it with `subscribe` and `getSnapshot` (both safe to pass around unbound), e.g.
 * through React's `useSyncExternalStore` or from a custom element.
 */
export interface SnippetRunner {
  /** Runs the options' code, or what `request` overrides. Resolves with the result; never rejects. */
  run(request?: RunnerRequest): Promise<RunResult>
  /** Stops the current run, if any; it ends as `stopped`. */
  stop(): void
  /** Answers the pending `inputRequest` with one line of text; ignored when there is none. */
  sendInput(text: string): void
  /** Calls `listener` after every change of the snapshot. Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
  getSnapshot(): RunnerSnapshot
  /** Replaces the options; the next run uses them. The current run and the snapshot are left alone. */
  setOptions(options: RunnerOptions): void
}

/** A run as the snippet runner sees it: `Execution` from the runtime, or a test double. */
interface StartedRun {
  readonly events: AsyncIterable<RunEvent>
  readonly result: Promise<RunResult>
  stop(): void
  sendInput?(text: string): void
}

/** What a snippet runner needs from its runtime. */
export interface SnippetRunnerHost {
  run(request: RunRequest): StartedRun
  /** Keys of the sessions whose setup ran, shared by every snippet of the runtime. */
  readonly preparedSetups: Set<string>
}

// Streams arrive one postMessage at a time; batching them per ~frame keeps a chatty loop from rendering per line.
const FLUSH_MS = 32

/** The snapshot of a snippet that never ran. Shared and frozen, so every idle snippet returns the same object. */
export const IDLE_SNAPSHOT: RunnerSnapshot = Object.freeze({
  status: 'idle',
  busy: false,
  outputs: Object.freeze([]) as readonly RunnerOutput[],
  result: null,
  errorLine: null,
  request: null,
  inputRequest: null,
})

function merged(outputs: readonly RunnerOutput[], added: readonly RunnerOutput[]): readonly RunnerOutput[] {
  const next = [...outputs]
  for (const output of added) {
    const last = next[next.length - 1]
    if (last && (output.type === 'stdout' || output.type === 'stderr') && last.type === output.type) {
      next[next.length - 1] = { type: output.type, text: last.text + output.text }
    } else {
      next.push(output)
    }
  }
  return Object.freeze(next)
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}

let ownSessions = 0

// Setups under way, per runtime (keyed by its `preparedSetups`, which stands for it), so snippets of one session
// that start together wait for one setup instead of each running it: a second `CREATE TABLE` would fail.
const setupsUnderWay = new WeakMap<Set<string>, Map<string, Promise<RunResult>>>()
function underWay(host: SnippetRunnerHost): Map<string, Promise<RunResult>> {
  let map = setupsUnderWay.get(host.preparedSetups)
  if (!map) setupsUnderWay.set(host.preparedSetups, (map = new Map()))
  return map
}

/**
 * Creates a snippet's controller over `host` (a runtime's `run` and its record of prepared sessions). Creating one
 * has no side effects: nothing runs, subscribes or starts a timer until `run()`.
 */
export function createSnippetRunner(host: SnippetRunnerHost, initial: RunnerOptions): SnippetRunner {
  let options = initial
  let snapshot = IDLE_SNAPSHOT
  let ownSession: string | null = null
  let active: { stop(): void; sendInput(text: string): void } | null = null
  const listeners = new Set<() => void>()

  const publish = (patch: Partial<RunnerSnapshot>) => {
    const next = { ...snapshot, ...patch }
    snapshot = Object.freeze({ ...next, busy: (RUN_PHASES as readonly string[]).includes(next.status) })
    for (const listener of [...listeners]) {
      try {
        listener()
      } catch (error) {
        // A broken listener must not stop the run or the other listeners; the page still hears of it.
        queueMicrotask(() => {
          throw error
        })
      }
    }
  }

  const visibleRequest = (request: RunnerRequest | undefined): RunRequest => {
    const { language, session, setup, ...defaults } = options
    return {
      ...withoutUndefined(defaults),
      ...withoutUndefined(request ?? {}),
      language,
      code: request?.code ?? defaults.code ?? '',
      session: session ?? (setup ? (ownSession ??= `runcell-setup-${(ownSessions += 1)}`) : undefined),
    }
  }

  const run = (request?: RunnerRequest): Promise<RunResult> => {
    active?.stop()
    const setup = options.setup
    const visible = visibleRequest(request)
    let current: StartedRun | null = null
    let stopped = false
    let onStop = () => {}
    const stopSignal = new Promise<void>((resolve) => (onStop = resolve))
    const handle = {
      stop() {
        stopped = true
        current?.stop()
        onStop()
      },
      sendInput(text: string) {
        if (!snapshot.inputRequest || !current?.sendInput) return
        current.sendInput(text)
        publish({ inputRequest: null })
      },
    }
    active = handle
    const isCurrent = () => active === handle
    publish({
      status: 'queued',
      outputs: IDLE_SNAPSHOT.outputs,
      result: null,
      errorLine: null,
      request: visible,
      inputRequest: null,
    })

    const pump = async (execution: StartedRun, showOutput: boolean): Promise<RunResult> => {
      let buffer: RunnerOutput[] = []
      let timer: ReturnType<typeof setTimeout> | null = null
      const flush = () => {
        timer = null
        const chunk = buffer
        buffer = []
        if (chunk.length > 0 && isCurrent()) publish({ outputs: merged(snapshot.outputs, chunk) })
      }
      for await (const event of execution.events) {
        if (!isCurrent()) continue
        if (event.type === 'status') publish({ status: event.phase, installing: event.package })
        else if (event.type === 'input-request') {
          // The prompt is in the batch: show it before the field that answers it.
          if (timer) clearTimeout(timer)
          flush()
          publish({ inputRequest: { prompt: event.prompt } })
        } else if (showOutput) {
          buffer.push(event)
          timer ??= setTimeout(flush, FLUSH_MS)
        }
      }
      if (timer) clearTimeout(timer)
      flush()
      return execution.result
    }

    /** Runs the session's setup unless it ran or is running; null when the session is ready. */
    const prepare = async (setup: string, key: string): Promise<RunResult | null> => {
      const pending = underWay(host)
      for (;;) {
        if (host.preparedSetups.has(key)) return null
        const other = pending.get(key)
        if (!other) break
        await Promise.race([other, stopSignal])
        if (stopped) return emptyResult('stopped')
      }
      // The setup is the exercise's, not the learner's answer: it is never checked.
      const { check: _check, ...unchecked } = visible
      current = host.run({ ...unchecked, code: setup, cache: false })
      const mine = pump(current, false).then((prepared) => {
        // Bookkeeping before anyone waiting on this promise looks again.
        pending.delete(key)
        if (prepared.status === 'ok') host.preparedSetups.add(key)
        return prepared
      })
      pending.set(key, mine)
      const prepared = await mine
      if (prepared.status === 'ok') return null
      // The setup's line numbers point into hidden code, so they would mark the wrong line of the visible code.
      return { ...prepared, error: prepared.error && { ...prepared.error, line: undefined } }
    }

    const outcome = (async (): Promise<RunResult> => {
      try {
        if (setup && visible.session) {
          const failed = await prepare(setup, `${visible.session}\u0000${hashCode(setup)}`)
          if (failed) return failed
        }
        if (stopped) return emptyResult('stopped')
        current = host.run(visible)
        return await pump(current, true)
      } catch (error) {
        return misuse(error)
      }
    })()
    return outcome.then((result) => {
      if (isCurrent()) {
        active = null
        const errorLine = result.status === 'error' ? (result.error?.line ?? null) : null
        publish({ status: result.status, result, errorLine, inputRequest: null })
      }
      return result
    })
  }

  return {
    run,
    stop: () => active?.stop(),
    sendInput: (text) => active?.sendInput(text),
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    getSnapshot: () => snapshot,
    setOptions(next) {
      options = next
    },
  }
}

/** Misuse (a bad request, a disposed runtime) is thrown by `run()`; a snippet shows it like any failed run. */
function misuse(error: unknown): RunResult {
  const message = error instanceof Error ? error.message : String(error)
  return emptyResult('error', { name: 'RunnerError' satisfies RunErrorName, message })
}
