// The monitor's queueMs in real Chromium: a run that waits in the runner behind an earlier run of its language
// counts that wait, up to the engine starting it. One page, JavaScript only (the fastest engine to load).
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openRuntimePage, type RuntimePage } from '../support/runtime-page.js'

let rt: RuntimePage

beforeAll(async () => {
  rt = await openRuntimePage()
})

afterAll(async () => {
  await rt?.close()
})

test('the second of two runs started together in one session counts the first run in its queueMs', async () => {
  // A string, so the test runner's transform leaves the page's own dynamic import alone.
  const records = (await rt.page.evaluate(`(async () => {
    const { createRuntime } = await import('/core/index.js')
    const records = []
    const runtime = createRuntime({
      assetsBaseUrl: window.runcell.runtime.config.assetsBaseUrl,
      observer: { runFinished: (record) => records.push(record) },
    })
    const first = runtime.run({
      language: 'javascript',
      session: 'q',
      code: 'await new Promise((resolve) => setTimeout(resolve, 1000)); console.log(1)',
    })
    const second = runtime.run({ language: 'javascript', session: 'q', code: 'console.log(2)' })
    await Promise.all([first.result, second.result])
    return records.map((record) => ({ id: record.executionId, queueMs: record.queueMs, duration: record.duration }))
      .sort((a, b) => (a.id === first.id ? -1 : 1))
  })()`)) as { queueMs: number; duration: number }[]
  const [first, second] = records
  expect(first?.duration).toBeGreaterThanOrEqual(1000)
  // The runtime sent both at once (maxConcurrent 10); only the runner's slot made the second wait for the first.
  expect((second?.queueMs ?? 0) - (first?.queueMs ?? 0)).toBeGreaterThanOrEqual(0.9 * (first?.duration ?? 0))
})
