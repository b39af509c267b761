import type { AssetManifest } from './manifest.js'
import type { PackageAnswer, PackageQuery, PreloadWheel, WheelBytes } from './packages.js'
import type { RunEnding } from './results.js'
import type { EngineStage, Language, RunCheck, RunEvent } from './types.js'

/** Runner-wide settings, sent by the host once the port is open. */
export interface RunnerConfig {
  memoryLimitMb: number
  outputLimitChars: number
  maxRows: number
  engineLoadTimeoutMs: number
  /** How Python waits for the reader: see RuntimeConfig.inputMechanism (default 'auto'). */
  inputMechanism?: 'auto' | 'replay'
}

/** What the host page tells the runner about the assets, once: the runner page itself fetches nothing. */
export interface RunnerAssets {
  /** Absolute URL of the assets folder; a name for the files (Pyodide's indexURL), never fetched by the runner. */
  baseUrl: string
  /** The asset manifest the host read (`runcell-manifest.json`), or null when the assets have none. */
  manifest: AssetManifest | null
}

/** Host → runner, over the transferred MessagePort. */
export type HostMessage =
  /** The first message on the port: runner-wide settings and the assets; everything else comes after it. */
  | { type: 'configure'; config: RunnerConfig; assets: RunnerAssets }
  | {
      type: 'run'
      runId: string
      language: Language
      code: string
      session?: string
      timeoutMs: number
      stdin?: string
      files?: Record<string, string | Uint8Array>
      /** Python packages to install before the run, besides those its imports need. */
      packages?: string[]
      /** The run may ask the reader for input once `stdin` is used up. */
      interactive?: boolean
      /** Hidden code run before `code` in its namespace (once per session). */
      setup?: string
      /** A hidden check: the run goes to a fresh engine, and its result carries the verdict. */
      check?: RunCheck
    }
  | { type: 'stop'; runId: string }
  /** The reader's answer to the input request of run `runId`. */
  | { type: 'input'; runId: string; text: string }
  | { type: 'warm-up'; language: Language }
  /**
   * A file the runner asked for (`need-files`) by assets path: an engine's worker bundle or one of its files,
   * fetched by the host page; null when the host could not get it, or (`declined`) chose not to: the memory
   * snapshot on a slow link, where the engine starts faster without it. A Blob,
   * not an ArrayBuffer: posting a 10 MB ArrayBuffer into the cross-process runner copied it on the host's main
   * thread (up to 53 ms measured, a long task), while a Blob's bytes stay in the browser's blob store.
   */
  | { type: 'engine-file'; path: string; file: Blob | null; declined?: true }
  /** The host's answer to the runner's `need-packages` request `requestId`. */
  | { type: 'packages'; requestId: string; answer: PackageAnswer }
  /**
   * Wheels from the page's Cache Storage that this page imported on an earlier visit, sent as Python starts: the
   * runner verifies and unpacks them while nothing waits, and holds them for the request that may come.
   */
  | { type: 'package-preload'; wheels: PreloadWheel[] }
  /**
   * One wheel of an answer still being downloaded, verified by the host, sent as soon as it is here: the runner
   * verifies and unpacks it while the others download, and the answer then names it without its bytes.
   */
  | { type: 'package-wheel'; wheel: WheelBytes }
  /** Are you there? The runner answers `pong` at once; a runner that stops answering is rebuilt (host/runner-watch.ts). */
  | { type: 'ping' }

/** Runner → host, over the transferred MessagePort. */
export type RunnerMessage =
  | { type: 'event'; runId: string; event: RunEvent }
  /** How a run ended. Its output already crossed as `event`s; the host assembles the RunResult from them. */
  | { type: 'result'; runId: string; result: RunEnding }
  | { type: 'stage'; language: Language; stage: EngineStage; version?: string }
  /**
   * Files the runner wants, by assets path. The runner page has no network of its own: the host page fetches
   * them (same-origin, with its HTTP cache) and answers each with an `engine-file`.
   */
  | { type: 'need-files'; paths: string[] }
  /** Python packages a worker needs: the host page resolves them in its index and downloads the wheels. */
  | {
      type: 'need-packages'
      requestId: string
      query: PackageQuery
      /** sha-256 of the wheels the runner holds already: the answer leaves out their bytes. */
      held: string[]
    }
  /** The answer to `ping`: the runner page (and so its process) is alive. */
  | { type: 'pong' }

/** What the runner posts on the port: one message, or several in the order they were sent (frame/outbox.ts). */
export type RunnerPost = RunnerMessage | { type: 'batch'; messages: RunnerMessage[] }

/** The first message, posted by the runner to its parent window with the port. */
export interface HelloMessage {
  type: 'runcell:hello'
  nonce: string
}

/** The URL fragment key that carries the handshake nonce to the runner page. */
export const NONCE_PARAM = 'runcell-nonce'
