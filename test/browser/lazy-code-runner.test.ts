import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { bundlePage, staticGzipKb, type PageChunk } from '../../bench/metrics/bundle.mjs'
import { collectPageErrors, launchChromium } from '../support/chromium.js'
import { startTestOrigins, type TestOrigins } from '../support/origins.js'

// Issue 18 §3: pages that show no runner don't pay for it, and theme="auto" follows the page's own switch.
// The page is a production Vite bundle with code splitting, as a docs site ships it.
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

const APP = `
import { createRoot } from 'react-dom/client'
import { CodeRunner, RuncellProvider } from '@runcell/react'
const view = new URLSearchParams(location.search).get('view')
const config = { assetsBaseUrl: window.RUNCELL_ASSETS }
function App() {
  if (view === 'none') return <p>A page of prose, with CodeRunner registered but not used.</p>
  if (view === 'below')
    return (
      <>
        <div style={{ height: '3000px' }}>Scroll down.</div>
        <CodeRunner id="below" language="javascript" code={"const answer = 6 * 7\\nconsole.log(answer)"} />
      </>
    )
  return (
    <main>
      <CodeRunner id="auto" language="javascript" code="console.log('auto theme output')" autoRun />
      <CodeRunner id="dark" theme="dark" language="javascript" code="console.log('dark theme output')" autoRun />
    </main>
  )
}
createRoot(document.getElementById('root')).render(<RuncellProvider config={config}><App /></RuncellProvider>)
`

// What a docs theme does to every pre and code on a light site: a light background and no colour of their own, so
// a dark runner's light text would land on a light box unless the runner keeps its own colours there.
const HOSTILE_CSS = `body { background: #ffffff; color: #1c1e21 }
pre { background: #f6f7f8; padding: 1rem }
code { background: #f2f2f2; border: 1px solid rgba(0,0,0,.1) }`

let origins: TestOrigins
let browser: Browser
let chunks: PageChunk[]
let viewChunk: string

beforeAll(async () => {
  chunks = await bundlePage(APP, { withReact: true, ext: 'jsx' })
  viewChunk = chunks.find(
    (chunk) => chunk.isDynamicEntry && chunk.fileName.startsWith('CodeRunnerView'),
  )!.fileName
  const pages: Record<string, { type?: string; body: string }> = {}
  for (const chunk of chunks) pages[`/${chunk.fileName}`] = { type: 'text/javascript', body: chunk.code }
  pages['/styles.css'] = { type: 'text/css', body: '' }
  pages['/'] = { body: '' }
  origins = await startTestOrigins({ pages })
  const { readFileSync } = await import('node:fs')
  pages['/styles.css']!.body = readFileSync(
    new URL('../../packages/react/dist/styles.css', import.meta.url),
    'utf8',
  )
  const entry = chunks.find((chunk) => chunk.isEntry)!.fileName
  pages['/'].body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lazy runner</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/styles.css"><style>${HOSTILE_CSS}</style>
<script>window.RUNCELL_ASSETS = ${JSON.stringify(origins.assetsBaseUrl)};
const t = new URLSearchParams(location.search).get('theme'); if (t) document.documentElement.setAttribute('data-theme', t)</script>
</head><body><div id="root"></div><script type="module" src="/${entry}"></script></body></html>`
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await origins?.close()
})

/** Opens the page and records which chunk files it requested. */
async function open(query: string, colorScheme: 'light' | 'dark' = 'light') {
  const context = await browser.newContext({ colorScheme })
  const page = await context.newPage()
  const errors = collectPageErrors(page)
  const requested: string[] = []
  page.on('request', (request) => requested.push(new URL(request.url()).pathname))
  await page.goto(`${origins.host.url}/${query}`)
  return { page, errors, requested, close: () => context.close() }
}

describe('only pages that show a runner pay for it', () => {
  test('a page that imports CodeRunner and shows none loads at most 15 KB gzip of Runcell, and never the editor', async () => {
    // Measured on the same page built with React left out, so the figure is Runcell's share alone.
    const idle = staticGzipKb(
      await bundlePage(
        "import { CodeRunner, RuncellProvider } from '@runcell/react'\nexport const c = [CodeRunner, RuncellProvider]\n",
      ),
    )
    console.log(`code runner idle page: ${idle.toFixed(2)} KB gzip of Runcell`)
    expect(idle).toBeLessThanOrEqual(15)
    const { page, errors, requested, close } = await open('?view=none')
    await page.getByText('A page of prose').waitFor()
    await page.waitForTimeout(500)
    expect(requested).not.toContain(`/${viewChunk}`)
    expect(await page.locator('iframe').count()).toBe(0)
    expect(errors).toEqual([])
    await close()
  })

  test('a runner below the fold shows highlighted code at once and loads the editor only when scrolled near', async () => {
    const { page, errors, requested, close } = await open('?view=below')
    await page.locator('#below .rc-static .tok-keyword').first().waitFor()
    expect(await page.locator('#below .rc-static').innerText()).toContain('const answer = 6 * 7')
    await page.waitForTimeout(500)
    expect(requested).not.toContain(`/${viewChunk}`)
    expect(await page.locator('.cm-editor').count()).toBe(0)

    await page.locator('#below').scrollIntoViewIfNeeded()
    await page.locator('#below .cm-editor').waitFor()
    expect(requested).toContain(`/${viewChunk}`)
    await page.locator('#below .rc-run').click()
    await expect
      .poll(() => page.locator('#below [role="log"]').innerText(), { timeout: 60_000 })
      .toContain('42')
    expect(errors).toEqual([])
    await close()
  })

  test('keyboard focus in a runner off screen loads the editor and leaves the focus in it', async () => {
    const { page, requested, close } = await open('?view=below')
    await page.locator('#below .rc-static').waitFor()
    expect(requested).not.toContain(`/${viewChunk}`)
    // Focusing without scrolling is what a screen reader's virtual cursor or a skip link does.
    await page
      .locator('#below .rc-static')
      .evaluate((el) => (el as HTMLElement).focus({ preventScroll: true }))
    await page.locator('#below .cm-editor').waitFor()
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.className ?? ''))
      .toContain('cm-content')
    await close()
  })

  test('a share link naming a runner off screen loads its editor at once, showing the shared code', async () => {
    const shared = Buffer.from("console.log('shared with you')", 'utf8').toString('base64url')
    const { page, requested, close } = await open(`?view=below#runcell=below&code=${shared}`)
    // No scrolling: the link is the reader asking for that runner's code, which the placeholder can't show.
    await expect.poll(() => page.locator('#below .cm-content').count(), { timeout: 30_000 }).toBe(1)
    // The editor mounts with the author's code and takes the shared code in the effect after it.
    await expect
      .poll(() => page.locator('#below .cm-content').innerText(), { timeout: 10_000 })
      .toContain("console.log('shared with you')")
    expect(requested).toContain(`/${viewChunk}`)
    await close()
  })
})

