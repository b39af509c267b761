// A checked run's own engine: one that no earlier run on the page touched (a loaded spare, or a new worker), with
// only the run's own session replayed into it. The slot runs the learner's code on it like any run; this module
// does the rest: it reads the verdict there, in the runner page, and then throws the engine away. The pure parts
// (what is watched, the verdicts, the SQL comparison, the hidden call) are in check-run.ts.
import type { CheckResult, RunCheck, RunError, RunStatus } from '../protocol/types.js'
import type { EngineHandle } from './engine-handle.js'
import type { Engine } from './engine-loading.js'
import { CheckWatch, compareExpected, runHiddenCheck, unfinished } from './check-run.js'
import { namespaceOf, replayEntry, type SessionEntry, type SessionLog } from './session-log.js'
import { terminateQuietly, type SparePool } from './spare-pool.js'

/** The parts of a run a check needs. */
export interface CheckedJob {
  runId: string
  session?: string
  /** The check's own time limit, as the run's. */
  timeoutMs: number
  check: RunCheck
}

/** What a check engine is made from: the slot's spares, how to start and load a worker, and the sessions. */
export interface CheckEngineOptions {
  spares: Pick<SparePool, 'take' | 'noteRestart' | 'afterReady'>
  start: () => EngineHandle
  /** Loads `handle` and then runs `prepare`, within the load timeout (`loadEngine`, bound by the slot). */
  load: (handle: EngineHandle, prepare: () => Promise<void>) => Engine
  sessions: Pick<SessionLog, 'replaySession'>
}

/** How the learner's part of a checked run ended, as the slot decided it. */
export interface LearnerEnding {
  status: RunStatus
  error?: RunError
}

/** One checked run's engine, and the verdict read from it. */
export class CheckEngine {
  readonly engine: Engine
  /** What the check reads of the learner's run: the slot shows it every event the learner sees. */
  readonly watch = new CheckWatch()
  /** The setup the run ran first on this engine, for its session to remember once the run is over. */
  setupRan: SessionEntry | null = null
  /** True once the learner's part is over: the verdict is being read, and only it or `stop` ends the run. */
  concluding = false
  private stopped: (verdict: CheckResult) => void = () => {}

  constructor(
    private readonly job: CheckedJob,
    options: CheckEngineOptions,
  ) {
    // A loaded spare saves the load; taking one means keeping one from now on, as after a restart.
    const spare = options.spares.take()
    if (spare) options.spares.noteRestart()
    const handle = spare ?? options.start()
    const { session } = job
    this.engine = options.load(handle, () =>
      session === undefined ? Promise.resolve() : options.sessions.replaySession(handle, session),
    )
    this.engine.ready.then(
      () => {
        if (spare) options.spares.afterReady()
      },
      () => {},
    )
  }

  /**
   * The verdict, once the learner's part ended: unfinished code is never checked, an `expect` is compared here,
   * and a `code` check runs hidden on this engine (its reply validated, its time bounded by `budgetMs`). The
   * engine is thrown away afterwards, whatever the verdict.
   */
  async verdict(ending: LearnerEnding, setupFailed: boolean, budgetMs: number): Promise<CheckResult> {
    this.concluding = true
    const { job } = this
    try {
      if (ending.status !== 'ok') {
        return setupFailed && ending.error
          ? { status: 'error', message: ending.error.message }
          : unfinished(ending.status, ending.error)
      }
      if ('expect' in job.check) return compareExpected(job.check.expect, this.watch.lastTable)
      const request = {
        runId: `check:${job.runId}`,
        namespace: namespaceOf(job),
        code: job.check.code,
        stdout: this.watch.stdout,
      }
      const stop = new Promise<CheckResult>((resolve) => (this.stopped = resolve))
      return await Promise.race([runHiddenCheck(this.engine.handle, request, budgetMs), stop])
    } finally {
      this.discard()
    }
  }

  /**
   * Stop while the hidden check runs (it may be stuck in the learner's own function): the engine goes at once and
   * the verdict says the check was stopped.
   */
  stop(): void {
    this.stopped({
      status: 'fail',
      message: 'The check was stopped before it finished, so it gave no verdict.',
    })
    this.discard()
  }

  /** Throws the engine away: the run is over (stopped while it loaded, say) or the runner page goes away. */
  discard(): void {
    terminateQuietly(this.engine.handle)
  }
}

/**
 * Brings the page's `engine` up to date with runs of `session` that were made on a fresh engine, before its next
 * run. The caller has already remembered them in the session log, so an engine still loading replays them with
 * the rest of the history; only a ready engine needs them replayed now.
 */
export function catchUp(engine: Engine | null, session: string, entries: SessionEntry[]): void {
  if (!engine?.isReady) return
  engine.isReady = false
  engine.ready = engine.ready.then(async () => {
    for (const [i, entry] of entries.entries())
      await replayEntry(engine.handle, `replay:${session}:catch-up:${i}`, `session:${session}`, entry)
    engine.isReady = true
  })
}
