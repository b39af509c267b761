// Runs a piece of user SQL one statement at a time with a prepare/step loop, so that each result set becomes
// its own table, rows stop at the cap, and an error names the line its statement starts on.
import type { EngineRunOutcome } from '../../protocol/engine.js'
import { MAX_COLUMNS, MAX_ERROR_CHARS } from '../../protocol/limits.js'
import type { CellValue, TableEvent } from '../../protocol/types.js'
import { cellCost, headerCost } from '../../protocol/budget.js'
import { blobCell, integerCell, textCell } from './cells.js'
import { describeFailure } from './sqlite-errors.js'
import { SQLITE_DONE, SQLITE_OK, SQLITE_ROW, type Sqlite } from './sqlite-module.js'
import { statementLine } from './sql-source.js'

const INTEGER = 1
const FLOAT = 2
const TEXT = 3
const BLOB = 4

/** What one run may produce, and where its tables go. */
export interface RunLimits {
  maxRows: number
  /**
   * The run's output budget (protocol/budget.ts): tables, their column headers and cells, charged as the runner
   * charges them. Rows past it are dropped and marked truncated, and tables past it are not sent.
   */
  outputChars: number
  memoryLimitMb: number
  emit(table: TableEvent): void
}

// Enough UTF-8 bytes for the longest cell the runner accepts; a longer text is never decoded whole.
const MAX_CELL_BYTES = 4 * 10_000

function readCell(sqlite: Sqlite, stmt: number, column: number): CellValue {
  const { api } = sqlite
  switch (api._sqlite3_column_type(stmt, column)) {
    case INTEGER:
      return integerCell(api._sqlite3_column_double(stmt, column), () =>
        sqlite.readText(api._sqlite3_column_text(stmt, column)),
      )
    case FLOAT:
      return api._sqlite3_column_double(stmt, column)
    case TEXT: {
      const text = api._sqlite3_column_text(stmt, column)
      const bytes = api._sqlite3_column_bytes(stmt, column)
      return textCell(sqlite.readText(text, Math.min(bytes, MAX_CELL_BYTES)))
    }
    case BLOB:
      return blobCell(api._sqlite3_column_bytes(stmt, column))
    default:
      return null
  }
}

/** Steps one prepared statement to its end (or the row cap), returning its table or the failing code. */
function collect(sqlite: Sqlite, stmt: number, limits: RunLimits, budget: { left: number }) {
  const { api } = sqlite
  const count = api._sqlite3_column_count(stmt)
  const width = Math.min(count, MAX_COLUMNS)
  const columns: string[] = []
  for (let i = 0; i < width; i++) columns.push(textCell(sqlite.readText(api._sqlite3_column_name(stmt, i))))
  // A statement with no result columns (CREATE, INSERT) sends no table and costs nothing. The first table whose
  // headers are past the budget still goes, without rows: the runner drops it and marks the run truncated.
  const sends = count > 0 && budget.left > 0
  if (count > 0) budget.left -= headerCost(columns)
  const rows: CellValue[][] = []
  let truncated = count > width
  for (;;) {
    const code = api._sqlite3_step(stmt)
    if (code === SQLITE_DONE) break
    if (code !== SQLITE_ROW) return { code, table: null }
    if (rows.length >= limits.maxRows || budget.left <= 0) {
      // Stopping here is safe even for INSERT … RETURNING: SQLite makes all its changes in the first step.
      truncated = true
      break
    }
    const row: CellValue[] = []
    for (let i = 0; i < width; i++) {
      const cell = readCell(sqlite, stmt, i)
      budget.left -= cellCost(cell)
      row.push(cell)
    }
    rows.push(row)
  }
  const table: TableEvent | null = sends ? { type: 'table', columns, rows, truncated } : null
  return { code: SQLITE_DONE, table }
}

/**
 * Runs every statement of `code` on `db` in order. Tables are emitted as each statement finishes, so a
 * later statement that never ends still leaves the earlier results on screen. Statements before a failing
 * one keep their effects, as in the sqlite3 shell.
 */
export function runStatements(sqlite: Sqlite, db: number, code: string, limits: RunLimits): EngineRunOutcome {
  const { api } = sqlite
  const budget = { left: limits.outputChars }
  // Two out-parameters for prepare: the statement, then the tail.
  const outs = sqlite.allocBytes(new Uint8Array(8))
  let sql = 0
  try {
    const text = sqlite.allocUtf8(code)
    sql = text.pointer
    const end = sql + text.length
    const fail = (code: number, offset: number): EngineRunOutcome => {
      const failure = describeFailure(
        code,
        sqlite.errorMessage(db).slice(0, MAX_ERROR_CHARS),
        limits.memoryLimitMb,
      )
      const source = sqlite.heap().subarray(sql, end)
      return { status: failure.status, error: { ...failure.error, line: statementLine(source, offset) } }
    }
    let tail = sql
    while (tail < end) {
      const start = tail
      // allocUtf8 NUL-terminates the text; counting that byte lets SQLite skip copying the rest of the
      // SQL for every statement, which made 100k one-row INSERTs about 4.5x slower.
      const rc = api._sqlite3_prepare_v2(db, start, end - start + 1, outs, outs + 4)
      const stmt = sqlite.readPointer(outs)
      tail = sqlite.readPointer(outs + 4)
      if (rc !== SQLITE_OK) {
        if (stmt !== 0) api._sqlite3_finalize(stmt)
        return fail(rc, start - sql)
      }
      if (stmt === 0) {
        // Only comments or a stray ';' were left; a tail that did not move means a NUL in the text.
        if (tail <= start) break
        continue
      }
      try {
        const { code, table } = collect(sqlite, stmt, limits, budget)
        if (code !== SQLITE_DONE) return fail(code, start - sql)
        if (table) limits.emit(table)
      } finally {
        api._sqlite3_finalize(stmt)
      }
    }
    return { status: 'ok' }
  } finally {
    api._free(outs)
    api._free(sql) // free(0) is a no-op when the text did not fit
  }
}
