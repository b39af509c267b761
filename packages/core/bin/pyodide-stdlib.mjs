// Builds Runcell's copy of Pyodide's standard library zip. Pyodide's own zip holds only `.py` sources, and its
// start-up imports about 125 of them, so a start without the memory snapshot compiles each one on cold wasm:
// measured through a 20 Mbit/s link, most of raw Pyodide's CPU after its files arrive. Here each module that
// start-up (Pyodide's and the Runcell driver's) imports is stored compiled instead, as an unchecked hash-based
// `.pyc` (zipimport loads it without looking for a source). Every other entry is copied as it is, into one of two
// zips: the first holds what start-up needs and the common modules; the second (python_stdlib.runcell-later.zip)
// the big, rarely imported rest, which the runner hands over only once the engine is ready, so a reader's first
// output never waits for it (src/engines/python/stdlib-split.ts says which modules; later-stdlib.ts mounts it).
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

/** Where the build writes the second zip; listed as `pyodide/python_stdlib.runcell-later.zip`. */
export const laterStdlibFile = join(here, '..', 'dist', 'python-stdlib', 'python_stdlib.runcell-later.zip')

// Runs in the Pyodide that compiles, so the .pyc carry its own magic number: the pinned interpreter's.
const REWRITE = `
import importlib.util, sys, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc
ZIP = sys.path[next(i for i, p in enumerate(sys.path) if p.endswith('.zip'))]
LATER = set(LATER_MODULES)
FIRST_ENCODINGS = set(FIRST_ENCODINGS_LIST)
booted = set()
for module in list(sys.modules.values()):
    origin = getattr(getattr(module, '__spec__', None), 'origin', None) or ''
    if origin.startswith(ZIP + '/') and origin.endswith('.py'):
        booted.add(origin[len(ZIP) + 1:])

def top(name):
    first = name.split('/')[0]
    return first[:-3] if first.endswith('.py') else first

def goes_later(name):
    """For an entry start-up did not import."""
    parts = name.split('/')
    # encodings is imported at start-up; its other codecs join it from the second zip (later-stdlib.ts).
    codec = top(name) == 'encodings' and len(parts) == 2 and parts[1].endswith('.py')
    return top(name) in LATER or (codec and parts[1][:-3] not in FIRST_ENCODINGS)

compiled = 0
with zipfile.ZipFile(ZIP) as source, \\
        zipfile.ZipFile('/tmp/stdlib.zip', 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as first, \\
        zipfile.ZipFile('/tmp/stdlib-later.zip', 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as later:
    for entry in source.infolist():
        data = source.read(entry)
        if entry.filename in booted:
            if top(entry.filename) in LATER:
                raise RuntimeError(entry.filename + ' is imported at start-up: it cannot go in the later zip')
            code = compile(data, ZIP + '/' + entry.filename, 'exec', dont_inherit=True)
            first.writestr(entry.filename + 'c', bytes(_code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False)))
            compiled += 1
        else:
            (later if goes_later(entry.filename) else first).writestr(entry, data)
compiled
`

/**
 * Writes Runcell's standard library zips to {@link stdlibFile} and {@link laterStdlibFile}, compiled by the
 * installed Pyodide, and returns how many modules went in compiled. The memory snapshot must then be made with the
 * first zip, and only it: the snapshot's heap holds zipimport's table of offsets into it.
 */
export async function buildRuncellStdlib() {
  const pyodideDir = dirname(require.resolve('pyodide/package.json'))
  const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, 'pyodide.mjs')).href)
  const pyodide = await loadPyodide({ indexURL: pyodideDir + '/' })
  // What the driver imports at start-up is compiled too: a start without the snapshot defines it.
  const { defineDriver } = await import(pathToFileURL(join(here, '..', 'dist', 'python-driver.js')).href)
  defineDriver(pyodide).namespace.destroy()
  const split = await import(pathToFileURL(join(here, '..', 'dist', 'python-stdlib-split.js')).href)
  const globals = pyodide.toPy({
    LATER_MODULES: split.LATER_MODULES,
    FIRST_ENCODINGS_LIST: split.FIRST_ENCODINGS,
  })
  const compiled = pyodide.runPython(REWRITE, { globals })
  globals.destroy()
  mkdirSync(dirname(stdlibFile), { recursive: true })
  writeFileSync(stdlibFile, pyodide.FS.readFile('/tmp/stdlib.zip'))
  writeFileSync(laterStdlibFile, pyodide.FS.readFile('/tmp/stdlib-later.zip'))
  return compiled
}
