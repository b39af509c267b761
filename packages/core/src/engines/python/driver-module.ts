// Where the Python driver lives in the interpreter: module `_runcell_driver`, next to `_runcell_packages`
// (packages-source.ts) and `_runcell_later` (later-source.ts). The build makes the memory snapshot after defining them (bin/pyodide-snapshot.mjs imports
// this file from dist/python-driver.js), so an interpreter restored from the snapshot skips compiling and executing
// them: about 100 ms of every start and respawn for the driver, and 50-400 ms of the first package import.
import type { PyodideAPI } from 'pyodide'
import type { PyProxy } from 'pyodide/ffi'
import { DRIVER_SOURCE } from './driver-source.js'
import { LATER_SOURCE } from './later-source.js'
import { PACKAGES_SOURCE } from './packages-source.js'

/** The module name the driver is defined under. */
export const DRIVER_MODULE = '_runcell_driver'

/** The module name of the packages half (packages-source.ts). */
const PACKAGES_MODULE = '_runcell_packages'

/** The module name of the standard library's second zip's side (later-source.ts). */
export const LATER_MODULE = '_runcell_later'

// `define` reuses a module only when it was made from this very source; a snapshot built by another
// @runcell/core version holds another driver, which is then replaced.
const DEFINE = `
def _module(name, source, filename):
    import sys, types
    module = sys.modules.get(name)
    if module is not None and getattr(module, '_SOURCE', None) == source:
        return module, True
    module = types.ModuleType(name)
    exec(compile(source, filename, 'exec'), module.__dict__)
    module._SOURCE = source
    sys.modules[name] = module
    return module, False

def define(source, packages_source, later_source):
    driver, reused = _module('${DRIVER_MODULE}', source, '<runcell driver>')
    _, packages_reused = _module('${PACKAGES_MODULE}', packages_source, '<runcell packages>')
    _, later_reused = _module('${LATER_MODULE}', later_source, '<runcell later stdlib>')
    return driver.__dict__, reused and packages_reused and later_reused
`

/**
 * Takes the driver and the packages module out of `sys.modules`, so user code can't `import _runcell_driver` to
 * reach other namespaces. Called after `defineDriver` in the engine, not in it: the build's memory snapshot keeps
 * the modules there, so a restored interpreter finds them. (The driver's functions still reach its globals: see
 * docs/security.md.) Returns the packages module's namespace, or null when it was not defined.
 */
export function hideDriver(pyodide: PyodideAPI): DriverNamespace | null {
  const scope = pyodide.globals.get('dict')() as DriverNamespace
  try {
    pyodide.runPython(
      `import sys\nsys.modules.pop('${DRIVER_MODULE}', None)\nfound = sys.modules.pop('${PACKAGES_MODULE}', None)\nfound = None if found is None else found.__dict__`,
      { globals: scope },
    )
    return (scope.get('found') as DriverNamespace | undefined) ?? null
  } finally {
    scope.destroy()
  }
}

/** The driver's module namespace (a PyProxy of its dict); `get` reads a name from it. Destroy it when done. */
export type DriverNamespace = PyProxy & { get(name: string): unknown }

type Define = PyProxy & ((source: string, packagesSource: string, laterSource: string) => PyProxy)

/**
 * Defines the driver in `pyodide`, or finds it there from the snapshot. `reused` says which: false after a
 * plain start, or with a snapshot made from another driver.
 */
export function defineDriver(pyodide: PyodideAPI): { namespace: DriverNamespace; reused: boolean } {
  const scope = pyodide.globals.get('dict')() as DriverNamespace
  try {
    pyodide.runPython(DEFINE, { globals: scope })
    const define = scope.get('define') as Define
    const pair = define(DRIVER_SOURCE, PACKAGES_SOURCE, LATER_SOURCE)
    const [namespace, reused] = pair.toJs({ depth: 1 }) as [DriverNamespace, boolean]
    pair.destroy()
    define.destroy()
    return { namespace, reused }
  } finally {
    scope.destroy()
  }
}
