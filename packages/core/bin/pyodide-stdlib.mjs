// Builds Runcell's copy of Pyodide's standard library zip. Pyodide's own zip holds only `.py` sources, and its
// start-up imports about 125 of them, so a start without the memory snapshot compiles each one on cold wasm:
// measured through a 20 Mbit/s link, most of raw Pyodide's CPU after its files arrive. Here each module that
// start-up (Pyodide's and the Runcell driver's) imports is stored compiled instead, as an unchecked hash-based
// `.pyc` (zipimport loads it without looking for a source). Every other entry is copied as it is.
import { mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)

/**
 * Where the build writes it (dist/ of @runcell/core); the Python descriptor lists it from there as
 * `pyodide/python_stdlib.runcell.zip`.
 */
export const stdlibFile = join(here, '..', 'dist', 'python-stdlib', 'python_stdlib.runcell.zip')

// Runs in the Pyodide that compiles, so the .pyc carry its own magic number: the pinned interpreter's.
const REWRITE = `
import importlib.util, sys, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc
ZIP = sys.path[next(i for i, p in enumerate(sys.path) if p.endswith('.zip'))]
booted = set()
for module in list(sys.modules.values()):
    origin = getattr(getattr(module, '__spec__', None), 'origin', None) or ''
    if origin.startswith(ZIP + '/') and origin.endswith('.py'):
        booted.add(origin[len(ZIP) + 1:])
compiled = 0
with zipfile.ZipFile(ZIP) as source, zipfile.ZipFile('/tmp/stdlib.zip', 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as out:
    for entry in source.infolist():
        data = source.read(entry)
        if entry.filename in booted:
            code = compile(data, ZIP + '/' + entry.filename, 'exec', dont_inherit=True)
            out.writestr(entry.filename + 'c', bytes(_code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)))
            compiled += 1
        else:
            out.writestr(entry, data)
compiled
`

/**
 * Writes Runcell's standard library zip to {@link stdlibFile}, compiled by the installed Pyodide, and returns
 * how many modules went in compiled. The memory snapshot must then be made with this very file: the snapshot's
 * heap holds zipimport's table of offsets into it.
 */
export async function buildRuncellStdlib() {
  const pyodideDir = dirname(require.resolve('pyodide/package.json'))
  const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, 'pyodide.mjs')).href)
  const pyodide = await loadPyodide({ indexURL: pyodideDir + '/' })
  // What the driver imports at start-up is compiled too: a start without the snapshot defines it.
  const { defineDriver } = await import(pathToFileURL(join(here, '..', 'dist', 'python-driver.js')).href)
  defineDriver(pyodide).namespace.destroy()
  const compiled = pyodide.runPython(REWRITE)
  mkdirSync(dirname(stdlibFile), { recursive: true })
  writeFileSync(stdlibFile, pyodide.FS.readFile('/tmp/stdlib.zip'))
  return compiled
}
