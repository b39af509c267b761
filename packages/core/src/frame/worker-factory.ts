import type { EngineDescriptor } from '../engines/descriptor.js'

/** The message that hands a booting worker its engine module (a Blob of JavaScript). */
export const MODULE_MESSAGE_KIND = 'runcell:module'

/**
 * Starts an engine worker from the runner's opaque origin, without a URL: the runner fetches nothing, and a URL
 * worker throws there anyway (a blob: module worker fails silently). So this is a blob: classic worker whose
 * bootstrap waits for the engine bundle, which the runner posts as a Blob (see {@link MODULE_MESSAGE_KIND}), and
 * imports it from a blob: URL made inside the worker. Pyodide treats any scope with `importScripts` as a classic
 * worker and refuses it, so the bootstrap hides `importScripts` and hands the saved function to the engine (the
 * JavaScript engine loads user code with it). Messages sent before the engine module has loaded would be lost,
 * so the worker says `runcell:booted` once it listens.
 */
export function startEngineWorker(engine: EngineDescriptor): Worker {
  const kind = JSON.stringify(MODULE_MESSAGE_KIND)
  const source =
    `const load = self.importScripts; self.importScripts = undefined;\n` +
    `const fail = (e) => self.postMessage({ kind: 'runcell:boot-error', message: String(e && e.message || e) });\n` +
    `self.addEventListener('message', function start(event) {\n` +
    `  if (!event.data || event.data.kind !== ${kind}) return;\n` +
    `  self.removeEventListener('message', start);\n` +
    `  const url = URL.createObjectURL(event.data.module);\n` +
    `  import(url).then((m) => { URL.revokeObjectURL(url); m.startWorker(load); self.postMessage({ kind: 'runcell:booted' }) }, fail);\n` +
    `});\n`
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))
  try {
    return new Worker(url, { name: `runcell-${engine.language}` })
  } finally {
    // The worker has fetched its source by the time it runs; the URL is not needed after construction.
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
}
