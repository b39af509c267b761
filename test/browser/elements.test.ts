import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { collectPageErrors, launchChromium } from '../support/chromium.js'
import { startTestOrigins, type TestOrigins } from '../support/origins.js'

// <runcell-runner> and upgrade() on plain HTML pages, with no bundler: the page loads runcell-elements.js from
// the assets origin (another origin, as in production), and the module finds the assets from its own URL.
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
let origins: TestOrigins
let browser: Browser
let page: Page
let errors: string[]

const RUNNERS = `
<runcell-runner id="py" language="python" loading="eager">
  x = 6 * 7
  print(x)
</runcell-runner>
<runcell-runner id="sql" language="sql">SELECT 6 * 7 AS answer, NULL AS missing;</runcell-runner>
<runcell-runner id="js" language="javascript">console.log([1, 2, 3].map((n) => n * 2).join(','))</runcell-runner>
<runcell-runner id="first" language="python" session="shared">total = 40</runcell-runner>
<runcell-runner id="second" language="python" session="shared">print(total + 2)</runcell-runner>
<runcell-runner id="broken" language="python">
  a = 1
  b = undefined_name
</runcell-runner>
<runcell-runner id="auto" language="javascript" autorun read-only theme="dark">console.log('ran by itself')</runcell-runner>
<runcell-runner id="ask" language="python">
  name = input('Name?')
  print('Hi', name)
</runcell-runner>`

const UPGRADED = `
<pre data-runcell data-session="up"><code class="language-python">y = 5</code></pre>
<div class="highlight-python notranslate runcell runcell-session-up"><div class="highlight"><pre><span></span>print(y * 2)</pre></div></div>
<pre><code class="language-python">print('left alone')</code></pre>`

function html(body: string, script: string): { type: string; body: string } {
  const head = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Runcell elements</title><link rel="icon" href="data:,">${script}</head>`
  return {
    type: 'text/html; charset=utf-8',
    body: `${head}<body><main><h1>Snippets</h1>${body}</main></body></html>`,
  }
}

beforeAll(async () => {
  // The module's URL is only known once the assets origin has a port, so the pages are filled in after.
  const pages: Record<string, { type: string; body: string }> = {}
  origins = await startTestOrigins({ pages })
  const moduleUrl = `${origins.assetsBaseUrl}runcell-elements.js`
  pages['/elements.html'] = html(RUNNERS, `<script type="module" src="${moduleUrl}"></script>`)
  pages['/upgrade.html'] = html(
    UPGRADED,
    `<script type="module">import { setMessages, upgrade } from '${moduleUrl}'; setMessages({ run: 'Ausführen' }); window.upgraded = upgrade().length</script>`,
  )
  browser = await launchChromium()
  page = await (await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] })).newPage()
  errors = collectPageErrors(page)
  await page.goto(`${origins.host.url}/elements.html`)
  await page.waitForSelector('#py .cm-content')
})
afterAll(async () => {
  await browser?.close()
  await origins?.close()
})

const output = (id: string) => page.locator(`#${id} [role="log"]`)
const finished = (id: string) =>
  page.waitForSelector(
    `#${id} .rc-runner:not([data-status="idle"]):not([data-status="queued"]):not([data-status="loading"]):not([data-status="running"])`,
    { timeout: 90_000 },
  )

async function run(id: string): Promise<string> {
  await page.click(`#${id} .rc-run`)
  await finished(id)
  return page.locator(`#${id} .rc-runner`).getAttribute('data-status') as Promise<string>
}

async function axeViolations(): Promise<string[]> {
  await page.addScriptTag({ path: axePath })
  return page.evaluate(async () => {
    type Violation = { id: string; nodes: { target: string[]; failureSummary?: string }[] }
    const { axe } = window as unknown as { axe: { run(c: Document): Promise<{ violations: Violation[] }> } }
    const { violations } = await axe.run(document)
    return violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ') + (n.failureSummary ?? '')).join(', ')}`,
    )
  })
}

