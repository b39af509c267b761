import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { assetFiles } from '../../packages/core/bin/asset-files.mjs'
import { ensureDocGenerators } from '../../scripts/find-doc-generators.mjs'
import { startStaticServer, type StaticServer } from '../../scripts/static-server.mjs'
import { collectPageErrors, launchChromium } from '../support/chromium.js'

// Real MkDocs and Sphinx sites, built by the generators from test/consumers/sites/, whose marked code blocks
// become runners through runcell-elements.js. The runner assets are served in place (not copied per site) where
// each site expects the output of `runcell assets`: site/runcell/ for MkDocs, _static/runcell/ for Sphinx.
const sites = join(import.meta.dirname, 'sites')
const out = mkdtempSync(join(tmpdir(), 'runcell-generators-'))
let server: StaticServer
let browser: Browser

beforeAll(async () => {
  ensureDocGenerators()
  execFileSync('mkdocs', [
    'build',
    '-q',
    '-f',
    join(sites, 'mkdocs', 'mkdocs.yml'),
    '-d',
    join(out, 'mkdocs'),
  ])
  execFileSync('sphinx-build', ['-q', '-b', 'html', join(sites, 'sphinx'), join(out, 'sphinx')])
  const assets = assetFiles()
  server = await startStaticServer({
    mounts: {
      '/mkdocs/runcell/': assets,
      '/mkdocs/': join(out, 'mkdocs'),
      '/sphinx/_static/runcell/': assets,
      '/sphinx/': join(out, 'sphinx'),
    },
  })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
  rmSync(out, { recursive: true, force: true })
})

async function runAll(page: Page): Promise<string[]> {
  const outputs: string[] = []
  const count = await page.locator('runcell-runner').count()
  for (let i = 0; i < count; i += 1) {
    const runner = page.locator('runcell-runner').nth(i)
    await runner.locator('.rc-run').click()
    await runner
      .locator('.rc-runner[data-status="ok"], .rc-runner[data-status="error"]')
      .waitFor({ timeout: 90_000 })
    outputs.push((await runner.locator('[role="log"]').innerText()).trim())
  }
  return outputs
}

describe.each([
  ['MkDocs (extra_javascript, fenced code with attr_list)', '/mkdocs/index.html'],
  ['Sphinx (html_js_files, code-block with :class: runcell)', '/sphinx/index.html'],
])('%s', (_name, path) => {
  test('its marked blocks run Python in a shared session, SQL and JavaScript; plain blocks stay', async () => {
    const page = await browser.newPage()
    const errors = collectPageErrors(page)
    const failed: string[] = []
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(new URL(response.url()).pathname)
    })
    await page.goto(`${server.url}${path}`)
    await page.locator('runcell-runner .cm-content').first().waitFor({ timeout: 30_000 })
    expect(await page.locator('runcell-runner').count()).toBe(4)
    expect(await page.locator('pre', { hasText: 'a plain block stays a plain block' }).count()).toBe(1)
    expect(await runAll(page)).toEqual(['', '42', 'Result 1 (1 row)\nanswer\n42', '2,4,6'])
    // The generators' pages ask for a favicon the sites don't have; every other request must succeed.
    expect(failed.filter((p) => !p.endsWith('favicon.ico'))).toEqual([])
    expect(errors.filter((e) => !e.includes('Failed to load resource'))).toEqual([])
    await page.close()
  })
})
