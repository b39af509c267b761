import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Runtime } from '../../packages/core/src/index.js'
import { runtimeFloods, type Flood } from '../support/floods.js'
import { openRuntimePage, type RuntimePage } from '../support/runtime-page.js'

// Each flood runs through `runtime.run` on a host page that only consumes its events and awaits its result, as
// any embedder would. The host page's longest task (PerformanceObserver 'longtask', installed by the host
// script) must stay under 200 ms, and the runtime must still run code afterwards.
const LONGEST_TASK_MS = 200

interface FloodOutcome {
  status: string
  events: number
  outputs: number
  /** Tables and displays among the events: what a forged flood would have added. */
  rich: number
  cells: number
  headerChars: number
  truncated: boolean
  longestTaskMs: number
}

let rp: RuntimePage

beforeAll(async () => {
  rp = await openRuntimePage({ runtime: { timeoutMs: 60_000 } })
  for (const language of ['javascript', 'sql'] as const) {
    const warm = await rp.run({ language, code: language === 'sql' ? 'SELECT 1;' : '1' })
    expect(warm.result.status).toBe('ok')
  }
})
afterAll(async () => {
  await rp?.close()
})

async function runFlood(flood: Flood): Promise<FloodOutcome> {
  return rp.page.evaluate(async ({ language, code }) => {
    const w = window as unknown as {
      longTasks: number[]
      runcell: { runtime: Runtime }
    }
    // Let the page settle, then count only the flood's tasks.
    await new Promise((resolve) => setTimeout(resolve, 100))
    w.longTasks.length = 0
    const execution = w.runcell.runtime.run({ language, code })
    let events = 0
    let rich = 0
    for await (const event of execution.events) {
      events++
      if (event.type === 'table' || event.type === 'display') rich++
    }
    const result = await execution.result
    // Long tasks are reported after the task ends: give the observer a moment.
    await new Promise((resolve) => setTimeout(resolve, 200))
    let cells = 0
    let headerChars = 0
    for (const output of result.outputs) {
      if (output.type !== 'table') continue
      for (const row of output.rows) cells += row.length
      for (const column of output.columns) headerChars += column.length
    }
    return {
      status: result.status,
      events,
      outputs: result.outputs.length,
      rich,
      cells,
      headerChars,
      truncated: result.truncated === true,
      longestTaskMs: Math.round(Math.max(0, ...w.longTasks)),
    }
  }, flood)
}

describe.each(runtimeFloods.map((flood) => [flood.name, flood] as const))('%s', (name, flood) => {
  const arrives = flood.forged ? ', none of it arrives,' : ''
  test(`${name} never stalls the host page for ${LONGEST_TASK_MS} ms${arrives} and the next run works`, async () => {
    const outcome = await runFlood(flood)
    console.log(`flood "${name}": ${JSON.stringify(outcome)}`)
    expect(outcome.longestTaskMs).toBeLessThan(LONGEST_TASK_MS)
    // A forgery on the worker's public channel reaches nothing: the runner hears the engine on its private port.
    if (flood.forged)
      expect({ rich: outcome.rich, outputs: outcome.outputs }).toEqual({ rich: 0, outputs: 0 })
    const after = await rp.run({ language: 'javascript', code: 'console.log(6 * 7)' })
    expect(after.result).toMatchObject({ status: 'ok', stdout: '42\n' })
  })
})
