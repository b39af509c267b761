// The standard library's second zip inside the worker: mount it when the runner hands it over (once Python is
// ready), and until then make runs that may need it wait for it. A reader's first `print(1)` never does.
import type { PyodideAPI } from 'pyodide'
import type { PyProxy } from 'pyodide/ffi'
import { engineFileBytes } from '../worker-support.js'
import { PYTHON_STDLIB_LATER_PATH } from './descriptor.js'
import { LATER_MODULE } from './driver-module.js'
import { LATER_ZIP_PATH } from './stdlib-split.js'

interface PythonSide {
  waits(code: string): boolean
  mount(path: string): void
  failed(reason: string): void
}

/** One interpreter's second standard library zip: asked for at once, mounted when it arrives. */
export class LaterStdlib {
  /** Module `_runcell_later`, kept for the interpreter's life. */
  private readonly python: PyProxy & PythonSide
  private readonly arrival: Promise<void>
  /** Mounted, or failed for good: runs stop waiting. */
  private settled = false

  constructor(pyodide: PyodideAPI, assetsBaseUrl: string) {
    const python = pyodide.pyimport(LATER_MODULE) as PyProxy & PythonSide
    this.python = python
    // Not through the engine's run queue: a run may be waiting for this very file in it.
    this.arrival = engineFileBytes(assetsBaseUrl, PYTHON_STDLIB_LATER_PATH)
      .then(
        (bytes) => {
          pyodide.FS.writeFile(LATER_ZIP_PATH, new Uint8Array(bytes), { canOwn: true })
          python.mount(LATER_ZIP_PATH)
        },
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error)
          python.failed(`this part of the standard library could not be loaded: ${message.slice(0, 500)}`)
        },
      )
      .finally(() => (this.settled = true))
  }

  /**
   * Before a run: waits for the zip when the code may import from it (any module not imported yet), or names
   * packages, which may.
   */
  async before(code: string, packages: readonly string[] = []): Promise<void> {
    if (this.settled) return
    if (packages.length > 0 || this.python.waits(code)) await this.arrival
  }
}
