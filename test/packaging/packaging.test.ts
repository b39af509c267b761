// The packages as consumers get them: publint and arethetypeswrong are clean on the built packages (every entry),
// the React entry stays in its size budget, engines are never in the entries, each entry holds its own audience
// only, and the CSS survives tree-shaking.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, type Metafile } from 'esbuild'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import { beforeAll, describe, expect, it } from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const PACKAGES = { core: join(root, 'packages', 'core'), react: join(root, 'packages', 'react') }

/** The budget from issue 8: the React entry without React, ReactDOM and CodeMirror, minified and gzipped. */
const REACT_ENTRY_BUDGET_BYTES = 60 * 1024
const NOT_COUNTED = ['react', 'react-dom', 'react/*', 'react-dom/*', '@codemirror/*', '@lezer/*']
/**
 * Words that only engine code contains: Pyodide's loader and sql.js's factory. The engine files' names
 * (pyodide.asm.wasm, python_stdlib.zip, sql-wasm-browser.wasm) are in the library by design: the engine descriptors
 * list them, and the host page fetches them for the runner.
 */
const ENGINE_MARKERS = ['loadPyodide', 'initSqlJs']

beforeAll(() => {
  for (const dir of Object.values(PACKAGES)) {
    if (!existsSync(join(dir, 'dist', 'index.js'))) {
      throw new Error(`${dir}/dist is missing: run "npm run build" before the packaging tests.`)
    }
  }
})

/** Bundles `contents` the way a consumer's bundler would, from the repository root. */
async function bundle(contents: string, external: string[]) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: join(root, 'node_modules', '.cache', 'runcell-size'),
    metafile: true,
    external,
    logLevel: 'silent',
  })
  const js = result.outputFiles.find((file) => file.path.endsWith('.js'))?.text ?? ''
  const css = result.outputFiles.find((file) => file.path.endsWith('.css'))?.text ?? ''
  return { js, css, metafile: result.metafile as Metafile }
}

/** The input files that put bytes into the output (a parsed but tree-shaken module puts none). */
const inputsOf = (metafile: Metafile) =>
  Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path),
  )

describe.each(Object.entries(PACKAGES))('@runcell/%s as published', (name, dir) => {
  it('passes publint in strict mode with no suggestions', async () => {
    const { messages, pkg } = await publint({ pkgDir: dir, level: 'suggestion', strict: true })
    expect(messages.map((message) => formatMessage(message, pkg, { color: false }))).toEqual([])
  })

  it('has types that resolve for ESM consumers (arethetypeswrong, esm-only profile)', () => {
    const attw = spawnSync(
      join(root, 'node_modules', '.bin', 'attw'),
      // The stylesheets are not modules, so they have no types to check.
      [
        ...['--pack', dir, '--profile', 'esm-only', '--format', 'table'],
        ...['--exclude-entrypoints', 'styles.css', 'code-runner.css'],
      ],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    )
    expect(attw.status, `attw for @runcell/${name}:\n${attw.stdout}\n${attw.stderr}`).toBe(0)
  })
})

describe('the @runcell/react entry', () => {
  it(`fits in ${REACT_ENTRY_BUDGET_BYTES / 1024} KB gzip without React, ReactDOM and CodeMirror`, async () => {
    const { js, metafile } = await bundle("export * from '@runcell/react'", NOT_COUNTED)
    const gzip = gzipSync(js, { level: 9 }).length
    const heaviest = Object.entries(metafile.outputs)
      .flatMap(([, output]) => Object.entries(output.inputs))
      .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
      .slice(0, 5)
      .map(([path, { bytesInOutput }]) => `${(bytesInOutput / 1024).toFixed(1)} KB ${path}`)
    console.log(
      `@runcell/react entry: ${(js.length / 1024).toFixed(1)} KB minified, ${(gzip / 1024).toFixed(1)} KB gzip` +
        `\n  largest inputs:\n  ${heaviest.join('\n  ')}`,
    )
    expect(gzip).toBeLessThanOrEqual(REACT_ENTRY_BUDGET_BYTES)
  })

  it('contains no engine code: Pyodide and sql.js load in the runner only when a language runs', async () => {
    const { js, metafile } = await bundle("export * from '@runcell/react'", NOT_COUNTED)
    const engineInputs = inputsOf(metafile).filter((path) =>
      /node_modules\/(pyodide|sql\.js|comlink)\//.test(path),
    )
    expect(engineInputs).toEqual([])
    expect(ENGINE_MARKERS.filter((marker) => js.includes(marker))).toEqual([])
  })

  it('keeps @runcell/core free of engine imports, so the runtime fetches engines from the assets URL', () => {
    const library = readdirSync(join(PACKAGES.core, 'dist')).filter((file) => file.endsWith('.js'))
    expect(library).toEqual(expect.arrayContaining(['index.js', 'flags.js', 'monitor.js', 'feedback.js']))
    for (const file of library.filter((name) => name !== 'python-driver.js')) {
      const code = readFileSync(join(PACKAGES.core, 'dist', file), 'utf8')
      expect(code, file).not.toMatch(
        /from\s*["'](pyodide|sql\.js|comlink)["']|import\(\s*["'](pyodide|sql\.js)["']\)/,
      )
      expect(
        ENGINE_MARKERS.filter((marker) => code.includes(marker)),
        file,
      ).toEqual([])
    }
  })

  it('tree-shakes what a page does not use: a flags-only import leaves the dashboard and uPlot out', async () => {
    const { js, metafile } = await bundle(
      "import { useFlag } from '@runcell/react/flags'\nconsole.log(useFlag)",
      NOT_COUNTED,
    )
    expect(inputsOf(metafile).filter((path) => path.includes('uplot'))).toEqual([])
    expect(js).not.toContain('rc-monitor')
  })

  it('keeps the stylesheet when a page imports @runcell/react/styles.css (sideEffects lists CSS)', async () => {
    const { css } = await bundle(
      "import '@runcell/react/styles.css'\nimport { useFlag } from '@runcell/react/flags'\nconsole.log(useFlag)",
      NOT_COUNTED,
    )
    expect(css).toContain('.rc-monitor')
  })
})

describe('the entries of @runcell/core and @runcell/react', () => {
  it('give the runtime without flags or the monitor, and a CodeRunner page without the dashboard', async () => {
    const runtime = await bundle("export { createRuntime } from '@runcell/core'", NOT_COUNTED)
    // Words only the flag store, the monitor's sketch and the feedback client contain.
    expect(runtime.js).not.toMatch(/targetingKey|percentileRelativeError|lastRunStatus/)
    const runner = await bundle("export { CodeRunner } from '@runcell/react'", NOT_COUNTED)
    expect(inputsOf(runner.metafile).filter((path) => path.includes('uplot'))).toEqual([])
    expect(runner.js).not.toContain('rc-monitor')
  })

  it('share one RuncellError class, so instanceof holds whichever entry threw', async () => {
    const core = await import(join(PACKAGES.core, 'dist', 'index.js'))
    const flags = await import(join(PACKAGES.core, 'dist', 'flags.js'))
    let thrown: unknown
    try {
      flags.createFlagStore({ flags: [{ key: 'Not A Key!' }] })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(core.RuncellError)
  })
})
