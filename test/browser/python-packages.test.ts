// Python packages from the site's own index, in Chromium: a test-built index on a third origin, laid out like
// Pyodide's distribution folder (pyodide-lock.json and pure-Python wheels). The index server counts every request,
// so the tests can show what the host page fetched and that user code fetched nothing.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunEvent, RunRequest, RunResult, RuntimeConfig } from '../../packages/core/src/index.js'
import { startStaticServer, type StaticServer } from '../../scripts/static-server.mjs'
import { collectPageErrors, launchChromium } from '../support/chromium.js'
import { startTestOrigins, type TestOrigins } from '../support/origins.js'
import { buildPythonIndex, FAKE_MATPLOTLIB, PNG_1X1 } from '../support/python-index.mjs'

interface Outcome {
  events: RunEvent[]
  result: RunResult
}

// The host page's side of the runner's port, as the tests read it: which wheels went to the runner, and with bytes
// or without (a wheel the runner holds already).
const HOST_SCRIPT = `
  window.wire = []
  const post = MessagePort.prototype.postMessage
  MessagePort.prototype.postMessage = function (message, ...rest) {
    if (['package-preload', 'packages', 'package-wheel'].includes(message?.type)) {
      const wheels = message.wheels ?? message.answer?.wheels ?? (message.wheel ? [message.wheel] : [])
      window.wire.push({ type: message.type, wheels: wheels.map((w) => [w.name, w.bytes instanceof ArrayBuffer]) })
    }
    return post.call(this, message, ...rest)
  }
  import('/host-runtime.js')
`
const HOST_RUNTIME = `
  import { createRuntime } from '/core/index.js'
  const runtimes = []
  window.rc = {
    make(config) {
      runtimes.push(createRuntime({ ...config, assetsBaseUrl: window.assetsBaseUrl }))
      return runtimes.length - 1
    },
    async run(index, request) {
      const execution = runtimes[index].run(request)
      const events = []
      for await (const event of execution.events) events.push(event)
      return { events, result: await execution.result }
    },
  }
  window.rcReady = true
`

let dir: string
let index: StaticServer
let origins: TestOrigins
let browser: Browser
let context: BrowserContext
let page: Page
let errors: string[]
let indexUrl: string
let main: number

const wheelHits = () => index.hits.filter((hit) => hit.path.endsWith('.whl'))
const installing = (events: RunEvent[]) =>
  events.flatMap((event) => (event.type === 'status' && event.phase === 'installing' ? [event.package] : []))

async function openPage(): Promise<void> {
  page = await context.newPage()
  errors = collectPageErrors(page)
  await page.goto(`${origins.host.url}/`)
  await page.waitForFunction(() => (window as unknown as { rcReady?: boolean }).rcReady === true)
}

async function make(config: Omit<RuntimeConfig, 'assetsBaseUrl'>): Promise<number> {
  return page.evaluate((c) => (window as unknown as { rc: { make(c: unknown): number } }).rc.make(c), config)
}

async function run(runtime: number, request: Omit<RunRequest, 'language'>): Promise<Outcome> {
  return page.evaluate(
    ([i, r]) => (window as unknown as { rc: { run(i: number, r: unknown): Promise<Outcome> } }).rc.run(i, r),
    [runtime, { language: 'python', ...request }] as const,
  )
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runcell-index-'))
  buildPythonIndex(dir, [
    {
      name: 'pkg-a',
      imports: ['pkg_a'],
      depends: ['dep_b'],
      files: { 'pkg_a/__init__.py': 'from dep_b import VALUE as B\nVALUE = "a" + B\n' },
    },
    { name: 'dep_b', files: { 'dep_b/__init__.py': 'VALUE = "b"\n' } },
    { name: 'pkg_c', files: { 'pkg_c/__init__.py': 'VALUE = "c"\n' } },
    { name: 'pkg_m', files: { 'pkg_m/__init__.py': 'VALUE = "m"\n' } },
    { name: 'secret', files: { 'secret/__init__.py': 'VALUE = "s"\n' } },
    { name: 'bad_sum', sha256: 'f'.repeat(64), files: { 'bad_sum/__init__.py': 'VALUE = 0\n' } },
    { name: 'gone', missing: true, files: {} },
    FAKE_MATPLOTLIB,
  ])
  index = await startStaticServer({ host: '127.0.0.1', mounts: { '/index/': dir } })
  indexUrl = `${index.url}/index/`
  const pages = {
    '/': {
      body: '<!doctype html><html lang="en"><title>packages</title><body><script type="module" src="/host.js"></script>',
    },
    '/host.js': { type: 'text/javascript', body: '' },
    '/host-runtime.js': { type: 'text/javascript', body: '' },
  }
  origins = await startTestOrigins({ pages })
  pages['/host.js'].body = `window.assetsBaseUrl = ${JSON.stringify(origins.assetsBaseUrl)}\n${HOST_SCRIPT}`
  pages['/host-runtime.js'].body = HOST_RUNTIME
  browser = await launchChromium()
  // One context for both visits: the second visit shares the first one's Cache Storage, as a returning reader does.
  context = await browser.newContext()
  await openPage()
  main = await make({ pythonPackages: { indexUrl }, timeoutMs: 20_000 })
})

