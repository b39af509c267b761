// Entry of the Python engine worker bundle (dist/assets/python-worker.js).
import { serveEngine } from '../worker-support.js'
import { createPythonEngine } from './engine.js'

/**
 * Starts the Python engine in this worker and serves it to the runner over Comlink. The runner passes the
 * worker's original `importScripts`; Python does not need it, because Pyodide loads as ES modules.
 */
export function startWorker(_importScripts?: (...urls: string[]) => void): void {
  serveEngine(createPythonEngine())
}
