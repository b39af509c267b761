import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { assetFiles } from '../../packages/core/bin/asset-files.mjs'
import { startStaticServer, type StaticServer } from '../../scripts/static-server.mjs'
import { launchChromium } from '../support/chromium.js'
import { coreDist } from '../support/origins.js'

// When the runner can't start, the error names the likely cause from what the host page can observe, and says how
// long the reader waited. The runner page the host writes itself (the default) needs only that the host can read
// the assets; a runner.html framed by URL (`runnerUrl`) still meets redirects and MIME types.
// (test/browser/static-hosts.test.ts shows the default runner working on hosts that break a framed one.)
const MODES = {
  // No CORS header at all, as python -m http.server and `docusaurus serve` send.
  nocors: { cors: false, redirect: false, javascriptType: 'text/javascript' },
  // A clean-URL rule: runner.html → runner.
  redirect: { cors: true, redirect: true, javascriptType: 'text/javascript' },
  // A generic MIME type for scripts.
  mime: { cors: true, redirect: false, javascriptType: 'text/plain' },
} as const
const HANDSHAKE_MS = 2000

let assetsServer: Server
let assetsBase: string
let host: StaticServer
let browser: Browser
let page: Page

beforeAll(async () => {
  const files = new Map(assetFiles().map((entry) => [entry.path, entry.file]))
  assetsServer = createServer((req, res) => {
    const [, mode, ...rest] = new URL(req.url ?? '/', 'http://x').pathname.split('/')
    const behaviour = MODES[mode as keyof typeof MODES]
    const path = rest.join('/')
    const file = files.get(path)
    const headers: Record<string, string> = behaviour?.cors ? { 'Access-Control-Allow-Origin': '*' } : {}
    if (!behaviour || !file) return res.writeHead(404, headers).end()
    if (behaviour.redirect && path === 'runner.html') {
      return res.writeHead(301, { ...headers, Location: `/${mode}/runner` }).end()
    }
    const type = path.endsWith('.js')
      ? behaviour.javascriptType
      : path.endsWith('.html')
        ? 'text/html'
        : 'application/octet-stream'
    res.writeHead(200, { ...headers, 'Content-Type': type }).end(readFileSync(file))
  })
  await new Promise<void>((resolve) => assetsServer.listen(0, 'localhost', resolve))
  assetsBase = `http://localhost:${(assetsServer.address() as AddressInfo).port}`
  const script = `import { createRuntime } from '/core/index.js'
window.tryRun = async (assetsBaseUrl, framed) => {
  const started = performance.now()
  const runnerUrl = framed ? assetsBaseUrl + 'runner.html' : undefined
  const runtime = createRuntime({ assetsBaseUrl, runnerUrl, handshakeTimeoutMs: ${HANDSHAKE_MS} })
  const result = await runtime.run({ language: 'javascript', code: 'console.log(1)' }).result
  runtime.dispose()
  return { ...result, waitedMs: performance.now() - started }
}`
  const body = `<!doctype html><title>t</title><link rel="icon" href="data:,"><script type="module">${script}</script>`
  host = await startStaticServer({
    mounts: { '/core/': coreDist },
    pages: {
      '/': { type: 'text/html', body },
      // A page with its own policy, which the runner page written into a srcdoc frame inherits: no blob: scripts.
      '/strict': {
        type: 'text/html',
        body,
        headers: { 'Content-Security-Policy': "script-src 'self' 'unsafe-inline'" },
      },
      // A page that enforces Trusted Types: assigning a plain string to srcdoc throws.
      '/trusted-types': {
        type: 'text/html',
        body,
        headers: { 'Content-Security-Policy': "require-trusted-types-for 'script'" },
      },
    },
  })
  browser = await launchChromium()
  page = await browser.newPage()
  await page.goto(`${host.url}/`)
  await page.waitForFunction(() => 'tryRun' in window)
})
afterAll(async () => {
  await browser?.close()
  await host?.close()
  await new Promise((resolve) => assetsServer?.close(resolve))
})

interface Tried {
  status: string
  durationMs: number
  waitedMs: number
  error?: { message: string }
}

async function failure(
  mode: keyof typeof MODES,
  framed = false,
): Promise<{ status: string; message: string; durationMs: number; waitedMs: number }> {
  const result = await page.evaluate(
    ([base, framedRunner]) =>
      (window as unknown as { tryRun(b: string, f: boolean): Promise<Tried> }).tryRun(base, framedRunner),
    [`${assetsBase}/${mode}/`, framed] as const,
  )
  return { ...result, message: result.error?.message ?? '' }
}

test('assets on another origin without a CORS header: the error says CORS at once, with the real time waited', async () => {
  const { status, message, durationMs, waitedMs } = await failure('nocors')
  expect(status).toBe('error')
  expect(message).toMatch(/Likely cause: CORS\..*Access-Control-Allow-Origin: \*/)
  expect(message).toMatch(/gave up after \d+\.\d s/)
  // The host page could not read runner.js: it knows without waiting for a handshake.
  expect(durationMs).toBeLessThan(HANDSHAKE_MS)
  expect(durationMs).toBeLessThanOrEqual(waitedMs + 1)
})

test('a framed runner.html behind a clean-URL redirect: the error says redirect, after the real wait', async () => {
  const { message, durationMs } = await failure('redirect', true)
  expect(message).toMatch(/Likely cause: a redirect\..*runner\.html redirects/)
  expect(durationMs).toBeGreaterThanOrEqual(HANDSHAKE_MS)
})

test('a framed runner.html whose scripts have a generic MIME type: the error names the type served', async () => {
  expect((await failure('mime', true)).message).toMatch(
    /Likely cause: a MIME type\..*runner\.js is served as "text\/plain"/,
  )
})

test("a page whose own CSP blocks the runner page it writes: the error names the page's policy and runnerUrl", async () => {
  const strict = await browser.newPage()
  try {
    await strict.goto(`${host.url}/strict`)
    await strict.waitForFunction(() => 'tryRun' in window)
    const result = await strict.evaluate(
      (base) => (window as unknown as { tryRun(b: string, f: boolean): Promise<Tried> }).tryRun(base, false),
      `${assetsBase}/redirect/`,
    )
    expect(result.error?.message).toMatch(/Likely cause: this page's Content-Security-Policy\..*"runnerUrl"/)
    expect(result.durationMs).toBeGreaterThanOrEqual(HANDSHAKE_MS)
  } finally {
    await strict.close()
  }
})

test('a page that enforces Trusted Types: the error says so at once and points to runnerUrl', async () => {
  const strict = await browser.newPage()
  try {
    await strict.goto(`${host.url}/trusted-types`)
    await strict.waitForFunction(() => 'tryRun' in window)
    const result = await strict.evaluate(
      (base) => (window as unknown as { tryRun(b: string, f: boolean): Promise<Tried> }).tryRun(base, false),
      `${assetsBase}/redirect/`,
    )
    expect(result.error?.message).toMatch(
      /could not write its runner page.*Likely cause: this page enforces Trusted Types.*"runnerUrl"/,
    )
    // No handshake wait: the refusal is known when the page writes the frame.
    expect(result.durationMs).toBeLessThan(HANDSHAKE_MS)
  } finally {
    await strict.close()
  }
})
