// The baselines: the raw engines in plain same-origin workers on the assets origin, with the same files
// Runcell serves and nothing of Runcell in between. Each page has `window.call(code)`, a raw postMessage
// round trip to its worker, and `window.firstOutput` for the first output after the page loaded.

const page = (worker, type) => ({
  body: `<!doctype html><html lang="en"><title>raw baseline</title><script type="module">
const worker = new Worker(${JSON.stringify(worker)}, { type: ${JSON.stringify(type)} })
let next = 0
const waiting = new Map()
let firstOutput
window.firstOutput = new Promise((resolve) => (firstOutput = resolve))
worker.onmessage = (event) => {
  const { id, output } = event.data
  if (id === 'boot') return firstOutput(performance.now())
  waiting.get(id)?.(output)
  waiting.delete(id)
}
window.call = (code) => new Promise((resolve) => {
  const id = ++next
  waiting.set(id, resolve)
  worker.postMessage({ id, code })
})
window.benchReady = true
</script></html>`,
})

const js = (body) => ({ type: 'text/javascript', body })

// Pyodide's own defaults: loadPyodide() finds its files next to pyodide.mjs and streams the wasm.
const PYTHON_WORKER = `
import { loadPyodide } from '/runcell/pyodide/pyodide.mjs'
let out = ''
const pyodide = await loadPyodide()
pyodide.setStdout({ batched: (text) => { out += text + '\\n' } })
const take = () => { const text = out; out = ''; return text }
self.onmessage = (event) => {
  pyodide.runPython(event.data.code)
  self.postMessage({ id: event.data.id, output: take() })
}
pyodide.runPython('print(1)')
self.postMessage({ id: 'boot', output: take() })
`

const SQL_WORKER = `
importScripts('/bench-lib/sql-wasm-browser.js')
initSqlJs({ locateFile: (file) => '/runcell/sql/' + file }).then((SQL) => {
  const db = new SQL.Database()
  self.onmessage = (event) => {
    const sets = db.exec(event.data.code)
    self.postMessage({ id: event.data.id, output: sets.map((set) => set.values.length) })
  }
  self.postMessage({ id: 'boot', output: db.exec('SELECT 1')[0].values })
})
`

const JS_WORKER = `
self.onmessage = async (event) => {
  const lines = []
  const console = { log: (...args) => lines.push(args.map(String).join(' ')) }
  await new Function('console', event.data.code)(console)
  self.postMessage({ id: event.data.id, output: lines.join('\\n') + '\\n' })
}
self.postMessage({ id: 'boot', output: '' })
`

/** The assets origin's baseline pages and workers. */
export function baselinePages() {
  return {
    '/bench/raw-python.html': page('/bench/raw-python-worker.mjs', 'module'),
    '/bench/raw-python-worker.mjs': js(PYTHON_WORKER),
    '/bench/raw-sql.html': page('/bench/raw-sql-worker.js', 'classic'),
    '/bench/raw-sql-worker.js': js(SQL_WORKER),
    '/bench/raw-js.html': page('/bench/raw-js-worker.mjs', 'module'),
    '/bench/raw-js-worker.mjs': js(JS_WORKER),
  }
}
