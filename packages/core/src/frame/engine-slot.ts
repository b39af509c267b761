import type { EngineRunOutcome } from '../protocol/engine.js'
import type { RunnerConfig, RunnerMessage } from '../protocol/messages.js'
import type { EngineStage, Language, RunError, RunEvent, RunResult } from '../protocol/types.js'
import { parseEngineOutcome } from '../protocol/validate.js'
import type { EngineFiles } from './engine-files.js'
import { startEngine, type EngineWorker } from './engine-worker.js'
import { ResultCollector } from './result-collector.js'
import { SessionLog } from './session-log.js'

/** A run waiting for, or holding, this language's interpreter. */
export interface RunJob {
  runId: string
  code: string
  session?: string
  stdin?: string
  files?: Record<string, string | Uint8Array>
  timeoutMs: number
  event(event: RunEvent): void
  done(result: RunResult): void
}

type Ending =
  | { kind: 'outcome'; outcome: EngineRunOutcome }
  | { kind: 'timeout' }
  | { kind: 'stopped' }
  | { kind: 'crash'; message: string }

interface Engine extends EngineWorker {
  /** Loaded and every session replayed: ready for runs. */
  ready: Promise<void>
  /** True once `ready` has resolved, so a run on a warm engine skips the loading status (one hop less). */
  isReady: boolean
  /** True while sessions are replayed into this engine after a restart. */
  replaying: boolean
}

/** Languages that keep a loaded spare after their first restart: the ones whose start is slow. */
const KEEPS_SPARE: ReadonlySet<Language> = new Set(['python'])
/**
 * How long an interrupted run may take to unwind before its worker is terminated anyway. KeyboardInterrupt
 * arrives within milliseconds; code stuck in one long C call (`7**(10**8)`) never sees it.
 */
const INTERRUPT_GRACE_MS = 300
/**
 * A Python run still going after this long (or half its timeout, if shorter) may well end in a restart, so a
 * spare starts loading in the background meanwhile, on the other core, instead of after the restart.
 */
const SPARE_AFTER_MS = 1_000
const SIGINT = 2

const ERROR_PREFIX = 'Runcell:'

/**
 * One language's interpreter inside the runner: a worker, the runs queued for it (one at a time), and the
 * sessions to rebuild after a restart. Timeouts and Stop live here, on the runner's clock: the worker is
 * terminated, never asked to stop, because nothing inside a worker can be trusted to give control back.
 */
export class EngineSlot {
  private engine: Engine | null = null
  private spare: EngineWorker | null = null
  private restarts = 0
  private readonly queue: RunJob[] = []
  private active: { job: RunJob; end: (ending: Ending) => void } | null = null
  private readonly sessions = new SessionLog()

  constructor(
    private readonly language: Language,
    private readonly assetsBaseUrl: string,
    private readonly config: () => RunnerConfig,
    private readonly notify: (message: RunnerMessage) => void,
    private readonly files: EngineFiles,
  ) {}

  /** Starts the interpreter now, so the first run doesn't wait for it. */
  warmUp(): void {
    this.ensureEngine().ready.catch(() => {
      // A failed warm-up is reported to the run that next needs the engine.
    })
  }

  submit(job: RunJob): void {
    this.queue.push(job)
    if (!this.active) void this.pump()
  }

  stop(runId: string): void {
    if (this.active?.job.runId === runId) return this.active.end({ kind: 'stopped' })
    const index = this.queue.findIndex((job) => job.runId === runId)
    if (index < 0) return
    const [job] = this.queue.splice(index, 1)
    job?.done(new ResultCollector(1, () => {}).finish('stopped', 0))
  }

  /** Ends everything: used when the runner page goes away. */
  dispose(): void {
    this.engine?.worker.terminate()
    this.spare?.worker.terminate()
    this.engine = null
    this.spare = null
  }

  private async pump(): Promise<void> {
    while (!this.active && this.queue.length > 0) {
      const job = this.queue.shift()
      if (job) await this.execute(job)
    }
  }

