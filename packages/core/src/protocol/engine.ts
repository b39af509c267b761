import type { DisplayEvent, EngineStage, RunError, StreamEvent, TableEvent } from './types.js'

/** Settings an engine worker gets once, before its first run. */
export interface EngineInitOptions {
  /** Absolute URL of the folder that holds the engine files (pyodide/, sql/ …), ending in '/'. */
  assetsBaseUrl: string
  memoryLimitMb: number
  outputLimitChars: number
  maxRows: number
}

/** One run inside an engine worker. */
export interface EngineRunRequest {
  runId: string
  code: string
  /** The namespace (Python globals, SQL database, JS scope) the code runs in. */
  namespace: string
  stdin?: string
  /** Files to place where the code can read them (path relative to the working folder → contents). */
  files?: Record<string, string | Uint8Array>
}

/** How a run ended inside the engine. Timeouts and stops are decided outside the worker. */
export interface EngineRunOutcome {
  status: 'ok' | 'error' | 'limit'
  error?: RunError
}

/** What an engine worker exposes over Comlink. The runner calls it and never exposes anything back. */
export interface EngineApi {
  init(options: EngineInitOptions): Promise<{ version: string }>
  run(request: EngineRunRequest): Promise<EngineRunOutcome>
  dropNamespace(namespace: string): Promise<void>
}

/** Messages an engine worker posts on its own, outside Comlink's request/response pairs. */
export type WorkerMessage =
  | { kind: 'runcell:event'; runId: string; event: StreamEvent | DisplayEvent | TableEvent }
  | { kind: 'runcell:stage'; stage: EngineStage }
