/** A language Runcell can run. */
export type Language = 'python' | 'sql' | 'javascript'

/** Every language Runcell knows, in a stable order. */
export const LANGUAGES: readonly Language[] = ['python', 'sql', 'javascript']

/** How a run ended. `limit` means a memory or output limit stopped it. */
export type RunStatus = 'ok' | 'error' | 'timeout' | 'stopped' | 'limit'

/** Where an engine is while it loads; the UI shows this as progress. */
export type EngineStage = 'download' | 'compile' | 'ready'

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

/** The MIME types a display output may carry. Anything else is dropped at the boundary. */
export type DisplayMime = 'text/plain' | 'text/html' | 'image/png' | 'image/svg+xml'

/** One SQL statement's result set. */
export interface TableEvent {
  type: 'table'
  columns: string[]
  rows: CellValue[][]
  /** True when the row cap cut the result short. */
  truncated: boolean
}

/** Progress of a run: queued, loading the engine (with its stage), running, replaying after a restart. */
export interface StatusEvent {
  type: 'status'
  phase: 'queued' | 'loading' | 'running' | 'restarting'
  stage?: EngineStage
}

/** Anything a run emits while it runs, in order. */
export type RunEvent = StreamEvent | DisplayEvent | TableEvent | StatusEvent

/** The outputs kept in a result: display and table events, in the order they came. */
export type RunOutput = DisplayEvent | TableEvent

/** What went wrong in user code. `line` is 1-based and points into the user's code. */
export interface RunError {
  name: string
  message: string
  line?: number
  traceback?: string
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
}
