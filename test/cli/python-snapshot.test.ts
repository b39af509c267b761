import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { describe, expect, test } from 'vitest'

// The memory snapshot the build made (packages/core/bin/prepare-assets.mjs), restored in Node with the same
// Pyodide files the browser loads.
const core = join(import.meta.dirname, '..', '..', 'packages', 'core')
const pyodideDir = dirname(createRequire(join(core, 'package.json')).resolve('pyodide/package.json'))

interface Namespace {
  get(name: string): (...args: unknown[]) => unknown
  destroy(): void
}
type DefineDriver = (pyodide: unknown) => { namespace: Namespace; reused: boolean }

async function tools() {
  const indexURL = `${pyodideDir}/`
  const { loadPyodide } = (await import(pathToFileURL(join(indexURL, 'pyodide.mjs')).href)) as {
    loadPyodide(options: Record<string, unknown>): Promise<unknown>
  }
  const { defineDriver } = (await import(pathToFileURL(join(core, 'dist', 'python-driver.js')).href)) as {
    defineDriver: DefineDriver
  }
  return { indexURL, loadPyodide, defineDriver }
}

/** Runs `code` through the driver and returns what it printed and its outcome. */
function runThrough(namespace: Namespace, code: string) {
  const printed: string[] = []
  namespace.get('setup')(
    (_kind: string, text: string) => printed.push(text),
    () => {},
    256,
  )
  const outcome = JSON.parse(String(namespace.get('run')('snapshot-test', code, '', '/tmp', 10_000)))
  return { printed: printed.join(''), outcome }
}

describe('the Pyodide memory snapshot', () => {
  test('holds the driver, so an interpreter restored from it reuses the driver instead of running it again', async () => {
    const { indexURL, loadPyodide, defineDriver } = await tools()
    const snapshot = gunzipSync(readFileSync(join(core, 'dist', 'snapshot', 'runcell-snapshot.bin.gz')))
    // Restored with the standard library it was made with, as the browser does.
    const stdLibURL = join(core, 'dist', 'python-stdlib', 'python_stdlib.runcell.zip')
    const pyodide = await loadPyodide({ indexURL, stdLibURL, _loadSnapshot: new Uint8Array(snapshot) })
    const { namespace, reused } = defineDriver(pyodide)
    expect(reused).toBe(true)
    expect(runThrough(namespace, 'print(6 * 7)')).toEqual({ printed: '42\n', outcome: { status: 'ok' } })
    namespace.destroy()
  })

  test('an interpreter without it, or with the driver of another version, defines the driver itself', async () => {
    const { indexURL, loadPyodide, defineDriver } = await tools()
    const pyodide = (await loadPyodide({ indexURL })) as { runPython(code: string): unknown }
    // What a snapshot made by another @runcell/core version holds: the module, from another source.
    pyodide.runPython(
      "import sys, types; old = types.ModuleType('_runcell_driver'); old._SOURCE = 'old'; sys.modules['_runcell_driver'] = old",
    )
    const { namespace, reused } = defineDriver(pyodide)
    expect(reused).toBe(false)
    expect(runThrough(namespace, 'print(6 * 7)')).toEqual({ printed: '42\n', outcome: { status: 'ok' } })
    // Asked again, the same interpreter finds the driver it defined.
    expect(defineDriver(pyodide).reused).toBe(true)
    namespace.destroy()
  })
})

describe("the standard library's two zips", () => {
  test('Python starts and runs the driver from the first alone; the second holds only the modules stdlib-split.ts names', async () => {
    const { indexURL, loadPyodide, defineDriver } = await tools()
    const { LATER_MODULES, FIRST_ENCODINGS } = (await import(
      pathToFileURL(join(core, 'dist', 'python-stdlib-split.js')).href
    )) as { LATER_MODULES: string[]; FIRST_ENCODINGS: string[] }
    const stdlib = join(core, 'dist', 'python-stdlib')
    const pyodide = (await loadPyodide({
      indexURL,
      stdLibURL: join(stdlib, 'python_stdlib.runcell.zip'),
    })) as { runPython(code: string): unknown; FS: { writeFile(path: string, data: Uint8Array): void } }
    const { namespace } = defineDriver(pyodide)
    expect(runThrough(namespace, 'print(6 * 7)')).toEqual({ printed: '42\n', outcome: { status: 'ok' } })
    namespace.destroy()
    pyodide.FS.writeFile('/tmp/later.zip', readFileSync(join(stdlib, 'python_stdlib.runcell-later.zip')))
    const tops = (zip: string) =>
      JSON.parse(
        String(
          pyodide.runPython(
            `import json, sys, zipfile\n` +
              `json.dumps(sorted({n.split('/')[0].removesuffix('.py') for n in zipfile.ZipFile(${JSON.stringify(zip)}).namelist()}))`,
          ),
        ),
      ) as string[]
    const first = tops(
      String(pyodide.runPython("next(p for p in __import__('sys').path if p.endswith('.zip'))")),
    )
    const later = tops('/tmp/later.zip')
    expect(first.filter((name) => LATER_MODULES.includes(name))).toEqual([])
    expect(later.filter((name) => name !== 'encodings' && !LATER_MODULES.includes(name))).toEqual([])
    // Most of the names are in the zip (a few may be missing from a Pyodide version, never the big ones).
    expect(later).toEqual(expect.arrayContaining(['email', 'http', 'unittest', 'xml', 'encodings']))
    // Nothing start-up and the driver imported comes from the second zip.
    const loaded = JSON.parse(
      String(
        pyodide.runPython('import json, sys; json.dumps(sorted({n.partition(".")[0] for n in sys.modules}))'),
      ),
    ) as string[]
    expect(loaded.filter((name) => LATER_MODULES.includes(name))).toEqual([])
    // The codecs the first zip keeps are there; the others are in the second.
    const codecs = JSON.parse(
      String(
        pyodide.runPython(
          "import json, zipfile; json.dumps([n for n in zipfile.ZipFile('/tmp/later.zip').namelist() if n.startswith('encodings/')])",
        ),
      ),
    ) as string[]
    expect(codecs.length).toBeGreaterThan(50)
    expect(codecs.filter((name) => FIRST_ENCODINGS.includes(name.slice(10, -3)))).toEqual([])
  })
})
