import type { EngineRunOutcome } from '../protocol/engine.js'
import { parseEngineOutcome } from '../protocol/validate.js'
import type { EngineHandle } from './engine-handle.js'

/** A run a session is built from. */
export interface SessionEntry {
  code: string
  stdin?: string
  files?: Record<string, string | Uint8Array>
  timeoutMs: number
  /** Python packages the run named (`RunRequest.packages`), installed again before its replay. */
  packages?: string[]
}

/**
 * The namespace a run's code runs in: its session's, shared by the session's runs, or its own for an isolated run.
 */
export function namespaceOf(run: { runId: string; session?: string }): string {
  return run.session === undefined ? `run:${run.runId}` : `session:${run.session}`
}

/**
 * The successful runs of each session, in order, so that a new interpreter can be brought to the state the
 * old one had: a restart replays them with no output.
 */
export class SessionLog {
  private readonly sessions = new Map<string, SessionEntry[]>()
  /** Sessions whose setup ran (and sits in their history), keyed by session and setup text. */
  private readonly setups = new Set<string>()

  /** True when some session has runs to replay into a new interpreter. */
  get hasHistory(): boolean {
    for (const log of this.sessions.values()) if (log.length > 0) return true
    return false
  }

  remember(session: string, entry: SessionEntry): void {
    const log = this.sessions.get(session) ?? []
    log.push(entry)
    this.sessions.set(session, log)
  }

  /** True when `session` already ran `setup`: an exercise's setup runs once per session. */
  ranSetup(session: string, setup: string): boolean {
    return this.setups.has(setupKey(session, setup))
  }

  /** Remembers that `session` ran `setup` as `entry`, so it is not run again and a restart replays it. */
  rememberSetup(session: string, setup: string, entry: SessionEntry): void {
    this.setups.add(setupKey(session, setup))
    this.remember(session, entry)
  }

  /** Rebuilds each session in `engine` by running its successful runs again, in order. */
  async replay(engine: Pick<EngineHandle, 'run'>): Promise<void> {
    for (const session of [...this.sessions.keys()]) await this.replaySession(engine, session)
  }

  /** Rebuilds one session in `engine`: what a fresh engine for a check replays, and nothing of other sessions. */
  async replaySession(engine: Pick<EngineHandle, 'run'>, session: string): Promise<void> {
    const log = this.sessions.get(session)
    if (!log) return
    for (let i = 0; i < log.length; i++) {
      const entry = log[i]
      if (!entry) continue
      const ok = await replayEntry(engine, `replay:${session}:${i}`, `session:${session}`, entry)
      // A run that no longer replays cleanly ends the session's history there: later runs built on it.
      if (!ok) {
        log.length = i
        break
      }
    }
  }
}

/** Runs one remembered run again in `namespace`, with no output; true when it ended `ok` within its timeout. */
export async function replayEntry(
  engine: Pick<EngineHandle, 'run'>,
  runId: string,
  namespace: string,
  entry: SessionEntry,
): Promise<boolean> {
  return (await runHidden(engine, runId, namespace, entry))?.status === 'ok'
}

/**
 * Runs code whose output nobody sees (no events are routed for `runId`): a replay, or an exercise's setup.
 * Resolves with the engine's checked outcome, or null when the reply was malformed, threw or came too late.
 */
export async function runHidden(
  engine: Pick<EngineHandle, 'run'>,
  runId: string,
  namespace: string,
  entry: SessionEntry,
): Promise<EngineRunOutcome | null> {
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    return await Promise.race([
      Promise.resolve()
        .then(() =>
          engine.run({
            runId,
            code: entry.code,
            namespace,
            stdin: entry.stdin,
            files: entry.files,
            ...(entry.packages ? { packages: entry.packages } : {}),
          }),
        )
        // A reply that throws while it is read counts as a failed run, like any malformed one.
        .then((raw) => parseEngineOutcome(raw))
        .catch(() => null),
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), entry.timeoutMs))),
    ])
  } finally {
    clearTimeout(timer)
  }
}

function setupKey(session: string, setup: string): string {
  return `${session}\u0000${setup}`
}
