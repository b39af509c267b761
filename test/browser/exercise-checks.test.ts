// Exercise checks in real Chromium: pass, fail, author error and learner error in each language, and hidden check
// code and output never reaching the learner's output, events or the monitor's records. One page for the file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunRequest } from '../../packages/core/src/index.js'
import { openRuntimePage, type RunOutcome, type RuntimePage } from '../support/runtime-page.js'

let rt: RuntimePage

beforeAll(async () => {
  rt = await openRuntimePage()
  // A second runtime on the same page whose observer keeps the monitor's records, to look for the check in them.
  // A string, so the test runner's transform leaves the page's own dynamic import alone.
  await rt.page.evaluate(`(async () => {
    const { createRuntime } = await import('/core/index.js')
    const records = []
    const runtime = createRuntime({
      assetsBaseUrl: window.runcell.runtime.config.assetsBaseUrl,
      observer: { runFinished: (record) => records.push(record) },
    })
    window.observed = { runtime, records }
  })()`)
})

afterAll(async () => {
  await rt?.close()
})

/** Runs `request` on the observed runtime: its events, result, and every monitor record so far. */
async function observedRun(request: RunRequest): Promise<RunOutcome & { records: unknown[] }> {
  return rt.page.evaluate(async (req) => {
    interface Observed {
      runtime: { run(r: unknown): { events: AsyncIterable<unknown>; result: Promise<RunOutcome['result']> } }
      records: unknown[]
    }
    const { runtime, records } = (window as unknown as { observed: Observed }).observed
    const execution = runtime.run(req)
    const events = [] as RunOutcome['events']
    for await (const event of execution.events) events.push(event as RunOutcome['events'][number])
    const result = await execution.result
    return { events, result, timing: { runningAt: null, resultAt: 0 }, records: [...records] }
  }, request)
}

/** Everything the learner and the monitor could see of a run, as one string to search. */
const visible = (outcome: RunOutcome & { records?: unknown[] }) =>
  JSON.stringify({ ...outcome.result, check: undefined }) +
  JSON.stringify(outcome.events) +
  JSON.stringify(outcome.records ?? [])

