import { rmSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { collectPageErrors, launchChromium } from '../support/chromium'
import { startCountingProxy, type CountingProxy } from '../host/support/counting-proxy'
import { ensureBuilt, startHost, tempDataDir, type HostApp } from '../host/support/host-app'

// Issue 14 §5: on the zero-config setup the runner is served from the host's own origin (/runcell/), so a CSP
// that allows that whole origin lets user code POST to the site's own API. The real host app runs behind a
// proxy that counts every request reaching it; user code in each language tries the two API routes a visitor's
// page would use, and none of those requests may arrive.
const TARGETS = ['/api/feedback', '/api/executions']
let host: HostApp
let proxy: CountingProxy
let browser: Browser
let page: Page
let errors: string[]
const dataDir = tempDataDir()

beforeAll(async () => {
  ensureBuilt()
  // No telemetry from the page itself: every POST to /api/executions would be the user code's.
  host = await startHost({
    RUNCELL_DATA_DIR: dataDir,
    NEXT_PUBLIC_MONITORING_ENABLED: 'false',
    LOG_LEVEL: 'warn',
  })
  proxy = await startCountingProxy(host.url)
  browser = await launchChromium()
  page = await browser.newPage()
  errors = collectPageErrors(page)
})
afterAll(async () => {
  await browser?.close()
  await proxy?.close()
  await host?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

function toBase64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url')
}

/** Opens the playground with `code` in the runner `id` through a share link, runs it, and returns its output. */
async function runShared(id: string, code: string): Promise<{ status: string | null; log: string }> {
  // From elsewhere: a change of fragment alone would not load the page, and the runner reads it on mount.
  await page.goto('about:blank')
  await page.goto(`${proxy.url}/playground#runcell=${id}&code=${toBase64Url(code)}`)
  const runner = page.locator(`#${id}`)
  await page.waitForFunction(
    ([selector, expected]) => document.querySelector(selector)?.textContent?.includes(expected as string),
    [`#${id} .cm-content`, code.trim().split('\n')[0] ?? ''] as const,
  )
  await runner.locator('.rc-run').click()
  await page.waitForSelector(`#${id}[data-status="ok"], #${id}[data-status="error"]`, { timeout: 90_000 })
  return {
    status: await runner.getAttribute('data-status'),
    log: await runner.locator('[role="log"]').innerText(),
  }
}

const arrived = () => TARGETS.map((path) => proxy.count(path))

test("the proxy counts the host page's own POST to its API, so a zero below means nothing arrived", async () => {
  await page.goto(`${proxy.url}/playground`)
  const status = await page.evaluate(async () => {
    const response = await fetch('/api/feedback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rating: 5, snippetId: 'runner-reaches-host-api' }),
    })
    return response.status
  })
  expect(status).toBe(202)
  expect(proxy.count('/api/feedback')).toBe(1)
})

test('user code in JavaScript, Python and SQL cannot POST to the host origin’s /api/feedback or /api/executions', async () => {
  const before = arrived()
  const base = proxy.url
  const javascript = `
const base = ${JSON.stringify(base)}
for (const path of ${JSON.stringify(TARGETS)}) {
  const attempts = {
    fetch: () => fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
    noCors: () => fetch(base + path, { method: 'POST', mode: 'no-cors', body: '{}' }),
    xhr: () => new Promise((ok, fail) => { const x = new XMLHttpRequest(); x.open('POST', base + path); x.onload = ok; x.onerror = () => fail(new Error('xhr')); x.send('{}') }),
  }
  for (const [name, attempt] of Object.entries(attempts)) {
    try { await attempt(); console.log('REACHED ' + name + path) } catch { console.log('blocked ' + name + path) }
  }
}
console.log('attempts done')
`
  const python = `
import js
from pyodide.http import pyfetch
base = ${JSON.stringify(base)}
for path in ${JSON.stringify(TARGETS).replace(/"/g, "'")}:
    for name, attempt in (
        ('jsFetch', lambda: js.fetch(base + path, method='POST', body='{}')),
        ('pyfetch', lambda: pyfetch(base + path, method='POST', body='{}')),
    ):
        try:
            await attempt()
            print('REACHED ' + name + path)
        except BaseException:
            print('blocked ' + name + path)
print('attempts done')
`
  const sql = `ATTACH DATABASE '${base}/api/feedback' AS remote;\nSELECT * FROM remote.sqlite_master;`

  const js = await runShared('playground-javascript', javascript)
  const py = await runShared('playground-python', python)
  const sqlRun = await runShared('playground-sql', sql)
  // Anything still in flight has had time to land.
  await new Promise((resolve) => setTimeout(resolve, 500))
  expect(arrived()).toEqual(before)
  for (const { log } of [js, py]) {
    expect(log).toContain('attempts done')
    expect(log).not.toContain('REACHED')
  }
  expect(sqlRun.status).toBe('error')
  expect(errors).toEqual([])
})
