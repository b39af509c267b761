// Every story of the built Storybook in Chromium: it renders, logs no errors, and axe-core finds no WCAG 2.2
// A/AA violations in it. The runner stories also run real code on the assets that staticDirs serves.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStaticServer, type StaticServer } from '../../scripts/static-server.mjs'
import { collectPageErrors, launchChromium } from '../support/chromium.js'
import { ensureStorybookBuilt, staticDir } from './built-storybook.js'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']

interface IndexEntry {
  id: string
  title: string
  name: string
  type: 'story' | 'docs'
}
interface AxeViolation {
  id: string
  help: string
  nodes: { target: string[] }[]
}

let server: StaticServer
let browser: Browser
let stories: IndexEntry[] = []

beforeAll(async () => {
  const build = ensureStorybookBuilt()
  console.log(build.rebuilt ? `Storybook built in ${build.seconds.toFixed(1)} s` : 'Storybook build is fresh')
  const index = JSON.parse(readFileSync(join(staticDir, 'index.json'), 'utf8')) as {
    entries: Record<string, IndexEntry>
  }
  stories = Object.values(index.entries).filter((entry) => entry.type === 'story')
  // The static server sends the CORS and MIME headers the opaque runner frame needs.
  // Chromium asks for /favicon.ico on its own; answer it so that request is not a console error.
  const favicon = { type: 'image/svg+xml', body: readFileSync(join(staticDir, 'favicon.svg'), 'utf8') }
  server = await startStaticServer({ mounts: { '/': staticDir }, pages: { '/favicon.ico': favicon } })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

/** Opens one story alone and waits until Storybook says it rendered (or showed its error screen). */
async function openStory(page: Page, id: string): Promise<void> {
  // `a11y.manual` stops the addon's own axe run, so the test's run is the only one.
  const globals = 'a11y.manual:!true'
  await page.goto(`${server.url}/iframe.html?id=${encodeURIComponent(id)}&viewMode=story&globals=${globals}`)
  await page.waitForFunction(
    () =>
      document.body.classList.contains('sb-show-main') ||
      document.body.classList.contains('sb-show-errordisplay') ||
      document.body.classList.contains('sb-show-nopreview'),
    undefined,
    { timeout: 20_000 },
  )
  // Effects and charts settle after the first paint.
  await page.waitForTimeout(150)
}

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource })
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(...args: unknown[]): Promise<{ violations: never[] }> } })
      .axe
    const { violations } = await axe.run(
      { include: ['#storybook-root'] },
      { runOnly: { type: 'tag', values: tags }, rules: { region: { enabled: false } } },
    )
    return violations
  }, AXE_TAGS)
}

describe('the built Storybook', () => {
  it('lists stories for the monitoring dashboard and the flag states', () => {
    const titles = new Set(stories.map((story) => story.title))
    expect(titles).toContain('Monitoring/MonitoringDashboard')
    expect(titles).toContain('Flags/Flag states')
    expect(stories.length).toBeGreaterThanOrEqual(15)
  })

  it('renders every story without console errors and with no axe violations', async () => {
    const failures: string[] = []
    const page = await browser.newPage()
    const errors = collectPageErrors(page)
    for (const story of stories) {
      errors.length = 0
      await openStory(page, story.id)
      const shown = await page.evaluate(() => document.body.className)
      if (!shown.includes('sb-show-main')) failures.push(`${story.id}: did not render (${shown})`)
      const violations = await axeViolations(page)
      for (const v of violations) {
        failures.push(
          `${story.id}: axe ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        )
      }
      for (const error of errors) failures.push(`${story.id}: ${error}`)
    }
    await page.close()
    console.log(`Checked ${stories.length} stories`)
    expect(failures).toEqual([])
    // About 1-3 s per story on a loaded 2-core machine, and the stories keep growing (exercises added 7).
  }, 480_000)

  it('serves the runner assets at /runcell/ so runner stories run real Python, SQL and JavaScript', async () => {
    const page = await browser.newPage()
    const errors = collectPageErrors(page)
    await openStory(page, 'flags-flag-states--execution-on')
    const expected = {
      javascript: 'hello from JavaScript 42',
      sql: 'hello from SQL',
      python: 'hello from Python 42',
    }
    for (const [language, text] of Object.entries(expected)) {
      const runner = page.locator(`[data-runner="${language}"]`)
      await runner.getByRole('button', { name: /^Run / }).click()
      const log = runner.getByRole('log')
      await expect
        .poll(() => log.getAttribute('data-status'), { timeout: 60_000, interval: 200 })
        .not.toMatch(/idle|running/)
      expect(await log.getAttribute('data-status')).toBe('ok')
      expect(await log.innerText()).toContain(text)
    }
    expect(errors).toEqual([])
    await page.close()
  })

  it('shows "Code execution is turned off" instead of a Run button under the kill switch', async () => {
    const page = await browser.newPage()
    await openStory(page, 'flags-flag-states--code-execution-off')
    await expect.poll(() => page.getByText('Code execution is turned off.').count()).toBe(3)
    expect(await page.getByRole('button', { name: /^Run / }).count()).toBe(0)
    await page.close()
  })
})
