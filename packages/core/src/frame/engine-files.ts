import { laterPaths, type EngineDescriptor } from '../engines/descriptor.js'
import type { AssetManifest } from '../protocol/manifest.js'
import { capWasmMemory, findMemoryLimits } from '../engines/wasm-memory.js'

/** How long the runner waits for the host page to hand a file over before the engine gives up on it. */
const HOST_WAIT_MS = 120_000

/** A compiled engine module and the memory maximum it was compiled with. */
export interface CompiledModule {
  module: WebAssembly.Module
  maxPages: number
}

/** The assets the host page describes once, in its `configure` message. */
export interface RunnerAssets {
  /** Absolute URL of the assets folder: only a name for the files here (Pyodide's indexURL); nothing is fetched. */
  baseUrl: string
  /** The asset manifest the host page read, or null when the assets have none (no snapshot then). */
  manifest: AssetManifest | null
}

/**
 * The runner's files: engine worker bundles and engine files. The runner page fetches nothing (its CSP allows no
 * network at all): it asks the host page, whose same-origin requests need no CORS and whose HTTP cache works,
 * for the files it lacks, once per runner, and keeps what arrives for the runner's lifetime, with compiled
 * modules and the inflated snapshot, so a respawned worker starts from memory. The host page is trusted with the
 * bytes: it wrote this page (srcdoc) or embeds it, and a page that hands over other bytes only changes what runs
 * in its own opaque sandbox.
 */
export class EngineFiles {
  private readonly arrived = new Map<
    string,
    { file: Promise<Blob | null>; receive(file: Blob | null): void }
  >()
  private readonly buffers = new Map<string, Promise<ArrayBuffer>>()
  private readonly modules = new Map<string, Promise<CompiledModule>>()
  private readonly inflatedFiles = new Map<string, ArrayBuffer>()
  private readonly declinedPaths = new Set<string>()
  private assets: RunnerAssets = { baseUrl: '', manifest: null }

  constructor(private readonly askHost: (paths: string[]) => void) {}

  /** Takes the host's description of the assets (the `configure` message). */
  configure(assets: RunnerAssets): void {
    this.assets = assets
  }

  /** The assets base URL the host page gave. */
  get baseUrl(): string {
    return this.assets.baseUrl
  }

  /** The manifest the host page read, or null: engines then start without a snapshot. */
  async manifest(): Promise<AssetManifest | null> {
    return this.assets.manifest
  }

  /**
   * Asks the host for an engine's worker bundle and files at once (and its snapshot, when the descriptor takes
   * the manifest's), so they arrive while the worker boots; files marked `later` are asked for when handed over
   * (engine-worker.ts). Resolves with the files' paths, `later` ones included.
   */
  async prefetch(descriptor: EngineDescriptor): Promise<string[]> {
    const { manifest } = this.assets
    const choice = manifest && descriptor.snapshot ? descriptor.snapshot(manifest) : null
    const paths = descriptor.files.map((file) => file.path)
    if (choice && 'use' in choice) paths.push(choice.use.path)
    const later = new Set(laterPaths(descriptor))
    this.ask([descriptor.workerFile, ...paths.filter((path) => !later.has(path))])
    return paths
  }

  /** Takes a file the host page handed over (null: the host could not get it). */
  receive(path: string, file: Blob | null, declined = false): void {
    if (declined) this.declinedPaths.add(path)
    this.slot(path).receive(file)
  }

  /** True when the host page chose not to download `path` (the snapshot on a slow link). */
  declined(path: string): boolean {
    return this.declinedPaths.has(path)
  }

  /**
   * The worker bundle as a Blob of JavaScript, whatever MIME type the server gave it: the engine worker imports
   * it from a blob: URL, so a static host's MIME map never matters.
   */
  async workerModule(descriptor: EngineDescriptor): Promise<Blob> {
    const file = await this.file(descriptor.workerFile)
    return new Blob([file], { type: 'text/javascript' })
  }

  /** The bytes of an engine file, kept for the runner's lifetime: the caller must not detach them. */
  bytes(path: string): Promise<ArrayBuffer> {
    let found = this.buffers.get(path)
    if (!found) {
      found = this.file(path).then((file) => file.arrayBuffer())
      this.buffers.set(path, found)
      // A file the host could not get may come on a later ask (the network back): keep no failure.
      found.catch(() => this.buffers.delete(path))
    }
    return found
  }

  /**
   * The wasm at `path`, its memory maximum lowered to `maxPagesFor(minimumPages)`, compiled once per runner
   * and maximum from its bytes (never `compileStreaming`, which needs the server's `application/wasm`).
   * WebAssembly.Modules can be posted to workers in the same agent cluster, so every respawn skips the
   * download and the compile.
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

  /**
   * Lends out the gzip file at `path` inflated, when an engine worker handed it over ({@link keepInflated}); else
   * null. The runner holds it no more: the caller moves it to a worker, which hands it back once it has loaded
   * from it. Moving 31 MB costs nothing, where copying it to each respawned worker cost the runner's main thread
   * about 100 ms, right while the worker it replaces may still be running. A second worker that starts meanwhile
   * gets the compressed file, inflates it and hands that back.
   */
  lendInflated(path: string): ArrayBuffer | null {
    const bytes = this.inflatedFiles.get(path) ?? null
    this.inflatedFiles.delete(path)
    return bytes
  }

  /**
   * Keeps the gzip file at `path` (an engine's memory snapshot) inflated, as the engine worker that loaded from it
   * hands it back (it inflated it, or was lent it: {@link lendInflated}), so that each respawn skips inflating the
   * 31 MB Pyodide snapshot: 200-350 ms in each new Chromium worker. The runner used to inflate it itself, on its
   * main thread, right when the reader's first run needed that thread to pass messages: that run's first output
   * came 450-600 ms after the engine was ready.
   */
  keepInflated(path: string, bytes: ArrayBuffer): void {
    if (!this.inflatedFiles.has(path) && this.assets.manifest?.snapshot?.path === path)
      this.inflatedFiles.set(path, bytes)
  }

  /** Asks the host for the paths not asked for yet. */
  private ask(paths: string[]): void {
    const wanted = paths.filter((path) => !this.arrived.has(path))
    for (const path of wanted) this.slot(path)
    if (wanted.length > 0) this.askHost(wanted)
  }

  /**
   * A file as the host handed it over, kept for the runner's lifetime; rejects with a sentence when the host had
   * none or never answered.
   */
  file(path: string): Promise<Blob> {
    this.ask([path])
    return this.slot(path).file.then((file) => {
      if (file) return file
      this.arrived.delete(path)
      throw new Error(
        `the host page could not download ${path} from the Runcell assets (${this.assets.baseUrl || 'no assets URL'}); ` +
          'check that "npx runcell assets <dir>" copied it there',
      )
    })
  }

  private slot(path: string) {
    let found = this.arrived.get(path)
    if (!found) {
      let receive: (file: Blob | null) => void = () => {}
      const file = new Promise<Blob | null>((resolve) => {
        receive = resolve
        setTimeout(() => resolve(null), HOST_WAIT_MS)
      })
      found = { file, receive }
      this.arrived.set(path, found)
    }
    return found
  }
}
