import { wrap, type Remote } from 'comlink'
import type { EngineApi, EngineRunOutcome } from '../protocol/engine.js'
import type { RunnerConfig, RunnerMessage } from '../protocol/messages.js'
import type { EngineStage, Language, RunError, RunEvent, RunResult } from '../protocol/types.js'
import { parseEngineOutcome, parseWorkerMessage } from '../protocol/validate.js'
import { ResultCollector } from './result-collector.js'
import { startEngineWorker } from './worker-factory.js'

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

interface SessionEntry {
  code: string
  stdin?: string
  files?: Record<string, string | Uint8Array>
  timeoutMs: number
}

type Ending =
  | { kind: 'outcome'; outcome: EngineRunOutcome }
  | { kind: 'timeout' }
  | { kind: 'stopped' }
  | { kind: 'crash'; message: string }

interface Engine {
  worker: Worker
  api: Remote<EngineApi>
  ready: Promise<void>
  /** Where the current run's streamed events go. */
  sink: ((event: RunEvent) => void) | null
}

const ERROR_PREFIX = 'Runcell:'

/**
 * One language's interpreter inside the runner: a worker, the runs queued for it (one at a time), and the
 * sessions to rebuild after a restart. Timeouts and Stop live here, on the runner's clock: the worker is
 * terminated, never asked to stop, because nothing inside a worker can be trusted to give control back.
 */
export class EngineSlot {
  private engine: Engine | null = null
  private readonly queue: RunJob[] = []
  private active: { job: RunJob; end: (ending: Ending) => void } | null = null
  private readonly sessions = new Map<string, SessionEntry[]>()
  private version: string | undefined

