import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { assetFiles } from '../../packages/core/bin/asset-files.mjs'
import { startStaticServer, type StaticServer } from '../../scripts/static-server.mjs'
import { launchChromium } from '../support/chromium.js'
import { coreDist } from '../support/origins.js'

// The fast path's behaviour: engine files come through the host page, the runner fetches nothing itself, and a
// missing snapshot falls back to a plain load. Speed is measured in bench/, never asserted here.

const BIG_FILES = ['pyodide/pyodide.asm.wasm', 'pyodide/python_stdlib.runcell.zip', 'pyodide/pyodide.asm.mjs']

let browser: Browser
const servers: StaticServer[] = []

beforeAll(async () => {
  browser = await launchChromium()
})

afterAll(async () => {
  await browser.close()
  await Promise.all(servers.map((server) => server.close()))
})

/** The assets, with the manifest rewritten by `edit` (e.g. to drop the snapshot). */
function assetsWithManifest(edit: (manifest: Record<string, unknown>) => void) {
  const files = assetFiles()
  const original = files.find((f) => f.path === 'runcell-manifest.json')
  if (!original) throw new Error('the build wrote no runcell-manifest.json')
  const manifest = JSON.parse(readFileSync(original.file, 'utf8')) as Record<string, unknown>
  edit(manifest)
  const file = join(mkdtempSync(join(tmpdir(), 'runcell-manifest-')), 'runcell-manifest.json')
  writeFileSync(file, JSON.stringify(manifest))
  return files.map((f) => (f.path === 'runcell-manifest.json' ? { path: f.path, file } : f))
}