describe('SQL exercise checks', () => {
  const setup =
    "CREATE TABLE pets(name TEXT, age INT); INSERT INTO pets VALUES ('Rex', 3), ('Tom', 5), ('Ada', 1);"

  it('passes when the check query returns 1, after the setup and the learner code ran', async () => {
    const { result } = await rt.run({
      language: 'sql',
      setup,
      code: "INSERT INTO pets VALUES ('Bo', 2);",
      check: { code: "SELECT COUNT(*) = 4, 'expected four pets' FROM pets" },
    })
    expect(result.status).toBe('ok')
    expect(result.check).toEqual({ status: 'pass' })
  })

  it('fails with the second column as the message', async () => {
    const { result } = await rt.run({
      language: 'sql',
      setup,
      code: "DELETE FROM pets WHERE name = 'Rex';",
      check: { code: "SELECT COUNT(*) = 4, 'expected four pets, found ' || COUNT(*) FROM pets" },
    })
    expect(result.check).toEqual({ status: 'fail', message: 'expected four pets, found 2' })
  })

  it('the expect form compares the learner’s last result set, in order or not', async () => {
    const code = 'SELECT name FROM pets WHERE age > 2 ORDER BY name DESC;'
    const ordered = await rt.run({
      language: 'sql',
      setup,
      code,
      check: { expect: { rows: [['Tom'], ['Rex']] } },
    })
    expect(ordered.result.check).toEqual({ status: 'pass' })
    const wrongOrder = await rt.run({
      language: 'sql',
      setup,
      code,
      check: { expect: { rows: [['Rex'], ['Tom']] } },
    })
    expect(wrongOrder.result.check?.status).toBe('fail')
    const anyOrder = await rt.run({
      language: 'sql',
      setup,
      code,
      check: { expect: { columns: ['name'], rows: [['Rex'], ['Tom']], ordered: false } },
    })
    expect(anyOrder.result.check).toEqual({ status: 'pass' })
  })

  it('setup runs hidden before the code, without a check too: only the learner’s own result shows', async () => {
    const { result } = await rt.run({ language: 'sql', setup, code: 'SELECT COUNT(*) AS n FROM pets;' })
    expect(result.status).toBe('ok')
    expect(result.check).toBeUndefined()
    expect(result.outputs).toEqual([{ type: 'table', columns: ['n'], rows: [[3]], truncated: false }])
  })

  it('a broken check query is the author’s error, with its type and message', async () => {
    const { result } = await rt.run({
      language: 'sql',
      setup,
      code: 'SELECT 1;',
      check: { code: 'SELECT COUNT(*) = 3 FROM no_such_table' },
    })
    expect(result.check?.status).toBe('error')
    expect(result.check?.message).toMatch(/no such table: no_such_table/)
  })

  it('learner SQL that fails is not checked, and the verdict says so', async () => {
    const { result } = await rt.run({
      language: 'sql',
      setup,
      code: 'SELEC name FROM pets;',
      check: { code: 'SELECT 1' },
    })
    expect(result.status).toBe('error')
    expect(result.check?.status).toBe('fail')
    expect(result.check?.message).toMatch(/^Your code raised .*syntax error.*so it was not checked\.$/)
  })

  it('the check’s code and its output appear nowhere the learner or the monitor can see', async () => {
    const outcome = await observedRun({
      language: 'sql',
      setup: 'CREATE TABLE t(x); INSERT INTO t VALUES (41);',
      code: 'SELECT x FROM t;',
      check: { code: "SELECT 0, 'SECRET_SQL_' || (SELECT x + 1 FROM t)" },
    })
    expect(outcome.result.check).toEqual({ status: 'fail', message: 'SECRET_SQL_42' })
    expect(outcome.result.outputs).toEqual([
      { type: 'table', columns: ['x'], rows: [[41]], truncated: false },
    ])
    expect(visible(outcome)).not.toMatch(/SECRET_SQL|CREATE TABLE/)
    expect(outcome.records.length).toBeGreaterThan(0)
  })
})

describe('Python exercise checks', () => {
  const setup = 'prices = [3, 5, 8]'

  it('passes when the check finishes, with ns, stdout and result in scope', async () => {
    const { result } = await rt.run({
      language: 'python',
      setup,
      code: 'total = sum(prices)\nprint("total", total)\ntotal * 2',
      check: {
        code: 'assert ns["total"] == 16\nassert stdout == "total 16\\n", stdout\nassert result == 32',
      },
    })
    expect(result.status).toBe('ok')
    expect(result.stdout).toBe('total 16\n')
    expect(result.check).toEqual({ status: 'pass' })
  })

  it('fails with the message of the failed assert', async () => {
    const { result } = await rt.run({
      language: 'python',
      setup,
      code: 'total = max(prices)',
      check: { code: 'assert ns["total"] == 16, f"total should be 16, not {ns[\'total\']}"' },
    })
    expect(result.check).toEqual({ status: 'fail', message: 'total should be 16, not 8' })
  })

  it('any other exception in the check is the author’s error, with its type and message', async () => {
    const { result } = await rt.run({
      language: 'python',
      code: 'x = 1',
      check: { code: 'assert ns["y"] == 2' },
    })
    expect(result.check).toEqual({ status: 'error', message: "KeyError: 'y'" })
  })

  it('learner code that raises or times out is not checked', async () => {
    const raised = await rt.run({ language: 'python', code: '1 / 0', check: { code: 'assert True' } })
    expect(raised.result.status).toBe('error')
    expect(raised.result.check).toEqual({
      status: 'fail',
      message: 'Your code raised ZeroDivisionError: division by zero, so it was not checked.',
    })
    const slow = await rt.run({
      language: 'python',
      code: 'while True: pass',
      timeoutMs: 1_000,
      check: { code: 'assert True' },
    })
    expect(slow.result.status).toBe('timeout')
    expect(slow.result.check).toEqual({
      status: 'fail',
      message: 'Your code did not finish in time, so it was not checked.',
    })
  })

  it('a session’s earlier runs replay into the fresh engine before the checked code', async () => {
    await rt.run({ language: 'python', session: 'lesson', code: 'base = 10' })
    const { result } = await rt.run({
      language: 'python',
      session: 'lesson',
      code: 'answer = base + 32',
      check: { code: 'assert ns["answer"] == 42' },
    })
    expect(result.check).toEqual({ status: 'pass' })
    // The page's own engine has the checked run's variables too.
    const after = await rt.run({ language: 'python', session: 'lesson', code: 'print(answer)' })
    expect(after.result.stdout).toBe('42\n')
  })

  it('the check’s code and its prints appear nowhere the learner or the monitor can see', async () => {
    const outcome = await observedRun({
      language: 'python',
      code: 'print("learner output")',
      check: { code: 'print("SECRET_PY_PRINT")\nsecret_py_name = 1\nassert False, "SECRET_PY_" + "MESSAGE"' },
    })
    expect(outcome.result.check).toEqual({ status: 'fail', message: 'SECRET_PY_MESSAGE' })
    expect(outcome.result.stdout).toBe('learner output\n')
    expect(visible(outcome)).not.toMatch(/SECRET_PY|secret_py_name/)
  })
})

