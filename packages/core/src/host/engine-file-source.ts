import { ENGINES } from '../engines/registry.js'
import { MANIFEST_FILE, parseManifest, type AssetManifest } from '../protocol/manifest.js'
import type { Language } from '../protocol/types.js'
import { isFilePath } from '../protocol/validate.js'

/** Cache Storage name for engine files; entries are keyed by URL and sha-256, so versions never mix. */
const CACHE_NAME = 'runcell-engine-files-v1'

/** The runner page's script under the assets base URL; the host writes it into the runner frame. */
export const RUNNER_SCRIPT = 'runner.js'

// Shared by every runtime on the page: one download per file, however many runners ask.
const manifests = new Map<string, Promise<AssetManifest | null>>()
const blobs = new Map<string, Promise<Blob | null>>()

/**
 * The one owner of the runner's files. The runner page has an opaque origin with no HTTP cache and no network of
 * its own, so the host page, whose same-origin requests need no CORS and whose caches work, fetches the asset
 * manifest, the runner's script, each engine's worker bundle and its files, and hands them over; it may also keep
 * the big files in Cache Storage across visits. Bytes are read as Blobs, so no server's MIME type matters.
 */
export class EngineFileSource {
  constructor(
    private readonly assetsBaseUrl: string,
    private readonly persist: boolean,
  ) {}

  /**
   * The absolute assets URL. The base may be relative ('/runcell/', the zero-config default), so it is resolved
   * against the page here, at use, never at construction: createRuntime must stay safe during server rendering.
   */
  baseUrl(): string {
    return new URL(this.assetsBaseUrl, document.baseURI).href
  }

  /** A file's absolute URL under the assets base. */
  url(path: string): string {
    return new URL(path, this.baseUrl()).href
  }

  /** Starts downloading a language's worker bundle and files before the runner asks for them. */
  prefetch(language: Language): void {
    void this.manifest().then((manifest) => {
      for (const path of filesOf(language, manifest)) void this.file(path)
    })
  }

  /** The asset manifest (file hashes, the snapshot), or null when the assets have none. */
  manifest(): Promise<AssetManifest | null> {
    const url = this.url(MANIFEST_FILE)
    let found = manifests.get(url)
    if (!found) {
      found = fetch(url)
        .then((response) => (response.ok ? response.json() : null))
        .then(parseManifest)
        .catch(() => null)
        .then((manifest) => {
          if (!manifest) {
            console.warn(
              `Runcell: no valid ${MANIFEST_FILE} at ${url}; engines start without the memory snapshot and ` +
                'files are not kept across visits. Copy the assets with "npx runcell assets <dir>".',
            )
          }
          return manifest
        })
      manifests.set(url, found)
    }
    return found
  }

  /**
   * A file the runner page asked for, or null unless it is one the host hands over anyway: the runner's script
   * and each registered engine's worker bundle and files. The runner may be another site's page (`runnerUrl`), so
   * its word is no reason to read anything else of this page's origin, with this page's cookies.
   */
  async requested(path: string): Promise<Blob | null> {
    if (path !== RUNNER_SCRIPT) {
      const manifest = await this.manifest()
      const languages = Object.keys(ENGINES) as Language[]
      if (!languages.some((language) => filesOf(language, manifest).includes(path))) return null
    }
    return this.file(path)
  }

  /** A file as a Blob, ready to post to the runner, or null when the host could not get it. */
  file(path: string): Promise<Blob | null> {
    const url = this.url(path)
    // Never a fetch outside the assets folder, whatever the path spells ('%2e%2e/', 'http:host/').
    if (!isFilePath(path) || !url.startsWith(new URL('./', this.baseUrl()).href)) return Promise.resolve(null)
    let found = blobs.get(url)
    if (!found) {
      found = this.manifest()
        .then((manifest) => download(url, manifest?.files[path]?.sha256, this.persist))
        .catch(() => null)
      blobs.set(url, found)
      // A failed download may succeed later (network back); don't keep the failure.
      void found.then((blob) => blob ?? blobs.delete(url))
    }
    return found
  }
}

/** A language's worker bundle and engine files: the descriptor's, plus whatever the manifest adds (a snapshot). */
function filesOf(language: Language, manifest: AssetManifest | null): string[] {
  const engine = ENGINES[language]
  const listed = Object.keys(manifest?.files ?? {}).filter(
    (path) => manifest?.files[path]?.language === language,
  )
  return [...new Set([engine.workerFile, ...engine.files.map((file) => file.path), ...listed])]
}

async function download(url: string, sha256: string | undefined, persist: boolean): Promise<Blob | null> {
  const cache = persist && sha256 ? await openCache() : null
  const key = sha256 ? `${url}?runcell-sha256=${sha256}` : url
  const hit = await cache?.match(key).catch(() => undefined)
  if (hit?.ok) return hit.blob()
  const response = await fetch(url)
  if (!response.ok) return null
  const blob = await response.blob()
  // Kept at once, so a quick second visit finds it, then checked in the background: a file that is not the one
  // the manifest names (a stale copy) is dropped again, so it is never kept as current.
  if (cache) {
    void cache
      .put(key, new Response(blob))
      .then(() => digest(blob))
      .then((actual) => (actual !== null && actual !== sha256 ? cache.delete(key) : undefined))
      .catch(() => {})
  }
  return blob
}

async function digest(blob: Blob): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null
  const hash = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer())
  return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, '0')).join('')
}

async function openCache(): Promise<Cache | null> {
  // Cache Storage needs a secure context (https or localhost) and may be off in private windows.
  if (typeof caches === 'undefined') return null
  return caches.open(CACHE_NAME).catch(() => null)
}
