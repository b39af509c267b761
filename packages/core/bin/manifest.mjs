// The asset manifest, runcell-manifest.json: the sha-256 of every engine file (the host page keeps a file in Cache
// Storage only when it matches) and the snapshot, which the runner reads (packages/core/src/protocol/manifest.ts).
import { createHash } from 'node:crypto'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { builtEngines, engineVersions, languageOf } from './asset-files.mjs'

export const MANIFEST_FILE = 'runcell-manifest.json'

/**
 * Writes the manifest for `files` ({ path, file }) into `dir`: each engine file with its sha-256 and the language
 * whose descriptor lists it (the runner's own files are not listed). `snapshot` is { path, pyodide } when a
 * Pyodide memory snapshot is among the files.
 */
export function writeManifest(dir, files, snapshot, engines = builtEngines) {
  const entries = {}
  for (const { path, file } of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const language = languageOf(path, engines)
    if (!language) continue
    const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex')
    entries[path] = { sha256, bytes: statSync(file).size, language }
  }
  const manifest = { engines: engineVersions(), files: entries }
  if (snapshot && entries[snapshot.path]) manifest.snapshot = snapshot
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n')
  return manifest
}
