// An exercise check in SQL: the author's query runs on the learner's database after the learner's code, and its
// one row says pass (first column 1) or fail (the second column, if any, is the message).
import type { CheckResult, TableEvent } from '../../protocol/types.js'
import type { Sqlite } from './sqlite-module.js'
import { runStatements } from './statements.js'

/** Runs the check `code` on `db` and reads its verdict; nothing it returns is shown to the learner. */
export function runSqlCheck(sqlite: Sqlite, db: number, code: string, memoryLimitMb: number): CheckResult {
  const tables: TableEvent[] = []
  const outcome = runStatements(sqlite, db, code, {
    // Two rows are enough to tell "one row" from "more"; the budget only bounds a runaway message column.
    maxRows: 2,
    outputChars: 100_000,
    memoryLimitMb,
    emit: (table) => tables.push(table),
  })
  if (outcome.status !== 'ok') {
    const error = outcome.error
    return { status: 'error', message: error ? `${error.name}: ${error.message}` : 'the check failed to run' }
  }
  return sqlVerdict(tables.at(-1))
}

/** The verdict of a check query's last result set. */
export function sqlVerdict(table: TableEvent | undefined): CheckResult {
  if (!table)
    return { status: 'error', message: 'The check query returned no result set; it must SELECT one row.' }
  if (table.rows.length > 1 || (table.truncated && table.rows.length > 0))
    return { status: 'error', message: 'The check query returned more than one row; it must return one.' }
  const row = table.rows[0]
  if (!row) return { status: 'fail', message: 'The check found no row to pass.' }
  if (row[0] === 1) return { status: 'pass' }
  const message = row[1]
  return {
    status: 'fail',
    message: message === undefined || message === null ? 'The check failed.' : String(message),
  }
}
