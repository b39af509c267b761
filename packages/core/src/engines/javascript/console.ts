// The `console` user code sees. Output goes to whichever run is current for the namespace; once that run has
// ended, calls from leftover timers or promises are dropped rather than attributed to a finished run.
import type { CellValue, TableEvent } from '../../protocol/types.js'
import { fitTable } from '../../protocol/budget.js'
import { DEFAULT_LIMITS } from '../../protocol/limits.js'
import { formatValue } from './serialize.js'

/** Where a namespace's console writes during a run. */
export interface ConsoleSink {
  write(type: 'stdout' | 'stderr', text: string): void
  table(event: TableEvent): void
  maxRows: number
  /** The run's output budget (protocol/budget.ts) one table may use; the default limit when not given. */
  maxChars?: number
}

/** A console whose destination can be switched from run to run. */
export interface CapturedConsole {
  console: Record<string, (...args: unknown[]) => void>
  setSink(sink: ConsoleSink | null): void
}

const MAX_TABLE_COLUMNS = 500
const MAX_CELL_CHARS = 10_000

/**
 * Builds a console: log/info/debug/dir write to stdout; warn/error/trace/assert to stderr; table emits a
 * table output; count, time and group work as in browsers; clear is ignored.
 */
export function createConsole(): CapturedConsole {
  let sink: ConsoleSink | null = null
  let indent = ''
  const counts = new Map<string, number>()
  const timers = new Map<string, number>()
  const out = (type: 'stdout' | 'stderr', args: unknown[]) => {
    if (!sink) return
    const text = formatLogArgs(args)
    sink.write(type, (indent ? text.replace(/^/gm, indent) : text) + '\n')
  }
  const label = (value: unknown) => (value === undefined ? 'default' : String(value))
  const methods: Record<string, (...args: unknown[]) => void> = {
    log: (...args) => out('stdout', args),
    info: (...args) => out('stdout', args),
    debug: (...args) => out('stdout', args),
    dir: (value) => out('stdout', [formatValue(value)]),
    dirxml: (...args) => out('stdout', args),
    warn: (...args) => out('stderr', args),
    error: (...args) => out('stderr', args),
    trace: (...args) => out('stderr', ['Trace:', ...args]),
    assert: (condition, ...args) => {
      if (!condition) out('stderr', ['Assertion failed' + (args.length ? ':' : ''), ...args])
    },
    table: (data, columns) => {
      if (!sink) return
      const event = typeof data === 'object' && data !== null ? buildTable(data, columns, sink.maxRows) : null
      // Cut to the budget here, as the runner would, so a huge table never crosses the wire.
      const fitted = event && fitTable(event, sink.maxRows, sink.maxChars ?? DEFAULT_LIMITS.outputLimitChars)
      if (fitted) sink.table(fitted.table)
      else out('stdout', [event ? '[console.table: too large to show]' : data])
    },
    count: (name) => {
      const key = label(name)
      const next = (counts.get(key) ?? 0) + 1
      counts.set(key, next)
      out('stdout', [`${key}: ${next}`])
    },
    countReset: (name) => void counts.delete(label(name)),
    time: (name) => void timers.set(label(name), performance.now()),
    timeLog: (name, ...args) => elapsed(label(name), false, args),
    timeEnd: (name) => elapsed(label(name), true, []),
    group: (...args) => {
      if (args.length) out('stdout', args)
      indent += '  '
    },
    groupCollapsed: (...args) => methods.group?.(...args),
    groupEnd: () => void (indent = indent.slice(2)),
    clear: () => {},
  }
  function elapsed(key: string, end: boolean, args: unknown[]): void {
    const start = timers.get(key)
    if (start === undefined) return out('stderr', [`Warning: No such label '${key}'`])
    if (end) timers.delete(key)
    out('stdout', [`${key}: ${(performance.now() - start).toFixed(3)} ms`, ...args])
  }
  return {
    console: methods,
    setSink: (next) => {
      sink = next
      indent = ''
    },
  }
}

/** Joins console arguments like browsers do, including `%s %d %i %f %o %O %j %c` in a leading string. */
export function formatLogArgs(args: unknown[]): string {
  const rest = [...args]
  const parts: string[] = []
  const first = rest[0]
  if (typeof first === 'string' && first.includes('%') && rest.length > 1) {
    rest.shift()
    parts.push(
      first.replace(/%([sdifoOjc%])/g, (match, code: string) => {
        if (code === '%') return '%'
        if (rest.length === 0) return match
        const value = rest.shift()
        switch (code) {
          case 's':
            return typeof value === 'string' ? value : formatValue(value)
          case 'd':
          case 'i':
            return typeof value === 'bigint' ? `${value}n` : String(Math.trunc(Number(value)))
          case 'f':
            return String(Number(value))
          case 'c':
            return ''
          default:
            return formatValue(value)
        }
      }),
    )
  }
  for (const value of rest) parts.push(formatValue(value, false))
  return parts.join(' ')
}

/** console.table's layout: an index column, one column per key seen, and `Values` for primitive rows. */
export function buildTable(data: object, columns: unknown, maxRows: number): TableEvent | null {
  try {
    return tableOf(data, columns, maxRows)
  } catch {
    // A throwing getter or proxy trap: the caller logs the value instead.
    return null
  }
}

function tableOf(data: object, columns: unknown, maxRows: number): TableEvent {
  const { entries, total } = tableEntries(data, maxRows)
  const truncated = total > maxRows
  const wanted = Array.isArray(columns) ? columns.map((c) => String(c)) : null
  const keys: string[] = wanted ? [...wanted] : []
  const seen = new Set(keys)
  let hasValues = false
  for (const [, row] of entries) {
    if (!isRecord(row)) {
      hasValues = true
      continue
    }
    if (wanted) continue
    for (const key of Object.keys(row)) {
      if (!seen.has(key) && keys.length < MAX_TABLE_COLUMNS - 2) {
        seen.add(key)
        keys.push(key)
      }
    }
  }
  const rows = entries.map(([index, row]): CellValue[] => {
    const cells: CellValue[] = [index]
    for (const key of keys)
      cells.push(isRecord(row) && key in row ? toCell((row as Record<string, unknown>)[key]) : null)
    if (hasValues) cells.push(isRecord(row) ? null : toCell(row))
    return cells
  })
  return { type: 'table', columns: ['(index)', ...keys, ...(hasValues ? ['Values'] : [])], rows, truncated }
}

/** The first `max` rows of the data, without listing every key of a huge array or map. */
function tableEntries(data: object, max: number): { entries: [string, unknown][]; total: number } {
  const entries: [string, unknown][] = []
  if (data instanceof Map || data instanceof Set) {
    let index = 0
    for (const [key, value] of data.entries()) {
      if (entries.length >= max) break
      entries.push([data instanceof Map ? cellText(key) : String(index++), value])
    }
    return { entries, total: data.size }
  }
  if (Array.isArray(data)) {
    for (let i = 0; i < Math.min(data.length, max); i++) entries.push([String(i), data[i]])
    return { entries, total: data.length }
  }
  const keys = Object.keys(data)
  for (const key of keys.slice(0, max)) entries.push([key, (data as Record<string, unknown>)[key]])
  return { entries, total: keys.length }
}

function isRecord(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function'
}

function toCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value)
  return cellText(value)
}

function cellText(value: unknown): string {
  const text = formatValue(value, false)
  return text.length > MAX_CELL_CHARS ? text.slice(0, MAX_CELL_CHARS) : text
}
