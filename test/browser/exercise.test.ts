import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { collectPageErrors, launchChromium } from '../support/chromium.js'
import { startReactPage, type ReactPageServer } from '../support/react-page.js'
import { EXERCISE_APP } from './exercise-app.js'

// <Exercise> on a bundled React page (the built @runcell/react) with the runner on another origin: real checks in
// all three languages, keyboard-only use, axe on each state, and progress after a reload. One page, reloaded once.
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
let server: ReactPageServer
let browser: Browser
let context: BrowserContext
let page: Page
let errors: string[]
const timings: Record<string, number> = {}

interface Recorded {
  id: string
  status: string
  message?: string
  attempts: number
  hintsUsed: number
  solutionShown: boolean
}

beforeAll(async () => {
  server = await startReactPage(EXERCISE_APP, 'Runcell exercise test page')
  browser = await launchChromium()
  context = await browser.newContext()
  page = await context.newPage()
  errors = collectPageErrors(page)
  await page.goto(server.url())
  await page.waitForSelector('#js-double .cm-content')
})
afterAll(async () => {
  console.log('exercise timings (ms):', JSON.stringify(timings))
  await browser?.close()
  await server?.close()
})

const checks = () => page.evaluate(() => (window as unknown as { checks: Recorded[] }).checks)
const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    return {
      text: el?.innerText?.trim() ?? '',
      inEditorOf: el?.closest('.rc-exercise')?.id ?? null,
      tag: el?.tagName,
    }
  })

