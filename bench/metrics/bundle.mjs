// react_entry_gzip_kb: the gzip size of @runcell/react's entry, which must not bundle react, react-dom or
// CodeMirror (they are peer or separate dependencies; a bundled copy would show here as a missing import).
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { pending, result } from '../stats.mjs'

const entry = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'packages',
  'react',
  'dist',
  'index.js',
)
const EXTERNAL = ['react', 'react-dom', '@codemirror/']

export function reactEntry() {
  const spec = { metric: 'react_entry_gzip_kb', target: 60, targetOn: 'value', unit: 'KB' }
  if (!existsSync(entry)) return [pending({ ...spec, reason: 'packages/react is not built (npm run build)' })]
  const source = readFileSync(entry)
  const imports = [...source.toString().matchAll(/(?:from|import)\s*["']([^"'./][^"']*)["']/g)].map(
    (m) => m[1],
  )
  const external = EXTERNAL.filter((name) => imports.some((spec) => spec === name || spec.startsWith(name)))
  const kb = gzipSync(source, { level: 9 }).length / 1024
  return [
    result({
      ...spec,
      value: kb,
      note: `gzip -9 of packages/react/dist/index.js (${(source.length / 1024).toFixed(1)} KB raw); imported, not bundled: ${external.join(', ') || 'none'}`,
    }),
  ]
}
