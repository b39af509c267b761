import { filesOf, MANIFEST_FILE, parseManifest, type AssetManifest } from '../protocol/manifest.js'
import type { Language } from '../protocol/types.js'
import { capWasmMemory, findMemoryLimits } from '../engines/wasm-memory.js'

/** How long the runner waits for the host page to hand a file over before fetching it itself. */
const HOST_WAIT_MS = 30_000

/** A compiled engine module and the memory maximum it was compiled with. */
export interface CompiledModule {
  module: WebAssembly.Module
  maxPages: number
}

function hex(digest: ArrayBuffer): string {
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * The runner's engine files. An opaque frame gets no HTTP cache, so every worker would download all of
 * Pyodide again; instead the host page fetches the big files (its caches work) and transfers them here.
 * Each is checked against the manifest's sha-256 before any worker sees it; a file that doesn't match is
 * refused and fetched from the assets origin instead. Verified bytes and compiled modules are kept for the
 * runner's lifetime, so a respawned worker starts from memory.
 */
export class EngineFiles {
  private manifestLoad: Promise<AssetManifest | null> | null = null
  private readonly fromHost = new Map<string, (file: Blob | null) => void>()
  private readonly verified = new Map<string, Promise<ArrayBuffer>>()
  private readonly modules = new Map<string, Promise<CompiledModule>>()
  private readonly inflatedFiles = new Map<string, Promise<ArrayBuffer>>()

  constructor(
    private readonly assetsBaseUrl: string,
    private readonly askHost: (paths: string[]) => void,
  ) {}

  /** The manifest, or null (with a warning) when the assets have none: engines then fetch files themselves. */
  manifest(): Promise<AssetManifest | null> {
    this.manifestLoad ??= fetch(new URL(MANIFEST_FILE, this.assetsBaseUrl).href)
      .then((response) => (response.ok ? response.json() : null))
      .then(parseManifest)
      .catch(() => null)
      .then((manifest) => {
        if (!manifest) {
          console.warn(
            `Runcell: no valid ${MANIFEST_FILE} in the assets; engine files are downloaded by each worker ` +
              '(slower). Copy the assets with "npx runcell assets <dir>".',
          )
        }
        return manifest
      })
    return this.manifestLoad
  }

  /** Asks the host for every file of `language` at once, so they download while the worker boots. */
  async prefetch(language: Language): Promise<string[]> {
    const manifest = await this.manifest()
    if (!manifest) return []
    const paths = filesOf(manifest, language)
    const wanted = paths.filter((path) => !this.verified.has(path))
    for (const path of wanted) this.verified.set(path, this.load(path, manifest))
    if (wanted.length > 0) this.askHost(wanted)
    return paths
  }

  /** Takes a file the host page handed over (null: the host could not get it). */
  receive(path: string, file: Blob | null): void {
    const waiting = this.fromHost.get(path)
    this.fromHost.delete(path)
    waiting?.(file)
  }

  /** The verified bytes of a manifest file, kept for the runner's lifetime: the caller must not detach them. */
  bytes(path: string): Promise<ArrayBuffer> {
    const known = this.verified.get(path)
    if (known) return known
    const loading = this.manifest().then((manifest) => {
      if (!manifest) throw new Error(`no manifest for ${path}`)
      this.askHost([path])
      return this.load(path, manifest)
    })
    this.verified.set(path, loading)
    return loading
  }

  /**
   * The wasm at `path`, its memory maximum lowered to `maxPagesFor(minimumPages)`, compiled once per runner
   * and maximum. WebAssembly.Modules can be posted to workers in the same agent cluster, so every respawn
   * skips the download and the compile.
   */
  compiled(path: string, maxPagesFor: (minimumPages: number) => number): Promise<CompiledModule> {
    return this.bytes(path).then((bytes) => {
      const copy = new Uint8Array(bytes.slice(0))
      const maxPages = capWasmMemory(copy, maxPagesFor(findMemoryLimits(copy).minimumPages))
      const key = `${path}@${maxPages}`
      let compiled = this.modules.get(key)
      if (!compiled) {
        compiled = WebAssembly.compile(copy).then((module) => ({ module, maxPages }))
        this.modules.set(key, compiled)
      }
      return compiled
    })
  }

  /** The inflated file, when {@link inflated} has been asked for it; else null. */
  inflatedIfStarted(path: string): Promise<ArrayBuffer> | null {
    return this.inflatedFiles.get(path) ?? null
  }

  /**
   * The gzip file at `path` (an engine's memory snapshot), verified, then inflated once per runner. Inflating the
   * 31 MB Pyodide snapshot took 200-350 ms in each new Chromium worker, on the way to every respawn's first output.
   */
  inflated(path: string): Promise<ArrayBuffer> {
    let found = this.inflatedFiles.get(path)
    if (!found) {
      found = this.bytes(path).then((gzip) =>
        new Response(new Blob([gzip]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer(),
      )
      this.inflatedFiles.set(path, found)
      found.catch(() => this.inflatedFiles.delete(path))
    }
    return found
  }

  private async load(path: string, manifest: AssetManifest): Promise<ArrayBuffer> {
    const expected = manifest.files[path]?.sha256
    if (!expected) throw new Error(`${path} is not in ${MANIFEST_FILE}`)
    const file = await new Promise<Blob | null>((resolve) => {
      this.fromHost.set(path, resolve)
      setTimeout(() => this.receive(path, null), HOST_WAIT_MS)
    })
    const handed = file ? await file.arrayBuffer().catch(() => null) : null
    if (handed) {
      const actual = await sha256(handed)
      if (actual === expected) return handed
      console.warn(
        `Runcell: refused ${path} from the host page: its sha-256 ${actual ?? '(unavailable)'} does not ` +
          `match the manifest (${expected}). Downloading it from the assets origin instead.`,
      )
    }
    const response = await fetch(new URL(path, this.assetsBaseUrl).href)
    if (!response.ok) throw new Error(`could not load ${path} (HTTP ${response.status})`)
    // Bytes from the assets origin are as trusted as this runner's own script; a stale manifest only warns.
    const own = await response.arrayBuffer()
    const actual = await sha256(own)
    if (actual !== null && actual !== expected) {
      console.warn(
        `Runcell: ${path} on the assets origin does not match ${MANIFEST_FILE}; rebuild the assets.`,
      )
    }
    return own
  }
}

/** The hex sha-256 of `bytes`, or null where SubtleCrypto is missing (a runner served over plain http). */
async function sha256(bytes: ArrayBuffer): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null
  return hex(await crypto.subtle.digest('SHA-256', bytes))
}
