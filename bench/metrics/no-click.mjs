// page_bytes_no_click: what a docs page with five Python runners (bench/docs-page.mjs, default
// loading="visible") downloads in its first 10 s when the reader scrolls past every runner and clicks nothing,
// through the paced origins (bench/pacing.mjs). The connection's hints come from an init script that
// replaces navigator.connection, the Network Information API the page reads: Chromium derives effectiveType
// from its own estimates, which on loopback always say 4g. Value: the larger of a save-data connection and a
// 3g one; baseline: the same page on a connection that reports 4g without save-data.
import { docsPages, DOCS_RUNNERS } from '../docs-page.mjs'
import { startBenchOrigins } from '../servers.mjs'
import { result } from '../stats.mjs'

const WINDOW_MS = 10_000
const epoch = () => performance.timeOrigin + performance.now()
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** The connections a reader may report. */
const CONNECTIONS = {
  fast: { saveData: false, effectiveType: '4g', downlink: 20, rtt: 40 },
  saveData: { saveData: true, effectiveType: '4g', downlink: 20, rtt: 40 },
  slow: { saveData: false, effectiveType: '3g', downlink: 1.5, rtt: 300 },
}

function reportConnection(connection) {
  const hints = Object.assign(new EventTarget(), connection, { type: 'cellular', onchange: null })
  Object.defineProperty(Navigator.prototype, 'connection', { get: () => hints, configurable: true })
}

/** Loads the page, scrolls to its end over 3 s, and counts what both origins sent in the first 10 s. */
async function bytesWithoutClick(browser, origins, connection) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  try {
    await context.addInitScript(reportConnection, connection)
    const page = await context.newPage()
    const since = epoch()
    await page.goto(`${origins.host.url}/docs.html`)
    await page.waitForSelector('.rc-runner')
    const runners = await page.locator('.rc-runner').count()
    if (runners !== DOCS_RUNNERS) throw new Error(`the docs page shows ${runners} runners`)
    for (let step = 0; step < 30; step++) {
      await page.mouse.wheel(0, 400)
      await sleep(100)
    }
    const atEnd = await page.evaluate(() => innerHeight + scrollY >= document.body.scrollHeight - 2)
    if (!atEnd) throw new Error('the reader did not reach the end of the docs page')
    await sleep(Math.max(0, since + WINDOW_MS - epoch()))
    const until = since + WINDOW_MS
    return {
      bytes: origins.bytesBetween(since, until),
      runner: origins.assets.bytesBetween(since, until),
    }
  } finally {
    await context.close()
  }
}

export async function pageBytesNoClick(browser) {
  const origins = await startBenchOrigins({ paced: true, extraPages: docsPages })
  try {
    const seen = {}
    for (const [name, connection] of Object.entries(CONNECTIONS))
      seen[name] = await bytesWithoutClick(browser, origins, connection)
    const kb = (bytes) => Math.round(bytes / 1024)
    const worst = seen.saveData.bytes >= seen.slow.bytes ? 'saveData' : 'slow'
    return [
      result({
        metric: 'page_bytes_no_click',
        value: seen[worst].bytes / 1024,
        baseline: seen.fast.bytes / 1024,
        target: 300,
        targetOn: 'value',
        unit: 'KB',
        note:
          `first ${WINDOW_MS / 1000} s of a docs page with ${DOCS_RUNNERS} Python runners (loading="visible"), scrolled to its end, nothing clicked, through the pacing server; ` +
          `saveData ${kb(seen.saveData.bytes)} KB (runner origin ${kb(seen.saveData.runner)} KB), 3g ${kb(seen.slow.bytes)} KB (runner origin ${kb(seen.slow.runner)} KB); ` +
          `baseline: the same page on a connection reporting 4g, ${kb(seen.fast.bytes)} KB (runner origin ${kb(seen.fast.runner)} KB)`,
      }),
    ]
  } finally {
    await origins.close()
  }
}
