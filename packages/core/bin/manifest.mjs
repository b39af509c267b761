// The asset manifest, runcell-manifest.json: the sha-256 of every big engine file, which the runner checks
// before it uses a file the host page handed over (packages/core/src/protocol/manifest.ts reads it).
import { createHash } from 'node:crypto'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { engineVersions } from './asset-files.mjs'

export const MANIFEST_FILE = 'runcell-manifest.json'

/** Which language loads an engine file, by its folder; other assets (the runner, workers) are not listed. */
function languageOf(path) {
  if (path.startsWith('pyodide/') && path !== 'pyodide/pyodide.mjs') return 'python'
  if (path.startsWith('sql/')) return 'sql'
  return null
}

/**
 * Writes the manifest for `files` ({ path, file }) into `dir`. `snapshot` is { path, pyodide } when a Pyodide
 * memory snapshot is among the files.
 */
export function writeManifest(dir, files, snapshot) {
  const entries = {}
  for (const { path, file } of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const language = languageOf(path)
    if (!language) continue
    const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex')
    entries[path] = { sha256, bytes: statSync(file).size, language }
  }
  const manifest = { engines: engineVersions(), files: entries }
  if (snapshot && entries[snapshot.path]) manifest.snapshot = snapshot
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n')
  return manifest
}
