import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { compareExpected, unfinished } from './check-run.js'
import { EngineSlot } from './engine-slot.js'
import { fakeJob, fakeStarter, type FakeHandle } from './testing/fake-engine.js'

const config = { memoryLimitMb: 100, outputLimitChars: 1_000, maxRows: 100, engineLoadTimeoutMs: 10_000 }
const settle = () => vi.advanceTimersByTimeAsync(0)

function setUp() {
  const { start, handles } = fakeStarter()
  const slot = new EngineSlot({
    descriptor: { language: 'python', keepsSpare: false },
    start,
    config: () => config,
    notify: () => {},
  })
  const handle = (index: number): FakeHandle => {
    const found = handles[index]
    if (!found) throw new Error(`no handle #${index}`)
    return found
  }
  return { slot, handles, handle }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('a checked run in the engine slot', () => {
  test('runs on a fresh engine that replays only its own session, then the check, and reads the verdict', async () => {
    const { slot, handle, handles } = setUp()
    const first = fakeJob('first', { session: 's', code: 'x = 1' })
    slot.submit(first.job)
    handle(0).load()
    await settle()
    handle(0).lastRun?.reply({ status: 'ok' })
    const other = fakeJob('other', { session: 'elsewhere', code: 'patch()' })
    slot.submit(other.job)
    await settle()
    handle(0).lastRun?.reply({ status: 'ok' })
    await settle()

    const checked = fakeJob('checked', { session: 's', code: 'y = x + 1', check: { code: 'assert y == 2' } })
    slot.submit(checked.job)
    await settle()
    expect(handles).toHaveLength(2)
    handle(1).load()
    await settle()
    expect(handle(1).runs.map((run) => run.request.code)).toEqual(['x = 1', 'y = x + 1'])
    handle(1).emit('checked', { type: 'stdout', text: 'hi\n' })
    handle(1).lastRun?.reply({ status: 'ok' })
    await settle()
    expect(handle(1).checks).toHaveLength(1)
    expect(handle(1).checks[0]?.request).toEqual({
      runId: 'check:checked',
      namespace: 'session:s',
      code: 'assert y == 2',
      stdout: 'hi\n',
    })
    handle(1).checks[0]?.reply({ status: 'fail', message: 'y is wrong' })
    await settle()
    expect(checked.result).toMatchObject({ status: 'ok', check: { status: 'fail', message: 'y is wrong' } })
    expect(handle(1).terminated).toBe(true)
    expect(handle(0).terminated).toBe(false)
    // The page's engine catches up with the session before its next run.
    const after = fakeJob('after', { session: 's', code: 'print(y)' })
    slot.submit(after.job)
    await settle()
    expect(handle(0).runs.map((run) => run.request.code)).toEqual([
      'x = 1',
      'patch()',
      'y = x + 1',
      'print(y)',
    ])
  })

  test('a malformed verdict from the worker is an error, never a pass', async () => {
    const { slot, handle } = setUp()
    const checked = fakeJob('c', { check: { code: 'pass' } })
    slot.submit(checked.job)
    handle(0).load()
    await settle()
    handle(0).lastRun?.reply({ status: 'ok' })
    await settle()
    handle(0).checks[0]?.reply({ status: 'passed!' })
    await settle()
    expect(checked.result?.check).toEqual({ status: 'error', message: 'The check gave a malformed verdict.' })
  })

  test('learner code that raises is not checked, and the verdict says why', async () => {
    const { slot, handle } = setUp()
    const checked = fakeJob('c', { check: { code: 'assert True' } })
    slot.submit(checked.job)
    handle(0).load()
    await settle()
    handle(0).lastRun?.reply({
      status: 'error',
      error: { name: 'ZeroDivisionError', message: 'division by zero' },
    })
    await settle()
    expect(handle(0).checks).toHaveLength(0)
    expect(checked.result?.check).toEqual({
      status: 'fail',
      message: 'Your code raised ZeroDivisionError: division by zero, so it was not checked.',
    })
  })

  test("a check that never answers ends as an error within what is left of the run's timeout", async () => {
    const { slot, handle } = setUp()
    const checked = fakeJob('c', { check: { code: 'while True: pass' }, timeoutMs: 3_000 })
    slot.submit(checked.job)
    handle(0).load()
    await settle()
    await vi.advanceTimersByTimeAsync(1_000)
    handle(0).lastRun?.reply({ status: 'ok' })
    await settle()
    await vi.advanceTimersByTimeAsync(1_999)
    expect(checked.result).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(checked.result?.check).toEqual({
      status: 'error',
      message: 'The check did not finish within 2 s.',
    })
    expect(handle(0).terminated).toBe(true)
  })

  test('Stop while the hidden check runs ends the run at once, with a verdict that says so', async () => {
    const { slot, handle } = setUp()
    const checked = fakeJob('c', { check: { code: 'loops_forever()' }, timeoutMs: 30_000 })
    slot.submit(checked.job)
    handle(0).load()
    await settle()
    handle(0).lastRun?.reply({ status: 'ok' })
    await settle()
    slot.stop('c')
    await settle()
    expect(checked.result).toMatchObject({
      status: 'ok',
      check: { status: 'fail', message: 'The check was stopped before it finished, so it gave no verdict.' },
    })
    expect(handle(0).terminated).toBe(true)
  })

  test("setup runs hidden before the code once per session, and a failed setup is the author's error", async () => {
    const { slot, handle } = setUp()
    const a = fakeJob('a', { session: 's', setup: 'import data' })
    slot.submit(a.job)
    handle(0).load()
    await settle()
    expect(handle(0).runs.map((run) => run.request.runId)).toEqual(['setup:a'])
    handle(0).runs[0]?.reply({ status: 'ok' })
    await settle()
    handle(0).lastRun?.reply({ status: 'ok' })
    const b = fakeJob('b', { session: 's', setup: 'import data' })
    slot.submit(b.job)
    await settle()
    expect(handle(0).runs.map((run) => run.request.runId)).toEqual(['setup:a', 'a', 'b'])
    handle(0).lastRun?.reply({ status: 'ok' })
    const c = fakeJob('c', { setup: 'raise X', check: { code: 'pass' } })
    slot.submit(c.job)
    await settle()
    handle(1).load()
    await settle()
    handle(1).lastRun?.reply({ status: 'error', error: { name: 'NameError', message: 'X' } })
    await settle()
    expect(c.result?.status).toBe('error')
    expect(c.result?.check).toEqual({
      status: 'error',
      message: 'Runcell: the setup failed: NameError: X',
    })
  })
})

test('a checked run stopped while its fresh engine loads terminates that engine once it is ready', async () => {
  const { slot, handle, handles } = setUp()
  const warm = fakeJob('warm', { code: 'x = 1' })
  slot.submit(warm.job)
  handle(0).load()
  await settle()
  handle(0).lastRun?.reply({ status: 'ok' })
  await settle()
  const checked = fakeJob('checked', { code: 'y = 2', check: { code: 'assert y == 2' } })
  slot.submit(checked.job)
  await settle()
  expect(handles).toHaveLength(2)
  slot.stop('checked')
  await settle()
  expect(checked.result).toMatchObject({ status: 'stopped' })
  handle(1).load()
  await settle()
  expect(handle(1).terminated).toBe(true)
  expect(handle(1).runs).toEqual([])
  expect(handle(0).terminated).toBe(false)
})

describe('the SQL expect form', () => {
  const table = (rows: (string | number | null)[][]) => ({
    type: 'table' as const,
    columns: ['name', 'n'],
    rows,
    truncated: false,
  })

  test('passes on equal rows, in order, and ignores order when asked', () => {
    expect(
      compareExpected(
        {
          rows: [
            ['a', 1],
            ['b', 2],
          ],
        },
        table([
          ['a', 1],
          ['b', 2],
        ]),
      ),
    ).toEqual({ status: 'pass' })
    expect(
      compareExpected(
        {
          rows: [
            ['a', 1],
            ['b', 2],
          ],
        },
        table([
          ['b', 2],
          ['a', 1],
        ]),
      ).status,
    ).toBe('fail')
    expect(
      compareExpected(
        {
          rows: [
            ['a', 1],
            ['b', 2],
          ],
          ordered: false,
        },
        table([
          ['b', 2],
          ['a', 1],
        ]),
      ),
    ).toEqual({
      status: 'pass',
    })
  })

  test('names the first difference: columns, row count, or a row', () => {
    expect(compareExpected({ columns: ['name'], rows: [] }, table([])).message).toBe(
      'Expected the columns name; got name, n.',
    )
    expect(compareExpected({ rows: [['a', 1]] }, table([])).message).toBe('Expected 1 rows; got 0.')
    expect(compareExpected({ rows: [['a', 1]] }, table([['a', 2]])).message).toBe(
      'Row 1 differs: expected ["a",1]; got ["a",2].',
    )
    expect(compareExpected({ rows: [] }, null).message).toBe('Your query returned no result set.')
  })

  test('a learner run that timed out fails the check without running it', () => {
    expect(unfinished('timeout', undefined)).toEqual({
      status: 'fail',
      message: 'Your code did not finish in time, so it was not checked.',
    })
  })
})
