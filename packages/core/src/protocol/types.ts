// The closed sets of names Runcell's wire format uses, each written out once. Types derive from the lists, and so do
// the validators (protocol/validate*.ts), the monitor's outcomes and every other place that enumerates them.
import { ENGINES } from '../engines/registry.js'

/** A language Runcell can run: a key of the engine registry (engines/registry.ts). */
export type Language = keyof typeof ENGINES

/** Every language Runcell knows, in the registry's order; a new engine's registry line adds it here. */
export const LANGUAGES = Object.keys(ENGINES) as [Language, ...Language[]]

/** Every way a run can end. */
export const RUN_STATUSES = ['ok', 'error', 'timeout', 'stopped', 'limit'] as const

/** How a run ended. `limit` means a memory or output limit stopped it. */
export type RunStatus = (typeof RUN_STATUSES)[number]

/** The endings an engine may report itself; timeouts and stops are decided outside the worker. */
export const ENGINE_STATUSES = ['ok', 'error', 'limit'] as const satisfies readonly RunStatus[]

/** One of {@link ENGINE_STATUSES}. */
export type EngineStatus = (typeof ENGINE_STATUSES)[number]

/** Every loading stage of an engine, in the order an engine goes through them. */
export const ENGINE_STAGES = ['download', 'compile', 'ready'] as const

/** Where an engine is while it loads; the UI shows this as progress. */
export type EngineStage = (typeof ENGINE_STAGES)[number]

/** Every phase a run's status events report. */
export const RUN_PHASES = ['queued', 'loading', 'installing', 'running', 'restarting'] as const

/**
 * Where a run is before its output: queued, loading its engine, installing a Python package (the status event
 * names it in `package`), running, or replaying sessions after a restart.
 */
export type RunPhase = (typeof RUN_PHASES)[number]

/** The MIME types a display output may carry. Anything else is dropped at the boundary. */
export const DISPLAY_MIMES = ['text/plain', 'text/html', 'image/png', 'image/svg+xml'] as const

/** One of {@link DISPLAY_MIMES}. */
export type DisplayMime = (typeof DISPLAY_MIMES)[number]

/**
 * The error names Runcell reports itself, never user code: the engine crashed or stopped answering
 * (`EngineCrash`), could not load (`EngineLoadError`), the runner page could not be reached
 * (`RunnerUnavailable`), or a runner controller failed (`RunnerError`). An engine's own report can't carry them.
 */
export const RUN_ERROR_NAMES = ['EngineCrash', 'EngineLoadError', 'RunnerUnavailable', 'RunnerError'] as const

/** One of {@link RUN_ERROR_NAMES}. */
export type RunErrorName = (typeof RUN_ERROR_NAMES)[number]

/** A value in a SQL result cell, after it crossed the wire. Blobs arrive as their byte length. */
export type CellValue = string | number | null

/** Text written by user code. */
export interface StreamEvent {
  type: 'stdout' | 'stderr'
  text: string
}

/** A rich output: HTML, an image, or plain text from a display call. `data` is text, or base64 for PNG. */
export interface DisplayEvent {
  type: 'display'
  mime: DisplayMime
  data: string
}

/** One SQL statement's result set. */
export interface TableEvent {
  type: 'table'
  columns: string[]
  rows: CellValue[][]
  /** True when the row cap cut the result short. */
  truncated: boolean
}

/**
 * Progress of a run: queued, loading its engine, running, replaying sessions after a restart. The engine's
 * loading stage is not here: it is the runtime's engine state (`getEngineState`, `subscribe`), its one route.
 */
export interface StatusEvent {
  type: 'status'
  phase: RunPhase
  /** The Python package being installed, in an `installing` status. */
  package?: string
}

/**
 * The running code waits for the reader (Python `input()`, JS `await prompt()`): answer with
 * `execution.sendInput(text)`. The prompt is in stdout already; this says that an answer is wanted.
 */
export interface InputRequestEvent {
  type: 'input-request'
  prompt: string
}

