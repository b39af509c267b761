import { fitTable, OUTPUT_COST } from '../protocol/budget.js'
import { TRUNCATION_MARKER } from '../protocol/limits.js'
import type { RunEnding } from '../protocol/results.js'
import type { RunEvent, RunOutput, RunPhase, RunStatus, RunError, StatusEvent } from '../protocol/types.js'

/**
 * Passes one run's events on as they arrive, and ends the run with its ending. The output crosses to the host
 * once, as these events; the host assembles the result from them (protocol/results.ts).
 *
 * The runner charges everything here again, whatever the worker claims (protocol/budget.ts): text, display
 * data, table cells and headers share one budget of `limitChars`, and tables are cut to `maxRows`. Status
 * events pass on only when the phase changes, none after `running`, and without a loading stage: stages reach
 * the host one way, as the runner's `stage` messages. A worker that repeats its stage 200k times costs the
 * host nothing.
 */
export class ResultCollector {
  private used = 0
  private phase: RunPhase | null = null
  truncated = false

  constructor(
    private readonly limitChars: number,
    private readonly forward: (event: RunEvent) => void,
    private readonly maxRows: number,
  ) {}

  add(event: RunEvent): void {
    if (event.type === 'status') return this.addStatus(event)
    if (event.type === 'input-request') return this.forward(event)
    if (event.type !== 'display' && event.type !== 'table') return this.addText(event.type, event.text)
    const room = this.limitChars - this.used
    if (event.type === 'display') {
      const cost = OUTPUT_COST + event.data.length
      if (cost > room) return this.markTruncated()
      this.keep(event, cost)
      return
    }
    const fitted = fitTable(event, this.maxRows, room)
    if (!fitted) return this.markTruncated()
    this.keep(fitted.table, fitted.cost)
    // Rows past maxRows only make the table `truncated`, as the engines do; rows past the budget cut the run.
    if (fitted.table.rows.length < Math.min(event.rows.length, this.maxRows)) this.markTruncated()
  }

  private addStatus(event: StatusEvent): void {
    // Each Python package installed during the run is news, and so is running again after them.
    if (event.phase === 'installing') {
      this.phase = event.phase
      return this.forward(event)
    }
    // Phases only move forward to running; a stage reported during the run is no news to the reader.
    if (event.phase === this.phase || this.phase === 'running') return
    this.phase = event.phase
    this.forward(event)
  }

  private keep(output: RunOutput, cost: number): void {
    this.used += cost
    this.forward(output)
  }

  private addText(type: 'stdout' | 'stderr', text: string): void {
    if (this.used >= this.limitChars) return
    const room = this.limitChars - this.used
    const kept = text.length > room ? text.slice(0, room) : text
    this.used += kept.length
    if (kept.length > 0) this.forward({ type, text: kept })
    // The worker stops sending at the same budget, so reaching it means output was cut, here or there.
    if (this.used >= this.limitChars) this.markTruncated()
  }

  private markTruncated(): void {
    if (this.truncated) return
    this.truncated = true
    this.forward({ type: 'stderr', text: TRUNCATION_MARKER })
  }

  finish(status: RunStatus, durationMs: number, error?: RunError, restarted = false): RunEnding {
    const result: RunEnding = { status, durationMs: Math.round(durationMs * 10) / 10 }
    if (error) result.error = error
    if (restarted) result.restarted = true
    if (this.truncated) result.truncated = true
    return result
  }
}
