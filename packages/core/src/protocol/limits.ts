/** Defaults for the limits a runtime enforces. Each can be overridden in `createRuntime`. */
export const DEFAULT_LIMITS = {
  /** Ten runs at once per page. */
  maxConcurrent: 10,
  /** Thirty seconds of running time per run. */
  timeoutMs: 30_000,
  /** 100 MB of engine memory. */
  memoryLimitMb: 100,
  /** Characters of stdout + stderr kept per run; the rest is dropped with a marker. */
  outputLimitChars: 1_000_000,
  /** Rows kept per SQL result set. */
  maxRows: 1_000,
  /** How long an engine may take to load before the load is called failed. */
  engineLoadTimeoutMs: 90_000,
  /** How long the runner page may take to load and answer the handshake. */
  handshakeTimeoutMs: 20_000,
} as const

/** Largest piece of source code accepted for a run, in characters. */
export const MAX_CODE_CHARS = 1_000_000
/** Largest stdin accepted for a run, in characters. */
export const MAX_STDIN_CHARS = 1_000_000
/** Largest text in one display output (HTML, SVG, base64 PNG), in characters. */
export const MAX_DISPLAY_CHARS = 5_000_000
/** Largest session name, in characters. */
export const MAX_SESSION_CHARS = 200
/** The longest input prompt a worker may show; the whole prompt is in stdout anyway. */
export const MAX_PROMPT_CHARS = 1_000
/** The longest answer to an input request, in characters (the shared buffer carries 64 KiB of UTF-8). */
export const MAX_ANSWER_CHARS = 16_384
/** Largest error message or traceback crossing the boundary, in characters. */
export const MAX_ERROR_CHARS = 20_000
/** Most columns kept in a SQL result set. */
export const MAX_COLUMNS = 500
/** Largest single SQL cell text, in characters. */
export const MAX_CELL_CHARS = 10_000

/** Most files attached to one run. */
export const MAX_FILES = 100
/** Largest total size of a run's files, in bytes (characters for text files). */
export const MAX_FILES_BYTES = 100_000_000

/** Largest engine file the host may transfer into the runner, in bytes. */
export const MAX_ENGINE_FILE_BYTES = 256_000_000
/** Most messages in one batch from the runner. */
export const MAX_BATCH_MESSAGES = 256

/** Most engine files the runner asks the host for at once. */
export const MAX_ENGINE_FILES = 32

/** The marker appended where the output cap cut output short. */
export const TRUNCATION_MARKER = '\n… output truncated by Runcell (limit reached)\n'
