import { filesOf, MANIFEST_FILE, parseManifest, type AssetManifest } from '../protocol/manifest.js'
import type { Language } from '../protocol/types.js'

/** Cache Storage name for engine files; entries are keyed by URL and sha-256, so versions never mix. */
const CACHE_NAME = 'runcell-engine-files-v1'

// Shared by every runtime on the page: one download per file, however many runners ask.
const manifests = new Map<string, Promise<AssetManifest | null>>()
const blobs = new Map<string, Promise<Blob | null>>()

/**
 * The host page's side of the engine files. The runner lives in an opaque origin that has no HTTP cache, so
 * the host page, whose caches work, fetches the big files and transfers them in. It may also keep them in
 * Cache Storage across visits. The runner checks every file against the manifest hash, so nothing here is
 * trusted: a file that can't be fetched is sent as null and the runner fetches it itself.
 */
export class EngineFileSource {
  constructor(
    private readonly assetsBaseUrl: string,
    private readonly persist: boolean,
  ) {}

  /** Starts downloading a language's files before the runner asks for them. */
  prefetch(language: Language): void {
    void this.manifest().then((manifest) => {
      if (manifest) for (const path of filesOf(manifest, language)) void this.file(path)
    })
  }

  /**
   * A file's absolute URL. The base may be relative ('/runcell/', the zero-config default), so it is resolved
   * against the page here, at use, never at construction: createRuntime must stay safe during server rendering.
   */
  private resolve(path: string): string {
    return new URL(path, new URL(this.assetsBaseUrl, document.baseURI)).href
  }

  private manifest(): Promise<AssetManifest | null> {
    const url = this.resolve(MANIFEST_FILE)
    let found = manifests.get(url)
    if (!found) {
      found = fetch(url)
        .then((response) => (response.ok ? response.json() : null))
        .then(parseManifest)
        .catch(() => null)
      manifests.set(url, found)
    }
    return found
  }

  /** A file as a Blob, ready to post to the runner, or null when the host could not get it. */
  file(path: string): Promise<Blob | null> {
    const url = this.resolve(path)
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

async function download(url: string, sha256: string | undefined, persist: boolean): Promise<Blob | null> {
  const cache = persist && sha256 ? await openCache() : null
  const key = sha256 ? `${url}?runcell-sha256=${sha256}` : url
  const hit = await cache?.match(key).catch(() => undefined)
  if (hit?.ok) return hit.blob()
  const response = await fetch(url)
  if (!response.ok) return null
  const blob = await response.blob()
  if (cache) void cache.put(key, new Response(blob)).catch(() => {})
  return blob
}

async function openCache(): Promise<Cache | null> {
  // Cache Storage needs a secure context (https or localhost) and may be off in private windows.
  if (typeof caches === 'undefined') return null
  return caches.open(CACHE_NAME).catch(() => null)
}
