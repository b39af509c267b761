import type { EngineDescriptor } from '../engines/descriptor.js'
import type { Language } from '../protocol/types.js'
import type { RunnerConfig, RunnerMessage } from '../protocol/messages.js'
import type { RunEnding } from '../protocol/results.js'
import type { EngineStage, RunCheck, RunEvent } from '../protocol/types.js'
import { parseEngineOutcome } from '../protocol/validate.js'
import { catchUp, CheckEngine } from './check-engine.js'
import type { EngineHandle, HandleEvents, StartEngine } from './engine-handle.js'
import { describeError, loadEngine, loadError, type Engine } from './engine-loading.js'
import { ResultCollector } from './result-collector.js'
import { RunInput } from './run-input.js'
import { decideEnding, setupFailed, type Ending, type Verdict } from './run-ending.js'
import { namespaceOf, runHidden, SessionLog, type SessionEntry } from './session-log.js'
import { LazyTimer } from './lazy-timer.js'
import { SparePool, terminateQuietly } from './spare-pool.js'

/** A run waiting for, or holding, this language's interpreter. */
export interface RunJob {
  runId: string
  code: string
  session?: string
  stdin?: string
  files?: Record<string, string | Uint8Array>
  timeoutMs: number
  /** The run may ask the reader for input once `stdin` is used up. */
  interactive?: boolean
  /** Python uses the replay mechanism for input even where it could wait (inputMechanism 'replay'). */
  replayInput?: boolean
  /** Python packages to install before the run (`RunRequest.packages`). */
  packages?: string[]
  /** Hidden code run before `code` in its namespace: once per session, every time for an isolated run. */
  setup?: string
  /** A hidden check: the run goes to a fresh engine, and its ending carries the verdict (frame/check-engine.ts). */
  check?: RunCheck
  event(event: RunEvent): void
  /** How the run ended; its output went to `event` as it came. */
  done(result: RunEnding): void
}

/** What a slot is built from: the engine's capabilities, how to start a worker, and where to report. */
export interface SlotOptions {
  descriptor: Pick<EngineDescriptor<Language>, 'language' | 'keepsSpare'>
  start: StartEngine
  /** The runner's current settings; the slot reads only its output caps and the load timeout. */
  config: () => Pick<RunnerConfig, 'outputLimitChars' | 'maxRows' | 'engineLoadTimeoutMs'>
  notify: (message: RunnerMessage) => void
}

/**
 * How long an interrupted run may take to unwind before its worker is terminated anyway: the watchdog of a
 * stopped or timed-out run. KeyboardInterrupt arrives within milliseconds; code stuck in one long C call
 * (`7**(10**8)`) never sees it, and a hostile worker may never answer at all.
 */
export const INTERRUPT_GRACE_MS = 300

/** How long a run may wait for the reader's answer before it ends as a timeout. */
export const MAX_INPUT_WAIT_MS = 15 * 60_000

/** The run holding the slot. Every way it can end goes through `conclude`, which acts once. */
interface ActiveRun {
  job: RunJob
  collector: ResultCollector
  /** The engine it runs on, once it started there; until then it waits for the engine to be ready. */
  engine: Engine | null
  started: number
  /** Set by a timeout or a stop; the run is over, and waits at most the grace for an interrupt to unwind it. */
  ending: Ending | null
  settled: boolean
  timers: ReturnType<typeof setTimeout>[]
  input: RunInput
  cancelSpare: () => void
  /** A checked run's own engine, which reads the verdict once the learner's part is over; else null. */
  check: CheckEngine | null
}

/**
 * One language's interpreter inside the runner: the runs queued for it (one at a time), the clock that ends
 * them, and the sessions to rebuild after a restart. Timeouts and Stop live here, on the runner's clock: a run
 * waits on nothing but its own timers and the worker's reply, so no reply (or its absence) can hold the queue.
 */
