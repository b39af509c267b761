// react_entry_gzip_kb: what `import … from '@runcell/react'` adds to a consumer's bundle, minified and gzipped,
// with React, ReactDOM and CodeMirror left out (the definition). It is measured the way a bundler
// would: esbuild over the published dist, so @runcell/core, zustand, react-query and uPlot all count.
// test/packaging/packaging.test.ts checks the same figure against the 60 KB budget.
import { existsSync, readFileSync } from 'node:fs'
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
