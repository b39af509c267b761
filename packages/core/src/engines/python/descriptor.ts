// The Python engine as the runner page sees it. Kept free of the Pyodide loader: the runner bundle imports it.
import type { EngineDescriptor, ManifestFacts, SnapshotChoice } from '../descriptor.js'

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
  // Pyodide's core: enough for the standard library. pyodide.mjs is handed over like the rest, so the worker
  // imports nothing by URL.
  files: ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'].map(
    (name) => ({ path: `pyodide/${name}`, from: `pyodide/${name}` }),
  ),
  snapshotFolder: 'pyodide/',
  keepsSpare: true,
  interruptible: true,
  compiledWasm: PYODIDE_WASM_PATH,
  snapshot: pyodideSnapshot,
}