export class EngineSlot {
  private engine: Engine | null = null
  private readonly spares: SparePool
  private readonly queue: RunJob[] = []
  private active: ActiveRun | null = null
  private readonly sessions = new SessionLog()
  private readonly events: HandleEvents

  constructor(private readonly options: SlotOptions) {
    // Only the engine in use speaks: a spare stays quiet until it is taken over.
    this.events = {
      stage: (handle, stage) => {
        if (handle === this.engine?.handle) this.reportStage(stage)
      },
      event: (handle, runId, event) => {
        const run = this.active
        if (run && !run.settled && run.engine?.handle === handle && run.job.runId === runId)
          this.received(run, event)
      },
    }
    this.spares = new SparePool(options.descriptor.keepsSpare, () => options.start(this.events))
  }

  /** The active run's running-time clock: paused while the run waits for the reader. One run at a time has it. */
  private readonly clock = new LazyTimer()

  /** Starts the interpreter now, so the first run doesn't wait for it. */
  warmUp(): void {
    this.ensureEngine().ready.catch(() => {
      // A failed warm-up is reported to the run that next needs the engine.
    })
  }

  /** Queues a run; it starts when the runs before it have ended. */
  submit(job: RunJob): void {
    this.queue.push(job)
    // A run waiting for the reader would hold every later run of this language: the newer run wins.
    if (this.active?.input.waiting) this.end(this.active, { kind: 'stopped' })
    this.pump()
  }

  /** The reader's answer to the input request of run `runId`; ignored unless that run is waiting for one. */
  answer(runId: string, text: string): void {
    const run = this.active
    if (!run?.engine || run.settled || run.ending || run.job.runId !== runId || !run.input.waiting) return
    const now = performance.now()
    run.input.stopWaiting(now)
    this.arm(run, run.job.timeoutMs - (now - run.started - run.input.waitedMs(now)))
    // Every answer is kept, so a restart can replay the session with them as stdin.
    run.input.answers.push(text)
    if (run.input.replayPrompt !== null) {
      run.input.replayPrompt = null
      // A replay of an isolated run starts from a clean namespace; a session keeps its own (docs/input.md).
      if (run.job.session === undefined && !dropsAfterReply(run))
        run.engine.handle.dropNamespace(namespaceOf(run.job))
      return this.attempt(run, run.engine)
    }
    try {
      run.engine.handle.answerInput(runId, text)
    } catch {
      // A worker that can't take the answer is found out by the timeout, now running again.
    }
  }

  /** Stops a run: a queued one leaves the queue, the running one is interrupted or its worker terminated. */
  stop(runId: string): void {
    const run = this.active
    if (run?.job.runId === runId) return this.end(run, { kind: 'stopped' })
    const index = this.queue.findIndex((job) => job.runId === runId)
    if (index < 0) return
    const [job] = this.queue.splice(index, 1)
    job?.done({ status: 'stopped', durationMs: 0 })
  }

  /** Ends everything: used when the runner page goes away. */
  dispose(): void {
    this.active?.check?.discard()
    terminateQuietly(this.engine?.handle ?? null)
    this.spares.dispose()
    this.clock.dispose()
    this.engine = null
  }

  private pump(): void {
    while (!this.active) {
      const job = this.queue.shift()
      if (!job) return
      this.execute(job)
    }
  }

