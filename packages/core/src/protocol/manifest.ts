// The asset manifest, runcell-manifest.json, written next to the runner assets by the build and by
// `runcell assets`. The host page keys its Cache Storage copies by the sha-256 and keeps only files of the
// listed size; the runner trusts the bytes its host page hands over (docs/security.md).
import { oneOf } from './checks.js'
import { LANGUAGES, type Language } from './types.js'

/** File name of the manifest under the assets base URL. */
export const MANIFEST_FILE = 'runcell-manifest.json'

/** One engine file: its hash (hex), size, and the language that loads it. */
export interface ManifestFile {
  sha256: string
  bytes: number
  language: Language
}

/** The manifest's content. */
export interface AssetManifest {
  engines: { pyodide: string; sqljs: string }
  files: Record<string, ManifestFile>
  /** The gzip-compressed Pyodide memory snapshot, when one was built, and the Pyodide version it is for. */
  snapshot?: { path: string; pyodide: string }
}

const HEX_64 = /^[0-9a-f]{64}$/

/** Checks a manifest read from the assets origin; null when it is malformed. */
export function parseManifest(value: unknown): AssetManifest | null {
  if (typeof value !== 'object' || value === null) return null
  const { engines, files, snapshot } = value as Record<string, unknown>
  if (typeof engines !== 'object' || engines === null || typeof files !== 'object' || files === null)
    return null
  const { pyodide, sqljs } = engines as Record<string, unknown>
  if (typeof pyodide !== 'string' || typeof sqljs !== 'string') return null
  const checked: Record<string, ManifestFile> = Object.create(null) as Record<string, ManifestFile>
  for (const [path, entry] of Object.entries(files)) {
    const { sha256, bytes, language } = (entry ?? {}) as Record<string, unknown>
    if (typeof sha256 !== 'string' || !HEX_64.test(sha256) || typeof bytes !== 'number') return null
    const known = oneOf(language, LANGUAGES)
    if (!known) return null
    checked[path] = { sha256, bytes, language: known }
  }
  const manifest: AssetManifest = { engines: { pyodide, sqljs }, files: checked }
  if (typeof snapshot === 'object' && snapshot !== null) {
    const { path, pyodide: madeFor } = snapshot as Record<string, unknown>
    if (typeof path === 'string' && typeof madeFor === 'string' && path in checked) {
      manifest.snapshot = { path, pyodide: madeFor }
    }
  }
  return manifest
}

/** The manifest's files that `language` loads, by assets path. */
export function filesOf(manifest: AssetManifest, language: Language): string[] {
  return Object.keys(manifest.files).filter((path) => manifest.files[path]?.language === language)
}
