// A test double for the worker side of an engine slot: handles whose loading, replies and interrupts a unit test
// drives by hand, in Node, with fake timers. Not part of any bundle.
import type { EngineCheckRequest, EngineRunRequest } from '../../protocol/engine.js'
import type { RunEnding } from '../../protocol/results.js'
import type { EngineStage, RunEvent } from '../../protocol/types.js'
import type { EngineHandle, HandleEvents } from '../engine-handle.js'
import type { RunJob } from '../engine-slot.js'

/** One run the fake engine received, and the means to answer it. */
export interface FakeRun {
  request: EngineRunRequest
  reply(value: unknown): void
  fail(error: unknown): void
}

/** A fake engine worker: every call is recorded, and nothing happens until the test says so. */
export class FakeHandle implements EngineHandle {
  readonly runs: FakeRun[] = []
  readonly dropped: string[] = []
  /** Answers to input requests the slot handed over, in order. */
  readonly answers: { runId: string; text: string | null }[] = []
  interrupts = 0
  cleared = 0
  terminated = false
  readonly loaded: Promise<void>
  version: string | undefined = undefined
  private loadDone: () => void = () => {}
  private loadFailed: (error: unknown) => void = () => {}

  constructor(
    readonly events: HandleEvents,
    private readonly interruptible: boolean,
    /** Replies every replay run (runId `replay:…`) with `ok` at once, as a healthy engine would. */
    private readonly autoReplay = true,
  ) {
    this.loaded = new Promise<void>((resolve, reject) => {
      this.loadDone = resolve
      this.loadFailed = reject
    })
    // The slot handles a failed load; keep Node from reporting it as unhandled before it does.
    this.loaded.catch(() => {})
  }

  /** Finishes loading, with `version`. */
  load(version = '1.0'): void {
    this.version = version
    this.loadDone()
  }

  failLoad(error: unknown): void {
    this.loadFailed(error)
  }

  stage(stage: EngineStage): void {
    this.events.stage(this, stage)
  }

  emit(runId: string, event: RunEvent): void {
    this.events.event(this, runId, event)
  }

  /** The last non-replay run this engine received. */
  get lastRun(): FakeRun | undefined {
    return this.runs.filter((run) => !run.request.runId.startsWith('replay:')).at(-1)
  }

  run(request: EngineRunRequest): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.runs.push({ request, reply: resolve, fail: reject })
      if (this.autoReplay && request.runId.startsWith('replay:')) resolve({ status: 'ok' })
    })
  }

  /** Hidden checks this engine received, with the means to answer each. */
  readonly checks: { request: EngineCheckRequest; reply(value: unknown): void }[] = []

  check(request: EngineCheckRequest): Promise<unknown> {
    return new Promise((resolve) => this.checks.push({ request, reply: resolve }))
  }

  answerInput(runId: string, text: string | null): void {
    this.answers.push({ runId, text })
  }

  dropNamespace(namespace: string): void {
    this.dropped.push(namespace)
  }

  interrupt(): boolean {
    if (!this.interruptible) return false
    this.interrupts++
    return true
  }

  clearInterrupt(): void {
    this.cleared++
  }

  terminate(): void {
    this.terminated = true
  }
}

/** A `start` function for a slot that records every handle it starts. */
export function fakeStarter(options: { interruptible?: boolean; autoReplay?: boolean } = {}) {
  const handles: FakeHandle[] = []
  const start = (events: HandleEvents): FakeHandle => {
    const handle = new FakeHandle(events, options.interruptible ?? false, options.autoReplay)
    handles.push(handle)
    return handle
  }
  return { start, handles }
}

/** A job whose events and result the test reads back. */
export function fakeJob(runId: string, options: Partial<RunJob> = {}) {
  const events: RunEvent[] = []
  const results: RunEnding[] = []
  const job: RunJob = {
    runId,
    code: `code of ${runId}`,
    timeoutMs: 5_000,
    event: (event) => events.push(event),
    done: (result) => results.push(result),
    ...options,
  }
  return {
    job,
    events,
    results,
    get result() {
      return results[0]
    },
  }
}
