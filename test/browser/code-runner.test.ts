import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { collectPageErrors, launchChromium } from '../support/chromium.js'
import { startReactPage, type ReactPageServer } from '../support/react-page.js'
import { LANGUAGES } from '../../packages/core/src/index.js'
import { CODE_RUNNER_APP } from './code-runner-app.js'

// Runs on a bundled React page with the `npm start` demo's snippets (apps/host is built elsewhere).
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
let server: ReactPageServer
let browser: Browser
let context: BrowserContext
let page: Page
let errors: string[]
const timings: Record<string, number> = {}

beforeAll(async () => {
  server = await startReactPage(CODE_RUNNER_APP)
  browser = await launchChromium()
  context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] })
})
afterAll(async () => {
  console.log('code-runner timings (ms):', JSON.stringify(timings))
  await browser?.close()
  await server?.close()
})

async function openDemo(suffix = ''): Promise<void> {
  page = await context.newPage()
  errors = collectPageErrors(page)
  await page.goto(server.url(suffix))
  await page.waitForSelector('#js .cm-content')
}
const editorText = (id: string) =>
  page.locator(`#${id} .cm-content`).evaluate((el) => (el as HTMLElement & { cmView: unknown }).innerText)
async function setCode(id: string, code: string) {
  await page.click(`#${id} .cm-content`)
  await page.keyboard.press('Control+A')
  await page.keyboard.insertText(code)
}
const log = (id: string) => page.locator(`#${id} [role="log"]`)
const status = (id: string) => page.locator(`#${id} [role="status"].rc-status`)

async function axeViolations(): Promise<string[]> {
  await page.addScriptTag({ path: axePath })
  const found = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(c: Document): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> }
      }
    ).axe
    const { violations } = await axe.run(document)
    return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  })
  return found
}

test('thirty runners on one page start one interpreter per language, and all of them run', async () => {
  const many = await context.newPage()
  const started = Date.now()
  await many.goto(server.url('?view=many'))
  await Promise.all(
    LANGUAGES.map(async (language) => {
      await many.waitForSelector(`[data-language="${language}"][data-status="ok"]`, { timeout: 90_000 })
      timings[`${language} first ok, cold page`] = Date.now() - started
    }),
  )
  await many.waitForFunction(
    () => document.querySelectorAll('.rc-runner[data-status="ok"]').length === 30,
    null,
    { timeout: 90_000 },
  )
  expect(await many.locator('[data-language="sql"] table').count()).toBe(10)
  const pythonOutputs = await many.locator('[data-language="python"] [role="log"]').allInnerTexts()
  expect(pythonOutputs.map((text) => text.trim())).toEqual([
    '0',
    '2',
    '4',
    '6',
    '8',
    '10',
    '12',
    '14',
    '16',
    '18',
  ])
  expect(LANGUAGES.map((l) => server.workerStarts(l))).toEqual([1, 1, 1])
  await many.close()
})

