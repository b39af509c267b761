// How a run ended, and what follows from it: the result's status and error, whether the interpreter is thrown
// away, whether the session remembers the run. Pure, so every case is a unit test (run-ending.test.ts).
import type { EngineRunOutcome } from '../protocol/engine.js'
import type { RunError, RunStatus } from '../protocol/types.js'

/** What ended a run, as the slot saw it. */
export type Ending =
  /** The engine replied with a valid outcome. */
  | { kind: 'outcome'; outcome: EngineRunOutcome }
  /** The run's timeout passed on the runner's clock. */
  | { kind: 'timeout' }
  /** The user stopped it. */
  | { kind: 'stopped' }
  /** The worker died, threw, or replied with something malformed. */
  | { kind: 'crash'; message: string }

/** What the slot does once a run has ended. */
export interface Verdict {
  status: RunStatus
  error?: RunError
  /** Terminate the worker and start a new one, which replays every session (the result says `restarted`). */
  restart: boolean
  /** Remember the run in its session, so a restart replays it. */
  remember: boolean
}

/** The prefix of every message Runcell itself writes into a result's error. */
export const ERROR_PREFIX = 'Runcell:'

/**
 * Decides what follows a run's `ending`. `interrupted` is true when a timeout or stop was unwound by an interrupt
 * inside the engine (KeyboardInterrupt), so the interpreter and its sessions are intact; otherwise a timeout or
 * stop costs the worker. `hasSession` says whether the run belongs to a session.
 */
export function decideEnding(
  ending: Ending,
  context: { language: string; hasSession: boolean; interrupted: boolean },
): Verdict {
  const { hasSession } = context
  if (ending.kind === 'outcome') {
    const { status, error } = ending.outcome
    if (status === 'ok' || status === 'error') {
      return withError({ status, restart: false, remember: status === 'ok' && hasSession }, error)
    }
    // A memory or output limit may leave the interpreter half-broken: recycle it, even though it answered.
    if (status === 'limit') return withError({ status, restart: true, remember: false }, error)
    // An outcome this runner does not know how to finish is treated like any other malformed reply.
    return crashed(context.language, `unexpected status`)
  }
  if (ending.kind === 'crash') return crashed(context.language, ending.message)
  if (context.interrupted) return { status: ending.kind, restart: false, remember: false }
  return { status: ending.kind, restart: true, remember: false }
}

/**
 * How a run ends when its exercise setup failed: an error that names the setup's own. It names no line, since the
 * setup's line would point into hidden code.
 */
export function setupFailed(error: RunError | undefined): Ending {
  const why = error ? `${error.name}: ${error.message}` : 'no reply'
  const message = `${ERROR_PREFIX} the setup failed: ${why}`
  return { kind: 'outcome', outcome: { status: 'error', error: { name: 'SetupError', message } } }
}

function crashed(language: string, why: string): Verdict {
  return {
    status: 'error',
    error: {
      name: 'EngineCrash',
      message: `${ERROR_PREFIX} the ${language} engine crashed (${why}). It was restarted; run again.`,
    },
    restart: true,
    remember: false,
  }
}

function withError(verdict: Verdict, error: RunError | undefined): Verdict {
  if (error) verdict.error = error
  return verdict
}
