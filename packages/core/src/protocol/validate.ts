// Schema checks for everything that crosses a postMessage boundary. Each parser returns a fresh object built
// from checked fields (so no prototype or extra key from the sender survives), or null to drop the message.
import type { EngineRunOutcome, WorkerMessage } from './engine.js'
import {
  MAX_CELL_CHARS,
  MAX_CODE_CHARS,
  MAX_COLUMNS,
  MAX_DISPLAY_CHARS,
  MAX_ENGINE_FILE_BYTES,
  MAX_ENGINE_FILES,
  MAX_ERROR_CHARS,
  MAX_FILES,
  MAX_FILES_BYTES,
  MAX_SESSION_CHARS,
  MAX_STDIN_CHARS,
} from './limits.js'
import type { HelloMessage, HostMessage, RunnerConfig, RunnerMessage } from './messages.js'
import type {
  CellValue,
  DisplayEvent,
  DisplayMime,
  EngineStage,
  Language,
  RunError,
  RunEvent,
  RunOutput,
  RunResult,
  RunStatus,
  TableEvent,
} from './types.js'

const MAX_ID_CHARS = 100
const MAX_TEXT_CHARS = 2_000_000
const MAX_ROWS_ON_WIRE = 100_000

type Dict = Record<string, unknown>

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function text(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.length <= max ? value : null
}

function optionalText(value: unknown, max: number): string | undefined | null {
  return value === undefined ? undefined : text(value, max)
}

function finite(value: unknown, min: number, max: number): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : null
}

function oneOf<T extends string>(value: unknown, options: readonly T[]): T | null {
  return typeof value === 'string' && (options as readonly string[]).includes(value) ? (value as T) : null
}

const LANGUAGE_NAMES = ['python', 'sql', 'javascript'] as const
const STAGES = ['download', 'compile', 'ready'] as const
const STATUSES = ['ok', 'error', 'timeout', 'stopped', 'limit'] as const
const MIMES = ['text/plain', 'text/html', 'image/png', 'image/svg+xml'] as const
const PHASES = ['queued', 'loading', 'running', 'restarting'] as const

/** Checks a language name from untrusted input. */
export function parseLanguage(value: unknown): Language | null {
  return oneOf(value, LANGUAGE_NAMES)
}

function parseCell(value: unknown): CellValue | undefined {
  if (value === null || (typeof value === 'number' && !Number.isNaN(value))) return value
  if (typeof value === 'string')
    return value.length <= MAX_CELL_CHARS ? value : value.slice(0, MAX_CELL_CHARS)
  return undefined
}

function parseTable(value: Dict): TableEvent | null {
  const { columns, rows } = value
  if (!Array.isArray(columns) || columns.length > MAX_COLUMNS || !Array.isArray(rows)) return null
  if (rows.length > MAX_ROWS_ON_WIRE || typeof value.truncated !== 'boolean') return null
  const cols: string[] = []
  for (const column of columns) {
    const name = text(column, MAX_CELL_CHARS)
    if (name === null) return null
    cols.push(name)
  }
  const cleanRows: CellValue[][] = []
  for (const row of rows) {
    if (!Array.isArray(row) || row.length !== cols.length) return null
    const cells: CellValue[] = []
    for (const cell of row) {
      const parsed = parseCell(cell)
      if (parsed === undefined) return null
      cells.push(parsed)
    }
    cleanRows.push(cells)
  }
  return { type: 'table', columns: cols, rows: cleanRows, truncated: value.truncated }
}

function parseDisplay(value: Dict): DisplayEvent | null {
  const mime = oneOf<DisplayMime>(value.mime, MIMES)
  const data = text(value.data, MAX_DISPLAY_CHARS)
  return mime && data !== null ? { type: 'display', mime, data } : null
}

/** Checks one output event (stdout, stderr, display, table) from an untrusted sender. */
export function parseOutputEvent(value: unknown): Exclude<RunEvent, { type: 'status' }> | null {
  if (!isDict(value)) return null
  switch (value.type) {
    case 'stdout':
    case 'stderr': {
      const t = text(value.text, MAX_TEXT_CHARS)
      return t === null ? null : { type: value.type, text: t }
    }
    case 'display':
      return parseDisplay(value)
    case 'table':
      return parseTable(value)
    default:
      return null
  }
}

