// python_stop_isolated_ms: Stop of `while True: pass` on a cross-origin isolated page until the next run's
// output, with the session's state kept. Baseline: the same Stop on a page that is not isolated, where the
// worker is terminated, respawned and the session replayed.
import { median, result } from '../stats.mjs'
import { startBenchOrigins } from '../servers.mjs'

async function stopTimes(browser, origins, runs) {
  const page = await browser.newPage()
  await page.goto(`${origins.host.url}/runcell.html`)
  await page.waitForFunction(() => window.benchReady === true)
  const times = await page.evaluate(async (n) => {
    await window.timeRun({ language: 'python', code: 'x = 1', session: 'stop' })
    const times = []
    const restarted = []
    for (let i = 0; i < n; i++) {
      const loop = await window.timeRun(
        { language: 'python', code: 'while True: pass', session: 'stop' },
        { stopAfterMs: 300 },
      )
      const next = await window.timeRun({ language: 'python', code: 'print(x)', session: 'stop' })
      if (loop.status !== 'stopped' || next.stdout !== '1\n') throw new Error('stop went wrong')
      times.push(next.startedAt + next.first - loop.stoppedAt)
      restarted.push(loop.restarted)
    }
    return { times, restarted }
  }, runs)
  await page.close()
  return times
}

export async function pythonStop(browser, { runs }) {
  const isolated = await startBenchOrigins({ isolated: true })
  const plain = await startBenchOrigins()
  try {
    const kept = await stopTimes(browser, isolated, runs)
    const terminated = await stopTimes(browser, plain, runs)
    return [
      result({
        metric: 'python_stop_isolated_ms',
        value: median(kept.times),
        baseline: median(terminated.times),
        target: 100,
        targetOn: 'value',
        unit: 'ms',
        note: `Stop to the next run's output on an isolated page (KeyboardInterrupt, restarted: ${kept.restarted.some(Boolean)}); baseline: terminate + respawn + replay on a plain page; median of ${runs}`,
      }),
    ]
  } finally {
    await isolated.close()
    await plain.close()
  }
}