async function setCode(id: string, code: string) {
  await page.click(`#${id} .cm-content`)
  await page.keyboard.press('Control+A')
  await page.keyboard.insertText(code)
}
async function verdict(id: string, status: 'pass' | 'fail' | 'error'): Promise<string> {
  const panel = page.locator(`#${id} .rc-exercise-verdict[data-check="${status}"]`)
  await panel.waitFor({ timeout: 90_000 })
  return panel.innerText()
}
/** Presses Tab (or Shift+Tab) until the focused element's text matches, at most 25 times. */
async function tabTo(text: RegExp, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press(key)
    if (text.test((await focused()).text)) return
  }
  throw new Error(`no focusable element matching ${text} within 25 presses of ${key}`)
}
async function axeViolations(): Promise<string[]> {
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

const WRONG_SQL =
  'CREATE TABLE t(x INT);\nINSERT INTO t VALUES (1), (2), (3);\nSELECT count(*) AS total FROM t;'

describe('<Exercise> in Chromium', () => {
  test('keyboard alone writes an answer, checks it, reveals a hint and the solution, and passes', async () => {
    const started = Date.now()
    // Tab from the top of the page into the first exercise's editor.
    for (let i = 0; i < 20 && (await focused()).inEditorOf !== 'sql-count'; i++)
      await page.keyboard.press('Tab')
    expect(await focused()).toMatchObject({ inEditorOf: 'sql-count' })
    await page.keyboard.press('Control+A')
    await page.keyboard.insertText(WRONG_SQL)
    // Escape, then Tab, leaves the editor; Run comes first, then Check.
    await page.keyboard.press('Escape')
    await page.keyboard.press('Tab')
    expect((await focused()).text).toBe('Run')
    await page.keyboard.press('Tab')
    expect((await focused()).text).toBe('Check')
    await page.keyboard.press('Enter')
    const failed = await verdict('sql-count', 'fail')
    timings.firstSqlCheck = Date.now() - started
    expect(failed).toMatch(/^✗ Not yet\. 1 attempt\n+\S/)
    // The live region says it too, for screen readers.
    const [first] = await checks()
    expect(await page.locator('#sql-count p[role="status"][aria-live="polite"]').innerText()).toBe(
      `Not yet. ${first?.message ?? ''}`.trim(),
    )
    expect(await axeViolations()).toEqual([])

    await tabTo(/^Show a hint \(1 of 2\)$/)
    await page.keyboard.press('Enter')
    await expect.poll(async () => (await focused()).text).toBe('count(*) counts the rows.')
    await tabTo(/^Show the solution$/)
    await page.keyboard.press('Enter')
    await expect.poll(async () => (await focused()).tag).toBe('SECTION')
    await tabTo(/^Put the solution in the editor$/)
    await page.keyboard.press('Enter')
    await tabTo(/^Check$/, 'Shift+Tab')
    await page.keyboard.press('Enter')
    expect(await verdict('sql-count', 'pass')).toContain('Correct!')
    expect(await page.locator('#sql-count').getAttribute('data-passed')).toBe('true')
    expect(await page.locator('#sql-count .rc-exercise-badge').innerText()).toContain('Solved')
    expect((await checks()).filter((c) => c.id === 'sql-count')).toEqual([
      expect.objectContaining({ status: 'fail', attempts: 1, hintsUsed: 0, solutionShown: false }),
      { id: 'sql-count', status: 'pass', attempts: 2, hintsUsed: 1, solutionShown: true },
    ])
    expect(await page.locator('#toc').innerText()).toBe('1 of 3 solved')
    // The check never shows in what the learner sees.
    expect(await page.locator('#sql-count [role="log"]').innerText()).not.toContain('expect')
    expect(await axeViolations()).toEqual([])
  })

  test('Python checks fail with the assertion’s message, then pass; a broken check is the author’s error', async () => {
    const started = Date.now()
    await page.locator('#py-sum .rc-check').click()
    expect(await verdict('py-sum', 'fail')).toContain('total should be 6, not 0')
    timings.firstPythonCheck = Date.now() - started
    await setCode('py-sum', 'total = 1 + 2 + 3')
    await page.locator('#py-sum .rc-check').click()
    await verdict('py-sum', 'pass')
    await page.locator('#py-broken .rc-check').click()
    const broken = await verdict('py-broken', 'error')
    expect(broken).toContain('This is a problem with the exercise, not with your code.')
    expect(broken).toContain('NameError')
    const recorded = await checks()
    expect(recorded.find((c) => c.id === 'py-broken')).toMatchObject({ status: 'error', attempts: 0 })
    expect(recorded.filter((c) => c.id === 'py-sum').map((c) => c.status)).toEqual(['fail', 'pass'])
    // The check's code never shows in what the learner sees.
    for (const id of ['py-sum', 'py-broken']) {
      expect(await page.locator(`#${id} [role="log"]`).innerText()).not.toMatch(/assert|nss/)
    }
    expect(await page.locator('#toc').innerText()).toBe('2 of 3 solved')
    expect(await axeViolations()).toEqual([])
  })

  test('a JavaScript check fails with its assert message, then passes', async () => {
    await page.locator('#js-double .rc-check').click()
    expect(await verdict('js-double', 'fail')).toContain('double(4) should be 8')
    await setCode('js-double', 'function double(n) {\n  return n * 2\n}')
    await page.locator('#js-double .rc-check').click()
    await verdict('js-double', 'pass')
    expect((await checks()).filter((c) => c.id === 'js-double').map((c) => c.status)).toEqual([
      'fail',
      'pass',
    ])
    expect(await page.locator('#js-double [role="log"]').innerText()).not.toMatch(/assert|ns\.double/)
    expect(await page.locator('#toc').innerText()).toBe('3 of 3 solved')
  })

  test('progress, the last verdict, the hint and the solution are still there after a reload', async () => {
    const solved = await page.locator('#toc').innerText()
    await page.reload()
    await page.waitForSelector('#js-double .cm-content')
    expect(await page.locator('#toc').innerText()).toBe(solved)
    expect(await page.locator('#sql-count').getAttribute('data-passed')).toBe('true')
    expect(await page.locator('#sql-count .rc-exercise-verdict').innerText()).toContain('2 attempts')
    expect(await page.locator('#sql-count .rc-exercise-hints').innerText()).toContain(
      'count(*) counts the rows.',
    )
    expect(await page.locator('#sql-count .rc-exercise-solution').isVisible()).toBe(true)
    expect(errors).toEqual([])
  })
})
