// The one interface between an engine slot and a worker. The slot knows nothing else about workers, so it can
// run in Node with a fake handle, and a real handle (frame/engine-worker.ts) knows nothing about queues.
import type { EngineCheckRequest, EngineRunRequest } from '../protocol/engine.js'
import type { EngineStage, RunEvent } from '../protocol/types.js'

/** What a handle reports on its own, outside a run's reply. The slot decides whom it concerns. */
export interface HandleEvents {
  /** A loading stage of the engine behind `handle`. */
  stage(handle: EngineHandle, stage: EngineStage): void
  /** An output event a run streamed, already checked at the boundary. */
  event(handle: EngineHandle, runId: string, event: RunEvent): void
}

/**
 * One started engine. Everything it returns comes from a hostile worker: replies are `unknown`, and any promise
 * may reject with anything, or never settle. The slot checks, times and, when in doubt, terminates.
 */
export interface EngineHandle {
  /** Resolves once the engine is loaded (not yet holding any session); rejects when it failed to load. */
  readonly loaded: Promise<void>
  /** The engine's version, once loaded. */
  readonly version: string | undefined
  /** Starts one run; resolves with the worker's raw reply. */
  run(request: EngineRunRequest): Promise<unknown>
  /** Hands the reader's answer (null: end of input) to the run's open input request. Fire and forget. */
  answerInput(runId: string, text: string | null): void
  /** Runs a hidden check (the worker's `check`); resolves with the worker's raw verdict, to be validated. */
  check(request: EngineCheckRequest): Promise<unknown>
  /** Forgets a namespace. Fire and forget: nothing waits for a worker's say-so. */
  dropNamespace(namespace: string): void
  /** Asks the running code to stop (KeyboardInterrupt); false when this engine cannot be interrupted. */
  interrupt(): boolean
  /** Clears a pending interrupt, so it cannot hit the next run. */
  clearInterrupt(): void
  /** Ends the worker now, whatever it is doing. */
  terminate(): void
}

/** Starts a new engine worker for a slot, reporting through `events`. */
export type StartEngine = (events: HandleEvents) => EngineHandle
