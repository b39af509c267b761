import type { EngineDescriptor } from '../engines/descriptor.js'

/**
 * Starts an engine worker from the runner's opaque origin. A URL worker throws there and a blob: module
 * worker fails silently, so this uses a blob: classic worker that imports the engine module. Pyodide treats
 * any scope with `importScripts` as a classic worker and refuses it, so the bootstrap hides `importScripts`
 * and hands the saved function to the engine (the JavaScript engine loads user code with it). Messages sent
 * before the engine module has loaded would be lost, so the worker says `runcell:booted` once it listens.
 */
export function startEngineWorker(engine: EngineDescriptor, assetsBaseUrl: string): Worker {
  const entry = JSON.stringify(new URL(engine.workerFile, assetsBaseUrl).href)
  const source =
    `const load = self.importScripts; self.importScripts = undefined;\n` +
    `import(${entry}).then((m) => { m.startWorker(load); self.postMessage({ kind: 'runcell:booted' }) }, (e) => ` +
    `self.postMessage({ kind: 'runcell:boot-error', message: String(e && e.message || e) }))\n`
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))
  try {
    return new Worker(url, { name: `runcell-${engine.language}` })
  } finally {
    // The worker has fetched its source by the time it runs; the URL is not needed after construction.
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
}
