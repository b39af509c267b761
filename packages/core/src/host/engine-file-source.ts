import { laterPaths } from '../engines/descriptor.js'
import { ENGINES } from '../engines/registry.js'
import { MANIFEST_FILE, parseManifest, type AssetManifest, type ManifestFile } from '../protocol/manifest.js'
import type { Language } from '../protocol/types.js'
import { isFilePath } from '../protocol/validate.js'

/** Cache Storage name for engine files; entries are keyed by URL and sha-256, so versions never mix. */
const CACHE_NAME = 'runcell-engine-files-v1'

/**
 * The memory snapshot is fetched only on a fast link. Measured through the bench's 20 Mbit/s pacing server
 * (issue 19), Python's first output came at 0.74x raw Pyodide's time without the snapshot and at 1.06x with it
 * (4.9 MB more on the wire), while on loopback the snapshot wins. So the host page times the engine's other files
 * and asks for the snapshot once they are in, only if they came at this rate or faster: bytes per ms as the page
 * reads them (after Content-Encoding: the gzipped wasm reads 2.7 bytes per byte on the wire), from the first
 * request to the last byte. Pyodide's files read at about 4,800 through the pacing server and at 20,000 or more
 * on loopback even with both cores of the bench machine busy; 8,000 is about 30 Mbit/s on the wire.
 */
const SNAPSHOT_MIN_RATE = 8_000
/** Bytes of finished downloads after which a fast rate settles the verdict before the burst ends. */
const EARLY_VERDICT_BYTES = 2_000_000

/** The runner page's script under the assets base URL; the host writes it into the runner frame. */
export const RUNNER_SCRIPT = 'runner.js'

// Shared by every runtime on the page: one download per file, however many runners ask.
const manifests = new Map<string, Promise<AssetManifest | null>>()
const blobs = new Map<string, Promise<Blob | null>>()
// Files not downloaded on purpose (the snapshot on a slow link), by URL.
const declinedUrls = new Set<string>()
const meters = new Map<string, LinkMeter>()

/**
 * The one owner of the runner's files. The runner page has an opaque origin with no HTTP cache and no network of
 * its own, so the host page, whose same-origin requests need no CORS and whose caches work, fetches the asset
 * manifest, the runner's script, each engine's worker bundle and its files, and hands them over; it may also keep
 * the big files in Cache Storage across visits. Bytes are read as Blobs, so no server's MIME type matters.
 */
export class EngineFileSource {
  private readonly prefetched = new Set<Language>()

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

  /**
   * Starts downloading a language's worker bundle and files before the runner asks for them; once per language,
   * since every run calls it (resolving the file URLs took ~0.05 ms of each run's host time). A download that
   * failed is tried again when the runner asks for the file. Files marked `later` wait for the runner's ask,
   * which comes once the engine is ready, so they never share the link with the start-up files; one kept in Cache
   * Storage by an earlier visit costs no download, and is read now so that it is ready when asked for.
   */
  prefetch(language: Language): void {
    if (this.prefetched.has(language)) return
    this.prefetched.add(language)
    const later = new Set(laterPaths(ENGINES[language]))
    void this.manifest().then((manifest) => {
      for (const path of filesOf(language, manifest)) {
        if (!later.has(path)) void this.file(path)
        else void this.keptFile(path, manifest)
      }
    })
  }

