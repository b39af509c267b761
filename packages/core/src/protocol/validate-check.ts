// Checks for the exercise parts of a run: the `check` a host sends with a run, and the verdict that comes back.
// Both cross a boundary (host → runner, runner → host, worker → runner), so each is rebuilt from checked fields.
import { MAX_CELL_CHARS, MAX_CODE_CHARS, MAX_COLUMNS, MAX_ERROR_CHARS } from './limits.js'
import { MAX_ROWS_ON_WIRE, isDict, oneOf, text } from './checks.js'
import { CHECK_STATUSES, type CellValue, type CheckResult, type RunCheck } from './types.js'

/** Why `value` is not a valid `check` for a run in `language`, in words for the developer; null when it is. */
export function checkProblem(value: unknown, language: string): string | null {
  if (!isDict(value)) return '"check" must be an object: { code } (or, in SQL, { expect }).'
  if ('code' in value && 'expect' in value) return '"check" takes either "code" or "expect", not both.'
  if ('code' in value) {
    if (typeof value.code !== 'string') return '"check.code" must be a string.'
    if (value.code.length > MAX_CODE_CHARS) return `"check.code" is longer than ${MAX_CODE_CHARS} characters.`
    return null
  }
  if (!('expect' in value)) return '"check" needs "code" (or, in SQL, "expect").'
  if (language !== 'sql')
    return '"check.expect" compares a SQL result set; other languages take "check.code".'
  return parseExpected(value.expect) ? null : expectProblem
}

const expectProblem =
  '"check.expect" must be { columns?: string[], rows: (string | number | null)[][], ordered?: boolean }, with ' +
  `at most ${MAX_ROWS_ON_WIRE} rows and ${MAX_COLUMNS} columns.`

/** A `check` from an untrusted sender, rebuilt from checked fields; null when anything is off. */
export function parseRunCheck(value: unknown): RunCheck | null {
  if (!isDict(value)) return null
  if ('code' in value) {
    const code = text(value.code, MAX_CODE_CHARS)
    return code === null || 'expect' in value ? null : { code }
  }
  const expect = parseExpected(value.expect)
  return expect ? { expect } : null
}

function parseExpected(value: unknown): Extract<RunCheck, { expect: unknown }>['expect'] | null {
  if (!isDict(value)) return null
  const { rows, columns, ordered } = value
  if (!Array.isArray(rows) || rows.length > MAX_ROWS_ON_WIRE) return null
  if (ordered !== undefined && typeof ordered !== 'boolean') return null
  const cleanRows: CellValue[][] = []
  for (const row of rows) {
    if (!Array.isArray(row) || row.length > MAX_COLUMNS) return null
    const cells: CellValue[] = []
    for (const cell of row) {
      if (cell === null || (typeof cell === 'number' && Number.isFinite(cell))) cells.push(cell)
      else if (typeof cell === 'string' && cell.length <= MAX_CELL_CHARS) cells.push(cell)
      else return null
    }
    cleanRows.push(cells)
  }
  const expect: { columns?: string[]; rows: CellValue[][]; ordered?: boolean } = { rows: cleanRows }
  if (columns !== undefined) {
    if (!Array.isArray(columns) || columns.length > MAX_COLUMNS) return null
    const names: string[] = []
    for (const name of columns) {
      const clean = text(name, MAX_CELL_CHARS)
      if (clean === null) return null
      names.push(clean)
    }
    expect.columns = names
  }
  if (ordered !== undefined) expect.ordered = ordered
  return expect
}

/** A verdict from an untrusted sender (a worker's check reply, the runner's result); null when malformed. */
export function parseCheckResult(value: unknown): CheckResult | null {
  if (!isDict(value)) return null
  const status = oneOf(value.status, CHECK_STATUSES)
  if (!status) return null
  if (value.message === undefined) return { status }
  if (typeof value.message !== 'string') return null
  return { status, message: value.message.slice(0, MAX_ERROR_CHARS) }
}