  private execute(job: RunJob): void {
    const config = this.options.config()
    // A checked run gets an engine of its own, which no earlier run on the page touched.
    const check = job.check ? this.checkEngine(job, job.check) : null
    const run: ActiveRun = {
      job,
      collector: new ResultCollector(
        config.outputLimitChars,
        (event) => {
          check?.watch.see(event)
          job.event(event)
        },
        config.maxRows,
      ),
      engine: null,
      started: 0,
      ending: null,
      settled: false,
      timers: [],
      input: new RunInput(),
      cancelSpare: () => {},
      check,
    }
    this.active = run
    const engine = check?.engine ?? this.ensureEngine()
    if (!engine.isReady)
      run.collector.add({ type: 'status', phase: engine.replaying ? 'restarting' : 'loading' })
    engine.ready.then(
      () => {
        if (!run.settled) return this.begin(run, engine)
        // Stopped while its own engine loaded (a second click on Check, say): nobody else will use that engine.
        check?.discard()
      },
      (failure: unknown) => {
        if (run.settled) return
        const error = loadError(failure)
        // No verdict: the learner's code never ran, and Runcell's failure must not count as their attempt.
        check?.discard()
        this.settle(run, run.collector.finish('error', 0, error))
      },
    )
  }

  private begin(run: ActiveRun, engine: Engine): void {
    const { job } = run
    run.engine = engine
    run.started = performance.now()
    this.arm(run, job.timeoutMs)
    run.cancelSpare = this.spares.fillDuring(job.timeoutMs)
    const setup = this.setupToRun(job)
    if (setup === null) this.attempt(run, engine)
    else this.runSetup(run, engine, setup)
    // Told after the worker has the run, so the worker starts one message earlier; its events come later.
    run.collector.add({ type: 'status', phase: 'running' })
  }

  /** The setup `job` must run first: none, or its session already ran it. */
  private setupToRun(job: RunJob): string | null {
    if (job.setup === undefined) return null
    return job.session !== undefined && this.sessions.ranSetup(job.session, job.setup) ? null : job.setup
  }

  /** Runs the setup, hidden (no events are routed for its id), then the run itself; a failed setup ends the run. */
  private runSetup(run: ActiveRun, engine: Engine, setup: string): void {
    const { job } = run
    const entry: SessionEntry = { code: setup, files: job.files, timeoutMs: job.timeoutMs }
    void runHidden(engine.handle, `setup:${job.runId}`, namespaceOf(job), entry).then((outcome) => {
      if (run.settled || run.ending) return
      if (outcome?.status !== 'ok') return this.conclude(run, setupFailed(outcome?.error), false, true)
      if (job.session !== undefined) {
        // On the page's engine the session holds the setup now; a checked run remembers it at its end.
        if (run.check) run.check.setupRan = entry
        else this.sessions.rememberSetup(job.session, job.setup ?? '', entry)
      }
      this.attempt(run, engine)
    })
  }

  /** Sends the run to the engine: once, or again for each answer of a replayed run. */
  private attempt(run: ActiveRun, engine: Engine): void {
    const { job } = run
    run.input.newAttempt()
    let reply: Promise<unknown>
    try {
      reply = engine.handle.run({
        runId: job.runId,
        code: job.code,
        namespace: namespaceOf(job),
        stdin: job.stdin,
        files: job.files,
        ...(job.interactive ? { interactive: true, answers: [...run.input.answers] } : {}),
        ...(job.replayInput ? { replayInput: true } : {}),
        ...(dropsAfterReply(run) ? { dropNamespace: true } : {}),
        ...(job.packages ? { packages: job.packages } : {}),
      })
    } catch (error) {
      reply = Promise.reject(error)
    }
    Promise.resolve(reply).then(
      (raw) => this.answered(run, readOutcome(raw)),
      (error: unknown) => this.answered(run, { kind: 'crash', message: describeError(error) }),
    )
  }

  /** (Re)starts the running-time clock with `ms` left. */
  private arm(run: ActiveRun, ms: number): void {
    this.clock.arm(ms, () => this.end(run, { kind: 'timeout' }))
  }

  /** An event the run's engine streamed: input requests pause the clock; a replay shows only what is new. */
  private received(run: ActiveRun, event: RunEvent): void {
    if (event.type === 'input-request') {
      // One open request at a time: a worker repeating requests while one is open only floods the host.
      if (!run.job.interactive || run.ending || run.input.waiting) return
      // The running clock stops, and a wait clock starts: a reader who never answers (or a worker that forged the
      // request and kept running) still ends the run.
      run.input.startWaiting(performance.now())
      this.arm(run, MAX_INPUT_WAIT_MS)
      return run.collector.add(event)
    }
    const fresh = run.input.unseen(event)
    if (fresh) run.collector.add(fresh)
  }