describe('JavaScript exercise checks', () => {
  it('passes when every assert holds, with ns, stdout and result in scope', async () => {
    const { result } = await rt.run({
      language: 'javascript',
      code: 'const total = [3, 5, 8].reduce((a, b) => a + b, 0)\nconsole.log("total", total)\ntotal * 2',
      check: {
        code: [
          'assert.equal(ns.total, 16)',
          "assert.equal(stdout, 'total 16\\n')",
          'assert.ok(result === 32)',
          'assert.deepEqual({ a: [ns.total] }, { a: [16] })',
          "assert.throws(() => { throw new TypeError('x') }, TypeError)",
        ].join('\n'),
      },
    })
    expect(result.status).toBe('ok')
    expect(result.check).toEqual({ status: 'pass' })
  })

  it('fails with the message of the failed assert', async () => {
    const { result } = await rt.run({
      language: 'javascript',
      code: 'const total = 8',
      check: { code: "assert.equal(ns.total, 16, 'total should be 16')" },
    })
    expect(result.check).toEqual({ status: 'fail', message: 'total should be 16' })
  })

  it('anything else the check throws is the author’s error, with its type and message', async () => {
    const { result } = await rt.run({
      language: 'javascript',
      code: 'const total = 8',
      check: { code: 'ns.total.toFixed.call(null)' },
    })
    expect(result.check?.status).toBe('error')
    expect(result.check?.message).toMatch(/^TypeError: /)
  })

  it('learner code that throws is not checked', async () => {
    const { result } = await rt.run({
      language: 'javascript',
      code: "throw new RangeError('too far')",
      check: { code: 'assert.ok(true)' },
    })
    expect(result.status).toBe('error')
    expect(result.check).toEqual({
      status: 'fail',
      message: 'Your code raised RangeError: too far, so it was not checked.',
    })
  })

  it('the check’s code and its logs appear nowhere the learner or the monitor can see', async () => {
    const outcome = await observedRun({
      language: 'javascript',
      code: 'console.log("learner output")',
      check: { code: "console.log('SECRET_JS_LOG')\nassert.ok(false, 'SECRET_JS_' + 'MESSAGE')" },
    })
    expect(outcome.result.check).toEqual({ status: 'fail', message: 'SECRET_JS_MESSAGE' })
    expect(outcome.result.stdout).toBe('learner output\n')
    expect(visible(outcome)).not.toMatch(/SECRET_JS/)
  })
})
