// Loads Pyodide from the assets folder. Every big file comes through fetchEngineFile (handed over by the runner
// when it can), the wasm is either a module the runner compiled once or bytes whose memory maximum is lowered
// to the run's memory limit here, and a build-time memory snapshot skips Python's start-up when there is one.
import type { PyodideAPI, loadPyodide as LoadPyodide } from 'pyodide'
import { engineModule, fetchEngineFile, isHandedOver, reportStage } from '../worker-support.js'
import { capWasmMemory, findMemoryLimits, memoryCeilingPages } from '../wasm-memory.js'
import { PYODIDE_WASM_PATH, PYTHON_STDLIB_PATH } from './descriptor.js'
import { useInterruptBuffer } from './interrupt.js'
import { watchTrampoline } from './run-sync.js'
import {
  readSnapshot,
  shareInflatedSnapshot,
  warnSnapshotFailed,
  type SnapshotBytes,
  type SnapshotSource,
} from './snapshot.js'

type PyodideConfig = NonNullable<Parameters<typeof LoadPyodide>[0]>
type CreateModule = NonNullable<PyodideConfig['createPyodideModule']>
type PyodideModule = { loadPyodide: typeof LoadPyodide; version: string }

/** Folder of Pyodide's files under the assets base URL (see packages/core/bin/asset-files.mjs). */
const PYODIDE_DIR = 'pyodide/'

/** What {@link loadPython} needs to know. */
export interface PythonLoadOptions {
  assetsBaseUrl: string
  memoryLimitMb: number
  /** Receives text that C code writes to file descriptors 1 and 2 (Python code goes through sys.stdout). */
  write: (kind: 'stdout' | 'stderr', text: string) => void
  snapshot?: SnapshotSource
  interruptBuffer?: SharedArrayBuffer
}

/** A loaded interpreter. */
export interface LoadedPython {
  pyodide: PyodideAPI
  /** True when the interpreter came from the memory snapshot. */
  fromSnapshot: boolean
}

async function importFrom(response: Response): Promise<unknown> {
  // A blob: URL keeps the module source behind fetchEngineFile; the runner's CSP allows blob: scripts. The
  // handed-over Blob is only re-typed, never read here.
  const url = URL.createObjectURL(new Blob([await response.blob()], { type: 'text/javascript' }))
  try {
    return await import(/* @vite-ignore */ url)
  } finally {
    URL.revokeObjectURL(url)
  }
}

function fdWriter(kind: 'stdout' | 'stderr', write: PythonLoadOptions['write']) {
  const decoder = new TextDecoder()
  return {
    write: (buffer: Uint8Array) => {
      write(kind, decoder.decode(buffer, { stream: true }))
      return buffer.length
    },
  }
}

/** The capped wasm module: compiled once by the runner, or compiled here from the bytes. */
async function pyodideWasm(assetsBaseUrl: string, memoryLimitMb: number) {
  const handed = isHandedOver(PYODIDE_WASM_PATH) ? await engineModule(PYODIDE_WASM_PATH) : null
  if (handed) return handed
  const bytes = new Uint8Array(await (await fetchEngineFile(assetsBaseUrl, PYODIDE_WASM_PATH)).arrayBuffer())
  reportStage('compile')
  const maxPages = capWasmMemory(
    bytes,
    memoryCeilingPages(memoryLimitMb, findMemoryLimits(bytes).minimumPages),
  )
  return { module: await WebAssembly.compile(bytes), maxPages }
}

/**
 * Pyodide fetches the wasm and the standard library itself, with the global fetch, and instantiates the
 * wasm with instantiateStreaming, as soon as loadPyodide starts. For that window only, fetch hands it the
 * standard library we already have and instantiateStreaming uses our compiled, memory-capped module.
 */
async function withHandOver<T>(
  stdlib: { url: string; bytes: ArrayBuffer },
  module: WebAssembly.Module,
  load: () => Promise<T>,
): Promise<T> {
  const realFetch = globalThis.fetch
  const realInstantiate = WebAssembly.instantiateStreaming
  globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    if (url === stdlib.url) return Promise.resolve(new Response(stdlib.bytes.slice(0)))
    // The wasm itself is never read: instantiateStreaming below ignores the response.
    if (url.endsWith('/pyodide.asm.wasm')) return Promise.resolve(new Response(null))
    return realFetch(input, init)
  }
  WebAssembly.instantiateStreaming = async (_source, imports) => ({
    module,
    instance: await WebAssembly.instantiate(module, imports),
  })
  try {
    return await load()
  } finally {
    globalThis.fetch = realFetch
    WebAssembly.instantiateStreaming = realInstantiate
  }
}

/** Downloads, compiles and starts Pyodide, reporting the download, compile and ready stages. */
export async function loadPython(options: PythonLoadOptions): Promise<LoadedPython> {
  const { assetsBaseUrl } = options
  const indexURL = new URL(PYODIDE_DIR, assetsBaseUrl).href
  const file = (name: string) => fetchEngineFile(assetsBaseUrl, PYODIDE_DIR + name)
  useInterruptBuffer(options.interruptBuffer)
  reportStage('download')
  // Imported from the handed-over bytes, like pyodide.asm.mjs below: the worker loads nothing by URL.
  const loading = file('pyodide.mjs').then(importFrom) as Promise<PyodideModule>
  const [api, wasm, stdlib, lockFile, asm, snapshot] = await Promise.all([
    loading,
    pyodideWasm(assetsBaseUrl, options.memoryLimitMb),
    fetchEngineFile(assetsBaseUrl, PYTHON_STDLIB_PATH).then((response) => response.arrayBuffer()),
    file('pyodide-lock.json').then((response) => response.text()),
    file('pyodide.asm.mjs').then(importFrom) as Promise<{ default: CreateModule }>,
    loading
      .then((api) => readSnapshot(assetsBaseUrl, options.snapshot, api.version))
      .catch((error: unknown) => {
        warnSnapshotFailed(error)
        return null
      }),
  ])
  reportStage('compile')
  const trampoline = watchTrampoline()
  // Pyodide asks for its zip by its own name; it gets Runcell's, which the snapshot was made with.
  const start = (fromSnapshot: SnapshotBytes | null) =>
    withHandOver({ url: indexURL + 'python_stdlib.zip', bytes: stdlib }, wasm.module, () =>
      api.loadPyodide({
        indexURL,
        lockFileContents: lockFile,
        packageBaseUrl: indexURL,
        createPyodideModule: (settings) => {
          // Pyodide keeps this very object as its Module, so the hook is added to it, not to a copy.
          const target = settings as unknown as { preRun?: readonly unknown[] }
          target.preRun = [...(target.preRun ?? []), trampoline.preRun]
          return asm.default(settings)
        },
        ...(fromSnapshot ? { _loadSnapshot: fromSnapshot.bytes } : {}),
      }),
    )
  let pyodide: PyodideAPI
  let fromSnapshot = false
  try {
    pyodide = await start(snapshot)
    fromSnapshot = snapshot !== null
    if (snapshot && options.snapshot) {
      trampoline.restore(pyodide)
      shareInflatedSnapshot(options.snapshot, snapshot)
    }
  } catch (error) {
    if (!snapshot) throw error
    warnSnapshotFailed(error)
    pyodide = await start(null)
  }
  pyodide.setStdout(fdWriter('stdout', options.write))
  pyodide.setStderr(fdWriter('stderr', options.write))
  reportStage('ready')
  return { pyodide, fromSnapshot }
}