  /** A timeout or a stop: interrupt the run where the engine can, and give it the grace to unwind; else end it. */
  private end(run: ActiveRun, ending: Ending): void {
    if (run.settled) return
    if (run.check?.concluding) return run.check.stop()
    if (run.ending) return
    if (!run.engine) return this.settle(run, run.collector.finish('stopped', 0))
    // A replayed run waiting for its answer has nothing running in the engine: it is over, the engine intact.
    if (run.input.replayPrompt !== null) {
      run.ending = ending
      return this.conclude(run, ending, true)
    }
    run.ending = ending
    if (!interruptQuietly(run.engine.handle)) return this.conclude(run, ending, false)
    run.timers.push(setTimeout(() => this.conclude(run, ending, false), INTERRUPT_GRACE_MS))
  }

  private answered(run: ActiveRun, answer: Ending): void {
    if (
      !run.ending &&
      answer.kind === 'outcome' &&
      answer.outcome.status === 'needs-input' &&
      run.job.interactive
    ) {
      // The replay mechanism: the attempt ended at an input request; the next attempt starts with the answer.
      const prompt = answer.outcome.prompt ?? ''
      run.input.replayPrompt = prompt
      return this.received(run, { type: 'input-request', prompt })
    }
    // After a timeout or stop, the reply only tells whether the interrupt unwound the run cleanly.
    if (run.ending) this.conclude(run, run.ending, answer.kind === 'outcome')
    else this.conclude(run, answer, false)
  }

  private conclude(run: ActiveRun, ending: Ending, interrupted: boolean, failedSetup = false): void {
    if (run.settled || run.check?.concluding) return
    const { job } = run
    run.timers.forEach(clearTimeout)
    this.clock.disarm()
    run.cancelSpare()
    const verdict = decideEnding(ending, {
      language: this.options.descriptor.language,
      hasSession: job.session !== undefined,
      interrupted,
    })
    if (run.check) return this.concludeChecked(run, run.check, verdict, failedSetup)
    const handle = run.engine?.handle
    try {
      handle?.clearInterrupt()
    } catch {
      verdict.restart = true
    }
    if (verdict.remember && job.session !== undefined) this.sessions.remember(job.session, this.entryOf(run))
    if (verdict.restart) this.restart()
    const result = run.collector.finish(verdict.status, runningMs(run), verdict.error, verdict.restart)
    // An isolated run's namespace was dropped by its worker after its reply (dropsAfterReply).
    this.settle(run, result)
  }

  /**
   * The end of a checked run: the session learns the run (the page's engine catches up before its next run, and
   * is otherwise left as it was), and the verdict comes from the run's own engine, which is then thrown away.
   */
  private concludeChecked(run: ActiveRun, check: CheckEngine, verdict: Verdict, failedSetup: boolean): void {
    const { job } = run
    if (job.session !== undefined) {
      const entry = verdict.remember ? this.entryOf(run) : null
      if (check.setupRan) this.sessions.rememberSetup(job.session, job.setup ?? '', check.setupRan)
      if (entry) this.sessions.remember(job.session, entry)
      const learned = [check.setupRan, entry].filter((e) => e !== null)
      if (learned.length > 0) catchUp(this.engine, job.session, learned)
    }
    const result = run.collector.finish(verdict.status, runningMs(run), verdict.error, false)
    // The check gets what is left of the run's time (a little at least), so a run and its check end within about
    // one timeout, not two.
    void check
      .verdict(verdict, failedSetup, Math.max(CHECK_MIN_MS, job.timeoutMs - runningMs(run)))
      .then((verdict) => this.settle(run, { ...result, check: verdict }))
  }

