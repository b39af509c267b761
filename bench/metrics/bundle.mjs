// react_entry_gzip_kb: what `import … from '@runcell/react'` adds to a consumer's bundle, minified and gzipped,
// with React, ReactDOM and CodeMirror left out (the definition). It is measured the way a bundler
// would: esbuild over the published dist, so @runcell/core, zustand, react-query and uPlot all count.
// test/packaging/packaging.test.ts checks the same figure against the 60 KB budget.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { pending, result } from '../stats.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const NOT_COUNTED = ['react', 'react-dom', 'react/*', 'react-dom/*', '@codemirror/*', '@lezer/*']

export async function reactEntry() {
  const spec = { metric: 'react_entry_gzip_kb', target: 60, targetOn: 'value', unit: 'KB' }
  if (!existsSync(join(root, 'packages', 'react', 'dist', 'index.js'))) {
    return [pending({ ...spec, reason: 'packages/react is not built (npm run build)' })]
  }
  const output = await build({
    stdin: { contents: "export * from '@runcell/react'", resolveDir: root, loader: 'js' },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: join(root, 'node_modules', '.cache', 'runcell-bench-size'),
    external: NOT_COUNTED,
    logLevel: 'silent',
  })
  const js = output.outputFiles.find((file) => file.path.endsWith('.js'))?.text ?? ''
  const kb = gzipSync(js, { level: 9 }).length / 1024
  return [
    result({
      ...spec,
      value: kb,
      note: `esbuild bundle of '@runcell/react', minified (${(js.length / 1024).toFixed(1)} KB), gzip -9; not counted: ${NOT_COUNTED.join(', ')}`,
    }),
  ]
}

/** elements_gzip_kb: the one file a page without a bundler loads for <runcell-runner>, CodeMirror included. */
export async function elementsModule() {
  const spec = { metric: 'elements_gzip_kb', target: 150, targetOn: 'value', unit: 'KB' }
  const file = join(root, 'packages', 'elements', 'dist', 'runcell-elements.js')
  if (!existsSync(file))
    return [pending({ ...spec, reason: 'packages/elements is not built (npm run build)' })]
  const js = readFileSync(file)
  const kb = gzipSync(js, { level: 9 }).length / 1024
  const note = `runcell-elements.js as built (${(js.length / 1024).toFixed(1)} KB minified, runtime, CodeMirror and styles inside), gzip -9`
  return [result({ ...spec, value: kb, note })]
}

/**
 * Bundles `source` (a page module importing @runcell/react) with Vite, as a docs site would, React external unless
 * `withReact` (for a page a browser opens). Returns every chunk: `isEntry` and `isDynamicEntry` say which load with
 * the page and which on demand.
 */
export async function bundlePage(source, { withReact = false, ext = 'js' } = {}) {
  const { build } = await import('vite')
  // Inside the workspace, so the page resolves @runcell/react by name as a site's own module would.
  const cache = join(root, 'node_modules', '.cache')
  mkdirSync(cache, { recursive: true })
  const dir = mkdtempSync(join(cache, 'runcell-page-'))
  const entry = join(dir, `page.${ext}`)
  writeFileSync(entry, source)
  // Vite picks development JSX from NODE_ENV, which vitest sets to 'test'; a site ships production builds.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    const out = await build({
      root,
      logLevel: 'silent',
      configFile: false,
      // Production JSX and React, whatever NODE_ENV the caller runs under (vitest sets 'test').
      mode: 'production',
      define: withReact ? { 'process.env.NODE_ENV': '"production"' } : {},
      build: {
        write: false,
        minify: true,
        lib: { entry, formats: ['es'], fileName: 'page' },
        rollupOptions: { external: withReact ? [] : [/^react($|\/)/, /^react-dom($|\/)/] },
      },
    })
    return (Array.isArray(out) ? out[0] : out).output.filter((file) => file.type === 'chunk')
  } finally {
    process.env.NODE_ENV = nodeEnv
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Gzip -9 KB of the chunks a page loads before anything is shown: the entry and what it imports statically. */
export function staticGzipKb(chunks) {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]))
  const seen = new Set()
  const stack = chunks.filter((chunk) => chunk.isEntry).map((chunk) => chunk.fileName)
  while (stack.length > 0) {
    const name = stack.pop()
    if (seen.has(name) || !byName.has(name)) continue
    seen.add(name)
    stack.push(...byName.get(name).imports)
  }
  return [...seen].reduce((sum, name) => sum + gzipSync(byName.get(name).code, { level: 9 }).length, 0) / 1024
}

/**
 * code_runner_idle_gzip_kb: what a page that imports `CodeRunner` (and the provider, as a site layout does) but
 * shows none downloads of Runcell. The editor, runtime and outputs sit behind the runner's dynamic import.
 */
export async function codeRunnerIdle() {
  const spec = { metric: 'code_runner_idle_gzip_kb', target: 15, targetOn: 'value', unit: 'KB' }
  if (!existsSync(join(root, 'packages', 'react', 'dist', 'index.js'))) {
    return [pending({ ...spec, reason: 'packages/react is not built (npm run build)' })]
  }
  const chunks = await bundlePage(
    "import { CodeRunner, RuncellProvider } from '@runcell/react'\nexport const components = { CodeRunner, RuncellProvider }\n",
  )
  const idle = staticGzipKb(chunks)
  const all = chunks.reduce((sum, chunk) => sum + gzipSync(chunk.code, { level: 9 }).length, 0) / 1024
  const note = `Vite production bundle of a page importing CodeRunner and RuncellProvider, React external; loaded with the page, gzip -9 (all chunks, incl. the on-demand runner: ${all.toFixed(1)} KB)`
  return [result({ ...spec, value: idle, note })]
}
