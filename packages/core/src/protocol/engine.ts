import type {
  CheckResult,
  DisplayEvent,
  EngineStage,
  EngineStatus,
  InputRequestEvent,
  RunError,
  StreamEvent,
  TableEvent,
} from './types.js'
import type { DeliveredWheel, PackageDelivery, PackageQuery } from './packages.js'

/** Settings an engine worker gets once, before its first run. */
export interface EngineInitOptions {
  /** Absolute URL of the folder that holds the engine files (pyodide/, sql/ …), ending in '/'. */
  assetsBaseUrl: string
  memoryLimitMb: number
  outputLimitChars: number
  maxRows: number
  /**
   * Assets paths the runner hands over itself (see {@link EngineFilePayload}); the engine waits for them
   * instead of fetching. The runner verified each against the asset manifest.
   */
  providedFiles?: string[]
  /**
   * Shared with the runner on cross-origin isolated pages (layout in shared-buffer.ts): writing 2 (SIGINT)
   * raises KeyboardInterrupt, and the reader's answers to input requests arrive here.
   */
  interruptBuffer?: SharedArrayBuffer
  /** The memory snapshot the runner provides, and the Pyodide version it was made with. */
  snapshot?: { path: string; pyodideVersion: string }
}

/** An engine file as the runner hands it over: verified bytes, or a module compiled once per runner. */
export type EngineFilePayload =
  /** The file as the host page handed it over: posting a Blob passes a handle, not a copy of its bytes. */
  | { file: Blob }
  /** A gzip file the runner already inflated (the Pyodide snapshot). */
  | { bytes: ArrayBuffer; inflated: true }
  /** A file the runner read into memory for the worker: a `later` one, which a run may be waiting for. */
  | { bytes: ArrayBuffer; inflated?: false }
  | { module: WebAssembly.Module; maxPages: number }
  /** The runner could not get the file, or (`declined`) the host page chose not to download it. */
  | { missing: true; declined?: true }

/** One run inside an engine worker. */
export interface EngineRunRequest {
  runId: string
  code: string
  /** The namespace (Python globals, SQL database, JS scope) the code runs in. */
  namespace: string
  stdin?: string
  /** Files to place where the code can read them (path relative to the working folder → contents). */
  files?: Record<string, string | Uint8Array>
  /** True when the run may ask the reader for input once `stdin` (and `answers`) run out. */
  interactive?: boolean
  /** Answers the reader already gave, read after `stdin` and echoed (the replay mechanism). */
  answers?: string[]
  /** Use the replay mechanism even where the worker could wait (RuntimeConfig.inputMechanism 'replay'). */
  replayInput?: boolean
  /** Python packages to install before the run, besides those its imports need (`RunRequest.packages`). */
  packages?: string[]
  /**
   * An isolated run: the worker drops its namespace once the reply is on its way, so the runner sends no message
   * (and gets no reply) for it.
   */
  dropNamespace?: true
}

/** How a run ended inside the engine. Timeouts and stops are decided outside the worker. */
export interface EngineRunOutcome {
  /** `needs-input`: the run stopped at an input request it could not wait for; the runner runs it again. */
  status: EngineStatus | 'needs-input'
  error?: RunError
  /** The prompt of a `needs-input` outcome. */
  prompt?: string
}

/**
 * A hidden check of the run that just ended in `namespace`, on a fresh engine. Its output is never streamed: the
 * runner routes no events of `runId`, and only the verdict comes back.
 */
export interface EngineCheckRequest {
  runId: string
  namespace: string
  /** The author's check code. */
  code: string
  /** What the learner's run printed, as the runner saw it. */
  stdout: string
}

/** What an engine worker exposes over Comlink. The runner calls it and never exposes anything back. */
export interface EngineApi {
  init(options: EngineInitOptions): Promise<{ version: string }>
  run(request: EngineRunRequest): Promise<EngineRunOutcome>
  /** Answers the open input request of run `runId` (null ends the input). */
  answerInput(runId: string, text: string | null): Promise<void>
  dropNamespace(namespace: string): Promise<void>
  /** The runner's answer to the worker's `runcell:packages` request `requestId` (Python only). */
  providePackages?(requestId: string, delivery: PackageDelivery): Promise<void>
  /**
   * Unpacked wheels the page imported on an earlier visit, for the engine to install before any run asks: its
   * first import of them then finds them (Python only).
   */
  preinstallPackages?(wheels: DeliveredWheel[]): Promise<void>
  /**
   * Runs a hidden check after the last run in its namespace and replies with the verdict (a CheckResult, checked
   * again by the runner). Engines without checks leave it out, and the runner reports an `error` verdict.
   */
  check?(request: EngineCheckRequest): Promise<CheckResult>
}

/** What a worker serves: the engine plus `provideFile`, which serveEngine adds for every engine. */
export interface ServedEngineApi extends EngineApi {
  /** Receives a file listed in `providedFiles`. */
  provideFile(path: string, payload: EngineFilePayload): Promise<void>
  /** The engine's `providePackages`, or nothing for an engine without packages. */
  providePackages(requestId: string, delivery: PackageDelivery): Promise<void>
  /** The engine's `preinstallPackages`, or nothing for an engine without packages. */
  preinstallPackages(wheels: DeliveredWheel[]): Promise<void>
  /** The engine's `check`, or an `error` verdict from an engine without one. */
  check(request: EngineCheckRequest): Promise<CheckResult>
}

/** Messages an engine worker posts on its own, outside Comlink's request/response pairs. */
export type WorkerMessage =
  | {
      kind: 'runcell:event'
      runId: string
      event: StreamEvent | DisplayEvent | TableEvent | InputRequestEvent
    }
  | { kind: 'runcell:stage'; stage: EngineStage }
  /** The worker needs Python packages before run `runId` goes on; answered by `providePackages(requestId)`. */
  | { kind: 'runcell:packages'; runId: string; requestId: string; query: PackageQuery }
  /**
   * The gzip file at `path` (the memory snapshot), which the worker inflated while it loaded: the runner keeps
   * it for respawns. Taken only before the engine is loaded, while no user code has run in the worker.
   */
  | { kind: 'runcell:inflated'; path: string; bytes: ArrayBuffer }
