// Python packages inside the worker: find what a run's imports lack, ask the runner (which has the host page fetch
// from the site's index, verifies every wheel and unpacks the pure-Python ones), and install them the way
// Pyodide's own loader does. The worker never fetches a package itself: the runner's CSP would refuse it anyway.
import type { PyodideAPI } from 'pyodide'
import type { PyProxy } from 'pyodide/ffi'
import type { DeliveredWheel, PackageDelivery, PackageQuery, WheelFile } from '../../protocol/packages.js'
import type { RunError } from '../../protocol/types.js'
import { requestPackages } from '../worker-support.js'
import { PACKAGES_SOURCE } from './packages-source.js'
import { LATER_MODULES } from './stdlib-split.js'

/** Pyodide's installer (unpack, then load the shared libraries), where this Pyodide version exposes it. */
interface PyodideInternals {
  install?: (
    buffer: Uint8Array,
    fileName: string,
    installDir: string,
    metadata: Map<string, string>,
  ) => unknown
  package_loader?: { get_install_dir?: (kind: string) => string }
}

/** The Python side, once defined: see packages-source.ts. */
interface PythonSide {
  /** [needed, guarded]: the imports the interpreter lacks, and those of them only tried under `except ImportError`. */
  missing_imports(code: string): PyProxy
  flush_figures(): void
  invalidate(): void
}

/** One interpreter's packages: what it has, and the request waiting for the runner. */
export class PythonPackages {
  private side: PythonSide | null = null
  private readonly installed = new Set<string>()
  /** Files were written that Python's import caches may not know of yet. */
  private stale = false
  private readonly waiting = new Map<string, (delivery: PackageDelivery) => void>()
  private sequence = 0

  constructor(
    private readonly pyodide: PyodideAPI,
    /** Module `_runcell_packages` as the driver defined it (in the snapshot); null: define it at first use. */
    private readonly module: (PyProxy & { get(name: string): unknown }) | null,
    /** The run now holding the interpreter, whose progress events a request belongs to. */
    private readonly runId: () => string | null,
  ) {}

  /**
   * Before a run: installs the packages its imports need and those it names. Returns the failure as a
   * `PackageError`, which ends the run without running it.
   */
  async prepare(runId: string, code: string, names: readonly string[] = []): Promise<RunError | null> {
    if (this.stale) this.refresh()
    if (!code.includes('import') && names.length === 0) return null
    const side = this.python()
    const found = side.missing_imports(code)
    // The standard library's second zip may not be mounted yet (later-stdlib.ts): its modules are never packages.
    const [needed = [], guarded = []] = (found.toJs() as string[][]).map((list) =>
      list.filter((name) => name !== 'micropip' && !LATER_MODULES.includes(name)),
    )
    found.destroy()
    if (needed.length > 0 || names.length > 0) {
      const failure = await this.load(runId, { imports: needed, packages: [...names] })
      if (failure !== null) return { name: 'PackageError', message: failure }
    }
    // Imports inside a try that catches ImportError: when they can't be had, the code's own except runs.
    if (guarded.length > 0) await this.load(runId, { imports: guarded, packages: [] })
    return null
  }

  /**
   * Writes the files of wheels the runner sent before any run asked (this page's imports on an earlier visit), so
   * that a run importing them finds them installed. Python's import caches are refreshed now when no run holds
   * the interpreter, else before the next run's imports are looked for.
   */
  adopt(wheels: readonly DeliveredWheel[]): void {
    for (const wheel of wheels) {
      if (this.installed.has(wheel.name) || !('files' in wheel)) continue
      this.write(wheel.files, this.installDir(wheel))
      this.installed.add(wheel.name)
      this.stale = true
    }
    if (this.stale && this.runId() === null) this.refresh()
  }

  /** Receives the runner's answer to a request. */
  provide(requestId: string, delivery: PackageDelivery): void {
    const waiting = this.waiting.get(requestId)
    this.waiting.delete(requestId)
    waiting?.(delivery)
  }

