// How a run's ending is told apart from its output. The runner sends the ending (status, error, duration,
// flags); the output already crossed as events, and the host assembles the public RunResult from both.
import type { RunError, RunErrorName, RunEvent, RunOutput, RunResult, RunStatus } from './types.js'

/** How a run ended, without its output: what the runner sends as a run's `result` message. */
export type RunEnding = Omit<RunResult, 'stdout' | 'stderr' | 'outputs' | 'cached'>

/** A result with no output, for a run that ended before it produced any (stopped in the queue, refused). */
export function emptyResult(status: RunStatus, error?: RunError): RunResult {
  const result: RunResult = { status, stdout: '', stderr: '', outputs: [], durationMs: 0 }
  if (error) result.error = error
  return result
}

/** True when `error` is one Runcell reported itself under `name`: engines can't claim these names. */
export function isRunError(error: RunError | undefined, name: RunErrorName): boolean {
  return error?.name === name
}

/** A run's output events (stdout, stderr, display, table), in the order they came. */
export type OutputEvent = Exclude<RunEvent, { type: 'status' | 'input-request' }>

/** The output part of a result, built up from a run's events as they arrive. */
export class RunOutputs {
  /** The output events so far, in order: what a cached result replays. */
  readonly events: OutputEvent[] = []

  add(event: RunEvent): void {
    if (event.type !== 'status' && event.type !== 'input-request') this.events.push(event)
  }

  /** The public result: the ending the runner sent, with the output gathered here. */
  result(ending: RunEnding): RunResult {
    const stdout: string[] = []
    const stderr: string[] = []
    const outputs: RunOutput[] = []
    for (const event of this.events) {
      if (event.type === 'display' || event.type === 'table') outputs.push(event)
      else if (event.type === 'stdout') stdout.push(event.text)
      else stderr.push(event.text)
    }
    return { ...ending, stdout: stdout.join(''), stderr: stderr.join(''), outputs }
  }
}
