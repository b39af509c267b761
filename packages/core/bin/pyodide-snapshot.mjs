// Builds the Pyodide memory snapshot that the Python engine restores instead of booting the interpreter
// (packages/core/src/engines/python/snapshot.ts). It uses Pyodide's private `_makeSnapshot` option, so it is
// made only for the exact Pyodide version @runcell/core pins, in Node, with the same Pyodide files the
// browser loads. The snapshot holds no JS state that differs between Node and a browser worker: Pyodide
// records the JS objects it holds by their path from globalThis and looks them up again on restore.
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { stdlibFile } from './pyodide-stdlib.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)

/** The asset path of the snapshot, under the assets base URL. */
export const SNAPSHOT_PATH = 'pyodide/runcell-snapshot.bin.gz'

/** The Pyodide version @runcell/core pins in its package.json, and the one installed. */
export function pyodideVersions() {
  const pinned = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8')).dependencies.pyodide
  const installed = require('pyodide/package.json').version
  return { pinned, installed }
}

/**
 * Writes the gzip-compressed snapshot to `file` and returns the Pyodide version it is for, or returns null
 * with a warning when the installed Pyodide is not the pinned one (the runtime then boots without one).
 */
export async function buildPyodideSnapshot(file) {
  const { pinned, installed } = pyodideVersions()
  if (pinned !== installed) {
    console.warn(
      `runcell: Pyodide ${installed} is installed but @runcell/core pins ${pinned}; no memory snapshot was ` +
        'built, so Python starts the slow way. Install the pinned version.',
    )
    return null
  }
  const pyodideDir = dirname(require.resolve('pyodide/package.json'))
  const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, 'pyodide.mjs')).href)
  // With Runcell's standard library, byte for byte the one the browser restores it with.
  const pyodide = await loadPyodide({
    indexURL: pyodideDir + '/',
    stdLibURL: stdlibFile,
    _makeSnapshot: true,
  })
  if (pyodide.version !== pinned) throw new Error(`loaded Pyodide ${pyodide.version}, expected ${pinned}`)
  // The driver goes into the snapshot too, so that a restored interpreter need not compile and run it.
  const { defineDriver } = await import(pathToFileURL(join(here, '..', 'dist', 'python-driver.js')).href)
  defineDriver(pyodide).namespace.destroy()
  const snapshot = pyodide.makeMemorySnapshot()
  writeFileSync(file, gzipSync(snapshot, { level: 6 }))
  return installed
}