describe('the demo page', () => {
  beforeAll(() => openDemo())

  test('axe finds no violations while the runners are idle', async () => {
    expect(await axeViolations()).toEqual([])
  })

  test.each([
    ['py', "print('first')\nimport time\nt = time.time()\nwhile time.time() - t < 3: pass\nprint('second')"],
    ['js', "console.log('first')\nawait new Promise((r) => setTimeout(r, 1500))\nconsole.log('second')"],
  ])(
    'code typed into the %s editor runs on Ctrl+Enter, and its output streams in before the run ends',
    async (id, code) => {
      // A cold Python engine's first run arrives in one piece (the runner page is busy starting the spare
      // interpreter); this test is about streaming through the UI, so one short run warms the engine first.
      await setCode(id, id === 'py' ? "print('warm')" : "console.log('warm')")
      await page.keyboard.press('Control+Enter')
      await expect.poll(() => status(id).innerText(), { timeout: 90_000 }).toMatch(/^Finished in/)
      await setCode(id, code)
      const pressed = Date.now()
      await page.keyboard.press('Control+Enter')
      await expect.poll(() => log(id).innerText(), { timeout: 60_000 }).toContain('first')
      timings[`${id} Ctrl+Enter to first output`] = Date.now() - pressed
      expect(await log(id).innerText()).not.toContain('second')
      expect(await page.locator(`#${id} .rc-stop`).count()).toBe(1)
      await expect.poll(() => status(id).innerText(), { timeout: 10_000 }).toMatch(/^Finished in/)
      expect(await log(id).innerText()).toMatch(/first\s+second/)
    },
  )

  test('SQL typed into the editor runs on Ctrl+Enter and each result set is a table with caption and row count', async () => {
    await setCode('sql', "SELECT 'a' AS x;\nSELECT 1 AS n UNION ALL SELECT 2;")
    const pressed = Date.now()
    await page.keyboard.press('Control+Enter')
    await page.waitForSelector('#sql table >> nth=1', { timeout: 60_000 })
    timings['sql Ctrl+Enter to table'] = Date.now() - pressed
    expect(await page.locator('#sql caption').allInnerTexts()).toEqual([
      'Result 1 (1 row)',
      'Result 2 (2 rows)',
    ])
    expect(await page.locator('#sql table >> nth=1').locator('th').allInnerTexts()).toEqual(['n'])
    expect(await page.locator('#sql table >> nth=1').locator('td').allInnerTexts()).toEqual(['1', '2'])
  })

  test('axe finds no violations after successful runs', async () => {
    expect(await axeViolations()).toEqual([])
  })

  test.each([
    ['py', 'x = 1\ny = undefined_name\n', 'NameError', 'y = undefined_name'],
    ['js', 'const a = 1\nnull.x\n', 'TypeError', 'null.x'],
  ])(
    'a %s error shows its name and message and marks its line in the gutter',
    async (id, code, name, line) => {
      await setCode(id, code)
      await page.click(`#${id} .rc-run`)
      await page.waitForSelector(`#${id} .rc-error-name`, { timeout: 60_000 })
      expect(await page.locator(`#${id} .rc-error-name`).innerText()).toBe(name)
      expect(await page.locator(`#${id} .rc-error-line`).innerText()).toBe(line)
      expect(await page.locator(`#${id} .rc-error-marker`).getAttribute('aria-label')).toBe('Error on line 2')
      expect(await status(id).innerText()).toMatch(/^Failed after/)
    },
  )

  test('axe finds no violations with errors on show', async () => {
    expect(await axeViolations()).toEqual([])
  })

  test('Stop ends an endless Python loop, and the next run works', async () => {
    await setCode('py', 'while True: pass')
    await page.keyboard.press('Control+Enter')
    await expect.poll(() => status('py').innerText(), { timeout: 30_000 }).toBe('Running…')
    await page.click('#py .rc-stop')
    await expect.poll(() => status('py').innerText(), { timeout: 10_000 }).toBe('Stopped.')
    await setCode('py', 'print(6 * 7)')
    await page.keyboard.press('Control+Enter')
    await expect.poll(() => log('py').innerText(), { timeout: 60_000 }).toContain('42')
  })

  test('input() shows a focused field in the output that keyboard alone answers, and axe finds nothing', async () => {
    await setCode('py', 'name = input("Name? ")\nage = int(input("Age? "))\nprint(name, "will be", age + 1)')
    await page.keyboard.press('Control+Enter')
    const field = page.locator('#py .rc-input-field')
    await field.waitFor({ timeout: 60_000 })
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await page.locator('#py [role="status"]:has-text("The program asks: Name?")').count()).toBe(1)
    expect(await axeViolations()).toEqual([])
    await page.keyboard.insertText('Ada')
    await page.keyboard.press('Enter')
    await page.locator('#py .rc-input-field').waitFor({ timeout: 10_000 })
    await expect.poll(() => log('py').innerText(), { timeout: 10_000 }).toContain('Age?')
    await page.keyboard.insertText('36')
    await page.keyboard.press('Enter')
    await expect.poll(() => log('py').innerText(), { timeout: 10_000 }).toContain('Ada will be 37')
    expect(await log('py').innerText()).toContain('Name? Ada\nAge? 36\n')
    expect(await page.locator('#py .rc-input-field').count()).toBe(0)
  })

  test('Reset brings back the author code', async () => {
    await page.click('#js button:has-text("Reset")')
    expect(await editorText('js')).toContain("console.log('squares', squares)")
  })

  test('edits survive a reload, keyed by the runner id', async () => {
    await setCode('js', "console.log('kept')")
    await page.reload()
    await page.waitForSelector('#js .cm-content')
    expect(await editorText('js')).toBe("console.log('kept')")
    expect(await editorText('sql')).toBe("SELECT 'a' AS x;\nSELECT 1 AS n UNION ALL SELECT 2;")
  })

  test('a share link opens the runner with the same id with the shared code, in a fresh browser profile', async () => {
    await setCode('sql', "SELECT 'shared' AS s;")
    await page.click('#sql button:has-text("Share")')
    await expect.poll(() => page.locator('#sql .rc-notice').innerText()).toBe('Link to this code copied.')
    const link = page.url()
    expect(link).toContain('#runcell=sql&code=')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link)
    const fresh = await browser.newContext()
    const other = await fresh.newPage()
    await other.goto(link)
    await other.waitForSelector('#sql .cm-content')
    expect(await other.locator('#sql .cm-content').innerText()).toBe("SELECT 'shared' AS s;")
    expect(await other.locator('#py .cm-content').innerText()).toContain('math.factorial')
    await fresh.close()
  })

  test('keyboard alone reaches the editor, indents with Tab, runs, leaves with Escape then Tab, and stops', async () => {
    await page.goto(server.url())
    await page.waitForSelector('#py .cm-content')
    const focused = () =>
      page.evaluate(
        () => document.activeElement?.closest('[id]')?.id + ' ' + document.activeElement?.className,
      )
    await page.keyboard.press('Tab')
    expect(await focused()).toMatch(/^py cm-content/)
    await page.keyboard.press('Control+A')
    await page.keyboard.type('while True:')
    await page.keyboard.press('Enter')
    await page.keyboard.type('pass')
    const before = (await editorText('py')).split('\n')[1] ?? ''
    await page.keyboard.press('Tab')
    const after = (await editorText('py')).split('\n')[1] ?? ''
    expect(after.trim()).toBe('pass')
    expect(after.length).toBe(before.length + 4)
    expect(await focused()).toMatch(/^py cm-content/)
    await page.keyboard.press('Control+Enter')
    await expect.poll(() => status('py').innerText(), { timeout: 30_000 }).toBe('Running…')
    await page.keyboard.press('Escape')
    expect(await page.locator('#py .rc-hint').innerText()).toBe('Tab now moves to the next control.')
    await page.keyboard.press('Tab')
    expect(await focused()).toMatch(/^py rc-button rc-run/)
    await page.keyboard.press('Tab')
    expect(await focused()).toMatch(/^py rc-button rc-stop/)
    await page.keyboard.press('Enter')
    await expect.poll(() => status('py').innerText(), { timeout: 10_000 }).toBe('Stopped.')
    expect(await focused()).toMatch(/^py rc-button rc-run/)
  })

  test('the page logged no errors', () => {
    expect(errors).toEqual([])
  })
})
