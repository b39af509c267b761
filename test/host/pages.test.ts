import { rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { collectPageErrors, launchChromium } from '../support/chromium'
import { ADMIN_TOKEN, ensureBuilt, startHost, tempDataDir, type HostApp } from './support/host-app'
import { adminCall } from './support/http'
import { hostFetch } from './support/host-fetch'

/** Right answers to the course's exercises, typed by the test as a learner would. */
const EXERCISE_ANSWERS = {
  sqlCount: `CREATE TABLE sales (region TEXT, product TEXT, amount REAL);
INSERT INTO sales VALUES
  ('north', 'notebook', 12.50), ('south', 'pen', 2.10), ('north', 'pen', 2.10),
  ('east', 'backpack', 39.90), ('south', 'notebook', 12.50), ('east', 'pen', 4.20),
  ('north', 'backpack', 39.90);
SELECT region, count(*) AS sales FROM sales GROUP BY region;`,
  jsTotal: 'function total(prices) {\n  let sum = 0\n  for (const p of prices) sum += p\n  return sum\n}',
  jsWithTax: 'function withTax(prices, rate) {\n  return total(prices) + total(prices) * rate\n}',
}

// The host's pages in Chromium, against the host server on the embedded database: one build, one server, one
// browser. A 1.5 s flag cache TTL lets a switch reach an open page within a couple of seconds.
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const FLAGS_TTL_MS = 1_500
let host: HostApp
let browser: Browser
let context: BrowserContext
const dataDir = tempDataDir()
const timings: Record<string, number> = {}

beforeAll(async () => {
  ensureBuilt()
  host = await startHost({
    RUNCELL_DATA_DIR: dataDir,
    NEXT_PUBLIC_FEATURE_FLAGS_CACHE_TTL: String(FLAGS_TTL_MS),
    LOG_LEVEL: 'warn',
  })
  browser = await launchChromium()
  context = await browser.newContext()
})
afterAll(async () => {
  console.log('host pages timings (ms):', JSON.stringify(timings))
  await browser?.close()
  await host?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

async function open(path: string, into?: Page): Promise<{ page: Page; errors: string[] }> {
  const page = into ?? (await context.newPage())
  const errors = collectPageErrors(page)
  await page.goto(`${host.url}${path}`)
  return { page, errors }
}

/** Clicks Run on a runner and waits until the run has finished; returns its status and output text. */
async function run(page: Page, id: string): Promise<{ status: string | null; log: string }> {
  const runner = page.locator(`#${id}`)
  // As a reader does: scroll to the runner, whose editor loads as it nears the viewport, then press its Run.
  // Scrolled in one page call: the editor replacing the placeholder would detach a handle Playwright waits on.
  await runner.evaluate((element) => element.scrollIntoView({ block: 'center' }))
  await runner.locator('.cm-content').waitFor()
  await runner.locator('.rc-run').click()
  await page.waitForSelector(`#${id}[data-status="ok"], #${id}[data-status="error"]`, { timeout: 90_000 })
  return {
    status: await runner.getAttribute('data-status'),
    log: await runner.locator('[role="log"]').innerText(),
  }
}

/** The progress reports a page sends to /api/progress, as parsed bodies. */
function reportsOf(page: Page): Record<string, unknown>[] {
  const reports: Record<string, unknown>[] = []
  page.on('request', (request) => {
    if (request.url().endsWith('/api/progress')) reports.push(JSON.parse(request.postData() ?? '{}'))
  })
  return reports
}

/** Presses an exercise's Check and returns the text of the verdict panel once it shows `status`. */
async function check(page: Page, id: string, status: 'pass' | 'fail'): Promise<string> {
  await page.locator(`#${id} .rc-check`).click()
  const panel = page.locator(`#${id} .rc-exercise-verdict[data-check="${status}"]`)
  await panel.waitFor({ timeout: 90_000 })
  return panel.innerText()
}

async function setCode(page: Page, id: string, code: string): Promise<void> {
  await page.click(`#${id} .cm-content`)
  await page.keyboard.press('Control+A')
  await page.keyboard.insertText(code)
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${host.url}/admin`)
  if (await page.getByText('Signed in as pages-test.').isVisible()) return
  await page.getByLabel('Your name').fill('pages-test')
  await page.getByLabel('Admin token').fill(ADMIN_TOKEN)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByText('Signed in as pages-test.').waitFor()
}

describe('host pages', () => {
  const ingested: number[] = []
  let docs: Page

  test('the docs page runs Python, SQL and JavaScript snippets, with a shared session and hidden setup', async () => {
    const started = Date.now()
    const { page, errors } = await open('/')
    docs = page
    page.on('response', (response) => {
      if (response.url().endsWith('/api/executions')) ingested.push(response.status())
    })
    // The pre-rendered output is there before anything runs (and without JavaScript).
    expect(await page.locator('#docs-python-hello [role="log"]').innerText()).toContain('Hello from Runcell!')

    const hello = await run(page, 'docs-python-hello')
    expect(hello).toEqual({ status: 'ok', log: expect.stringContaining('Hello from Runcell!\n55') })
    timings.firstPythonRun = Date.now() - started
    await run(page, 'docs-python-inventory')
    expect((await run(page, 'docs-python-restock')).log).toContain('Restock: plums')
    expect((await run(page, 'docs-python-setup')).log).toMatch(/37 °C = +98\.6 °F/)

    const sql = await run(page, 'docs-sql-books')
    expect(sql.status).toBe('ok')
    const cells = await page.locator('#docs-sql-books table tbody tr td:first-child').allInnerTexts()
    expect(cells).toEqual([
      'The C Programming Language',
      'Structure and Interpretation of Computer Programs',
      'Python Crash Course',
    ])
    expect((await run(page, 'docs-js-lengths')).log).toContain('sandbox: 7\nrunner: 6\nsnippet: 7')
    timings.docsRuns = Date.now() - started

    // Feedback from the runner's own control is accepted by /api/feedback.
    const js = page.locator('#docs-js-lengths')
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/feedback'))
    await js.getByRole('button', { name: 'Yes' }).click()
    await js.getByLabel('Anything to add? (optional)').fill('Clear example')
    await js.getByRole('button', { name: 'Send' }).click()
    expect((await answer).status()).toBe(202)
    await js.getByText('Thanks for your feedback.').waitFor()
    const metrics = await (await hostFetch(`${host.url}/api/metrics`)).text()
    expect(metrics).toMatch(/runcell_feedback_total\{result="stored"\} 1/)

    // The page's CSP (nonce, strict-dynamic) let Next's scripts and the runner through, and nothing else failed.
    expect(errors).toEqual([])
  })

  test('the dashboard at /admin/monitoring shows the runs made on the docs page', async () => {
    // Leaving the docs page fires pagehide, which beacons anything the exporter still holds.
    await signIn(docs)
    await docs.goto(`${host.url}/admin/monitoring`)
    await docs.getByRole('heading', { name: 'Code execution' }).waitFor()
    const runs = (language: string) =>
      docs
        .locator('.rc-monitor__table tbody tr')
        .filter({ hasText: language })
        .locator('td')
        .nth(1)
        .innerText()
    const started = Date.now()
    // Five Python runs: the four snippets and the hidden setup, which runs as its own execution.
    await expect.poll(() => runs('Python').then(Number), { timeout: 30_000, interval: 500 }).toBe(5)
    timings.dashboardShowsRuns = Date.now() - started
    expect(Number(await runs('SQL'))).toBe(1)
    expect(Number(await runs('JavaScript'))).toBe(1)
    expect(ingested.filter((status) => status !== 202)).toEqual([])
  })

  test('the course lesson reads its attached CSV in Python and answers in SQL', async () => {
    const { page, errors } = await open('/course/intro-to-data')
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Introduction to data')
    await page.waitForSelector('#intro-to-data-sql .cm-content')
    const read = await run(page, 'intro-to-data-read-csv')
    expect(read).toEqual({ status: 'ok', log: expect.stringContaining('7 sales\nTotal: 113.20') })
    expect((await run(page, 'intro-to-data-by-region')).log).toMatch(/north +54\.50/)
    await run(page, 'intro-to-data-sql')
    const first = page.locator('#intro-to-data-sql table tbody tr').first().locator('td')
    expect(await first.allInnerTexts()).toEqual(['north', '54.5'])
    expect((await page.goto(`${host.url}/course/no-such-lesson`))?.status()).toBe(404)
    expect(errors.filter((e) => !e.includes('404'))).toEqual([])
    await page.close()
  })

  test('the input lesson asks the reader for a name and an age in the output, and answers', async () => {
    const { page, errors } = await open('/course/talking-to-the-reader')
    const id = 'talking-to-the-reader-name-and-age'
    await page.waitForSelector(`#${id} .cm-content`)
    await page.locator(`#${id} .rc-run`).click()
    const field = page.locator(`#${id} .rc-input-field`)
    await field.waitFor({ timeout: 90_000 })
    await page.keyboard.insertText('Ada')
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.locator(`#${id} [role="log"]`).innerText(), { timeout: 10_000 })
      .toContain('How old')
    await field.waitFor({ timeout: 10_000 })
    await page.keyboard.insertText('36')
    await page.keyboard.press('Enter')
    await page.waitForSelector(`#${id}[data-status="ok"]`, { timeout: 30_000 })
    expect(await page.locator(`#${id} [role="log"]`).innerText()).toContain(
      'What is your name? Ada\nHow old are you? 36\nHello, Ada! Next year you will be 37.',
    )
    expect(errors).toEqual([])
    await page.close()
  })

  test('course exercises check SQL answers, one building on the other, report outcomes, and the admin sees pass rates', async () => {
    const { page, errors } = await open('/course/intro-to-data')
    const reports = reportsOf(page)
    await page.waitForSelector('#intro-to-data-sql-insert .cm-content')
    expect(await check(page, 'intro-to-data-sql', 'fail')).toMatch(/Not yet\./)
    await setCode(page, 'intro-to-data-sql', EXERCISE_ANSWERS.sqlCount)
    await check(page, 'intro-to-data-sql', 'pass')
    // This one builds on the previous exercise: its solution runs as the hidden setup, so the table is there.
    expect(await check(page, 'intro-to-data-sql-insert', 'fail')).toContain('found 0')
    await setCode(page, 'intro-to-data-sql-insert', "INSERT INTO sales VALUES ('west', 'notebook', 12.50);")
    await check(page, 'intro-to-data-sql-insert', 'pass')

    await page.goto(`${host.url}/course`)
    await expect
      .poll(() => page.locator('.lesson-progress').first().innerText())
      .toBe('2 of 4 exercises solved')
    // Every check was reported, with no code and no message in the report.
    expect(reports.map((r) => `${r.exerciseId}:${r.status}`)).toEqual([
      'intro-to-data-sql:fail',
      'intro-to-data-sql:pass',
      'intro-to-data-sql-insert:fail',
      'intro-to-data-sql-insert:pass',
    ])
    for (const body of reports) {
      expect(Object.keys(body).sort()).toEqual([
        'attempts',
        'exerciseId',
        'hintsUsed',
        'solutionShown',
        'status',
      ])
    }
    await signIn(page)
    await page.goto(`${host.url}/admin/exercises`)
    const row = page.locator('tr[data-exercise="intro-to-data-sql"]')
    await expect
      .poll(() => row.locator('td').allInnerTexts())
      .toEqual(['2', '1', '50 %', '1', '2.0', '0', '0'])
    expect(errors).toEqual([])
    await page.close()
  })

  test('a Python course exercise passes with its revealed solution, and the next one runs it as its setup', async () => {
    const { page, errors } = await open('/course/intro-to-data')
    const reports = reportsOf(page)
    await page.waitForSelector('#intro-to-data-by-region .cm-content')
    expect(await check(page, 'intro-to-data-read-csv', 'fail')).toContain('Define a list called north.')
    const readCsv = page.locator('#intro-to-data-read-csv')
    await readCsv.getByRole('button', { name: 'Show the solution' }).click()
    await readCsv.getByRole('button', { name: 'Put the solution in the editor' }).click()
    await check(page, 'intro-to-data-read-csv', 'pass')
    // rows comes from the previous exercise's solution, run as hidden setup: the learner's code only sorts.
    expect(await check(page, 'intro-to-data-by-region', 'fail')).toContain(
      'expected north, east, south; got north, south, east',
    )
    expect(reports.map((r) => `${r.exerciseId}:${r.status}:${String(r.solutionShown)}`)).toEqual([
      'intro-to-data-read-csv:fail:false',
      'intro-to-data-read-csv:pass:true',
      'intro-to-data-by-region:fail:false',
    ])
    expect(errors).toEqual([])
    await page.close()
  })

  test('the JavaScript lesson checks a function, and the next exercise builds on its solution', async () => {
    const { page, errors } = await open('/course/javascript-functions')
    const reports = reportsOf(page)
    await page.waitForSelector('#javascript-functions-with-tax .cm-content')
    expect(await check(page, 'javascript-functions-total', 'fail')).toContain(
      'total([2.5, 4, 1.5]) should be 8.',
    )
    await setCode(page, 'javascript-functions-total', EXERCISE_ANSWERS.jsTotal)
    await check(page, 'javascript-functions-total', 'pass')
    // total() comes from the previous exercise's solution, run as the hidden setup.
    await setCode(page, 'javascript-functions-with-tax', EXERCISE_ANSWERS.jsWithTax)
    await check(page, 'javascript-functions-with-tax', 'pass')
    expect(reports.map((r) => `${r.exerciseId}:${r.status}`)).toEqual([
      'javascript-functions-total:fail',
      'javascript-functions-total:pass',
      'javascript-functions-with-tax:pass',
    ])
    await page.goto(`${host.url}/course`)
    await expect
      .poll(() => page.locator('.lesson-progress').allInnerTexts())
      .toEqual(['3 of 4 exercises solved', '2 of 2 exercises solved'])
    expect(errors).toEqual([])
    await page.close()
  })

  test('axe finds no violations on the docs page, the playground and a course page', async () => {
    // Playwright injects axe as an inline script, which the page's CSP rightly refuses; this context bypasses it.
    const axeContext = await browser.newContext({ bypassCSP: true })
    const page = await axeContext.newPage()
    const found: Record<string, string[]> = {}
    for (const path of ['/', '/playground', '/course/intro-to-data']) {
      await page.goto(`${host.url}${path}`)
      await page.waitForSelector('.rc-runner .cm-content')
      await page.addScriptTag({ path: axePath })
      found[path] = await page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run(c: Document): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>
            }
          }
        ).axe
        const { violations } = await axe.run(document)
        return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
      })
    }
    await axeContext.close()
    expect(found).toEqual({ '/': [], '/playground': [], '/course/intro-to-data': [] })
  })

  test('an admin signs in, versions a flag through the editor and rolls it back', async () => {
    const { page, errors } = await open('/admin')
    await signIn(page)
    await page.getByRole('button', { name: 'New flag' }).click()
    await page.getByLabel('Key').fill('new_editor')
    await page.getByLabel('Rollout (%)').fill('10')
    await page.getByLabel('User groups (comma-separated; empty targets everyone)').fill('beta, staff')
    await page.getByRole('button', { name: 'Create flag' }).click()
    await page.getByText('Saved new_editor as version 1.').waitFor()
    const row = page.locator('tr[data-flag="new_editor"]')
    await expect.poll(() => row.innerText()).toContain('on · 10 % · groups beta, staff')

    await page.getByRole('button', { name: 'Edit new_editor' }).click()
    await page.getByLabel('Rollout (%)').fill('50')
    await page.getByRole('button', { name: 'Add a variant' }).click()
    await page.getByLabel('Variant 1 key').fill('blue')
    await page.getByLabel('Value', { exact: true }).fill('"blue"')
    await page.getByLabel('Default value (required with variants)').fill('"plain"')
    await page.getByRole('button', { name: 'Save as a new version' }).click()
    await page.getByText('Saved new_editor as version 2.').waitFor()
    await expect.poll(() => row.innerText()).toContain('50 % · groups beta, staff · variants blue (1)')

    await page.getByRole('button', { name: 'History of new_editor' }).click()
    await page.getByRole('button', { name: 'Roll back to version 1' }).click()
    await page.getByText('Restored version 1 of new_editor as version 3.').waitFor()
    await expect.poll(() => row.innerText()).toContain('on · 10 % · groups beta, staff')
    expect(await page.locator('.flag-history tbody tr').count()).toBe(3)
    await page.reload()
    expect(await page.locator('[data-audit-action="flags.rollback"]').count()).toBe(1)
    expect(errors).toEqual([])
    await page.close()
  })

  test('turning execution off through the admin API takes Run away on the docs page within one flag refresh', async () => {
    const { page } = await open('/')
    await page.waitForSelector('#docs-python-hello .rc-run')
    const off = await adminCall(`${host.url}/api/admin/execution/disable`)
    expect(off.status).toBe(200)
    const started = Date.now()
    await page.waitForFunction(() => document.querySelectorAll('.rc-blocked').length === 6, null, {
      timeout: FLAGS_TTL_MS * 4,
    })
    timings.switchReachedOpenPage = Date.now() - started
    expect(await page.locator('.rc-run').count()).toBe(0)
    expect(await page.locator('#docs-sql-books .rc-blocked').innerText()).toMatch(/turned off/)
    // A fresh load is rendered blocked by the server already.
    const html = await (await hostFetch(`${host.url}/`)).text()
    expect(html.match(/class="rc-blocked"/g)?.length).toBe(6)
    await adminCall(`${host.url}/api/admin/execution/enable`)
    await page.reload()
    await page.waitForSelector('#docs-python-hello .rc-run')
    await page.close()
  })
})
