// The runner page's half of an exercise check: what it watches of the learner's run, the verdict when the
// learner's code did not finish, the SQL `expect` comparison, and the hidden check call whose reply it validates.
// The verdict is read here, in the runner page, from an engine no earlier run on the page touched.
import type { EngineCheckRequest } from '../protocol/engine.js'
import type {
  CellValue,
  CheckResult,
  ExpectedResult,
  RunEvent,
  RunStatus,
  TableEvent,
} from '../protocol/types.js'
import { parseCheckResult } from '../protocol/validate-check.js'
import type { EngineHandle } from './engine-handle.js'

/** What a check reads of the learner's run: its stdout as the learner saw it, and its last result set. */
export class CheckWatch {
  private readonly printed: string[] = []
  /** The last table the learner saw (after the runner's caps). */
  lastTable: TableEvent | null = null

  see(event: RunEvent): void {
    if (event.type === 'stdout') this.printed.push(event.text)
    else if (event.type === 'table') this.lastTable = event
  }

  get stdout(): string {
    return this.printed.join('')
  }
}

/** The verdict when the learner's code did not finish: the check never ran. */
export function unfinished(
  status: RunStatus,
  error: { name: string; message: string } | undefined,
): CheckResult {
  const why =
    status === 'timeout'
      ? 'did not finish in time'
      : status === 'stopped'
        ? 'was stopped before it finished'
        : status === 'limit'
          ? `hit a limit${error ? ` (${error.name}: ${error.message})` : ''}`
          : `raised ${error ? `${error.name}: ${error.message}` : 'an error'}`
  return { status: 'fail', message: `Your code ${why}, so it was not checked.` }
}

/**
 * Compares the learner's last result set with the SQL `expect` form. Numbers compare by value (1 and 1.0 are
 * equal, as SQLite sees them); row order counts unless `ordered` is false.
 */
export function compareExpected(expect: ExpectedResult, table: TableEvent | null): CheckResult {
  if (!table) return { status: 'fail', message: 'Your query returned no result set.' }
  if (expect.columns) {
    const want = expect.columns.join(', ')
    const got = table.columns.join(', ')
    if (want !== got) return { status: 'fail', message: `Expected the columns ${want}; got ${got}.` }
  }
  if (table.truncated && table.rows.length < expect.rows.length + 1)
    return { status: 'fail', message: `Expected ${expect.rows.length} rows; got more than the runner keeps.` }
  if (table.rows.length !== expect.rows.length)
    return { status: 'fail', message: `Expected ${expect.rows.length} rows; got ${table.rows.length}.` }
  const key = (row: CellValue[]) => JSON.stringify(row)
  const got = table.rows.map(key)
  const want = expect.rows.map(key)
  if (expect.ordered === false) {
    got.sort()
    want.sort()
  }
  for (let i = 0; i < want.length; i++) {
    if (got[i] !== want[i]) {
      const where = expect.ordered === false ? 'The rows differ' : `Row ${i + 1} differs`
      return { status: 'fail', message: `${where}: expected ${want[i]}; got ${got[i]}.` }
    }
  }
  return { status: 'pass' }
}

/**
 * Runs the hidden check on `handle` and reads its verdict. A reply that is malformed, throws, or never comes
 * within `timeoutMs` is an `error` verdict: nothing the worker sends is taken on trust.
 */
export async function runHiddenCheck(
  handle: EngineHandle,
  request: EngineCheckRequest,
  timeoutMs: number,
): Promise<CheckResult> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          status: 'error',
          message: `The check did not finish within ${Math.round(timeoutMs / 1000)} s.`,
        }),
      timeoutMs,
    )
  })
  const answered = Promise.resolve()
    .then(() => handle.check(request))
    .then(
      (raw): CheckResult => {
        try {
          const verdict = parseCheckResult(raw)
          if (verdict) return verdict
        } catch {
          // A reply that throws while it is read is as malformed as any other.
        }
        return { status: 'error', message: 'The check gave a malformed verdict.' }
      },
      (): CheckResult => ({ status: 'error', message: 'The engine crashed while it ran the check.' }),
    )
  try {
    return await Promise.race([answered, late])
  } finally {
    clearTimeout(timer)
  }
}
