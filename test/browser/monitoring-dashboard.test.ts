import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { generateSummary } from '../support/monitoring-scenarios.js'
import { collectPageErrors, launchChromium } from '../support/chromium.js'
import { startReactPage, type ReactPageServer } from '../support/react-page.js'

// `?view=live`: three runners whose runtime reports to an in-page monitor, and a dashboard reading that monitor.
// `?api=<url>`: a dashboard polling a host API, optionally `&theme=dark`.
const APP = String.raw`
import { useState } from 'react'
import { createRoot } from 'react-dom/client'
import { createMonitor } from '@runcell/core/monitor'
import { CodeRunner, RuncellProvider } from '@runcell/react'
import { MonitoringDashboard } from '@runcell/react/monitoring'

const params = new URLSearchParams(location.search)

function Live() {
  const [monitor] = useState(() => createMonitor())
  return (
    <RuncellProvider config={{ assetsBaseUrl: window.RUNCELL_ASSETS, timeoutMs: 60000, observer: monitor }}>
      <main>
        <h1>Runs and their dashboard</h1>
        <CodeRunner id="py" language="python" title="Python" code="print('py-1')" loading="eager" />
        <CodeRunner id="sql" language="sql" title="SQL" code="SELECT 'sql-1' AS marker;" loading="eager" />
        <CodeRunner id="js" language="javascript" title="JavaScript" code="console.log('js-1')" loading="eager" />
        <MonitoringDashboard source={monitor} />
      </main>
    </RuncellProvider>
  )
}

function Remote() {
  return (
    <main>
      <h1>Host metrics</h1>
      <MonitoringDashboard endpoint={params.get('api')} refreshIntervalMs={60000} theme={params.get('theme') ?? 'system'} />
    </main>
  )
}

createRoot(document.getElementById('root')).render(params.get('view') === 'live' ? <Live /> : <Remote />)
`

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const SUMMARY = JSON.stringify(generateSummary('degraded'))

/** The fake host API: `/api/metrics/summary` answers `status`, with a generated summary when it is 200. */
interface FakeApi {
  url: string
  status: number
  close(): Promise<void>
}

async function startFakeApi(): Promise<FakeApi> {
  const api: FakeApi = { url: '', status: 200, close: async () => {} }
  const server: Server = createServer((req, res) => {
    const common = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-cache' }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...common, 'Access-Control-Allow-Headers': '*' })
      return res.end()
    }
    if (req.url !== '/api/metrics/summary') {
      res.writeHead(404, common)
      return res.end()
    }
    if (api.status !== 200) {
      res.writeHead(api.status, { ...common, 'Content-Type': 'application/json' })
      return res.end('{"error":"internal"}')
    }
    res.writeHead(200, { ...common, 'Content-Type': 'application/json' })
    res.end(SUMMARY)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/metrics/summary`
  api.close = () => new Promise<void>((resolve) => server.close(() => resolve()))
  return api
}

let server: ReactPageServer
let api: FakeApi
let browser: Browser
const latencies: Record<string, number> = {}

beforeAll(async () => {
  server = await startReactPage(APP, 'Runcell monitoring test page')
  api = await startFakeApi()
  browser = await launchChromium()
})
afterAll(async () => {
  console.log('dashboard latency after each result (ms):', JSON.stringify(latencies))
  await browser?.close()
  await api?.close()
  await server?.close()
})

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath })
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(c: Document): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> }
      }
    ).axe
    const { violations } = await axe.run(document)
    return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  })
}

/** The cells of the dashboard's per-language table, as { Python: ['0', '1', '0%', …] }. */
const languageRows = (page: Page) =>
  page.evaluate(() => {
    const table = [...document.querySelectorAll('.rc-monitor table')].find((t) =>
      t.querySelector('caption')?.textContent?.startsWith('By language'),
    )
    const rows = [...(table?.querySelectorAll('tbody tr') ?? [])].map((row) => [
      row.querySelector('th')?.textContent ?? '',
      [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? ''),
    ])
    return Object.fromEntries(rows) as Record<string, string[]>
  })

const tile = (page: Page, label: string) =>
  page
    .locator('.rc-monitor__tile', { has: page.locator(`dt:text-is("${label}")`) })
    .locator('.rc-monitor__value')

async function setCode(page: Page, id: string, code: string) {
  await page.click(`#${id} .cm-content`)
  await page.keyboard.press('Control+A')
  await page.keyboard.insertText(code)
}

/**
 * Runs the code in runner `id` and resolves with the ms between its result appearing (a final status and
 * `marker` in its output) and the dashboard's Runs cell for `language` reading `runs`. Both moments are taken in
 * the page by a MutationObserver armed before the run starts, so the test's polling adds nothing.
 */
async function runAndMeasure(
  page: Page,
  run: { id: string; language: string; marker: string; runs: number; trigger: 'click' | 'keyboard' },
): Promise<number> {
  await page.evaluate(({ id, language, marker, runs }) => {
    const w = window as unknown as { measured: Promise<number> }
    w.measured = new Promise<number>((resolve) => {
      let resultAt: number | undefined
      let shownAt: number | undefined
      const check = () => {
        const root = document.getElementById(id)
        const final = ['ok', 'error'].includes(root?.dataset.status ?? '')
        const output = root?.querySelector('[role="log"]')?.textContent ?? ''
        if (resultAt === undefined && final && output.includes(marker)) resultAt = performance.now()
        const row = [...document.querySelectorAll('.rc-monitor tbody tr')].find(
          (tr) => tr.querySelector('th')?.textContent === language,
        )
        // Columns: Running, Runs, Error rate, Average, p95.
        if (shownAt === undefined && row?.querySelectorAll('td')[1]?.textContent === String(runs))
          shownAt = performance.now()
        if (resultAt !== undefined && shownAt !== undefined) {
          observer.disconnect()
          resolve(shownAt - resultAt)
        }
      }
      const observer = new MutationObserver(check)
      observer.observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      })
    })
  }, run)
  if (run.trigger === 'click') await page.click(`#${run.id} .rc-run`)
  else {
    await page.click(`#${run.id} .cm-content`)
    await page.keyboard.press('Control+Enter')
  }
  return page.evaluate(
    () =>
      Promise.race([
        (window as unknown as { measured: Promise<number> }).measured,
        new Promise<number>((resolve) => setTimeout(() => resolve(Infinity), 90_000)),
      ]),
    undefined,
  )
}