  /** Shows the figures a run left open (matplotlib), when matplotlib was ever imported. */
  flushFigures(): string | null {
    if (!this.side) return null
    try {
      this.side.flush_figures()
      return null
    } catch (error) {
      return `Runcell could not render the open matplotlib figures: ${error instanceof Error ? error.message : String(error)}\n`
    }
  }

  /** Asks the runner for the query's packages and installs what this interpreter lacks; a message on failure. */
  private async load(runId: string, query: PackageQuery): Promise<string | null> {
    const requestId = `r${++this.sequence}`
    const delivery = await new Promise<PackageDelivery>((resolve) => {
      this.waiting.set(requestId, resolve)
      requestPackages(runId, requestId, query)
    })
    if ('failure' in delivery) return delivery.failure.message
    try {
      // Dependencies first, as the runner ordered them.
      for (const wheel of delivery.wheels) {
        if (this.installed.has(wheel.name)) continue
        await this.install(wheel)
        this.installed.add(wheel.name)
      }
    } finally {
      this.refresh()
    }
    return null
  }

  /** Has Python's import system see the files written since it last looked. */
  private refresh(): void {
    this.stale = false
    this.python().invalidate()
  }

  /** The folder `wheel` goes in, as Pyodide's loader would choose it. */
  private installDir(wheel: DeliveredWheel): string {
    const internals = (this.pyodide as unknown as { _api?: PyodideInternals })._api
    return internals?.package_loader?.get_install_dir?.(wheel.installDir) ?? this.sitePackages()
  }

  /** Writes an unpacked wheel's files, or has Pyodide's installer install its bytes. */
  private async install(wheel: DeliveredWheel): Promise<void> {
    const dir = this.installDir(wheel)
    if ('files' in wheel) return this.write(wheel.files, dir)
    const internals = (this.pyodide as unknown as { _api?: PyodideInternals })._api
    const bytes = new Uint8Array(wheel.bytes)
    // Pyodide's own installer also loads the wheel's shared libraries (numpy's, say); it is internal, so the
    // public unpackArchive (files only; extension modules then load on import) stands in where it is missing.
    if (internals?.install) {
      const metadata = new Map([
        ['INSTALLER', 'runcell'],
        ['PYODIDE_SOURCE', 'runcell'],
      ])
      await internals.install(bytes, wheel.fileName, dir, metadata)
      return
    }
    this.pyodide.unpackArchive(bytes, 'wheel', { extractDir: dir })
  }

  /** Writes a wheel's files into `dir`; the worker owns their buffers, so the file system keeps them uncopied. */
  private write(files: readonly WheelFile[], dir: string): void {
    const { FS } = this.pyodide
    const made = new Set<string>()
    for (const { path, data } of files) {
      const full = `${dir}/${path}`
      const folder = full.slice(0, full.lastIndexOf('/'))
      if (!made.has(folder)) FS.mkdirTree(folder)
      made.add(folder)
      FS.writeFile(full, data, { canOwn: true })
    }
  }

  /** site-packages, where this Pyodide version does not say where a wheel goes. */
  private sitePackages(): string {
    return String(this.pyodide.runPython("__import__('sysconfig').get_path('purelib')"))
  }

  /** Defines `_runcell_packages` (and the stand-in micropip) the first time a run needs it. */
  private python(): PythonSide {
    if (this.side) return this.side
    let { module } = this
    if (!module) {
      module = this.pyodide.globals.get('dict')() as PyProxy & { get(name: string): unknown }
      this.pyodide.runPython(PACKAGES_SOURCE, { globals: module })
    }
    const setup = module.get('setup') as (load: (names: PyProxy) => Promise<string | null>) => void
    setup((names) => {
      // Pyodide destroys the borrowed proxy when this call returns; only the copy is kept.
      const list = names.toJs() as string[]
      const runId = this.runId()
      if (runId === null) return Promise.resolve('micropip.install works only while a run is going on')
      return this.load(runId, { imports: [], packages: list })
    })
    this.side = {
      missing_imports: module.get('missing_imports') as PythonSide['missing_imports'],
      flush_figures: module.get('flush_figures') as PythonSide['flush_figures'],
      invalidate: module.get('invalidate') as PythonSide['invalidate'],
    }
    return this.side
  }
}
