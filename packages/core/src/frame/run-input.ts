// The reader's side of one run in an engine slot: how long the run has waited for input (that time is not
// running time, so the timeout and durationMs leave it out), the answers a replay feeds back in, and how much
// output earlier attempts of a replayed run already showed, so that the reader sees it once.
import type { RunEvent } from '../protocol/types.js'

/** Input bookkeeping of one run. `now` values are performance.now() times on the runner's clock. */
export class RunInput {
  /** Answers the reader gave so far, in order (the replay mechanism runs the code again with them). */
  readonly answers: string[] = []
  /** The prompt the last attempt stopped at, while a replayed run waits for its answer; else null. */
  replayPrompt: string | null = null
  private waitingSince: number | null = null
  private waited = 0
  private shown = { text: 0, outputs: 0 }
  private seen = { text: 0, outputs: 0 }

  /** True while the run waits for the reader. */
  get waiting(): boolean {
    return this.waitingSince !== null
  }

  startWaiting(now: number): void {
    this.waitingSince ??= now
  }

  stopWaiting(now: number): void {
    if (this.waitingSince === null) return
    this.waited += now - this.waitingSince
    this.waitingSince = null
  }

  /** Time spent waiting for the reader so far, the current wait included. */
  waitedMs(now: number): number {
    return this.waited + (this.waitingSince === null ? 0 : now - this.waitingSince)
  }

  /** A replay starts: its output is compared with what earlier attempts showed, from the beginning. */
  newAttempt(): void {
    this.seen = { text: 0, outputs: 0 }
  }

  /**
   * The part of `event` that no earlier attempt showed, or null when all of it was shown. Text is counted in
   * characters across stdout and stderr, outputs one by one; anything else always passes.
   */
  unseen(event: RunEvent): RunEvent | null {
    if (event.type === 'stdout' || event.type === 'stderr') {
      const start = this.seen.text
      this.seen.text += event.text.length
      const skip = this.shown.text - start
      this.shown.text = Math.max(this.shown.text, this.seen.text)
      if (skip <= 0) return event
      if (skip >= event.text.length) return null
      return { type: event.type, text: event.text.slice(skip) }
    }
    if (event.type === 'display' || event.type === 'table') {
      this.seen.outputs++
      if (this.seen.outputs <= this.shown.outputs) return null
      this.shown.outputs = this.seen.outputs
    }
    return event
  }
}
