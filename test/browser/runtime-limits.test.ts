import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Language } from '../../packages/core/src/index.js'
import { openRuntimePage, type RuntimePage } from '../support/runtime-page.js'

// Runaway code in every language, stopped by the runner's clock and worker.terminate(), never by the worker.
const TIMEOUT_MS = 2_000
const RUNAWAY: Record<Language, string> = {
  python: 'while True: pass',
  javascript: 'while (true) {}',
  sql: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;',
}
const SET_STATE: Record<Language, string> = {
  python: 'kept = 41 + 1',
  javascript: 'let kept = 41 + 1',
  sql: 'CREATE TABLE kept(v INT); INSERT INTO kept VALUES (42);',
}
const READ_STATE: Record<Language, string> = {
  python: 'print(kept)',
  javascript: 'console.log(kept)',
  sql: 'SELECT v FROM kept;',
}

let rp: RuntimePage

beforeAll(async () => {
  rp = await openRuntimePage({ runtime: { timeoutMs: TIMEOUT_MS, maxConcurrent: 10 } })
})
afterAll(async () => {
  await rp?.close()
})

function firstValue(outcome: Awaited<ReturnType<RuntimePage['run']>>): string {
  const table = outcome.result.outputs.find((output) => output.type === 'table')
  if (table && table.type === 'table') return String(table.rows[0]?.[0])
  return outcome.result.stdout.trim()
}

describe.each(['python', 'javascript', 'sql'] as const)('%s runaway code', (language) => {
  test(`an endless ${language} loop times out within the limit + 1 s, and the session's state is back afterwards`, async () => {
    const session = `limits-${language}`
    const warm = await rp.run({ language, code: SET_STATE[language], session, timeoutMs: 60_000 })
    expect(warm.result.status).toBe('ok')
    await rp.page.evaluate(() => ((window as unknown as { longTasks: number[] }).longTasks.length = 0))

    const loop = await rp.run({ language, code: RUNAWAY[language], session })
    expect(loop.result.status).toBe('timeout')
    expect(loop.result.restarted).toBe(true)
    expect(loop.timing.runningAt).not.toBeNull()
    expect(loop.timing.resultAt - (loop.timing.runningAt ?? 0)).toBeLessThan(TIMEOUT_MS + 1_000)

    const after = await rp.run({ language, code: READ_STATE[language], session, timeoutMs: 60_000 })
    expect(after.result.status).toBe('ok')
    expect(firstValue(after)).toBe('42')

    const longest = await rp.page.evaluate(() =>
      Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks),
    )
    expect(longest).toBeLessThan(100)
  })
})

test('25 runs started at once with a limit of 10 all finish, and never more than 10 hold a slot together', async () => {
  const summary = await rp.page.evaluate(async () => {
    const w = window as unknown as {
      runcell: {
        start(r: unknown): string
        collect(id: string): Promise<{ result: { status: string; stdout: string } }>
      }
      concurrency: { active: number; max: number }
    }
    w.concurrency.max = 0
    const ids = Array.from({ length: 25 }, (_, i) =>
      w.runcell.start({
        language: 'javascript',
        code: `await new Promise((r) => setTimeout(r, 50)); console.log(${i})`,
      }),
    )
    const outcomes = await Promise.all(ids.map((id) => w.runcell.collect(id)))
    return {
      statuses: outcomes.map((o) => o.result.status),
      outputs: outcomes.map((o) => o.result.stdout.trim()),
      max: w.concurrency.max,
    }
  })
  expect(summary.statuses).toEqual(Array(25).fill('ok'))
  expect(summary.outputs).toEqual(Array.from({ length: 25 }, (_, i) => String(i)))
  expect(summary.max).toBe(10)
})

test('a flood of output is cut at the output cap with a visible marker, and the next run works', async () => {
  const flood = await rp.run({ language: 'python', code: "print('x' * 10**8)", timeoutMs: 60_000 })
  expect(flood.result.truncated).toBe(true)
  expect(flood.result.stdout.length).toBeLessThanOrEqual(1_000_000)
  expect(flood.result.stderr).toContain('output truncated')
  const next = await rp.run({ language: 'python', code: 'print("still here")' })
  expect(next.result.stdout).toBe('still here\n')
})

test('allocating 2 GB in Python ends in a clear memory error, and the runtime keeps working', async () => {
  const big = await rp.run({ language: 'python', code: 'data = bytearray(2 * 10**9)', timeoutMs: 60_000 })
  expect(['limit', 'error']).toContain(big.result.status)
  expect(big.result.error?.name).toBe('MemoryError')
  const next = await rp.run({ language: 'python', code: 'print(6 * 7)', timeoutMs: 60_000 })
  expect(next.result.status).toBe('ok')
  expect(next.result.stdout).toBe('42\n')
})

test('Stop ends a running loop as stopped, and a run queued behind it still runs', async () => {
  const outcome = await rp.page.evaluate(async () => {
    const w = window as unknown as {
      runcell: {
        runtime: {
          run(r: unknown): { id: string; stop(): void; result: Promise<{ status: string; stdout: string }> }
        }
      }
    }
    const loop = w.runcell.runtime.run({ language: 'javascript', code: 'while (true) {}', timeoutMs: 60_000 })
    const next = w.runcell.runtime.run({ language: 'javascript', code: 'console.log("after stop")' })
    await new Promise((resolve) => setTimeout(resolve, 300))
    const stoppedAt = performance.now()
    loop.stop()
    const stopped = await loop.result
    const stopMs = performance.now() - stoppedAt
    return { stopped: stopped.status, stopMs, next: (await next.result).stdout }
  })
  expect(outcome.stopped).toBe('stopped')
  expect(outcome.stopMs).toBeLessThan(1_000)
  expect(outcome.next).toBe('after stop\n')
})

test('a run stopped while still queued never runs', async () => {
  const outcome = await rp.page.evaluate(async () => {
    const w = window as unknown as {
      runcell: {
        runtime: { run(r: unknown): { stop(): void; result: Promise<{ status: string; stdout: string }> } }
      }
    }
    const blockers = Array.from({ length: 10 }, () =>
      w.runcell.runtime.run({ language: 'javascript', code: 'await new Promise((r) => setTimeout(r, 300))' }),
    )
    const queued = w.runcell.runtime.run({ language: 'javascript', code: 'console.log("should not run")' })
    queued.stop()
    const result = await queued.result
    await Promise.all(blockers.map((b) => b.result))
    return result
  })
  expect(outcome.status).toBe('stopped')
  expect(outcome.stdout).toBe('')
})

test('a bad request is refused with a RuncellError that names the field', async () => {
  const error = await rp.page.evaluate(() => {
    const w = window as unknown as { runcell: { runtime: { run(r: unknown): unknown } } }
    try {
      w.runcell.runtime.run({ language: 'cobol', code: 'DISPLAY 1' })
      return null
    } catch (e) {
      return { name: (e as Error).name, code: (e as { code?: string }).code, message: (e as Error).message }
    }
  })
  expect(error).toMatchObject({ name: 'RuncellError', code: 'INVALID_REQUEST' })
  expect(error?.message).toContain('"language"')
})