describe('theme="auto" follows the page', () => {
  async function axeContrast(page: Page): Promise<string[]> {
    await page.addScriptTag({ path: axePath })
    return page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run(
              c: unknown,
              o: unknown,
            ): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>
          }
        }
      ).axe
      const { violations } = await axe.run(document, { runOnly: ['color-contrast'] })
      return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    })
  }
  const theme = (page: Page, id: string) => page.locator(`#${id}`).getAttribute('data-theme')
  const background = (page: Page, id: string) =>
    page.locator(`#${id}`).evaluate((el) => getComputedStyle(el).backgroundColor)

  test('a light site on a dark OS gets light runners with AA contrast, and the switch is followed live', async () => {
    const { page, errors, close } = await open('?theme=light', 'dark')
    await expect
      .poll(() => page.locator('#auto [role="log"]').innerText(), { timeout: 60_000 })
      .toContain('auto theme output')
    await expect
      .poll(() => page.locator('#dark [role="log"]').innerText(), { timeout: 60_000 })
      .toContain('dark theme output')
    expect(await theme(page, 'auto')).toBe('light')
    expect(await background(page, 'auto')).toBe('rgb(255, 255, 255)')
    expect(await theme(page, 'dark')).toBe('dark')
    // Output on the site's light code backgrounds, in both runners: the runner's own colours hold.
    expect(await axeContrast(page)).toEqual([])

    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'))
    await expect.poll(() => theme(page, 'auto')).toBe('dark')
    expect(await background(page, 'auto')).toBe('rgb(13, 17, 23)')
    await page.evaluate(() => {
      document.documentElement.removeAttribute('data-theme')
      document.documentElement.classList.add('light')
    })
    await expect.poll(() => theme(page, 'auto')).toBe('light')
    await page.evaluate(() => document.documentElement.classList.replace('light', 'dark'))
    await expect.poll(() => theme(page, 'auto')).toBe('dark')
    expect(await theme(page, 'dark')).toBe('dark')
    expect(errors).toEqual([])
    await close()
  })

  test('without a switch on the page, auto follows prefers-color-scheme', async () => {
    for (const scheme of ['dark', 'light'] as const) {
      const { page, close } = await open('', scheme)
      await page.locator('#auto .cm-editor').waitFor()
      expect(await theme(page, 'auto')).toBe('auto')
      expect(await background(page, 'auto')).toBe(
        scheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)',
      )
      await close()
    }
  })
})
