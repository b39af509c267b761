// Checks for what a run produces (events, tables, errors, results), wherever it crosses a boundary: worker →
// runner, and runner → host. Each parser returns a fresh object built from checked fields, or null.
import { parseCheckResult } from './validate-check.js'
import {
  MAX_CELL_CHARS,
  MAX_COLUMNS,
  MAX_DISPLAY_CHARS,
  MAX_ERROR_CHARS,
  MAX_PROMPT_CHARS,
} from './limits.js'
import { MAX_PACKAGE_NAME_CHARS } from './packages.js'
import type { RunEnding } from './results.js'
import { DISPLAY_MIMES, RUN_PHASES, RUN_STATUSES } from './types.js'
import type {
  CellValue,
  DisplayEvent,
  DisplayMime,
  RunError,
  RunEvent,
  RunStatus,
  TableEvent,
} from './types.js'
import {
  MAX_ROWS_ON_WIRE,
  MAX_TEXT_CHARS,
  finite,
  isDict,
  oneOf,
  optionalText,
  text,
  type Dict,
} from './checks.js'

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
  const mime = oneOf<DisplayMime>(value.mime, DISPLAY_MIMES)
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
    case 'input-request': {
      const prompt = text(value.prompt, MAX_PROMPT_CHARS)
      return prompt === null ? null : { type: 'input-request', prompt }
    }
    default:
      return null
  }
}

/** Checks any run event, including status events. */
export function parseRunEvent(value: unknown): RunEvent | null {
  if (isDict(value) && value.type === 'status') {
    const phase = oneOf(value.phase, RUN_PHASES)
    if (!phase) return null
    const name = value.package === undefined ? undefined : text(value.package, MAX_PACKAGE_NAME_CHARS)
    if (name === null) return null
    return name === undefined ? { type: 'status', phase } : { type: 'status', phase, package: name }
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

/** Checks how a run ended, as the runner reports it: status, error, duration and flags, but no output. */
export function parseRunEnding(value: unknown): RunEnding | null {
  if (!isDict(value)) return null
  const status = oneOf<RunStatus>(value.status, RUN_STATUSES)
  const durationMs = finite(value.durationMs, 0, 1e9)
  if (!status || durationMs === null) return null
  const ending: RunEnding = { status, durationMs }
  if (value.error !== undefined) {
    const error = parseRunError(value.error)
    if (!error) return null
    ending.error = error
  }
  if (value.restarted === true) ending.restarted = true
  if (value.truncated === true) ending.truncated = true
  if (value.check !== undefined) {
    const check = parseCheckResult(value.check)
    if (!check) return null
    ending.check = check
  }
  return ending
}
