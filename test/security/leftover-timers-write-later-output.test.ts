import { afterAll, beforeAll, expect, test } from 'vitest'
import { openRuntimePage, type RuntimePage } from '../support/runtime-page.js'

// Work a JavaScript run schedules and leaves behind (intervals, timeouts, the promises waiting on them) is
// cancelled when the run ends, so it can't write into later runs, in its session or elsewhere.
let rp: RuntimePage

beforeAll(async () => {
  rp = await openRuntimePage()
})
afterAll(async () => {
  await rp?.close()
})

const wait = 'await new Promise((resolve) => setTimeout(resolve, 300))\nconsole.log("done")'

test('an interval a session run left behind writes nothing into the session’s next run', async () => {
  const first = await rp.run({
    language: 'javascript',
    session: 'leftover',
    code: 'let ticks = 0\nsetInterval(() => { ticks++; console.log("LEFTOVER tick") }, 5)\n"started"',
  })
  expect(first.result).toMatchObject({ status: 'ok' })
  const next = await rp.run({ language: 'javascript', session: 'leftover', code: `${wait}\nticks` })
  expect(next.result.stdout).toBe('done\n')
  // The interval was cancelled when the first run ended: it never ticked again.
  expect(next.result.outputs).toEqual([{ type: 'display', mime: 'text/plain', data: '0' }])
})

test('a timer an isolated run left behind neither throws into nor prints in a later run', async () => {
  const first = await rp.run({
    language: 'javascript',
    code: 'setTimeout(() => { throw new Error("LEFTOVER error") }, 50)\nsetTimeout(async () => { await null; Promise.reject(new Error("LEFTOVER rejection")) }, 60)',
  })
  expect(first.result).toMatchObject({ status: 'ok', stderr: '' })
  const later = await rp.run({ language: 'javascript', code: wait })
  expect(later.result).toMatchObject({ status: 'ok', stdout: 'done\n', stderr: '' })
})

test('a timer a run awaits still fires, and its own late errors still reach its own stderr', async () => {
  const own = await rp.run({
    language: 'javascript',
    code: 'setTimeout(() => { throw new Error("mine") }, 10)\nawait new Promise((resolve) => setTimeout(resolve, 100))\nconsole.log("after")',
  })
  expect(own.result).toMatchObject({ status: 'ok', stdout: 'after\n' })
  expect(own.result.stderr).toContain('Uncaught Error: mine')
})
