// What the runner page needs to know about an engine, and nothing else. Descriptors are imported by the runner
// page bundle (frame/), by the host page (which files to fetch) and by the build (which files to copy), so a
// descriptor module must stay light: no engine implementation, no Pyodide loader. It imports nothing from
// protocol/ either: protocol/types.ts derives LANGUAGES from the registry, which imports the descriptors.

/** One file an engine loads, by its path under the assets base URL. */
export interface EngineFile {
  readonly path: string
  /**
   * Where `runcell assets` copies it from: a Node module specifier of the file in its npm package, or a path
   * starting `dist/` for a file @runcell/core's own build makes.
   */
  readonly from: string
  /**
   * Not needed to start: the runner asks the host page for it only once the engine is ready, so it never shares
   * the link with the files a reader's first output waits for. The engine waits for it when a run needs it.
   */
  readonly later?: boolean
}

/** The memory snapshot an engine restores from, as the runner hands it over. */
export interface EngineSnapshot {
  path: string
  pyodideVersion: string
}

/** What a descriptor reads of the asset manifest (protocol/manifest.ts): engine versions and the snapshot. */
export interface ManifestFacts {
  readonly engines: Readonly<Record<string, string>>
  readonly snapshot?: { readonly path: string; readonly pyodide: string }
}

/** A build-time memory snapshot the runner hands the engine, or why it can't (the runner warns once). */
export type SnapshotChoice =
  | { use: EngineSnapshot }
  /** `skip`: the manifest's snapshot file, which the runner then need not hand over. */
  | { skip?: string; warning: string }

/**
 * One engine's capabilities, as the runner reads them. Adding an engine means a folder under `engines/` with a
 * worker entry and one of these, plus its line in `engines/registry.ts`: the language list, the build, the asset
 * copy and the runner all read the registry, and none branches on a name.
 */
export interface EngineDescriptor<L extends string = string> {
  readonly language: L
  /** The worker bundle under the assets base URL; its module exports `startWorker`. */
  readonly workerFile: string
  /** The files the engine loads besides its worker bundle; the host page fetches them and hands them over. */
  readonly files: readonly EngineFile[]
  /** Keeps a loaded spare worker after its first restart (or during a long run): for engines slow to start. */
  readonly keepsSpare: boolean
  /**
   * Can end a run by an interrupt through a SharedArrayBuffer (only on cross-origin isolated pages), so the
   * interpreter and its sessions survive; other engines are terminated and rebuilt.
   */
  readonly interruptible: boolean
  /**
   * Assets path of a wasm the runner compiles once, with its memory maximum lowered to the run's memory limit,
   * and hands to every worker as a WebAssembly.Module, so a respawn skips download and compile.
   */
  readonly compiledWasm?: string
  /** Installs packages from the site's package index (`pythonPackages`), through the runner's PackageBroker. */
  readonly packages?: true
  /** The folder of the engine's memory snapshot, a gzip file the build may add to the manifest. */
  readonly snapshotFolder?: string
  /** Picks the engine's memory snapshot (a gzip file in the manifest), when the engine restores from one. */
  readonly snapshot?: (manifest: ManifestFacts) => SnapshotChoice
}

/** The engine's files that are not needed to start (`later`), by path. */
export function laterPaths(descriptor: EngineDescriptor): string[] {
  return descriptor.files.filter((file) => file.later === true).map((file) => file.path)
}
