// Loads Pyodide from the assets folder. Every big file comes through fetchEngineFile, and the wasm gets its
// memory maximum lowered to the run's memory limit before it is compiled.
import type { PyodideAPI, loadPyodide as LoadPyodide } from 'pyodide'
import { fetchEngineFile, reportStage } from '../worker-support.js'
import { WASM_PAGE_BYTES, capWasmMemory, findMemoryLimits, memoryCeilingPages } from '../wasm-memory.js'

type PyodideConfig = NonNullable<Parameters<typeof LoadPyodide>[0]>
type CreateModule = NonNullable<PyodideConfig['createPyodideModule']>

/** Folder of Pyodide's files under the assets base URL (see packages/core/bin/asset-files.mjs). */
const PYODIDE_DIR = 'pyodide/'

/** What {@link loadPython} needs to know. */
export interface PythonLoadOptions {
  assetsBaseUrl: string
  memoryLimitMb: number
  /** Receives text that C code writes to file descriptors 1 and 2 (Python code goes through sys.stdout). */
  write: (kind: 'stdout' | 'stderr', text: string) => void
}

/** A loaded interpreter plus the wasm memory maximum it runs under. */
export interface LoadedPython {
  pyodide: PyodideAPI
  memoryLimitBytes: number
}

async function importFrom(response: Response): Promise<unknown> {
  // A blob: URL keeps the module source behind fetchEngineFile; the runner's CSP allows blob: scripts.
  const url = URL.createObjectURL(new Blob([await response.arrayBuffer()], { type: 'text/javascript' }))
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

/**
 * Pyodide fetches the wasm and the standard library itself, with the global fetch, as soon as loadPyodide
 * starts. For that window only, fetch hands it the responses we already have; every other URL goes through.
 */
async function withHandOver<T>(responses: Map<string, Response>, load: () => Promise<T>): Promise<T> {
  const realFetch = globalThis.fetch
  globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    const response = responses.get(url)
    if (!response) return realFetch(input, init)
    responses.delete(url)
    return Promise.resolve(response)
  }
  try {
    return await load()
  } finally {
    globalThis.fetch = realFetch
  }
}

/** Downloads, compiles and starts Pyodide, reporting the download, compile and ready stages. */
export async function loadPython(options: PythonLoadOptions): Promise<LoadedPython> {
  const { assetsBaseUrl } = options
  const indexURL = new URL(PYODIDE_DIR, assetsBaseUrl).href
  const file = (name: string) => fetchEngineFile(assetsBaseUrl, PYODIDE_DIR + name)
  reportStage('download')
  const [wasm, stdlib, lockFile, asm, api] = await Promise.all([
    file('pyodide.asm.wasm').then((response) => response.arrayBuffer()),
    file('python_stdlib.zip'),
    file('pyodide-lock.json').then((response) => response.text()),
    file('pyodide.asm.mjs').then(importFrom) as Promise<{ default: CreateModule }>,
    import(/* @vite-ignore */ indexURL + 'pyodide.mjs') as Promise<{ loadPyodide: typeof LoadPyodide }>,
  ])
  reportStage('compile')
  const bytes = new Uint8Array(wasm)
  const pages = capWasmMemory(
    bytes,
    memoryCeilingPages(options.memoryLimitMb, findMemoryLimits(bytes).minimumPages),
  )
  const handOver = new Map([
    [indexURL + 'pyodide.asm.wasm', new Response(bytes, { headers: { 'Content-Type': 'application/wasm' } })],
    [indexURL + 'python_stdlib.zip', stdlib],
  ])
  const pyodide = await withHandOver(handOver, () =>
    api.loadPyodide({
      indexURL,
      lockFileContents: lockFile,
      packageBaseUrl: indexURL,
      createPyodideModule: asm.default,
    }),
  )
  pyodide.setStdout(fdWriter('stdout', options.write))
  pyodide.setStderr(fdWriter('stderr', options.write))
  reportStage('ready')
  return { pyodide, memoryLimitBytes: pages * WASM_PAGE_BYTES }
}
