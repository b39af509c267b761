import { RUN_STATUSES, type Language } from '../protocol/types.js'

/** Every outcome the monitor counts: each run status, plus `crash`, an engine that died under the run. */
export const EXECUTION_OUTCOMES = [...RUN_STATUSES, 'crash'] as const

/** How an execution ended, as the monitor counts it. */
export type ExecutionOutcome = (typeof EXECUTION_OUTCOMES)[number]

/** One finished execution. No source code is kept, only its size and a hash. */
export interface ExecutionRecord {
  timestamp: number
  executionId: string
  language: Language
  /** Running time in ms. */
  duration: number
  success: boolean
  /** Engine memory in bytes, when the engine reports it. */
  memoryUsage?: number
  codeSize: number
  codeHash: string
  sessionId?: string
  outcome: ExecutionOutcome
  errorName?: string
  /**
   * Time in ms from the request to the engine starting the run: the runtime's own queue (`maxConcurrent`), the
   * runner page's start, the wait behind earlier runs of the language in the runner, and the engine's load. A run
   * that never started counts its whole wait.
   */
  queueMs: number
  engineVersion?: string
}

/**
 * What the runtime tells an observer (such as the monitor) about executions. The runtime calls these
 * synchronously and ignores anything they throw, so an observer can never break a run.
 */
export interface ExecutionObserver {
  runQueued?(info: { executionId: string; language: Language }): void
  /**
   * The run got its place in the runtime's queue (one of `maxConcurrent`) and goes to the runner, where it may
   * still wait for the engine; `queueMs` here is the wait for that place only (the record's covers the rest).
   */
  runStarted?(info: { executionId: string; language: Language; queueMs: number }): void
  runFinished?(record: ExecutionRecord): void
}
