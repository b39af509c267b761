// The Python engine as the runner page sees it. Kept free of the Pyodide loader: the runner bundle imports it.
import type { EngineDescriptor, SnapshotChoice } from '../descriptor.js'
import type { AssetManifest } from '../../protocol/manifest.js'

/** Pyodide's wasm under the assets base URL: the one file the runner compiles itself, once per runner. */
export const PYODIDE_WASM_PATH = 'pyodide/pyodide.asm.wasm'

/** The manifest's snapshot, when it was made with the Pyodide the assets ship; else why not. */
function pyodideSnapshot(manifest: AssetManifest): SnapshotChoice {
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
export const pythonEngine: EngineDescriptor = {
  language: 'python',
  workerFile: 'python-worker.js',
  keepsSpare: true,
  interruptible: true,
  compiledWasm: PYODIDE_WASM_PATH,
  snapshot: pyodideSnapshot,
}