describe('a dashboard on the same page as the runners', () => {
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    page = await browser.newPage()
    errors = collectPageErrors(page)
    await page.goto(server.url('?view=live'))
    await page.waitForSelector('#js .cm-content')
  })
  afterAll(() => page.close())

  test('before any run, the dashboard shows its empty state', async () => {
    expect(await page.locator('.rc-monitor__state--empty').innerText()).toContain('No runs in the last hour.')
    expect(await page.locator('.rc-monitor__tile').count()).toBe(0)
  })

  test.each([
    ['Python', 'py', 'py-1', 'click'],
    ['SQL', 'sql', 'sql-1', 'keyboard'],
    ['JavaScript', 'js', 'js-1', 'click'],
  ] as const)(
    'a %s run shows in its language row within a second of its result',
    async (language, id, marker, trigger) => {
      const latency = await runAndMeasure(page, { id, language, marker, runs: 1, trigger })
      latencies[language] = Math.round(latency)
      expect(latency).toBeLessThan(1000)
      expect((await languageRows(page))[language]?.slice(0, 3)).toEqual(['0', '1', '0%'])
    },
  )

  test('a failed Python run shows in the counts, the error rate tile and recent failures within a second', async () => {
    await setCode(page, 'py', "raise ValueError('py-2 failed')")
    const latency = await runAndMeasure(page, {
      id: 'py',
      language: 'Python',
      marker: 'py-2 failed',
      runs: 2,
      trigger: 'keyboard',
    })
    latencies['Python, failed'] = Math.round(latency)
    expect(latency).toBeLessThan(1000)
    expect(await page.locator('#py .rc-error-name').innerText()).toBe('ValueError')

    const rows = await languageRows(page)
    expect(rows['Python']?.slice(0, 3)).toEqual(['0', '2', '50%'])
    expect(rows['SQL']?.slice(0, 3)).toEqual(['0', '1', '0%'])
    expect(rows['JavaScript']?.slice(0, 3)).toEqual(['0', '1', '0%'])
    expect(await tile(page, 'Error rate').innerText()).toBe('25%')
    expect(await tile(page, 'Running now').innerText()).toBe('0')

    const failures = page.locator('.rc-monitor table:has(caption:text-is("Recent failures")) tbody tr')
    expect(await failures.count()).toBe(1)
    expect(await failures.locator('td').allInnerTexts()).toEqual([
      'Python',
      'Error',
      'ValueError',
      expect.stringMatching(/\d\s?(ms|s)$/),
    ])
    expect(errors).toEqual([])
  })
})