afterAll(async () => {
  await browser?.close()
  await origins?.close()
  await index?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

type Wire = { type: string; wheels: [string, boolean][] }[]
const wire = () => page.evaluate(() => (window as unknown as { wire: Wire }).wire)

describe('Python packages from the site index', () => {
  it('reads nothing from the index as Python starts on a page that never imported a package', async () => {
    const { result } = await run(main, { code: 'print(1)' })
    expect(result).toMatchObject({ status: 'ok', stdout: '1\n' })
    expect(index.hits).toEqual([])
    expect(await wire()).toEqual([])
  })

  it('finds the packages a run imports, with their dependencies, and reports each as it installs', async () => {
    const { events, result } = await run(main, { code: 'import pkg_a\nprint(pkg_a.VALUE)' })
    expect(result).toMatchObject({ status: 'ok', stdout: 'ab\n' })
    expect(installing(events)).toEqual(['dep_b', 'pkg-a'])
    // Each wheel went to the runner as it arrived, and the answer then left their bytes out.
    const sent = await wire()
    expect(sent.filter((m) => m.type === 'package-wheel').flatMap((m) => m.wheels)).toEqual(
      expect.arrayContaining([
        ['dep_b', true],
        ['pkg-a', true],
      ]),
    )
    expect(sent.at(-1)).toEqual({
      type: 'packages',
      wheels: [
        ['dep_b', false],
        ['pkg-a', false],
      ],
    })
    expect(wheelHits().map((hit) => hit.path)).toEqual(
      expect.arrayContaining(['/index/pkg_a-1.0.0-py3-none-any.whl', '/index/dep_b-1.0.0-py3-none-any.whl']),
    )
    // The host page fetched them (its origin), never the runner (an opaque origin says "null").
    expect(index.hits.every((hit) => hit.origin === origins.host.url)).toBe(true)
  })

  it('reuses a downloaded package in every later snippet of the page', async () => {
    const before = index.hits.length
    const { events, result } = await run(main, {
      code: 'import pkg_a, dep_b\nprint(pkg_a.VALUE, dep_b.VALUE)',
    })
    expect(result).toMatchObject({ status: 'ok', stdout: 'ab b\n' })
    expect(installing(events)).toEqual([])
    expect(index.hits.length).toBe(before)
  })

  it('installs the packages a run names in `packages`, even without an import statement for them', async () => {
    const { result } = await run(main, {
      code: '__import__("pkg_c").VALUE',
      packages: ['pkg_c'],
    })
    expect(result.status).toBe('ok')
    expect(result.outputs).toEqual([{ type: 'display', mime: 'text/plain', data: "'c'" }])
  })

  it('ends a run with a PackageError naming a package that is not in the index', async () => {
    const { result } = await run(main, { code: 'print("never")', packages: ['nosuch'] })
    expect(result.status).toBe('error')
    expect(result.error?.name).toBe('PackageError')
    expect(result.error?.message).toContain('"nosuch" is not in the package index')
    expect(result.stdout).toBe('')
  })

  it('refuses a wheel whose sha256 does not match the lock file', async () => {
    const { result } = await run(main, { code: 'import bad_sum' })
    expect(result.error?.name).toBe('PackageError')
    expect(result.error?.message).toMatch(/bad_sum: checksum mismatch/)
  })

  it('names the URL of a wheel that could not be downloaded', async () => {
    const { result } = await run(main, { code: 'import gone' })
    expect(result.error?.name).toBe('PackageError')
    expect(result.error?.message).toContain(
      `gone: download failed from ${indexUrl}gone-1.0.0-py3-none-any.whl (HTTP 404)`,
    )
  })

  it('lets code that tries an import under except ImportError go its own way when the package cannot be had', async () => {
    const { result } = await run(main, {
      code: 'try:\n    import gone\nexcept ImportError:\n    print("without gone")',
    })
    expect(result).toMatchObject({ status: 'ok', stdout: 'without gone\n' })
  })

  it('lets an ordinary missing module fail the Python way', async () => {
    const { result } = await run(main, { code: 'import not_anywhere' })
    expect(result.error?.name).toBe('ModuleNotFoundError')
  })

  it('installs with micropip.install by name, and refuses URLs and unknown names', async () => {
    const ok = await run(main, {
      code: 'import micropip\nawait micropip.install("pkg_m")\nimport pkg_m\nprint(pkg_m.VALUE)',
    })
    expect(ok.result).toMatchObject({ status: 'ok', stdout: 'm\n' })
    expect(installing(ok.events)).toEqual(['pkg_m'])
    const before = index.hits.length
    const url = await run(main, {
      code: `import micropip\nawait micropip.install("${indexUrl}pkg_c-1.0.0-py3-none-any.whl")`,
    })
    expect(url.result.error?.name).toBe('PackageError')
    expect(url.result.error?.message).toContain('never URLs or files')
    const unknown = await run(main, { code: 'import micropip\nawait micropip.install("nosuch")' })
    expect(unknown.result.error?.name).toBe('PackageError')
    expect(unknown.result.error?.message).toContain('"nosuch" is not in the package index')
    expect(index.hits.length).toBe(before)
  })

  it('gives user code no way to the index: js.fetch, pyodide.http and a micropip URL all reach nothing', async () => {
    const before = index.hits.length
    const code = [
      'import js',
      'from pyodide.http import pyfetch',
      'failures = 0',
      `for attempt in (lambda: js.fetch("${indexUrl}pyodide-lock.json"), lambda: pyfetch("${indexUrl}pkg_c-1.0.0-py3-none-any.whl")):`,
      '    try:',
      '        await attempt()',
      '    except Exception:',
      '        failures += 1',
      'print(failures)',
    ].join('\n')
    const { result } = await run(main, { code })
    expect(result).toMatchObject({ status: 'ok', stdout: '2\n' })
    expect(index.hits.length).toBe(before)
  })

  it('loads only allowed packages (their dependencies come along) and names one that is not allowed', async () => {
    const strict = await make({ pythonPackages: { indexUrl, allow: ['pkg-a'] } })
    const allowed = await run(strict, { code: 'import pkg_a\nprint(pkg_a.VALUE)' })
    expect(allowed.result).toMatchObject({ status: 'ok', stdout: 'ab\n' })
    const refused = await run(strict, { code: 'import secret' })
    expect(refused.result.error?.name).toBe('PackageError')
    expect(refused.result.error?.message).toContain('"secret" is in the package index but not allowed')
  })

  it('shows matplotlib figures as PNG outputs, from plt.show() and at the end of the run, on the Agg backend', async () => {
    const code = [
      'import matplotlib.pyplot as plt',
      'import matplotlib',
      'print(plt.backend_at_import)',
      'plt.figure()',
      'plt.show()',
      'print("between")',
      'figure = plt.figure()',
    ].join('\n')
    const { events, result } = await run(main, { code })
    expect(result.status).toBe('ok')
    expect(result.stdout).toBe('Agg\nbetween\n')
    expect(result.outputs).toEqual([
      { type: 'display', mime: 'image/png', data: PNG_1X1 },
      { type: 'display', mime: 'image/png', data: PNG_1X1 },
    ])
    // plt.show() put its figure between the two prints.
    const order = events.flatMap((e) =>
      e.type === 'stdout' ? [e.text] : e.type === 'display' ? ['png'] : [],
    )
    expect(order.join('')).toBe('Agg\npngbetween\npng')
    const after = await run(main, { code: 'import matplotlib.pyplot as plt\nplt.get_fignums()' })
    expect(after.result.outputs).toEqual([{ type: 'display', mime: 'text/plain', data: '[]' }])
  })

  it('renders objects with _repr_html_ (the pandas DataFrame path) under the output budget', async () => {
    const frame = [
      'class Frame:',
      '    def __init__(self, rows): self.rows = rows',
      '    def _repr_html_(self):',
      '        return "<table>" + "".join(f"<tr><td>{i}</td></tr>" for i in range(self.rows)) + "</table>"',
    ].join('\n')
    const small = await run(main, { code: `${frame}\nFrame(2)` })
    expect(small.result.outputs).toEqual([
      { type: 'display', mime: 'text/html', data: '<table><tr><td>0</td></tr><tr><td>1</td></tr></table>' },
    ])
    const tight = await make({ pythonPackages: { indexUrl }, outputLimitChars: 5_000 })
    const big = await run(tight, { code: `${frame}\ndisplay(Frame(10_000))\nprint("done")` })
    expect(big.result.status).toBe('ok')
    expect(big.result.truncated).toBe(true)
    const html = big.result.outputs.filter((o) => o.type === 'display' && o.mime === 'text/html')
    expect(html.every((o) => o.type === 'display' && o.data.length <= 5_000)).toBe(true)
  })

  it("reinstalls a session's packages in a respawned interpreter before replaying it, without downloading again", async () => {
    const first = await run(main, { code: 'import pkg_a\nvalue = pkg_a.VALUE', session: 'respawn' })
    expect(first.result.status).toBe('ok')
    const before = wheelHits().length
    // Counted before the timeout: the replay's request may go as soon as the new interpreter is up.
    const asked = (await wire()).length
    const loop = await run(main, { code: 'while True: pass', session: 'respawn', timeoutMs: 1_500 })
    expect(loop.result).toMatchObject({ status: 'timeout', restarted: true })
    const after = await run(main, { code: 'print(value, pkg_a.VALUE)', session: 'respawn' })
    expect(after.result).toMatchObject({ status: 'ok', stdout: 'ab ab\n' })
    expect(wheelHits().length).toBe(before)
    // The runner kept the wheels it verified and said so: the host page's answer left their bytes out.
    expect((await wire()).slice(asked)).toEqual([
      {
        type: 'packages',
        wheels: [
          ['dep_b', false],
          ['pkg-a', false],
        ],
      },
    ])
  })

  it('reuses the downloaded wheels on a later visit (Cache Storage), and the page stays free of errors', async () => {
    // The only console errors are the 404 of the wheel that is not there (the download-failure case).
    expect(errors.filter((error) => !error.includes('404 (Not Found)'))).toEqual([])
    await page.close()
    const before = wheelHits().length
    await openPage()
    const again = await make({ pythonPackages: { indexUrl } })
    // Python's start sends the runner the wheels this page imported on the first visit, from Cache Storage.
    expect((await run(again, { code: 'pass' })).result.status).toBe('ok')
    // It is sent while Python boots; on a loaded machine it may land just after this first run.
    await expect.poll(async () => (await wire()).length).toBe(1)
    const [preload, ...others] = await wire()
    expect(others).toEqual([])
    expect(preload?.type).toBe('package-preload')
    const preloaded = Object.fromEntries(preload?.wheels ?? [])
    expect(preloaded).toMatchObject({ 'pkg-a': true, dep_b: true, pkg_c: true })
    // Refused, missing or never-installed ones were never recorded or cached.
    expect(Object.keys(preloaded)).not.toContain('bad_sum')
    expect(Object.keys(preloaded)).not.toContain('gone')
    // The runner installs them in the new interpreter before any run imports them.
    const installed = 'import importlib.util\nprint(importlib.util.find_spec("pkg_a") is not None)'
    await expect
      .poll(async () => (await run(again, { code: installed })).result.stdout, { timeout: 10_000 })
      .toBe('True\n')
    const { events, result } = await run(again, { code: 'import pkg_a\nprint(pkg_a.VALUE)' })
    expect(result).toMatchObject({ status: 'ok', stdout: 'ab\n' })
    // So the import installs nothing, and neither the host page nor the index was asked.
    expect(installing(events)).toEqual([])
    expect((await wire()).slice(1)).toEqual([])
    expect(wheelHits().length).toBe(before)
  })
})