/** A host page on 127.0.0.1 with `window.rt`, a runtime whose runner and assets are on localhost. */
async function openHost(
  assets = assetFiles(),
  initScript?: () => void,
): Promise<{ page: Page; runner: StaticServer; console: string[] }> {
  const runner = await startStaticServer({ host: 'localhost', mounts: { '/runcell/': assets } })
  const base = `http://localhost:${runner.port}/runcell/`
  const host = await startStaticServer({
    mounts: { '/core/': coreDist },
    pages: {
      '/': { body: '<!doctype html><title>host</title><script type="module" src="/host.js"></script>' },
      '/host.js': {
        type: 'text/javascript',
        body: `import { createRuntime } from '/core/index.js'
          window.rt = createRuntime({ assetsBaseUrl: ${JSON.stringify(base)}, engineFileCache: false })
          window.runPython = async (code) => {
            const result = await window.rt.run({ language: 'python', code }).result
            return { status: result.status, stdout: result.stdout }
          }`,
      },
    },
  })
  servers.push(runner, host)
  const page = await browser.newPage()
  const messages: string[] = []
  page.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`))
  if (initScript) await page.addInitScript(initScript)
  await page.goto(`${host.url}/`)
  await page.waitForFunction(() => 'rt' in window)
  return { page, runner, console: messages }
}

function runPython(page: Page, code: string): Promise<{ status: string; stdout: string }> {
  return page.evaluate(
    (source) =>
      (window as unknown as { runPython(c: string): Promise<{ status: string; stdout: string }> }).runPython(
        source,
      ),
    code,
  )
}

/** Requests for `path` that the opaque runner made itself (they carry `Origin: null`). */
function runnerFetches(runner: StaticServer, path: string): number {
  return runner.hits.filter((hit) => hit.path === `/runcell/${path}` && hit.origin === 'null').length
}

test("the host page fetches Pyodide's big files and the runner downloads none of them", async () => {
  const { page, runner, console } = await openHost()
  expect(await runPython(page, 'print(1 + 1)')).toEqual({ status: 'ok', stdout: '2\n' })
  for (const path of BIG_FILES) {
    expect(runnerFetches(runner, path)).toBe(0)
    expect(runner.hits.filter((hit) => hit.path === `/runcell/${path}`)).toHaveLength(1)
  }
  expect(console.filter((line) => line.includes('Runcell'))).toEqual([])
  await page.close()
})

test('the runner page requests nothing itself; a file the host page cannot get fails the load with its name', async () => {
  const { page, runner } = await openHost()
  await page.route('**/pyodide/python_stdlib.runcell.zip', (route) =>
    route.fulfill({ status: 404, body: 'gone' }),
  )
  const result = await page.evaluate(async () => {
    const run = (
      window as unknown as { rt: { run(r: object): { result: Promise<Record<string, unknown>> } } }
    ).rt
    return run.run({ language: 'python', code: 'print(1)' }).result
  })
  expect(result).toMatchObject({ status: 'error', error: { name: 'EngineLoadError' } })
  expect(JSON.stringify(result.error)).toContain('python_stdlib.runcell.zip')
  // Every request came from the host page: the opaque runner (Origin: null) has no network to ask with.
  expect(runner.hits.filter((hit) => hit.origin === 'null')).toEqual([])
  await page.close()
})

test('without a memory snapshot in the assets, Python starts the plain way with a warning', async () => {
  const { page, runner, console } = await openHost(
    assetsWithManifest((manifest) => {
      const files = manifest.files as Record<string, unknown>
      delete files[(manifest.snapshot as { path: string }).path]
      delete manifest.snapshot
    }),
  )
  expect(await runPython(page, 'import sys; print(sys.version_info[0])')).toEqual({
    status: 'ok',
    stdout: '3\n',
  })
  expect(
    console.some((line) => line.startsWith('warning:') && line.includes('no Pyodide memory snapshot')),
  ).toBe(true)
  expect(runner.hits.some((hit) => hit.path.includes('snapshot'))).toBe(false)
  await page.close()
})

test('a reader who asked to save data gets Python without the snapshot, and no warning calls that a failure', async () => {
  const { page, runner, console } = await openHost(assetFiles(), () => {
    Object.defineProperty(Navigator.prototype, 'connection', {
      get: () => ({ saveData: true, effectiveType: '4g' }),
    })
  })
  expect(await runPython(page, 'print("no snapshot")')).toEqual({ status: 'ok', stdout: 'no snapshot\n' })
  expect(runner.hits.some((hit) => hit.path.includes('snapshot'))).toBe(false)
  // The host page declined the file on purpose; "could not be restored" would send a reader hunting for a fault.
  expect(console.filter((line) => line.includes('Runcell'))).toEqual([])
  await page.close()
})

test('a snapshot made for another Pyodide version is not used, with a warning', async () => {
  const { page, console } = await openHost(
    assetsWithManifest((manifest) => {
      ;(manifest.snapshot as { pyodide: string }).pyodide = '0.0.1'
    }),
  )
  expect(await runPython(page, 'print("ok")')).toEqual({ status: 'ok', stdout: 'ok\n' })
  expect(console.some((line) => line.startsWith('warning:') && line.includes('for Pyodide 0.0.1'))).toBe(true)
  await page.close()
})

const LATER_ZIP = 'pyodide/python_stdlib.runcell-later.zip'

/** The whole result of a Python run on the host page. */
function runResult(page: Page, code: string): Promise<Record<string, unknown>> {
  return page.evaluate(async (source) => {
    const rt = (window as unknown as { rt: { run(r: object): { result: Promise<Record<string, unknown>> } } })
      .rt
    return rt.run({ language: 'python', code: source }).result
  }, code)
}

test("the first output never waits for the standard library's second zip; a run importing from it waits for it", async () => {
  const { page, runner } = await openHost()
  // The host page's request for the second zip is held until the test lets it go.
  let release: () => void = () => {}
  const released = new Promise<void>((resolve) => (release = resolve))
  let asked = false
  await page.route(`**/${LATER_ZIP}`, async (route) => {
    asked = true
    await released
    await route.continue()
  })
  expect(await runPython(page, 'print(1)')).toEqual({ status: 'ok', stdout: '1\n' })
  // Asked for once Python was ready, not before.
  await expect.poll(() => asked).toBe(true)
  // A module only the second zip has, imported where no run could see it coming: a sentence, not a bare error.
  const early = await runResult(page, "m = __import__('x' + 'ml.dom')")
  expect(early).toMatchObject({ status: 'error', error: { name: 'ModuleNotFoundError' } })
  expect(JSON.stringify(early)).toContain('still downloading this part of the standard library')
  // A run that imports from it waits for it, then runs.
  let settled = false
  const waiting = runPython(page, 'import email.parser, tarfile\nprint(email.parser.__name__)').then((r) => {
    settled = true
    return r
  })
  await new Promise((resolve) => setTimeout(resolve, 500))
  expect(settled).toBe(false)
  release()
  expect(await waiting).toEqual({ status: 'ok', stdout: 'email.parser\n' })
  // Codecs from the second zip join the encodings package that start-up imported from the first.
  expect(
    await runPython(page, "print(len('zażółć'.encode('cp1250')), __import__('x' + 'ml').__name__)"),
  ).toEqual({
    status: 'ok',
    stdout: '6 xml\n',
  })
  // The host page fetched it, once; the runner fetched nothing.
  expect(runner.hits.filter((hit) => hit.path === `/runcell/${LATER_ZIP}`)).toHaveLength(1)
  expect(runnerFetches(runner, LATER_ZIP)).toBe(0)
  await page.close()
})
