// Real consumers: the packed tarballs installed into a fresh Vite React app and a fresh Next.js App Router app
// in temp folders, built for production, served, and driven in Chromium to run Python, SQL and JavaScript.
// Slow by nature (two npm installs and two production builds); each step has its own time limit and says
// which step failed and what it printed.
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collectPageErrors, launchChromium } from '../support/chromium.js'
import { SNIPPETS, writeNextApp, writeViteApp } from './consumer-apps.js'
import { freePort } from '../support/free-port.js'
import { startServer as startConsumerServer, step, stopServer } from './consumer-steps.js'
import { packWorkspacePackages, root } from './workspace-packages.js'

const LIMITS = { install: 150_000, build: 150_000, start: 30_000, run: 60_000 }
let work: string
let tarballs: { core: string; react: string }
let browser: Browser
function installAndCopyAssets(dir: string): void {
  step(
    'npm install',
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
    dir,
    LIMITS.install,
  )
  step('runcell assets', 'npx', ['runcell', 'assets', 'public/runcell'], dir, 30_000)
}
/** Starts a server within the start limit. */
const startServer = (command: string, args: string[], cwd: string, url: string): Promise<ChildProcess> =>
  startConsumerServer(command, args, cwd, url, LIMITS.start)

interface PageResult {
  status: string
  stdout: string
  outputs: { type: string; columns?: string[]; rows?: unknown[][] }[]
  error?: { name: string; message: string }
}

/** Opens the app, waits for its three runs, and checks what a reader would see. */
async function expectSnippetsRun(url: string): Promise<void> {
  const page = await browser.newPage()
  const errors = collectPageErrors(page)
  await page.goto(url)
  // One deadline for all three runs; a timeout says what the page logged, which is usually the cause.
  await page
    .waitForFunction(
      (count) => {
        // All three result blocks rendered (a render error would unmount them) and none still pending.
        const blocks = [...document.querySelectorAll('pre[data-status]')]
        return blocks.length === count && blocks.every((pre) => pre.getAttribute('data-status') !== 'pending')
      },
      Object.keys(SNIPPETS).length,
      { timeout: LIMITS.run },
    )
    .catch((error: Error) => {
      throw new Error(
        `${url}: the runs did not finish in ${LIMITS.run / 1000} s (${error.message}).\n${errors.join('\n')}`,
      )
    })
  const results: Record<string, PageResult> = {}
  for (const language of Object.keys(SNIPPETS)) {
    results[language] = JSON.parse(await page.locator(`#result-${language}`).innerText()) as PageResult
  }
  expect(results.python).toMatchObject({ status: 'ok', stdout: `${SNIPPETS.python.stdout}\n` })
  expect(results.javascript).toMatchObject({ status: 'ok', stdout: `${SNIPPETS.javascript.stdout}\n` })
  expect(results.sql?.status).toBe('ok')
  expect(results.sql?.outputs).toEqual([
    { type: 'table', columns: ['answer', 'engine'], rows: [[42, 'sql']], truncated: false },
  ])
  expect(await page.locator('#execution').innerText()).toBe('Python code can run.')
  // The monitor (another entry) saw the runs through the runtime's observer: at least the three that finished (an
  // engine that had to restart under a run is counted too).
  await expect
    .poll(async () => Number(await page.locator('#monitored').innerText()), { timeout: 5_000 })
    .toBeGreaterThanOrEqual(3)
  expect(errors).toEqual([])
  await page.close()
}

beforeAll(async () => {
  for (const dir of ['core', 'react']) {
    if (!existsSync(join(root, 'packages', dir, 'dist', 'index.js'))) {
      throw new Error(`packages/${dir}/dist is missing: run "npm run build" before the consumer tests.`)
    }
  }
  work = mkdtempSync(join(tmpdir(), 'runcell-consumers-'))
  tarballs = packWorkspacePackages(work)
  browser = await launchChromium()
  console.log(`consumer apps in ${work}`)
}, 120_000)

afterAll(async () => {
  await browser?.close()
  if (work && !process.env.RUNCELL_KEEP_CONSUMERS) rmSync(work, { recursive: true, force: true })
})

describe('a fresh Vite React app with the packed packages', () => {
  let server: ChildProcess | undefined
  let url = ''

  beforeAll(
    async () => {
      const dir = join(work, 'vite-app')
      writeViteApp(dir, tarballs)
      installAndCopyAssets(dir)
      step('vite build', 'npx', ['vite', 'build', '--logLevel', 'warn'], dir, LIMITS.build)
      const port = await freePort()
      url = `http://127.0.0.1:${port}/`
      server = await startServer(
        'npx',
        ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
        dir,
        url,
      )
    },
    LIMITS.install + LIMITS.build + 60_000,
  )

  afterAll(() => stopServer(server))

  it(
    'builds, serves, and runs a Python, a SQL and a JavaScript snippet in Chromium',
    async () => {
      await expectSnippetsRun(url)
    },
    LIMITS.run + 30_000,
  )
})

describe('a fresh Next.js App Router app with the packed packages', () => {
  let server: ChildProcess | undefined
  let url = ''

  beforeAll(
    async () => {
      const dir = join(work, 'next-app')
      writeNextApp(dir, tarballs)
      installAndCopyAssets(dir)
      step('next build', 'npx', ['next', 'build'], dir, LIMITS.build)
      const port = await freePort()
      url = `http://127.0.0.1:${port}/`
      server = await startServer('npx', ['next', 'start', '-H', '127.0.0.1', '-p', String(port)], dir, url)
    },
    LIMITS.install + LIMITS.build + 60_000,
  )

  afterAll(() => stopServer(server))

  it(
    'builds, server-renders, hydrates, and runs a Python, a SQL and a JavaScript snippet in Chromium',
    async () => {
      await expectSnippetsRun(url)
    },
    LIMITS.run + 30_000,
  )
})
