// Entry of the JavaScript engine worker (built to javascript-worker.js). The runner's bootstrap hides
// `importScripts` from user code and hands it here: it is the one way to run code under a CSP that blocks eval.
import { serveEngine } from '../worker-support.js'
import { createJavaScriptEngine, type ScriptLoader } from './engine.js'

/**
 * Starts the JavaScript engine in this worker and exposes it to the runner. `importScripts` is the saved
 * global; each snippet becomes a blob: classic script that it loads, since eval and `new Function` are blocked.
 */
export function startWorker(importScripts?: (...urls: string[]) => void): void {
  const engine = createJavaScriptEngine(blobLoader(importScripts))
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
    dropNamespace: (namespace) => engine.dropNamespace(namespace),
  })
}

function blobLoader(importScripts: ((...urls: string[]) => void) | undefined): ScriptLoader {
  return (script) => {
    if (!importScripts) throw new Error('Runcell: the JavaScript worker was started without importScripts')
    const url = URL.createObjectURL(new Blob([script], { type: 'text/javascript' }))
    try {
      importScripts(url)
    } finally {
      URL.revokeObjectURL(url)
    }
  }
}
