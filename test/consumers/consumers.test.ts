// Real consumers: the packed tarballs installed into a fresh Vite React app and a fresh Next.js App Router app
// in temp folders, built for production, served, and driven in Chromium to run Python, SQL and JavaScript.
// Slow by nature (two npm installs and two production builds); each step has its own time limit and says
// which step failed and what it printed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collectPageErrors, launchChromium } from '../support/chromium.js'
import { SNIPPETS, writeNextApp, writeViteApp } from './consumer-apps.js'
import { packWorkspacePackages, root } from './workspace-packages.js'

const LIMITS = { install: 150_000, build: 150_000, start: 30_000, run: 60_000 }
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
}

let work: string
let tarballs: { core: string; react: string }
let browser: Browser
/** Runs one step of a consumer's setup; on failure, throws with the step's name and its last output. */
function step(name: string, command: string, args: string[], cwd: string, timeout: number): void {
  const started = Date.now()
  const run = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (run.status !== 0) {
    const output = `${run.stdout ?? ''}\n${run.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n')
    const why = run.error
      ? `${run.error.message} after ${seconds} s`
      : `exit ${run.status} after ${seconds} s`
    throw new Error(`${name} failed (${why}): ${command} ${args.join(' ')} in ${cwd}\n${output}`)
  }
  console.log(`${name}: ${seconds} s`)
}

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

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Starts a long-running server command and resolves once `url` answers 200. */
async function startServer(command: string, args: string[], cwd: string, url: string): Promise<ChildProcess> {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const deadline = Date.now() + LIMITS.start
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    )
    if (ok) return child
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  stopServer(child)
  throw new Error(
    `${command} ${args.join(' ')} did not serve ${url} within ${LIMITS.start / 1000} s:\n${output}`,
  )
}

function stopServer(child: ChildProcess | undefined): void {
  if (child?.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM') // its own process group: the server and anything it forked
    } catch {
      // already gone
    }
  }
}

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
