// The files that make up Runcell's runner assets, as { path (URL path under assetsBaseUrl), file (on disk) }.
// Shared by `runcell assets` (copies them) and by the dev and test servers (serve them in place).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { SNAPSHOT_PATH } from './pyodide-snapshot.mjs'

const here = dirname(fileURLToPath(import.meta.url))
/** Where the build puts the Pyodide memory snapshot and its version (see prepare-assets.mjs). */
export const snapshotDir = join(here, '..', 'dist', 'snapshot')
const require = createRequire(import.meta.url)

/** Pyodide's core files: enough for the standard library, with no package downloads. */
const PYODIDE_FILES = [
  'pyodide.mjs',
  'pyodide.asm.mjs',
  'pyodide.asm.wasm',
  'python_stdlib.zip',
  'pyodide-lock.json',
]

export function assetFiles() {
  const built = join(here, '..', 'dist', 'assets')
  if (!existsSync(built)) {
    throw new Error(`Runcell's runner assets are not built (${built} is missing). Run "npm run build" first.`)
  }
  const files = readdirSync(built)
    .filter((name) => !name.endsWith('.map'))
    .map((name) => ({ path: name, file: join(built, name) }))
  const pyodideDir = dirname(require.resolve('pyodide/package.json'))
  for (const name of PYODIDE_FILES) files.push({ path: `pyodide/${name}`, file: join(pyodideDir, name) })
  // sql.js exports no ./package.json, so find its dist folder through a file it does export.
  const sqlDir = dirname(require.resolve('sql.js/dist/sql-wasm-browser.wasm'))
  files.push({ path: 'sql/sql-wasm-browser.wasm', file: join(sqlDir, 'sql-wasm-browser.wasm') })
  const snapshot = builtSnapshot()
  if (snapshot) files.push({ path: snapshot.path, file: snapshot.file })
  const elements = elementsModule()
  if (elements) files.push({ path: 'runcell-elements.js', file: elements })
  return files
}

/**
 * @runcell/elements' one-file module, when that package is installed and built: it goes beside runner.html, so a
 * page without a bundler loads it from the assets folder and it finds the assets from its own URL.
 */
function elementsModule() {
  try {
    const file = require.resolve('@runcell/elements/runcell-elements.js')
    return existsSync(file) ? file : null
  } catch {
    return null
  }
}

/** The snapshot the build made, as { path, file, pyodide }, or null when there is none. */
export function builtSnapshot() {
  const info = join(snapshotDir, 'snapshot.json')
  if (!existsSync(info)) return null
  const { pyodide, file } = JSON.parse(readFileSync(info, 'utf8'))
  const path = join(snapshotDir, file)
  return existsSync(path) ? { path: SNAPSHOT_PATH, file: path, pyodide } : null
}

/** The exact engine versions the assets hold; assets of another version are refused at load time. */
export function engineVersions() {
  return {
    pyodide: require('pyodide/package.json').version,
    sqljs: JSON.parse(
      readFileSync(
        join(dirname(require.resolve('sql.js/dist/sql-wasm-browser.wasm')), '..', 'package.json'),
        'utf8',
      ),
    ).version,
  }
}
