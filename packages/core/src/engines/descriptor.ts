// What the runner page needs to know about an engine, and nothing else. Descriptors are imported by the runner
// page bundle (frame/), so a descriptor module must stay light: no engine implementation, no Pyodide loader.
import type { EngineInitOptions } from '../protocol/engine.js'
import type { AssetManifest } from '../protocol/manifest.js'
import type { Language } from '../protocol/types.js'

/** A build-time memory snapshot the runner hands the engine, or why it can't (the runner warns once). */
export type SnapshotChoice =
  | { use: NonNullable<EngineInitOptions['snapshot']> }
  /** `skip`: the manifest's snapshot file, which the runner then need not hand over. */
  | { skip?: string; warning: string }

/**
 * One engine's capabilities, as the runner reads them. Adding an engine means a folder under `engines/` with a
 * worker entry and one of these, plus its line in `engines/registry.ts`: the runner never branches on a name.
 */
export interface EngineDescriptor {
  readonly language: Language
  /** The worker bundle under the assets base URL; its module exports `startWorker`. */
  readonly workerFile: string
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
  /** Picks the engine's memory snapshot (a gzip file in the manifest), when the engine restores from one. */
  readonly snapshot?: (manifest: AssetManifest) => SnapshotChoice
}