/** Checks any run event, including status events. */
export function parseRunEvent(value: unknown): RunEvent | null {
  if (isDict(value) && value.type === 'status') {
    const phase = oneOf(value.phase, PHASES)
    if (!phase) return null
    const stage = value.stage === undefined ? undefined : oneOf<EngineStage>(value.stage, STAGES)
    if (stage === null) return null
    return stage ? { type: 'status', phase, stage } : { type: 'status', phase }
  }
  return parseOutputEvent(value)
}

/** Checks an error description from user code. */
export function parseRunError(value: unknown): RunError | null {
  if (!isDict(value)) return null
  const name = text(value.name, 200)
  const message = text(value.message, MAX_ERROR_CHARS)
  if (name === null || message === null) return null
  const error: RunError = { name, message }
  if (value.line !== undefined) {
    const line = finite(value.line, 1, 10_000_000)
    if (line !== null) error.line = Math.floor(line)
  }
  const traceback = optionalText(value.traceback, MAX_ERROR_CHARS)
  if (typeof traceback === 'string') error.traceback = traceback
  return error
}

/** Checks an engine's answer to a run. Anything malformed counts as a crash (null). */
export function parseEngineOutcome(value: unknown): EngineRunOutcome | null {
  if (!isDict(value)) return null
  const status = oneOf(value.status, ['ok', 'error', 'limit'] as const)
  if (!status) return null
  if (value.error === undefined) return { status }
  const error = parseRunError(value.error)
  return error ? { status, error } : null
}

/** Checks a message an engine worker posted on its own. */
export function parseWorkerMessage(value: unknown): WorkerMessage | null {
  if (!isDict(value)) return null
  if (value.kind === 'runcell:stage') {
    const stage = oneOf(value.stage, STAGES)
    return stage ? { kind: 'runcell:stage', stage } : null
  }
  if (value.kind === 'runcell:event') {
    const runId = text(value.runId, MAX_ID_CHARS)
    const event = parseOutputEvent(value.event)
    return runId !== null && event ? { kind: 'runcell:event', runId, event } : null
  }
  return null
}

function parseRunnerConfig(value: unknown): RunnerConfig | null {
  if (!isDict(value)) return null
  const memoryLimitMb = finite(value.memoryLimitMb, 16, 4096)
  const outputLimitChars = finite(value.outputLimitChars, 1, MAX_TEXT_CHARS)
  const maxRows = finite(value.maxRows, 1, MAX_ROWS_ON_WIRE)
  const engineLoadTimeoutMs = finite(value.engineLoadTimeoutMs, 1, 3_600_000)
  if (
    memoryLimitMb === null ||
    outputLimitChars === null ||
    maxRows === null ||
    engineLoadTimeoutMs === null
  ) {
    return null
  }
  return { memoryLimitMb, outputLimitChars, maxRows, engineLoadTimeoutMs }
}

/**
 * Checks a run's files: at most MAX_FILES, relative paths without `..`, text or bytes, MAX_FILES_BYTES in all.
 * Returns null when anything is off.
 */
export function parseFiles(value: unknown): Record<string, string | Uint8Array> | null {
  if (!isDict(value)) return null
  const entries = Object.entries(value)
  if (entries.length > MAX_FILES) return null
  const files: Record<string, string | Uint8Array> = Object.create(null) as Record<
    string,
    string | Uint8Array
  >
  let total = 0
  for (const [path, content] of entries) {
    if (!isFilePath(path)) return null
    if (typeof content === 'string') total += content.length
    else if (content instanceof Uint8Array) total += content.byteLength
    else return null
    if (total > MAX_FILES_BYTES) return null
    files[path] = content
  }
  return files
}

/** A relative path of plain segments: no leading '/', no '..', no empty or control-character names. */
export function isFilePath(path: string): boolean {
  if (path.length === 0 || path.length > 500 || path.startsWith('/') || path.includes('\\')) return false
  // Control characters have no place in a file name and confuse terminals and logs.
  for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) < 0x20) return false
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')
}