  constructor(
    private readonly language: Language,
    private readonly assetsBaseUrl: string,
    private readonly config: () => RunnerConfig,
    private readonly notify: (message: RunnerMessage) => void,
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
    this.engine = null
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
    collector.add({ type: 'status', phase: 'loading' })
    const loaded = await Promise.race([
      engine.ready.then(
        () => null,
        (error: Error) => error,
      ),
      ended,
    ])
    if (loaded instanceof Error) return this.finish(job, collector.finish('error', 0, loadError(loaded)))
    if (loaded) return this.finish(job, collector.finish('stopped', 0))

    collector.add({ type: 'status', phase: 'running' })
    engine.sink = (event) => collector.add(event)
    const started = performance.now()
    const timer = setTimeout(() => this.active?.end({ kind: 'timeout' }), job.timeoutMs)
    const namespace = job.session === undefined ? `run:${job.runId}` : `session:${job.session}`
    engine.api.run({ runId: job.runId, code: job.code, namespace, stdin: job.stdin, files: job.files }).then(
      (raw) => {
        const outcome = parseEngineOutcome(raw)
        this.active?.end(
          outcome ? { kind: 'outcome', outcome } : { kind: 'crash', message: 'malformed reply' },
        )
      },
      (error: unknown) => this.active?.end({ kind: 'crash', message: describe(error) }),
    )
    const result = await ended
    clearTimeout(timer)
    engine.sink = null
    const durationMs = performance.now() - started

    if (result.kind === 'outcome') {
      const { status, error } = result.outcome
      if (status === 'limit') {
        this.restart()
        return this.finish(job, collector.finish('limit', durationMs, error, true))
      }
      if (status === 'ok' && job.session !== undefined) this.remember(job)
      if (job.session === undefined) engine.api.dropNamespace(namespace).catch(() => {})
      return this.finish(job, collector.finish(status, durationMs, error))
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

  private finish(job: RunJob, result: RunResult): void {
    this.active = null
    job.done(result)
    void this.pump()
  }

  private remember(job: RunJob): void {
    if (job.session === undefined) return
    const log = this.sessions.get(job.session) ?? []
    log.push({ code: job.code, stdin: job.stdin, files: job.files, timeoutMs: job.timeoutMs })
    this.sessions.set(job.session, log)
  }

  /** Throws the interpreter away and starts a new one, which rebuilds every session before the next run. */
  private restart(): void {
    this.engine?.worker.terminate()
    this.engine = null
    this.ensureEngine()
  }

  private ensureEngine(): Engine {
    if (this.engine) return this.engine
    const worker = startEngineWorker(this.language, this.assetsBaseUrl)
    const api = wrap<EngineApi>(worker)
    const engine: Engine = { worker, api, ready: Promise.resolve(), sink: null }
    let bootDone: () => void = () => {}
    let bootFailed: (error: Error) => void = () => {}
    const booted = new Promise<void>((resolve, reject) => {
      bootDone = resolve
      bootFailed = reject
    })
    worker.addEventListener('message', (event: MessageEvent) => {
      const data: unknown = event.data
      const kind = bootKind(data)
      if (kind === 'booted') return bootDone()
      if (kind === 'boot-error') return bootFailed(new Error(`the ${this.language} worker did not start`))
      const message = parseWorkerMessage(data)
      if (!message) return
      if (message.kind === 'runcell:stage') return this.reportStage(message.stage)
      if (engine.sink && this.active && message.runId === this.active.job.runId) engine.sink(message.event)
    })
    worker.addEventListener('error', () =>
      bootFailed(new Error(`the ${this.language} worker failed to start`)),
    )
    engine.ready = Promise.race([booted.then(() => this.initialise(engine)), this.loadDeadline()])
    engine.ready.catch(() => {
      if (this.engine === engine) {
        worker.terminate()
        this.engine = null
      }
    })
    this.engine = engine
    return engine
  }

  private async initialise(engine: Engine): Promise<void> {
    const { memoryLimitMb, outputLimitChars, maxRows } = this.config()
    const info: unknown = await engine.api.init({
      assetsBaseUrl: this.assetsBaseUrl,
      memoryLimitMb,
      outputLimitChars,
      maxRows,
    })
    const version =
      typeof info === 'object' && info !== null ? (info as { version?: unknown }).version : undefined
    this.version = typeof version === 'string' ? version.slice(0, 200) : undefined
    await this.replaySessions(engine)
    this.reportStage('ready')
  }

  private loadDeadline(): Promise<never> {
    const ms = this.config().engineLoadTimeoutMs
    return new Promise((_, reject) =>
      setTimeout(
        () => reject(new Error(`the ${this.language} engine did not load within ${Math.round(ms / 1000)} s`)),
        ms,
      ),
    )
  }

  /** Rebuilds each session by running its successful runs again, in order, with no output. */
  private async replaySessions(engine: Engine): Promise<void> {
    for (const [session, log] of this.sessions) {
      for (let i = 0; i < log.length; i++) {
        const entry = log[i]
        if (!entry) continue
        const ok = await Promise.race([
          engine.api
            .run({
              runId: `replay:${session}:${i}`,
              code: entry.code,
              namespace: `session:${session}`,
              stdin: entry.stdin,
              files: entry.files,
            })
            .then(
              (raw) => parseEngineOutcome(raw)?.status === 'ok',
              () => false,
            ),
          new Promise<false>((resolve) => setTimeout(() => resolve(false), entry.timeoutMs)),
        ])
        // A run that no longer replays cleanly ends the session's history there: later runs built on it.
        if (!ok) {
          log.length = i
          break
        }
      }
    }
  }

  private reportStage(stage: EngineStage): void {
    const message: RunnerMessage = { type: 'stage', language: this.language, stage }
    if (stage === 'ready' && this.version) message.version = this.version
    this.notify(message)
    if (this.active && stage !== 'ready') this.active.job.event({ type: 'status', phase: 'loading', stage })
  }
}

function bootKind(data: unknown): 'booted' | 'boot-error' | null {
  if (typeof data !== 'object' || data === null) return null
  const kind = (data as { kind?: unknown }).kind
  return kind === 'runcell:booted' ? 'booted' : kind === 'runcell:boot-error' ? 'boot-error' : null
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
