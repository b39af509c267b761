// python_input_round_trip_ms: from `execution.sendInput` to the run's next output, for a Python loop of input()
// calls, on a plain page (JSPI) and on a cross-origin isolated page (shared memory). The value is the slower of
// the two medians; the note gives both.
import { startBenchOrigins } from '../servers.mjs'
import { median, result } from '../stats.mjs'

/** Answers `count` input() calls as soon as each is asked; returns the time from each answer to the next output. */
async function answerTimes(browser, origins, count) {
  const page = await browser.newPage()
  try {
    await page.goto(`${origins.host.url}/runcell.html`)
    await page.waitForFunction(() => window.benchReady === true)
    return await page.evaluate(async (n) => {
      const measure = async (rounds) => {
        const code = `for i in range(${rounds}):\n    input()\n    print(i)`
        const execution = window.rt.run({ language: 'python', code })
        const times = []
        let answeredAt = null
        for await (const event of execution.events) {
          if (event.type === 'input-request') {
            answeredAt = performance.now()
            execution.sendInput('x')
          } else if (event.type === 'stdout' && answeredAt !== null) {
            times.push(performance.now() - answeredAt)
            answeredAt = null
          }
        }
        const { status } = await execution.result
        if (status !== 'ok') throw new Error(`the input loop ended as ${status}`)
        return times
      }
      // The first answers of a worker pay one-off set-up (JSPI's run_sync is readied on first use).
      await measure(5)
      return measure(n)
    }, count)
  } finally {
    await page.close()
  }
}

export async function inputRoundTrip(browser, { count }) {
  const plain = await startBenchOrigins()
  const isolated = await startBenchOrigins({ isolated: true })
  try {
    const jspi = median(await answerTimes(browser, plain, count))
    const shared = median(await answerTimes(browser, isolated, count))
    return [
      result({
        metric: 'python_input_round_trip_ms',
        value: Math.max(jspi, shared),
        target: 5,
        targetOn: 'value',
        unit: 'ms',
        note: `sendInput to the next output, median of ${count}: JSPI ${jspi.toFixed(2)} ms, shared memory ${shared.toFixed(2)} ms`,
      }),
    ]
  } finally {
    await plain.close()
    await isolated.close()
  }
}
