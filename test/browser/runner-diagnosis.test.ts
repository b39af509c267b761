import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { assetFiles } from '../../packages/core/bin/asset-files.mjs'
import { startStaticServer, type StaticServer } from '../../scripts/static-server.mjs'
import { launchChromium } from '../support/chromium.js'
import { coreDist } from '../support/origins.js'

// Static hosts with default settings break the runner in a few known ways. When the runner can't start, the error
// names the likely cause from what the host page can observe, and says how long the reader waited.
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
window.tryRun = async (assetsBaseUrl) => {
  const runtime = createRuntime({ assetsBaseUrl, handshakeTimeoutMs: ${HANDSHAKE_MS} })
  const result = await runtime.run({ language: 'javascript', code: 'console.log(1)' }).result
  runtime.dispose()
  return result
}`
  host = await startStaticServer({
    mounts: { '/core/': coreDist },
    pages: {
      '/': {
        type: 'text/html',
        body: `<!doctype html><title>t</title><link rel="icon" href="data:,"><script type="module">${script}</script>`,
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

async function failure(
  mode: keyof typeof MODES,
): Promise<{ status: string; message: string; durationMs: number }> {
  const result = await page.evaluate(
    (base) =>
      (
        window as unknown as {
          tryRun(b: string): Promise<{ status: string; durationMs: number; error?: { message: string } }>
        }
      ).tryRun(base),
    `${assetsBase}/${mode}/`,
  )
  return { status: result.status, message: result.error?.message ?? '', durationMs: result.durationMs }
}

test('assets served without a CORS header: the error says CORS, and the real time waited', async () => {
  const { status, message, durationMs } = await failure('nocors')
  expect(status).toBe('error')
  expect(message).toMatch(/Likely cause: CORS\..*Access-Control-Allow-Origin: \*/)
  expect(message).toMatch(/gave up after \d+\.\d s/)
  expect(durationMs).toBeGreaterThanOrEqual(HANDSHAKE_MS)
})

test('a clean-URL redirect of runner.html: the error says redirect', async () => {
  expect((await failure('redirect')).message).toMatch(/Likely cause: a redirect\..*runner\.html redirects/)
})

test('scripts served with a generic MIME type: the error names the type served', async () => {
  expect((await failure('mime')).message).toMatch(
    /Likely cause: a MIME type\..*runner\.js is served as "text\/plain"/,
  )
})