  /** What a session remembers of a run, so a restart replays it. */
  private entryOf(run: ActiveRun): SessionEntry {
    const { job } = run
    const { answers } = run.input
    return {
      code: job.code,
      // A replay after a restart reads the reader's answers as stdin instead of asking again.
      stdin: answers.length > 0 ? `${job.stdin ?? ''}${answers.map((a) => `${a}\n`).join('')}` : job.stdin,
      files: job.files,
      timeoutMs: job.timeoutMs,
      ...(job.packages ? { packages: job.packages } : {}),
    }
  }

  private checkEngine(job: RunJob, check: RunCheck): CheckEngine {
    return new CheckEngine(
      { ...job, check },
      {
        spares: this.spares,
        start: () => this.options.start(this.events),
        load: (handle, prepare) => loadEngine(handle, prepare, this.loadLimit()),
        sessions: this.sessions,
      },
    )
  }

  private loadLimit() {
    return {
      language: this.options.descriptor.language,
      timeoutMs: this.options.config().engineLoadTimeoutMs,
    }
  }

  private settle(run: ActiveRun, result: RunEnding): void {
    if (run.settled) return
    run.settled = true
    if (this.active === run) this.active = null
    try {
      run.job.done(result)
    } finally {
      this.pump()
    }
  }

  /** Throws the interpreter away and starts a new one, which rebuilds every session before the next run. */
  private restart(): void {
    terminateQuietly(this.engine?.handle ?? null)
    this.engine = null
    this.spares.noteRestart()
    this.ensureEngine()
  }

  private ensureEngine(): Engine {
    if (this.engine) return this.engine
    const handle = this.spares.take() ?? this.options.start(this.events)
    const engine = loadEngine(
      handle,
      async (engine) => {
        if (this.sessions.hasHistory) {
          engine.replaying = true
          this.active?.collector.add({ type: 'status', phase: 'restarting' })
        }
        await this.sessions.replay(handle)
        engine.replaying = false
        if (this.engine === engine) this.reportStage('ready')
      },
      this.loadLimit(),
    )
    this.engine = engine
    engine.ready.then(
      () => {
        if (this.engine === engine) this.spares.afterReady()
      },
      () => {
        if (this.engine !== engine) return
        terminateQuietly(handle)
        this.engine = null
      },
    )
    return engine
  }

  private reportStage(stage: EngineStage): void {
    const message: RunnerMessage = { type: 'stage', language: this.options.descriptor.language, stage }
    const version = this.engine?.handle.version
    if (stage === 'ready' && version) message.version = version
    this.options.notify(message)
    const run = this.active
    if (run && !run.settled && stage !== 'ready') run.collector.add({ type: 'status', phase: 'loading' })
  }
}

/** The least time a hidden check gets, however little of the run's time the learner's code left. */
const CHECK_MIN_MS = 1_000

/** Time the run spent running: since it started on the engine, less any wait for the reader. */
function runningMs(run: ActiveRun): number {
  const now = performance.now()
  return now - run.started - run.input.waitedMs(now)
}

/** The engine's reply as an ending; anything malformed, or that throws while being read, is a crash. */
function readOutcome(raw: unknown): Ending {
  try {
    const outcome = parseEngineOutcome(raw)
    if (outcome) return { kind: 'outcome', outcome }
  } catch {
    // A reply that throws when read (a null prototype, a getter) is as malformed as any other.
  }
  return { kind: 'crash', message: 'malformed reply' }
}

function interruptQuietly(handle: EngineHandle): boolean {
  try {
    return handle.interrupt()
  } catch {
    return false
  }
}

/**
 * Whether the worker drops the run's namespace itself once it replied: every isolated run, except a checked one,
 * whose check reads the namespace after the run (its engine is thrown away after that).
 */
function dropsAfterReply(run: ActiveRun): boolean {
  return run.job.session === undefined && run.check === null
}
