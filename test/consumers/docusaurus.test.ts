// A Docusaurus site from the packed tarballs, set up as docs/getting-started/docusaurus.md says (MDXComponents
// created by hand, a Root with the provider, a baseUrl), built for production and previewed with
// `docusaurus serve`, which sends no CORS header and serves clean URLs. Docusaurus itself is installed from the
// site's committed lockfile (exact versions, so every CI run builds the same tree) once per lockfile and kept in
// node_modules/.cache, shared by later runs; only the tarballs are installed per run.
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ChildProcess } from 'node:child_process'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { collectPageErrors, launchChromium } from '../support/chromium.js'
import { freePort } from '../support/free-port.js'
import { startServer, step, stopServer } from './consumer-steps.js'
import { packWorkspacePackages, root } from './workspace-packages.js'

const LIMITS = { docusaurus: 600_000, install: 120_000, build: 360_000, start: 30_000, run: 90_000 }
const sources = join(import.meta.dirname, 'sites', 'docusaurus')
// Keyed by the lockfile, so a changed pin installs afresh instead of reusing an older tree.
const lock = createHash('sha256')
  .update(readFileSync(join(sources, 'package-lock.json')))
  .digest('hex')
  .slice(0, 12)
const site = join(root, 'node_modules', '.cache', `runcell-docusaurus-${lock}`)
const BASE = '/docs-site/'
let server: ChildProcess | undefined
let browser: Browser
let url: string
let tarballDir: string

beforeAll(async () => {
  if (!existsSync(join(site, 'node_modules', '@docusaurus', 'core', 'package.json'))) {
    rmSync(site, { recursive: true, force: true })
    cpSync(sources, site, { recursive: true })
    // The site's package.json has no "type": "module": webpack would then read Docusaurus's generated route
    // registry as strict ESM, and the server build fails with "require.resolveWeak is not a function".
    // No install scripts: the only one in the tree is core-js's banner.
    step(
      'npm ci docusaurus (once per lockfile)',
      'npm',
      ['ci', '--ignore-scripts', '--prefer-offline', '--loglevel=error'],
      site,
      LIMITS.docusaurus,
    )
  }
  // The site's sources as committed, over the cached install; the last build and the old assets go.
  for (const dir of ['build', '.docusaurus', 'static', 'docs', 'src'])
    rmSync(join(site, dir), { recursive: true, force: true })
  cpSync(sources, site, { recursive: true })
  tarballDir = mkdtempSync(join(tmpdir(), 'runcell-docusaurus-tarballs-'))
  const tarballs = packWorkspacePackages(tarballDir)
  step(
    'npm install tarballs',
    'npm',
    ['install', '--no-save', '--prefer-offline', '--loglevel=error', tarballs.core, tarballs.react],
    site,
    LIMITS.install,
  )
  step('runcell assets', 'npx', ['runcell', 'assets', 'static/runcell'], site, 60_000)
  step('docusaurus build', 'npx', ['docusaurus', 'build'], site, LIMITS.build)
  const port = await freePort()
  url = `http://127.0.0.1:${port}${BASE}`
  server = await startServer(
    'npx',
    ['docusaurus', 'serve', '--port', String(port), '--host', '127.0.0.1', '--no-open'],
    site,
    url,
    LIMITS.start,
  )
  browser = await launchChromium()
}, 900_000)

afterAll(async () => {
  await browser?.close()
  stopServer(server)
  if (tarballDir) rmSync(tarballDir, { recursive: true, force: true })
})

const log = (page: Page, id: string) => page.locator(`#${id} [role="log"]`)

test('on docusaurus serve under a baseUrl, Python, SQL and JavaScript run, and two runners share a session', async () => {
  const page = await browser.newPage()
  const errors = collectPageErrors(page)
  await page.goto(url)
  const done = (id: string) =>
    page.waitForSelector(`#${id}[data-status="ok"], #${id}[data-status="error"]`, { timeout: LIMITS.run })
  // Docusaurus hydrates only once the route's chunks have loaded, which can be after the load event: a click
  // before that reaches a button with no handler yet (it timed out once in CI that way). So the reader presses Run
  // once React owns the buttons; the placeholder's Run before the editor has loaded still counts.
  await page.waitForFunction(() =>
    ['py', 'sql', 'js'].every((id) => {
      const button = document.querySelector(`#${id} .rc-run`)
      return button !== null && Object.keys(button).some((key) => key.startsWith('__reactProps'))
    }),
  )
  for (const id of ['py', 'sql', 'js']) await page.locator(`#${id} .rc-run`).click()
  await Promise.all(['py', 'sql', 'js'].map(done)).catch(async (error: unknown) => {
    // Says where each runner stood, and what the page reported, so a timeout here can be told apart.
    const statuses = await page.evaluate(() =>
      ['py', 'sql', 'js'].map((id) => `${id}=${document.getElementById(id)?.dataset.status ?? 'missing'}`),
    )
    throw new Error(`${String(error)}\nrunners: ${statuses.join(' ')}\npage errors: ${errors.join(' | ')}`)
  })
  await expect.poll(() => log(page, 'py').innerText()).toContain('45')
  await expect.poll(() => log(page, 'js').innerText()).toContain('2,4,6')
  expect(await page.locator('#sql table td').allInnerTexts()).toEqual(['42', 'sql'])
  await page.locator('#first .rc-run').click()
  await done('first')
  await page.locator('#second .rc-run').click()
  await expect.poll(() => log(page, 'second').innerText(), { timeout: LIMITS.run }).toContain('42')
  expect(await page.locator('[data-status="error"]').count()).toBe(0)
  expect(errors).toEqual([])
  await page.close()
})

test('a page of the same site without a runner loads neither the editor nor the runtime', async () => {
  const page = await browser.newPage()
  const scripts: string[] = []
  page.on('response', async (response) => {
    if (response.request().resourceType() === 'script') scripts.push(await response.text().catch(() => ''))
  })
  await page.goto(`${url}prose`)
  await page.getByText('A page with no runner').waitFor()
  await page.waitForTimeout(1000)
  const bytes = scripts.reduce((sum, text) => sum + text.length, 0)
  console.log(
    `docusaurus prose page: ${scripts.length} scripts, ${(bytes / 1024).toFixed(1)} KB uncompressed`,
  )
  // CodeMirror's view names its root `cm-editor`; the runtime builds the runner frame with `allow-scripts`.
  expect(scripts.some((text) => text.includes('cm-editor'))).toBe(false)
  expect(await page.locator('iframe').count()).toBe(0)
  await page.close()
})
