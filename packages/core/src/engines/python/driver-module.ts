// Where the Python driver lives in the interpreter: module `_runcell_driver`. The build makes the memory snapshot
// after defining it (bin/pyodide-snapshot.mjs imports this file from dist/python-driver.js), so an interpreter
// restored from the snapshot skips compiling and executing the driver: about 100 ms of every start and respawn.
import type { PyodideAPI } from 'pyodide'
import type { PyProxy } from 'pyodide/ffi'
import { DRIVER_SOURCE } from './driver-source.js'

/** The module name the driver is defined under. */
export const DRIVER_MODULE = '_runcell_driver'

// `define` reuses the module only when it was made from this very source; a snapshot built by another
// @runcell/core version holds another driver, which is then replaced.
const DEFINE = `
def define(source):
    import sys, types
    module = sys.modules.get('${DRIVER_MODULE}')
    if module is not None and getattr(module, '_SOURCE', None) == source:
        return module.__dict__, True
    module = types.ModuleType('${DRIVER_MODULE}')
    exec(compile(source, '<runcell driver>', 'exec'), module.__dict__)
    module._SOURCE = source
    sys.modules['${DRIVER_MODULE}'] = module
    return module.__dict__, False
`

/**
 * Takes the driver out of `sys.modules`, so user code can't `import _runcell_driver` to reach other namespaces.
 * Called after `defineDriver` in the engine, not in it: the build's memory snapshot keeps the module there, so a
 * restored interpreter finds it. (The driver's functions still reach its globals: see docs/security.md.)
 */
export function hideDriver(pyodide: PyodideAPI): void {
  pyodide.runPython(`import sys\nsys.modules.pop('${DRIVER_MODULE}', None)`)
}

/** The driver's module namespace (a PyProxy of its dict); `get` reads a name from it. Destroy it when done. */
export type DriverNamespace = PyProxy & { get(name: string): unknown }

type Define = PyProxy & ((source: string) => PyProxy)

/**
 * Defines the driver in `pyodide`, or finds it there from the snapshot. `reused` says which: false after a
 * plain start, or with a snapshot made from another driver.
 */
export function defineDriver(pyodide: PyodideAPI): { namespace: DriverNamespace; reused: boolean } {
  const scope = pyodide.globals.get('dict')() as DriverNamespace
  try {
    pyodide.runPython(DEFINE, { globals: scope })
    const define = scope.get('define') as Define
    const pair = define(DRIVER_SOURCE)
    const [namespace, reused] = pair.toJs({ depth: 1 }) as [DriverNamespace, boolean]
    pair.destroy()
    define.destroy()
    return { namespace, reused }
  } finally {
    scope.destroy()
  }
}
