// The SQL engine as the runner page sees it. Kept free of sql.js: the runner bundle imports it.
import type { EngineDescriptor } from '../descriptor.js'

/**
 * SQL (sql.js): restarts in about 130 ms, so no spare; no interrupt (sql.js has no progress handler); it
 * compiles its own wasm inside the worker.
 */
export const sqlEngine: EngineDescriptor<'sql'> = {
  language: 'sql',
  workerFile: 'sql-worker.js',
  // sql.js's browser build of its wasm (the worker bundle holds its JS).
  files: [{ path: 'sql/sql-wasm-browser.wasm', from: 'sql.js/dist/sql-wasm-browser.wasm' }],
  keepsSpare: false,
  interruptible: false,
}