/** Checks a message from the host page, as the runner receives it. */
export function parseHostMessage(value: unknown): HostMessage | null {
  if (!isDict(value)) return null
  switch (value.type) {
    case 'configure': {
      const config = parseRunnerConfig(value.config)
      return config ? { type: 'configure', config } : null
    }
    case 'run': {
      const runId = text(value.runId, MAX_ID_CHARS)
      const language = parseLanguage(value.language)
      const code = text(value.code, MAX_CODE_CHARS)
      const session = optionalText(value.session, MAX_SESSION_CHARS)
      const stdin = optionalText(value.stdin, MAX_STDIN_CHARS)
      const timeoutMs = finite(value.timeoutMs, 1, 3_600_000)
      if (
        runId === null ||
        !language ||
        code === null ||
        session === null ||
        stdin === null ||
        timeoutMs === null
      ) {
        return null
      }
      const files = value.files === undefined ? undefined : parseFiles(value.files)
      if (files === null) return null
      const message: HostMessage = { type: 'run', runId, language, code, timeoutMs }
      if (session !== undefined) message.session = session
      if (stdin !== undefined) message.stdin = stdin
      if (files !== undefined) message.files = files
      return message
    }
    case 'stop': {
      const runId = text(value.runId, MAX_ID_CHARS)
      return runId === null ? null : { type: 'stop', runId }
    }
    case 'warm-up': {
      const language = parseLanguage(value.language)
      return language ? { type: 'warm-up', language } : null
    }
    case 'engine-file': {
      const path = text(value.path, 500)
      if (path === null || !isFilePath(path)) return null
      if (value.bytes === null) return { type: 'engine-file', path, bytes: null }
      const ok = value.bytes instanceof ArrayBuffer && value.bytes.byteLength <= MAX_ENGINE_FILE_BYTES
      return ok ? { type: 'engine-file', path, bytes: value.bytes as ArrayBuffer } : null
    }
    default:
      return null
  }
}

function parseRunResult(value: unknown): RunResult | null {
  if (!isDict(value)) return null
  const status = oneOf<RunStatus>(value.status, STATUSES)
  const stdout = text(value.stdout, MAX_TEXT_CHARS)
  const stderr = text(value.stderr, MAX_TEXT_CHARS)
  const durationMs = finite(value.durationMs, 0, 1e9)
  if (!status || stdout === null || stderr === null || durationMs === null || !Array.isArray(value.outputs)) {
    return null
  }
  const outputs: RunOutput[] = []
  for (const raw of value.outputs) {
    const output = parseOutputEvent(raw)
    if (!output || (output.type !== 'display' && output.type !== 'table')) return null
    outputs.push(output)
  }
  const result: RunResult = { status, stdout, stderr, outputs, durationMs }
  if (value.error !== undefined) {
    const error = parseRunError(value.error)
    if (!error) return null
    result.error = error
  }
  if (value.restarted === true) result.restarted = true
  if (value.truncated === true) result.truncated = true
  return result
}

/** Checks a message from the runner, as the host receives it. */
export function parseRunnerMessage(value: unknown): RunnerMessage | null {
  if (!isDict(value)) return null
  switch (value.type) {
    case 'event': {
      const runId = text(value.runId, MAX_ID_CHARS)
      const event = parseRunEvent(value.event)
      return runId !== null && event ? { type: 'event', runId, event } : null
    }
    case 'result': {
      const runId = text(value.runId, MAX_ID_CHARS)
      const result = parseRunResult(value.result)
      return runId !== null && result ? { type: 'result', runId, result } : null
    }
    case 'stage': {
      const language = parseLanguage(value.language)
      const stage = oneOf(value.stage, STAGES)
      const version = optionalText(value.version, 200)
      if (!language || !stage || version === null) return null
      const message: RunnerMessage = { type: 'stage', language, stage }
      if (version !== undefined) message.version = version
      if (value.fromSpare === true) message.fromSpare = true
      return message
    }
    case 'need-files': {
      const { paths } = value
      if (!Array.isArray(paths) || paths.length > MAX_ENGINE_FILES) return null
      const clean: string[] = []
      for (const path of paths) {
        if (typeof path !== 'string' || path.length > 500 || !isFilePath(path)) return null
        clean.push(path)
      }
      return { type: 'need-files', paths: clean }
    }
    default:
      return null
  }
}

/** Checks the runner's handshake message. */
export function parseHello(value: unknown): HelloMessage | null {
  if (!isDict(value) || value.type !== 'runcell:hello') return null
  const nonce = text(value.nonce, 200)
  return nonce ? { type: 'runcell:hello', nonce } : null
}
