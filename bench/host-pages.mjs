// The Runcell side of the benchmarks: a host page with one runtime on `window.rt` and timing helpers. With
// `?autorun=<language>` it runs `print(1)` (or the language's equivalent) as soon as the page loads and
// records when the first output arrived, on the page clock (milliseconds since navigation started).

/** The first-output snippet per language. */
export const HELLO = { python: 'print(1)', javascript: 'console.log(1)', sql: 'SELECT 1;' }

const script = ({ assetsBaseUrl, isolated }) => `
import { createRuntime } from '/core/index.js'
window.longTasks = []
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.longTasks.push(entry.duration)
}).observe({ type: 'longtask', buffered: true })
const rt = createRuntime(${JSON.stringify({ assetsBaseUrl, ...(isolated ? { allow: 'cross-origin-isolated' } : {}) })})
window.rt = rt
const HELLO = ${JSON.stringify(HELLO)}
/** Runs a request; times its first output and its result from the call. */
window.timeRun = async (request, { stopAfterMs } = {}) => {
  const started = performance.now()
  const execution = rt.run(request)
  let first = null
  let stopAt = null
  for await (const event of execution.events) {
    if (first === null && (event.type === 'stdout' || event.type === 'table')) first = performance.now()
    if (stopAfterMs !== undefined && stopAt === null && event.type === 'status' && event.phase === 'running') {
      stopAt = started
      setTimeout(() => { stopAt = performance.now(); execution.stop() }, stopAfterMs)
    }
  }
  const result = await execution.result
  const ended = performance.now()
  return {
    first: first === null ? null : first - started,
    total: ended - started,
    startedAt: started,
    endedAt: ended,
    stoppedAt: stopAt,
    engineMs: result.durationMs,
    status: result.status,
    stdout: result.stdout,
    restarted: result.restarted === true,
  }
}
const autorun = new URLSearchParams(location.search).get('autorun')
if (autorun) {
  window.firstOutput = (async () => {
    const execution = rt.run({ language: autorun, code: HELLO[autorun] })
    for await (const event of execution.events) {
      if (event.type === 'stdout' || event.type === 'table') return performance.now()
    }
    throw new Error('no output: ' + JSON.stringify(await execution.result))
  })()
}
window.benchReady = true
`

/** The host origin's pages. */
export function hostPages(options) {
  return {
    '/runcell.html': {
      body: '<!doctype html><html lang="en"><title>Runcell bench host</title><script type="module" src="/runcell-host.js"></script></html>',
    },
    '/runcell-host.js': { type: 'text/javascript', body: script(options) },
  }
}