describe('a dashboard fed by the host API', () => {
  let page: Page

  beforeAll(async () => {
    api.status = 200
    page = await browser.newPage()
    await page.goto(server.url(`?api=${encodeURIComponent(api.url)}`))
    await page.waitForSelector('.rc-monitor__plot canvas')
  })
  afterAll(() => page.close())

  test('renders the health badge, the tiles and the per-language table from the summary', async () => {
    const summary = JSON.parse(SUMMARY) as ReturnType<typeof generateSummary>
    expect(summary.health.status).toBe('degraded')
    expect(await page.locator('.rc-monitor__header').innerText()).toContain('Degraded')
    expect(await page.locator('.rc-monitor__tile dt').allInnerTexts()).toEqual([
      'Running now',
      'Queued',
      'Error rate',
      'Average time',
      'p95 time',
      'Runs per minute',
    ])
    expect(await tile(page, 'Queued').innerText()).toBe(String(summary.queueDepth))
    const rows = await languageRows(page)
    expect(Object.keys(rows)).toEqual(['Python', 'SQL', 'JavaScript'])
    for (const { language, windows } of summary.languages) {
      const name = { python: 'Python', sql: 'SQL', javascript: 'JavaScript' }[language]
      expect(rows[name]?.[1]).toBe(String(windows['5m'].count))
    }
    expect(await page.locator('.rc-monitor__alerts li').count()).toBe(summary.health.reasons.length)
    expect(summary.health.reasons.length).toBeGreaterThan(0)
  })

  test('draws each of the three charts on a uPlot canvas', async () => {
    await expect
      .poll(() => page.locator('.rc-monitor__plot[aria-busy="false"]').count(), { timeout: 10_000 })
      .toBe(3)
    const inked = await page.locator('.rc-monitor__plot canvas').evaluateAll((canvases) =>
      (canvases as HTMLCanvasElement[]).map((canvas) => {
        const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? []
        let painted = 0
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++
        return canvas.width > 0 && canvas.height > 0 && painted > 100
      }),
    )
    expect(inked).toEqual([true, true, true])
  })

  test('axe finds no violations with the charts drawn', async () => {
    expect(await axeViolations(page)).toEqual([])
  })

  test('the table toggle swaps a chart for a table of the same series, and back', async () => {
    const figure = page.locator('.rc-monitor__chart').filter({ hasText: 'Running time (ms)' })
    await figure.getByRole('button', { name: 'Show as table' }).click()
    expect(await figure.locator('canvas').count()).toBe(0)
    const table = figure.getByRole('table')
    expect(await table.locator('caption').innerText()).toBe('Running time (ms), last 5 minutes')
    expect(await table.locator('thead th').allInnerTexts()).toEqual(['Time', 'p50', 'p95', 'p99'])
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(3)
    expect(await table.locator('tbody td').first().innerText()).toMatch(/\d\s?(ms|s)$/)
    // The other charts keep their drawings.
    expect(await page.locator('.rc-monitor__plot canvas').count()).toBeGreaterThanOrEqual(2)

    expect(await axeViolations(page)).toEqual([])

    await figure.getByRole('button', { name: 'Show as chart' }).click()
    await figure.locator('canvas').first().waitFor()
    expect(await figure.getByRole('table').count()).toBe(0)
  })

  test('at 360 px wide nothing scrolls sideways and axe finds no violations', async () => {
    await page.setViewportSize({ width: 360, height: 800 })
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.rc-monitor__plot canvas')].every((c) => c.clientWidth <= 360),
    )
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    expect(await axeViolations(page)).toEqual([])
  })

  test('in the dark theme axe finds no violations, with the charts and as tables', async () => {
    const dark = await browser.newPage({ colorScheme: 'dark' })
    await dark.goto(server.url(`?api=${encodeURIComponent(api.url)}&theme=dark`))
    await dark.waitForSelector('.rc-monitor--dark .rc-monitor__plot canvas')
    const background = await dark
      .locator('.rc-monitor')
      .evaluate((el) => getComputedStyle(el).backgroundColor.match(/\d+/g)!.slice(0, 3).map(Number))
    expect(Math.max(...background)).toBeLessThan(80)
    expect(await axeViolations(dark)).toEqual([])
    // Each click renames its button, so take the first remaining one three times.
    for (let i = 0; i < 3; i++) await dark.getByRole('button', { name: 'Show as table' }).first().click()
    expect(await dark.locator('.rc-monitor__chart table').count()).toBe(3)
    expect(await axeViolations(dark)).toEqual([])
    await dark.close()
  })
})

describe('a host API that fails', () => {
  test('a 500 shows the error message with a retry button, and retrying after the API recovers shows the metrics', async () => {
    api.status = 500
    const page = await browser.newPage()
    await page.goto(server.url(`?api=${encodeURIComponent(api.url)}`))
    const alert = page.locator('.rc-monitor [role="alert"]')
    await alert.waitFor({ timeout: 15_000 })
    expect(await alert.innerText()).toContain('The metrics could not be loaded.')
    expect(await alert.innerText()).toContain('answered 500')
    expect(await page.locator('.rc-monitor__tile').count()).toBe(0)
    expect(await page.locator('.rc-monitor [role="status"]').count()).toBe(0)
    expect(await axeViolations(page)).toEqual([])

    api.status = 200
    await alert.getByRole('button', { name: 'Try again' }).click()
    await page.locator('.rc-monitor__tile').first().waitFor({ timeout: 10_000 })
    expect(await alert.count()).toBe(0)
    await page.close()
  })
})
