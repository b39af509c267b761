// Entry of the SQL engine worker bundle (sql-worker.js). Importing it does nothing; the runner's bootstrap
// calls startWorker.
import { serveEngine } from '../worker-support.js'
import { createSqlEngine } from './engine.js'

/**
 * Starts the SQL engine in this worker and serves it to the runner over Comlink. sql.js needs no
 * `importScripts` (it is bundled, and its wasm is fetched and compiled here), so the argument is unused.
 */
export function startWorker(_importScripts?: (...urls: string[]) => void): void {
  serveEngine(createSqlEngine())
}