  private async execute(job: RunJob): Promise<void> {
    const collector = new ResultCollector(this.config().outputLimitChars, (event) => job.event(event))
    let ending: Ending | null = null
    const ended = new Promise<Ending>((resolve) => {
      this.active = { job, end: (value) => resolve((ending ??= value)) }
    })
    const engine = this.ensureEngine()
    if (!engine.isReady) collector.add({ type: 'status', phase: engine.replaying ? 'restarting' : 'loading' })
    const loaded = await Promise.race([
      engine.ready.then(
        () => null,
        (error: Error) => error,
      ),
      ended,
    ])
    if (loaded instanceof Error) return this.finish(job, collector.finish('error', 0, loadError(loaded)))
    if (loaded) return this.finish(job, collector.finish('stopped', 0))

    engine.sink = (event) => collector.add(event)
    const started = performance.now()
    const timer = setTimeout(() => this.active?.end({ kind: 'timeout' }), job.timeoutMs)
    const spareTimer = setTimeout(() => this.startSpare(true), Math.min(SPARE_AFTER_MS, job.timeoutMs / 2))
    const namespace = job.session === undefined ? `run:${job.runId}` : `session:${job.session}`
    const answer: Promise<Ending> = engine.api
      .run({ runId: job.runId, code: job.code, namespace, stdin: job.stdin, files: job.files })
      .then(
        (raw): Ending => {
          const outcome = parseEngineOutcome(raw)
          return outcome ? { kind: 'outcome', outcome } : { kind: 'crash', message: 'malformed reply' }
        },
        (error: unknown): Ending => ({ kind: 'crash', message: describe(error) }),
      )
    // Told after the worker has the run, so the worker starts one message earlier; its events come later.
    collector.add({ type: 'status', phase: 'running' })
    void answer.then((value) => this.active?.end(value))
    const result = await ended
    clearTimeout(timer)
    clearTimeout(spareTimer)
    const interrupted = result.kind === 'timeout' || result.kind === 'stopped'
    const kept = interrupted && (await this.interrupt(engine, answer))
    engine.sink = null
    const durationMs = performance.now() - started
    const { session } = job

    if (result.kind === 'outcome') {
      const { status, error } = result.outcome
      if (status === 'limit') {
        this.restart()
        return this.finish(job, collector.finish('limit', durationMs, error, true))
      }
      if (status === 'ok' && session !== undefined)
        this.sessions.remember(session, {
          code: job.code,
          stdin: job.stdin,
          files: job.files,
          timeoutMs: job.timeoutMs,
        })
      this.finish(job, collector.finish(status, durationMs, error))
      // After the result is on its way: dropping the run's namespace is not part of the run.
      if (session === undefined) engine.api.dropNamespace(namespace).catch(() => {})
      return
    }
    if (kept && (result.kind === 'timeout' || result.kind === 'stopped')) {
      // KeyboardInterrupt unwound the run: the interpreter and every session's variables are intact.
      if (session === undefined) engine.api.dropNamespace(namespace).catch(() => {})
      return this.finish(job, collector.finish(result.kind, durationMs))
    }
    this.restart()
    if (result.kind === 'crash') {
      const error = {
        name: 'EngineCrash',
        message: `${ERROR_PREFIX} the ${this.language} engine crashed (${result.message}). It was restarted; run again.`,
      }
      return this.finish(job, collector.finish('error', durationMs, error, true))
    }
    return this.finish(job, collector.finish(result.kind, durationMs, undefined, true))
  }

  /**
   * Raises KeyboardInterrupt in the running code through the shared buffer, where there is one, and waits a
   * grace period for the run to unwind. True when it did, so the engine can be kept.
   */
  private async interrupt(engine: EngineWorker, answer: Promise<Ending>): Promise<boolean> {
    const signal = engine.interrupt
    if (!signal) return false
    Atomics.store(signal, 0, SIGINT)
    const late = await Promise.race([
      answer,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), INTERRUPT_GRACE_MS)),
    ])
    Atomics.store(signal, 0, 0)
    return late?.kind === 'outcome'
  }

  private finish(job: RunJob, result: RunResult): void {
    this.active = null
    job.done(result)
    void this.pump()
  }

  /** Throws the interpreter away and starts a new one, which rebuilds every session before the next run. */
  private restart(): void {
    this.engine?.worker.terminate()
    this.engine = null
    this.restarts++
    this.ensureEngine()
  }

  /**
   * Keeps a loaded spare for the next restart, so it need not wait for a full start: after a first restart,
   * or early (`soon`) while a long run might need one.
   */
  private startSpare(soon = false): void {
    if (this.spare || !KEEPS_SPARE.has(this.language) || (this.restarts === 0 && !soon)) return
    const spare = this.startWorker()
    spare.onStage = () => {}
    spare.loaded.catch(() => {
      spare.worker.terminate()
      if (this.spare === spare) this.spare = null
    })
    this.spare = spare
  }

  private startWorker(): EngineWorker {
    return startEngine({
      language: this.language,
      assetsBaseUrl: this.assetsBaseUrl,
      config: this.config(),
      files: this.files,
      onStage: (stage) => this.reportStage(stage),
      onEvent: (engine, runId, event) => {
        if (engine === this.engine && engine.sink && this.active?.job.runId === runId) engine.sink(event)
      },
    })
  }

  private ensureEngine(): Engine {
    if (this.engine) return this.engine
    const fromSpare = this.spare !== null
    const worker = this.spare ?? this.startWorker()
    this.spare = null
    worker.onStage = (stage) => this.reportStage(stage)
    const engine: Engine = Object.assign(worker, {
      ready: Promise.resolve(),
      isReady: false,
      replaying: false,
    })
    engine.ready = Promise.race([
      worker.loaded.then(async () => {
        if (this.sessions.hasHistory) {
          engine.replaying = true
          this.active?.job.event({ type: 'status', phase: 'restarting' })
        }
        await this.sessions.replay(engine.api)
        engine.replaying = false
        this.reportStage('ready', fromSpare)
      }),
      this.loadDeadline(),
    ])
    engine.ready.then(
      () => {
        engine.isReady = true
        this.startSpare()
      },
      () => {
        if (this.engine === engine) {
          worker.worker.terminate()
          this.engine = null
        }
      },
    )
    this.engine = engine
    return engine
  }

  private loadDeadline(): Promise<never> {
    const ms = this.config().engineLoadTimeoutMs
    return new Promise((_, reject) =>
      setTimeout(
        () =>
          reject(
            new Error(
              `the ${this.language} engine did not load within ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`}`,
            ),
          ),
        ms,
      ),
    )
  }

  private reportStage(stage: EngineStage, fromSpare = false): void {
    const message: RunnerMessage = { type: 'stage', language: this.language, stage }
    const version = this.engine?.version
    if (stage === 'ready' && version) message.version = version
    if (fromSpare) message.fromSpare = true
    this.notify(message)
    if (this.active && stage !== 'ready') this.active.job.event({ type: 'status', phase: 'loading', stage })
  }
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.slice(0, 500)
}

function loadError(error: Error): RunError {
  return {
    name: 'EngineLoadError',
    message:
      `${ERROR_PREFIX} ${error.message}. Check that the runner assets are served from the assets URL with ` +
      'CORS (Access-Control-Allow-Origin: *) and the right MIME types (application/wasm, text/javascript).',
  }
}
