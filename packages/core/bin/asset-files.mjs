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

/**
 * The runner assets: the built runner page and worker bundles, every registered engine's files (from its
 * descriptor, engines/<lang>/descriptor.ts), the Pyodide snapshot when the build made one, and the elements
 * module. `engines` defaults to the built registry; a test passes another.
 */
export function assetFiles(engines = builtEngines) {
  const built = join(here, '..', 'dist', 'assets')
  if (!existsSync(built)) {
    throw new Error(`Runcell's runner assets are not built (${built} is missing). Run "npm run build" first.`)
  }
  const files = readdirSync(built)
    .filter((name) => !name.endsWith('.map'))
    .map((name) => ({ path: name, file: join(built, name) }))
  if (!engines)
    throw new Error(`Runcell's engine registry is not built (dist/engines.js). Run "npm run build" first.`)
  files.push(...engineFiles(engines))
  const snapshot = builtSnapshot()
  if (snapshot) files.push({ path: snapshot.path, file: snapshot.file })
  const elements = elementsModule()
  if (elements) files.push({ path: 'runcell-elements.js', file: elements })
  return files
}

/** The engine registry as the build compiled it (dist/engines.js), keyed by language; null before a build. */
export const builtEngines = await import('../dist/engines.js').then(
  (module) => module.ENGINES,
  () => null,
)

/** Each engine's files as { path, file }: from this package's build (`dist/…`) or the npm package named. */
export function engineFiles(engines) {
  return Object.values(engines).flatMap((engine) =>
    engine.files.map(({ path, from }) => ({
      path,
      file: from.startsWith('dist/') ? join(here, '..', from) : require.resolve(from),
    })),
  )
}

/**
 * The language whose engine loads `path`: the engine that lists it, or whose snapshot folder holds it; null for
 * the runner's own files (runner page, worker bundles), which the manifest doesn't list.
 */
export function languageOf(path, engines) {
  for (const engine of Object.values(engines)) {
    if (engine.files.some((file) => file.path === path)) return engine.language
    if (engine.snapshotFolder && path.startsWith(engine.snapshotFolder)) return engine.language
  }
  return null
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
