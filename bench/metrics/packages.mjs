// python_package_first_import and python_package_second_page_import: the first import of a set of local wheels
// (about 3 MB in all) in a page whose Python is loaded, through Runcell (auto-detected imports, host download,
// two sha-256 checks, install in the worker) against raw Pyodide's loadPackagesFromImports on the same index in a
// plain same-origin module worker. Cold: a fresh browser context. Second page: the same context loaded again. The
// index is its own origin and is served cacheable, as a CDN would, so both sides may use the HTTP cache.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { benchAssetFiles } from '../servers.mjs'
import { startStaticServer } from '../../scripts/static-server.mjs'
import { buildPythonIndex } from '../../test/support/python-index.mjs'
import { median, result } from '../stats.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const CACHEABLE = { 'Cache-Control': 'public, max-age=3600' }
const NAMES = ['bench_a', 'bench_b', 'bench_c', 'bench_d']
const CODE = `import ${NAMES.join(', ')}\nprint(sum(len(m.DATA) for m in (${NAMES.join(', ')})))`

function buildIndex(dir) {
  buildPythonIndex(
    dir,
    NAMES.map((name) => ({
      name,
      files: {
        [`${name}/__init__.py`]:
          'import pathlib\nDATA = (pathlib.Path(__file__).parent / "data.txt").read_text()\n',
        // Random base64 deflates little: about 0.75 MB of wheel each.
        [`${name}/data.txt`]: randomBytes(750_000).toString('base64'),
      },
    })),
  )
}

const runcellPage = (assetsBaseUrl, indexUrl) => `<!doctype html><html lang="en"><title>packages</title>
<script type="module">
import { createRuntime } from '/core/index.js'
const rt = createRuntime({ assetsBaseUrl: ${JSON.stringify(assetsBaseUrl)}, pythonPackages: { indexUrl: ${JSON.stringify(indexUrl)} } })
const ready = rt.run({ language: 'python', code: 'pass' }).result
window.importOnce = async () => {
  await ready
  const started = performance.now()
  const result = await rt.run({ language: 'python', code: ${JSON.stringify(CODE)} }).result
  if (result.status !== 'ok') throw new Error(JSON.stringify(result.error))
  return performance.now() - started
}
</script></html>`

const rawPage = `<!doctype html><html lang="en"><title>raw packages</title><script type="module">
const worker = new Worker('/raw-packages-worker.mjs', { type: 'module' })
const ready = new Promise((resolve) => worker.addEventListener('message', resolve, { once: true }))
window.importOnce = async () => {
  await ready
  const started = performance.now()
  const output = await new Promise((resolve) => {
    worker.onmessage = (event) => resolve(event.data)
    worker.postMessage(${JSON.stringify(CODE)})
  })
  if (typeof output !== 'string') throw new Error(String(output?.error))
  return performance.now() - started
}
</script></html>`

// Pyodide's own way: the index's lock file at boot, then loadPackagesFromImports and the import.
const rawWorker = (indexUrl) => `
import { loadPyodide } from '/runcell/pyodide/pyodide.mjs'
const pyodide = await loadPyodide({ lockFileURL: ${JSON.stringify(indexUrl + 'pyodide-lock.json')}, packageBaseUrl: ${JSON.stringify(indexUrl)} })
let out = ''
pyodide.setStdout({ batched: (text) => { out += text + '\\n' } })
self.onmessage = async (event) => {
  try {
    await pyodide.loadPackagesFromImports(event.data)
    pyodide.runPython(event.data)
    self.postMessage(out)
  } catch (error) {
    self.postMessage({ error: String(error) })
  }
}
self.postMessage('ready')
`

async function importTime(page, url) {
  await page.goto(url)
  return page.evaluate(() => window.importOnce())
}

/** Measures both metrics: `runs` fresh contexts per side, each loading its page twice. */
export async function pythonPackages(browser, origins, { runs }) {
  const dir = mkdtempSync(join(tmpdir(), 'runcell-bench-index-'))
  buildIndex(dir)
  const servers = []
  try {
    const index = await startStaticServer({ mounts: { '/index/': dir }, headers: CACHEABLE })
    servers.push(index)
    const indexUrl = `${index.url}/index/`
    const host = await startStaticServer({
      mounts: { '/core/': join(root, 'packages', 'core', 'dist') },
      pages: { '/packages.html': { body: runcellPage(origins.assetsBaseUrl, indexUrl) } },
      headers: CACHEABLE,
    })
    servers.push(host)
    // The raw worker must be same-origin with Pyodide's files, so it gets a server with the assets of its own.
    const raw = await startStaticServer({
      host: 'localhost',
      mounts: { '/runcell/': benchAssetFiles() },
      pages: {
        '/raw-packages.html': { body: rawPage },
        '/raw-packages-worker.mjs': { type: 'text/javascript', body: rawWorker(indexUrl) },
      },
      headers: CACHEABLE,
    })
    servers.push(raw)
    const urls = { runcell: `${host.url}/packages.html`, raw: `${raw.url}/raw-packages.html` }
    const times = { runcell: { cold: [], second: [] }, raw: { cold: [], second: [] } }
    for (let i = 0; i < runs; i++) {
      for (const side of i % 2 ? ['raw', 'runcell'] : ['runcell', 'raw']) {
        const context = await browser.newContext()
        try {
          times[side].cold.push(await importTime(await context.newPage(), urls[side]))
          times[side].second.push(await importTime(await context.newPage(), urls[side]))
        } finally {
          await context.close()
        }
      }
    }
    const note = `import of ${NAMES.length} test-built wheels (about 3 MB) in a page whose Python is loaded: Runcell vs loadPackagesFromImports in a plain worker, same index; median of ${runs}`
    return [
      result({
        metric: 'python_package_first_import',
        value: median(times.runcell.cold),
        baseline: median(times.raw.cold),
        target: 1.0,
        targetOn: 'ratio',
        unit: 'ms',
        note: `${note}; fresh context`,
      }),
      result({
        metric: 'python_package_second_page_import',
        value: median(times.runcell.second),
        baseline: median(times.raw.second),
        target: 0.3,
        targetOn: 'ratio',
        unit: 'ms',
        note: `${note}; second page load in the same context (Runcell: Cache Storage; raw: HTTP cache)`,
      }),
    ]
  } finally {
    for (const server of servers) await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
