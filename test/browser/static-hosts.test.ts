import { spawn, type ChildProcess } from 'node:child_process'
import {
  chmodSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, normalize, sep } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { assetFiles } from '../../packages/core/bin/asset-files.mjs'
import { collectPageErrors, launchChromium } from '../support/chromium.js'
import { freePort } from '../support/free-port.js'
import { coreDist } from '../support/origins.js'

// Issue 18 §1: the output of `runcell assets` on a static host with default settings just works. Each host below
// breaks a runner page framed by URL in its own way (no CORS header, generic MIME types, a base path, clean-URL
// redirects); the runner page the host page writes itself needs only that the page can read the files.
// One Chromium, one site folder of links to the built assets (nothing rebuilt), three real servers.

const NGINX = '/usr/sbin/nginx'
let site: string
let browser: Browser
const children: ChildProcess[] = []
let nodeHost: { server: Server; url: string; requests: { path: string; origin: string | null }[] }

/** The site: a host page and the assets under `docs/` (a base path), as links to the built files. */
function buildSite(): string {
  const root = mkdtempSync(join(tmpdir(), 'runcell-static-'))
  // nginx's workers run as another user: the folder must be readable by others, as a web root is.
  chmodSync(root, 0o755)
  const docs = join(root, 'docs')
  for (const { path, file } of assetFiles()) {
    const target = join(docs, 'runcell', path)
    mkdirSync(dirname(target), { recursive: true })
    symlinkSync(file, target)
  }
  symlinkSync(coreDist, join(docs, 'core'))
  // Relative URLs only: the page works under whatever base path the server gives it.
  const script = `import { createRuntime } from './core/index.js'
const runtime = createRuntime({ assetsBaseUrl: './runcell/' })
window.runCode = async (language, code) => {
  const result = await runtime.run({ language, code, timeoutMs: 60000 }).result
  return { status: result.status, stdout: result.stdout, outputs: result.outputs, error: result.error }
}`
  const page = `<!doctype html><html lang="en"><title>Docs</title><link rel="icon" href="data:,"><body><h1>Docs</h1><script type="module">${script}</script></body></html>`
  writeFileSync(join(docs, 'index.html'), page)
  writeFileSync(join(docs, 'guide.html'), page)
  return root
}

async function waitForServer(url: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${log()}`)
    const answered = await fetch(url).then(
      (response) => response.ok,
      () => false,
    )
    if (answered) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`no answer from ${url}: ${log()}`)
}

/** Starts `command`, kept until the end of the file, and waits until `url` answers. */
async function startProcess(command: string, args: string[], url: string): Promise<void> {
  let output = ''
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  children.push(child)
  await waitForServer(url, child, () => output)
}

/** Python's http.server: no CORS header, its own MIME map. */
async function startPython(): Promise<string> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  await startProcess(
    'python3',
    ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', site],
    `${url}/docs/`,
  )
  return `${url}/docs/`
}

/**
 * Workers as the user running the tests: the site links to the built files inside the clone, and a clone made in
 * a private folder (`mktemp -d` gives 0700) is out of reach of nginx's default worker user. Only root can set it.
 */
const NGINX_USER = process.getuid?.() === 0 ? 'user root;\n' : ''

/** nginx with its stock settings: Debian's mime.types (no .mjs, no .gz: application/octet-stream), no CORS. */
async function startNginx(): Promise<string> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'runcell-nginx-'))
  const conf = join(dir, 'nginx.conf')
  writeFileSync(
    conf,
    `daemon off;
${NGINX_USER}pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events {}
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${site};
  }
}
`,
  )
  const url = `http://127.0.0.1:${port}`
  await startProcess(NGINX, ['-p', dir, '-e', `${dir}/error.log`, '-c', conf], `${url}/docs/`)
  return `${url}/docs/`
}

/**
 * A host with clean URLs under a base path, as docs hosts do: the site lives under /base/, `x.html` redirects to
 * `x`, `x` serves x.html, a path it doesn't know redirects to the home page, and every other file goes out as
 * application/octet-stream without a CORS header. It logs each request with its Origin.
 */
