#!/usr/bin/env node
// `runcell assets <dir>`: copies the runner page, the engine workers, Pyodide's core files and sql.js's wasm
// into <dir>, ready to serve from your own origin or a CDN (with CORS and the MIME types the docs list).
import { copyFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { assetFiles, engineVersions } from './asset-files.mjs'

const USAGE = 'Usage: runcell assets <dir>\n  Copies the Runcell runner assets into <dir>.'

function main([command, target, ...rest]) {
  if (command === '--help' || command === '-h' || command === undefined) {
    console.log(USAGE)
    return command === undefined ? 1 : 0
  }
  if (command !== 'assets' || !target || rest.length > 0) {
    console.error(`runcell: unknown arguments "${[command, target, ...rest].filter(Boolean).join(' ')}".\n${USAGE}`)
    return 1
  }
  const out = resolve(target)
  const files = assetFiles()
  for (const { path, file } of files) {
    const destination = join(out, path)
    mkdirSync(dirname(destination), { recursive: true })
    copyFileSync(file, destination)
  }
  const manifest = { engines: engineVersions(), files: files.map((f) => f.path).sort() }
  writeFileSync(join(out, 'runcell-assets.json'), JSON.stringify(manifest, null, 2) + '\n')
  const bytes = files.reduce((sum, { file }) => sum + statSync(file).size, 0)
  console.log(`runcell: copied ${files.length} files (${(bytes / 1e6).toFixed(1)} MB) to ${out}`)
  return 0
}

try {
  process.exitCode = main(process.argv.slice(2))
} catch (error) {
  console.error(`runcell: ${error.message}`)
  process.exitCode = 1
}
