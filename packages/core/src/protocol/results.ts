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

/** The output part of a result, built up from a run's events as they arrive. */
export class RunOutputs {
  private readonly stdout: string[] = []
  private readonly stderr: string[] = []
  private readonly outputs: RunOutput[] = []

  add(event: RunEvent): void {
    if (event.type === 'stdout') this.stdout.push(event.text)
    else if (event.type === 'stderr') this.stderr.push(event.text)
    else if (event.type === 'display' || event.type === 'table') this.outputs.push(event)
  }

  /** The public result: the ending the runner sent, with the output gathered here. */
  result(ending: RunEnding): RunResult {
    return {
      ...ending,
      stdout: this.stdout.join(''),
      stderr: this.stderr.join(''),
      outputs: this.outputs.slice(),
    }
  }
}