  /** Reads `path` from Cache Storage into this page's files, if an earlier visit kept it; never the network. */
  private async keptFile(path: string, manifest: AssetManifest | null): Promise<void> {
    const url = this.url(path)
    const expected = manifest?.files[path]
    if (!this.persist || !expected || blobs.has(url)) return
    const cache = await openCache()
    const hit = await cache?.match(cacheKey(url, expected)).catch(() => undefined)
    // The runner may have asked meanwhile.
    if (!hit?.ok || blobs.has(url)) return
    const found = hit.blob().catch(() => null)
    blobs.set(url, found)
    void found.then((blob) => blob ?? blobs.delete(url))
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
      const meter = this.meter()
      found = meter
        .measure(async (leave) => {
          const manifest = await this.manifest()
          if (manifest && this.persist) pruneOnce(this.baseUrl(), manifest)
          const expected = manifest?.files[path]
          if (path !== manifest?.snapshot?.path) return download(url, expected, this.persist, meter)
          leave()
          const snapshot = await snapshotIfFast(url, expected, this.persist, meter)
          if (snapshot === DECLINED) declinedUrls.add(url)
          return snapshot === DECLINED ? null : snapshot
        })
        .catch(() => null)
      blobs.set(url, found)
      // A failed download may succeed later (network back); don't keep the failure.
      void found.then((blob) => blob ?? blobs.delete(url))
    }
    return found
  }

  /** True when the host chose not to download `path` (the snapshot on a slow link), rather than failed to. */
  declined(path: string): boolean {
    return declinedUrls.has(this.url(path))
  }

  /** The rate meter of this assets origin's link, shared by every source on the page. */
  private meter(): LinkMeter {
    const origin = new URL(this.baseUrl()).origin
    let meter = meters.get(origin)
    if (!meter) {
      meter = new LinkMeter()
      meters.set(origin, meter)
    }
    return meter
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

/**
 * Times how fast engine files arrive on one origin's link, so the snapshot is asked for only on a fast link (see
 * {@link SNAPSHOT_MIN_RATE}). A reader who asked to save data, or whose browser calls the link 3g or slower,
 * never gets it. Times come from Resource Timing (when the request started, when its last byte arrived), which
 * the network stack records, so a busy main thread does not make a fast link look slow. Only one burst of
 * downloads counts: it restarts after an idle moment, such as the one between the runner's script and the
 * engine files.
 */
class LinkMeter {
  private first = Infinity
  private last = 0
  private bytes = 0
  private pending = 0
  private waiting = false
  private verdict: ((fast: boolean) => void) | null = null
  private readonly judged: Promise<boolean>

  constructor() {
    this.judged = new Promise((resolve) => (this.verdict = resolve))
  }

  /** Whether the link is fast enough for the snapshot; waits for the other downloads of the burst to end. */
  fast(): Promise<boolean> {
    if (constrainedConnection()) this.settle(false)
    this.waiting = true
    if (this.pending === 0) this.judge()
    return this.judged
  }

  /**
   * Counts a download from its start, before any await, so {@link fast} knows more bytes are coming. `leave`
   * stops counting it early (the snapshot, which waits for the verdict, is not part of the sample).
   */
  async measure(download: (leave: () => void) => Promise<Blob | null>): Promise<Blob | null> {
    if (this.pending++ === 0 && this.verdict) {
      this.first = Infinity
      this.last = 0
      this.bytes = 0
    }
    let counted = true
    const leave = () => {
      if (!counted) return
      counted = false
      if (--this.pending === 0 && this.waiting) this.judge()
    }
    try {
      return await download(leave)
    } finally {
      leave()
    }
  }

  /** Records a finished download of `url` that started at `started` (performance.now()). */
  async arrived(url: string, bytes: number, started: number): Promise<void> {
    // The browser adds the Resource Timing entry in a task after the body is complete.
    await new Promise((resolve) => setTimeout(resolve, 0))
    const entries = performance.getEntriesByName?.(url, 'resource') as PerformanceResourceTiming[] | undefined
    const entry = entries?.[entries.length - 1]
    this.first = Math.min(this.first, entry?.startTime ?? started)
    this.last = Math.max(this.last, entry?.responseEnd || performance.now())
    this.bytes += bytes
    // A fast link can tell early, so that the snapshot downloads beside the last big files; a slow verdict
    // waits for the whole burst.
    if (this.bytes >= EARLY_VERDICT_BYTES && this.rate() >= SNAPSHOT_MIN_RATE) this.settle(true)
  }

  /** Fast when the burst's bytes came at the minimum rate, or when none came (all from Cache Storage). */
  private judge(): void {
    this.settle(this.bytes === 0 || this.rate() >= SNAPSHOT_MIN_RATE)
  }

  private rate(): number {
    return this.bytes / Math.max(this.last - this.first, 1)
  }

  private settle(fast: boolean): void {
    this.verdict?.(fast)
    this.verdict = null
  }
}

/** The Network Information API's hints (Chromium): the reader asked to save data, or the link is 3g or slower. */
function constrainedConnection(): boolean {
  const connection = (globalThis.navigator as { connection?: { saveData?: boolean; effectiveType?: string } })
    ?.connection
  return connection?.saveData === true || /^(slow-2g|2g|3g)$/.test(connection?.effectiveType ?? '')
}

const DECLINED = Symbol('declined')

/**
 * The snapshot; DECLINED when the link is too slow for it (the runner then starts Python without it), or null
 * when its download failed. One kept in Cache Storage costs the link nothing, so it is always used.
 */
async function snapshotIfFast(
  url: string,
  expected: ManifestFile | undefined,
  persist: boolean,
  meter: LinkMeter,
): Promise<Blob | null | typeof DECLINED> {
  const cache = persist && expected ? await openCache() : null
  const hit = expected ? await cache?.match(cacheKey(url, expected)).catch(() => undefined) : undefined
  if (hit?.ok) return hit.blob()
  // Cache Storage was just asked (and may be busy storing the other files), so the download goes straight out.
  return (await meter.fast()) ? download(url, expected, persist, null, cache) : DECLINED
}

async function download(
  url: string,
  expected: ManifestFile | undefined,
  persist: boolean,
  meter: LinkMeter | null,
  looked?: Cache | null,
): Promise<Blob | null> {
  const cache = looked !== undefined ? looked : persist && expected ? await openCache() : null
  const key = expected ? cacheKey(url, expected) : url
  const hit = looked !== undefined ? undefined : await cache?.match(key).catch(() => undefined)
  if (hit?.ok) return hit.blob()
  const started = performance.now()
  const response = await fetch(url)
  if (!response.ok) return null
  const blob = await response.blob()
  await meter?.arrived(response.url || url, blob.size, started)
  // Kept only when it has the size the manifest names: a stale copy (an HTTP cache or CDN still serving the last
  // version) is used this once but never kept as current. Not a hash: reading and hashing the 30 MB of Python's
  // files blocked this page's main thread for about 200 ms in Chromium 156, and the host trusts its own bytes.
  if (cache && expected && blob.size === expected.bytes)
    void cache.put(key, new Response(blob)).catch(() => {})
  return blob
}

/** The Cache Storage key of a file: its URL and the manifest's sha-256, so versions never mix. */
function cacheKey(url: string, expected: ManifestFile): string {
  return `${url}?runcell-sha256=${expected.sha256}`
}

const pruned = new Set<string>()

/**
 * Once per page and assets folder, drops the files of other versions from Cache Storage: every entry under
 * `baseUrl` that is not a file of `manifest` with its current sha-256. Without this, each new version a site
 * deploys would leave the last one's 20 MB in every returning reader's storage.
 */
function pruneOnce(baseUrl: string, manifest: AssetManifest): void {
  if (pruned.has(baseUrl)) return
  pruned.add(baseUrl)
  const current = new Set(
    Object.entries(manifest.files).map(([path, file]) => cacheKey(new URL(path, baseUrl).href, file)),
  )
  void openCache()
    .then(async (cache) => {
      if (!cache) return
      for (const request of await cache.keys()) {
        if (request.url.startsWith(baseUrl) && !current.has(request.url)) await cache.delete(request)
      }
    })
    .catch(() => {})
}

async function openCache(): Promise<Cache | null> {
  // Cache Storage needs a secure context (https or localhost) and may be off in private windows.
  if (typeof caches === 'undefined') return null
  return caches.open(CACHE_NAME).catch(() => null)
}