async function startCleanUrlHost(): Promise<typeof nodeHost> {
  const requests: { path: string; origin: string | null }[] = []
  const base = '/base/'
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    requests.push({ path, origin: req.headers.origin ?? null })
    if (!path.startsWith(base)) return res.writeHead(302, { Location: base }).end()
    if (path.endsWith('.html')) return res.writeHead(301, { Location: path.slice(0, -'.html'.length) }).end()
    const local = normalize(join(site, path.slice(base.length)))
    if (!local.startsWith(site + sep)) return res.writeHead(302, { Location: base }).end()
    const candidates = [local, `${local}.html`, join(local, 'index.html')]
    const file = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile())
    if (!file) return res.writeHead(302, { Location: base }).end()
    const type = file.endsWith('.html')
      ? 'text/html'
      : file.endsWith('.js')
        ? 'text/javascript'
        : 'application/octet-stream'
    res.writeHead(200, { 'Content-Type': type })
    createReadStream(file).pipe(res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${base}docs/guide`
  return { server, url, requests }
}

interface Ran {
  status: string
  stdout: string
  outputs: unknown[]
  error?: { name: string; message: string }
}

/** Opens `url` in a new tab and runs each snippet there in turn. */
async function runOn(
  url: string,
  snippets: [string, string][],
): Promise<{ results: Ran[]; errors: string[] }> {
  const page = await browser.newPage()
  const errors = collectPageErrors(page)
  try {
    await page.goto(url)
    await page.waitForFunction(() => 'runCode' in window)
    const results: Ran[] = []
    for (const [language, code] of snippets) {
      results.push(
        await page.evaluate(
          ([l, c]) => (window as unknown as { runCode(l: string, c: string): Promise<Ran> }).runCode(l, c),
          [language, code] as const,
        ),
      )
    }
    return { results, errors }
  } finally {
    await page.close()
  }
}

beforeAll(async () => {
  site = buildSite()
  browser = await launchChromium()
  nodeHost = await startCleanUrlHost()
})
afterAll(async () => {
  await browser?.close()
  for (const child of children) child.kill()
  await new Promise((resolve) => nodeHost?.server.close(resolve))
  if (site) rmSync(site, { recursive: true, force: true })
})

test("Python's http.server (no CORS header, its MIME map): Python, SQL and JavaScript run", async () => {
  const { results, errors } = await runOn(await startPython(), [
    ['python', 'import sys; print("py", sys.version_info[0], 6 * 7)'],
    ['sql', 'SELECT 6 * 7 AS answer;'],
    ['javascript', 'console.log("js", 6 * 7)'],
  ])
  expect(results[0]).toMatchObject({ status: 'ok', stdout: 'py 3 42\n' })
  expect(results[1]).toMatchObject({
    status: 'ok',
    outputs: [{ type: 'table', columns: ['answer'], rows: [[42]], truncated: false }],
  })
  expect(results[2]).toMatchObject({ status: 'ok', stdout: 'js 42\n' })
  expect(errors).toEqual([])
})

// nginx comes from Debian's package (the host tests use it too); only a machine without it skips this case.
test.skipIf(!existsSync(NGINX))(
  'nginx with its stock MIME types (.mjs and .gz as application/octet-stream), no CORS: SQL runs',
  async () => {
    const { results, errors } = await runOn(await startNginx(), [
      ['sql', "SELECT 'nginx' AS host, 6 * 7 AS answer;"],
    ])
    expect(results[0]).toMatchObject({
      status: 'ok',
      outputs: [{ type: 'table', columns: ['host', 'answer'], rows: [['nginx', 42]], truncated: false }],
    })
    expect(errors).toEqual([])
  },
)

test('clean URLs under a base path, generic MIME types, unknown paths sent home: Python runs, and the runner asked for nothing itself', async () => {
  const { results, errors } = await runOn(nodeHost.url, [['python', 'print(sum(range(10)))']])
  expect(results[0]).toMatchObject({ status: 'ok', stdout: '45\n' })
  expect(errors).toEqual([])
  // The page under its clean URL fetched runner.js, the workers and Pyodide; the opaque runner (Origin: null)
  // requested nothing, and runner.html (which this host would redirect) was never needed.
  const paths = nodeHost.requests.map((request) => request.path)
  expect(paths).toContain('/base/docs/runcell/runner.js')
  expect(paths).toContain('/base/docs/runcell/pyodide/pyodide.asm.wasm')
  expect(paths.filter((path) => path.includes('runner.html'))).toEqual([])
  expect(nodeHost.requests.filter((request) => request.origin === 'null')).toEqual([])
})

test('a second visit takes the big engine files from Cache Storage: the host is not asked for them again', async () => {
  const context = await browser.newContext()
  try {
    const first = await context.newPage()
    await first.goto(nodeHost.url)
    await first.waitForFunction(() => 'runCode' in window)
    await first.evaluate(() =>
      (window as unknown as { runCode(l: string, c: string): Promise<unknown> }).runCode('sql', 'SELECT 1'),
    )
    // The host page keeps each file in the background, once its download is complete.
    await first.waitForFunction(
      async () =>
        (await (await caches.open('runcell-engine-files-v1')).keys()).some((r) => r.url.includes('sql-wasm')),
      undefined,
      { timeout: 10_000 },
    )
    await first.close()
    const before = nodeHost.requests.length
    const second = await context.newPage()
    await second.goto(nodeHost.url)
    await second.waitForFunction(() => 'runCode' in window)
    const result = await second.evaluate(() =>
      (window as unknown as { runCode(l: string, c: string): Promise<{ status: string }> }).runCode(
        'sql',
        'SELECT 2',
      ),
    )
    expect(result.status).toBe('ok')
    const again = nodeHost.requests.slice(before).map((request) => request.path)
    expect(again).toContain('/base/docs/runcell/sql-worker.js')
    expect(again.filter((path) => path.endsWith('.wasm'))).toEqual([])
  } finally {
    await context.close()
  }
})
