// Entry of the JavaScript engine worker (built to javascript-worker.js). The runner's bootstrap hides
// `importScripts` from user code and hands it here: it is the one way to run code under a CSP that blocks eval.
import { serveEngine } from '../worker-support.js'
import { createJavaScriptEngine, type ScriptLoader } from './engine.js'
import { confineTimers } from './leftover-work.js'

/**
 * Starts the JavaScript engine in this worker and exposes it to the runner. `importScripts` is the saved
 * global; each snippet becomes a data: (or, when big, blob:) classic script that it loads, since eval and `new Function` are blocked.
 */
export function startWorker(importScripts?: (...urls: string[]) => void): void {
  const timers = confineTimers(globalThis as unknown as Record<string, unknown>)
  const engine = createJavaScriptEngine(scriptLoader(importScripts), timers)
  addEventListener('unhandledrejection', (event) => {
    event.preventDefault()
    engine.reportUncaught(event.reason, 'rejection')
  })
  addEventListener('error', (event) => {
    // Keeps an error thrown in a user timer from reaching the runner as a worker crash.
    event.preventDefault()
    engine.reportUncaught(event.error ?? event.message, 'error')
  })
  serveEngine({
    init: (options) => engine.init(options),
    run: (request) => engine.run(request),
    answerInput: (runId, text) => engine.answerInput(runId, text),
    dropNamespace: (namespace) => engine.dropNamespace(namespace),
    check: (request) => engine.check(request),
  })
}

/**
 * Longest script loaded from a data: URL. Chromium resolves a data: URL inside the worker, while a blob: URL
 * is looked up in the browser process first: ~0.3 ms against ~2 ms per snippet here. Big snippets take the
 * blob: path, which has no URL length limit (Chromium caps URLs at 2 MB).
 */
const MAX_DATA_URL_CHARS = 512 * 1024

function scriptLoader(importScripts: ((...urls: string[]) => void) | undefined): ScriptLoader {
  // Captured before user code: a snippet that replaced encodeURIComponent or Blob would otherwise see, or
  // rewrite, every later snippet's generated script.
  const encode = encodeURIComponent
  const BlobClass = Blob
  const createUrl = URL.createObjectURL.bind(URL)
  const revokeUrl = URL.revokeObjectURL.bind(URL)
  return (script) => {
    if (!importScripts) throw new Error('Runcell: the JavaScript worker was started without importScripts')
    const data = `data:text/javascript;charset=utf-8,${encode(script)}`
    if (data.length <= MAX_DATA_URL_CHARS) return importScripts(data)
    const url = createUrl(new BlobClass([script], { type: 'text/javascript' }))
    try {
      importScripts(url)
    } finally {
      revokeUrl(url)
    }
  }
}
