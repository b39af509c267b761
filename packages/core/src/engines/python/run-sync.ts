// JSPI for input(): Pyodide's `run_sync` lets Python wait on a promise, where the browser has JSPI. Runcell's
// memory snapshot is made at build time in Node 20, which has neither JSPI nor the wasm trampoline CPython uses
// to call function pointers, and two choices made at boot live on in the restored memory:
// - `_PyRuntime.emscripten_trampoline` is 0, so every indirect call goes through a JS function, and JSPI can't
//   suspend a stack with JS frames on it ("trying to suspend JS frames");
// - `pyodide.ffi.run_sync` is bound to its "not supported" stub (jsproxy_init in Pyodide's src/core/jsproxy.c).
// {@link watchTrampoline} keeps the trampoline this browser's boot chose, and puts it back after the restore;
// {@link enableRunSync} points the method back at run_sync.
//
// Both write a function-table index into interpreter memory, so they rely on the pinned Pyodide's layout (wasm32:
// PyCFunctionObject.m_ml at byte 8, PyMethodDef.ml_meth at byte 4). They check what the slot holds before writing,
// and leave anything they don't recognise alone (input then uses the replay).
import type { PyodideAPI } from 'pyodide'

interface PyodideModule {
  jspiSupported?: boolean
  HEAP32: Int32Array
  __PyRuntime: number
  __PyEM_EMSCRIPTEN_TRAMPOLINE_OFFSET: number
  wasmTable: WebAssembly.Table
  HEAPU32: Uint32Array
  _run_sync: unknown
  _run_sync_not_supported: unknown
}

const moduleOf = (pyodide: PyodideAPI) => (pyodide as unknown as { _module?: PyodideModule })._module

/** Where CPython keeps its trampoline: a field of `_PyRuntime`, at an offset the build exports. */
function trampolineSlot(module: PyodideModule): number {
  return (module.__PyRuntime + (module.HEAP32[module.__PyEM_EMSCRIPTEN_TRAMPOLINE_OFFSET >>> 2] ?? 0)) >>> 2
}

/**
 * Remembers the trampoline this browser's boot installs (a `preRun` hook runs after Pyodide's own), so that
 * `restore` can put it back once a memory snapshot overwrote it with the build machine's 0.
 */
export function watchTrampoline(): {
  preRun(module: unknown): void
  restore(pyodide: PyodideAPI): void
} {
  let booted = 0
  return {
    preRun(module) {
      const found = module as PyodideModule
      if (typeof found.__PyRuntime === 'number') booted = found.HEAP32[trampolineSlot(found)] ?? 0
    },
    restore(pyodide) {
      const module = moduleOf(pyodide)
      if (!module || booted === 0) return
      const slot = trampolineSlot(module)
      if (module.HEAP32[slot] === 0) module.HEAP32[slot] = booted
    },
  }
}

const M_ML_OFFSET = 8
const ML_METH_OFFSET = 4

/** Makes `pyodide.ffi.run_sync` usable; true when it is (now or already), false when it can't be. */
export function enableRunSync(pyodide: PyodideAPI): boolean {
  const module = moduleOf(pyodide)
  if (!module?.jspiSupported || typeof module._run_sync !== 'function') return false
  const address = pyodide.runPython('id(__import__("pyodide.ffi").ffi.run_sync)') as number
  const heap = module.HEAPU32
  const methodDef = heap[(address + M_ML_OFFSET) >>> 2] ?? 0
  const slot = (methodDef + ML_METH_OFFSET) >>> 2
  const table = module.wasmTable
  const current = heap[slot] ?? 0
  const entry = current < table.length ? table.get(current) : null
  if (entry === module._run_sync) return true
  if (entry !== module._run_sync_not_supported) return false
  for (let index = 0; index < table.length; index++) {
    if (table.get(index) === module._run_sync) {
      heap[slot] = index
      return true
    }
  }
  return false
}
