// The Python engine as the runner page sees it. Kept free of the Pyodide loader: the runner bundle imports it.
import type { EngineDescriptor, ManifestFacts, SnapshotChoice } from '../descriptor.js'

/**
 * Runcell's standard library zip under the assets base URL. Its name is its own: Pyodide's `python_stdlib.zip`
 * holds sources only, and baselines that load Pyodide as it ships must still find that file.
 */
export const PYTHON_STDLIB_PATH = 'pyodide/python_stdlib.runcell.zip'

/**
 * The standard library's second zip: big modules few snippets import (stdlib-split.ts says which), handed over
 * once Python is ready, and mounted when it arrives (later-stdlib.ts).
 */
export const PYTHON_STDLIB_LATER_PATH = 'pyodide/python_stdlib.runcell-later.zip'

/** Pyodide's wasm under the assets base URL: the one file the runner compiles itself, once per runner. */
export const PYODIDE_WASM_PATH = 'pyodide/pyodide.asm.wasm'

/** The manifest's snapshot, when it was made with the Pyodide the assets ship; else why not. */
function pyodideSnapshot(manifest: ManifestFacts): SnapshotChoice {
  const made = manifest.snapshot
  const shipped = manifest.engines.pyodide
  if (made && made.pyodide === shipped) return { use: { path: made.path, pyodideVersion: made.pyodide } }
  return {
    skip: made?.path,
    warning: made
      ? `Runcell: the Pyodide memory snapshot is for Pyodide ${made.pyodide}, not ${shipped}; starting Python without it (slower).`
      : 'Runcell: the assets have no Pyodide memory snapshot; starting Python without it (slower). Run "npx runcell assets <dir>" to build one.',
  }
}

/** Python (Pyodide): slow to start, so it keeps a spare; interruptible; compiled wasm; memory snapshot. */
export const pythonEngine: EngineDescriptor<'python'> = {
  language: 'python',
  workerFile: 'python-worker.js',
  // Pyodide's core, handed over like the rest so the worker imports nothing by URL, and Runcell's build of the
  // standard library: Pyodide's zip with the modules start-up imports precompiled, in two parts, the second after
  // Python is ready (bin/pyodide-stdlib.mjs).
  files: [
    ...['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'pyodide-lock.json'].map((name) => ({
      path: `pyodide/${name}`,
      from: `pyodide/${name}`,
    })),
    { path: PYTHON_STDLIB_PATH, from: 'dist/python-stdlib/python_stdlib.runcell.zip' },
    {
      path: PYTHON_STDLIB_LATER_PATH,
      from: 'dist/python-stdlib/python_stdlib.runcell-later.zip',
      later: true,
    },
  ],
  snapshotFolder: 'pyodide/',
  keepsSpare: true,
  interruptible: true,
  packages: true,
  compiledWasm: PYODIDE_WASM_PATH,
  snapshot: pyodideSnapshot,
}