/** Anything a run emits while it runs, in order. */
export type RunEvent = StreamEvent | DisplayEvent | TableEvent | StatusEvent | InputRequestEvent

/** The outputs kept in a result: display and table events, in the order they came. */
export type RunOutput = DisplayEvent | TableEvent

/** What went wrong in user code, or in Runcell. `line` is 1-based and points into the user's code. */
export interface RunError {
  /** One of {@link RUN_ERROR_NAMES} when Runcell reports it; else the language's own name (`ZeroDivisionError`). */
  name: RunErrorName | (string & {})
  message: string
  line?: number
  traceback?: string
}

/** Every verdict a check can give. */
export const CHECK_STATUSES = ['pass', 'fail', 'error'] as const

/**
 * A check's verdict: `pass`, `fail` (the learner's answer is wrong, or the learner's code did not finish) or
 * `error` (the check itself is broken: the author's bug, not the learner's).
 */
export type CheckStatus = (typeof CHECK_STATUSES)[number]

/**
 * The SQL `expect` form of a check: the learner's last result set must hold these rows (and these column names,
 * when given). Rows compare in order unless `ordered` is false.
 */
export interface ExpectedResult {
  columns?: string[]
  rows: CellValue[][]
  /** Whether row order matters; default true. */
  ordered?: boolean
}

/**
 * A hidden check run after the learner's code, in a fresh engine no earlier run on the page touched.
 * - Python: `code` sees `ns` (the learner's globals), `stdout` and `result` (the last expression's value, or
 *   `None`); it passes if it finishes, fails on a failed `assert` (with its message), errors on anything else.
 * - SQL: `code` runs on the learner's database and passes when it returns one row whose first column is 1 (a
 *   second column is the failure message); or `expect` compares the learner's last result set.
 * - JavaScript: `code` sees `ns`, `stdout`, `result` and an `assert` with `ok`, `equal`, `deepEqual`, `throws`.
 */
export type RunCheck = { code: string } | { expect: ExpectedResult }

/** How a run's check came out. Neither the check's code nor its output ever appears in the run's output. */
export interface CheckResult {
  status: CheckStatus
  /** Why it failed or errored, in words for the learner (or the author, for `error`). */
  message?: string
}

/** A request to run code. */
export interface RunRequest {
  language: Language
  code: string
  /** Runs that name the same session share state. Without one, the run gets a fresh isolated namespace. */
  session?: string
  /** Running time allowed, in ms. Engine loading and queueing don't count. */
  timeoutMs?: number
  /** Text that user code reads from standard input. */
  stdin?: string
  /** Use the result cache (isolated runs only). */
  cache?: boolean
  /**
   * Files the code can read: Python's file system, an attached SQLite database for `.sqlite`/`.db` in SQL, a
   * `files` map in JS. A URL value is fetched by the host page before the run.
   */
  files?: Record<string, string | Uint8Array | URL>
  /**
   * Python packages to install from the site's package index before the run (`pythonPackages`), besides those
   * the code's imports need, which are found on their own.
   */
  packages?: readonly string[]
  /**
   * Hidden code run before `code` in the same namespace, once per session (every time for an isolated run); its
   * output is not shown and its errors point at no line of `code`.
   */
  setup?: string
  /**
   * A hidden check of the learner's code, whose verdict is `result.check`. The run then happens in a fresh
   * engine: the session's history and `setup` replay there, then `code` (its output shown as usual), then the check.
   */
  check?: RunCheck
}

/** The outcome of a run. User-code errors are data here, never exceptions. */
export interface RunResult {
  status: RunStatus
  stdout: string
  stderr: string
  outputs: RunOutput[]
  error?: RunError
  durationMs: number
  /** Set when the engine was restarted after this run (timeout, stop, crash, memory limit). */
  restarted?: boolean
  /** Set when some output was dropped by the output cap. */
  truncated?: boolean
  /** Set when the result came from the result cache. */
  cached?: boolean
  /** The verdict of the request's `check`; set exactly when the request had one. */
  check?: CheckResult
}