describe('<runcell-runner> on a plain page', () => {
  test('axe finds no violations while the runners are idle', async () => {
    expect(await axeViolations()).toEqual([])
  })

  test('a Python runner prints, with the status line saying how long it took', async () => {
    expect(await run('py')).toBe('ok')
    await expect
      .poll(() =>
        output('py')
          .innerText()
          .then((t) => t.trim()),
      )
      .toBe('42')
    expect(await page.locator('#py [role="status"].rc-status').innerText()).toMatch(/^Finished in \d/)
  })

  test('a SQL runner shows its result as a table with a caption, NULL spelled out', async () => {
    expect(await run('sql')).toBe('ok')
    expect(
      await page
        .locator('#sql table caption')
        .innerText()
        .then((t) => t.trim()),
    ).toBe('Result 1 (1 row)')
    expect(await page.locator('#sql td').allInnerTexts()).toEqual(['42', 'NULL'])
  })

  test('a JavaScript runner prints what console.log wrote', async () => {
    expect(await run('js')).toBe('ok')
    await expect
      .poll(() =>
        output('js')
          .innerText()
          .then((t) => t.trim()),
      )
      .toBe('2,4,6')
  })

  test('two runners naming one session share its variables', async () => {
    expect(await run('first')).toBe('ok')
    expect(await run('second')).toBe('ok')
    await expect
      .poll(() =>
        output('second')
          .innerText()
          .then((t) => t.trim()),
      )
      .toBe('42')
  })

  test('an error names its line in the output and marks it in the editor gutter', async () => {
    expect(await run('broken')).toBe('error')
    expect(await output('broken').innerText()).toMatch(/NameError: .*undefined_name.*\(at line 2\)/s)
    expect(await page.locator('#broken .rc-error-marker').count()).toBe(1)
  })

  test('an autorun runner runs its code on load, and read-only keeps the reader from editing it', async () => {
    await finished('auto')
    await expect
      .poll(() =>
        output('auto')
          .innerText()
          .then((t) => t.trim()),
      )
      .toBe('ran by itself')
    expect(await page.locator('#auto .rc-runner').getAttribute('data-theme')).toBe('dark')
    expect(await page.locator('#auto .cm-content').getAttribute('aria-readonly')).toBe('true')
    await page.click('#auto .cm-content')
    await page.keyboard.insertText('typed ')
    expect(await page.locator('#auto').evaluate((el) => (el as HTMLElement & { code: string }).code)).toBe(
      "console.log('ran by itself')",
    )
  })

  test("theme='auto' follows the page's own switch (data-theme on <html>), and an explicit theme stays", async () => {
    const themes = () =>
      page.$$eval('#py, #auto', (els) =>
        els.map((el) => el.shadowRoot?.querySelector('.rc-runner')?.getAttribute('data-theme')),
      )
    expect(await themes()).toEqual(['auto', 'dark'])
    await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'))
    await expect.poll(themes).toEqual(['dark', 'dark'])
    await page.evaluate(() => (document.documentElement.dataset.theme = 'light'))
    await expect.poll(themes).toEqual(['light', 'dark'])
    await page.evaluate(() => delete document.documentElement.dataset.theme)
    await expect.poll(themes).toEqual(['auto', 'dark'])
  })

  test('Ctrl+Enter in the editor runs the edited code', async () => {
    await page.click('#js .cm-content')
    await page.keyboard.press('Control+A')
    await page.keyboard.insertText("console.log('edited')")
    await page.keyboard.press('Control+Enter')
    await expect
      .poll(
        () =>
          output('js')
            .innerText()
            .then((t) => t.trim()),
        { timeout: 30_000 },
      )
      .toBe('edited')
  })

  test('input() shows a labelled, focused field in the output; Enter answers it, and axe finds nothing while it waits', async () => {
    await page.click('#ask .rc-run')
    const field = page.getByRole('textbox', { name: /Name\?/ })
    await field.waitFor({ timeout: 90_000 })
    expect(await field.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true)
    expect(await axeViolations()).toEqual([])
    await page.keyboard.type('Ada')
    await page.keyboard.press('Enter')
    await finished('ask')
    expect(await page.locator('#ask .rc-runner').getAttribute('data-status')).toBe('ok')
    await expect.poll(() => output('ask').innerText()).toContain('Hi Ada')
    expect(await page.locator('#ask .rc-input-field').count()).toBe(0)
  })

  test('axe finds no violations after runs with output, tables and errors', async () => {
    expect(await axeViolations()).toEqual([])
    expect(errors).toEqual([])
  })
})

describe('upgrade()', () => {
  test('turns marked code blocks into runners that share a session, and leaves unmarked blocks alone', async () => {
    await page.goto(`${origins.host.url}/upgrade.html`)
    await page.waitForFunction(() => (window as { upgraded?: number }).upgraded !== undefined)
    expect(await page.evaluate(() => (window as { upgraded?: number }).upgraded)).toBe(2)
    const ids = await page.$$eval('runcell-runner', (runners) =>
      runners.map((runner, i) => ((runner.id = `up${i}`), runner.getAttribute('session'))),
    )
    expect(ids).toEqual(['up', 'up'])
    expect(
      await page
        .locator('main > pre code')
        .innerText()
        .then((t) => t.trim()),
    ).toBe("print('left alone')")
    expect(await run('up0')).toBe('ok')
    expect(await run('up1')).toBe('ok')
    await expect
      .poll(() =>
        output('up1')
          .innerText()
          .then((t) => t.trim()),
      )
      .toBe('10')
  })
})
