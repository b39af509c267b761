import { TRUNCATION_MARKER } from '../protocol/limits.js'
import type { RunEvent, RunOutput, RunResult, RunStatus, RunError } from '../protocol/types.js'

/** Most display and table outputs kept per run. */
const MAX_OUTPUTS = 1_000
/** Most characters of display data (HTML, SVG, base64 images) kept per run, all outputs together. */
export const MAX_DISPLAY_TOTAL_CHARS = 20_000_000

/**
 * Gathers one run's events into its result, and passes each event on as it arrives. The runner caps output
 * here again, whatever the worker claims: stdout and stderr share one character budget.
 */
export class ResultCollector {
  private stdout = ''
  private stderr = ''
  private used = 0
  private displayUsed = 0
  private readonly outputs: RunOutput[] = []
  truncated = false

  constructor(
    private readonly limitChars: number,
    private readonly forward: (event: RunEvent) => void,
  ) {}

  add(event: RunEvent): void {
    if (event.type === 'status' || event.type === 'input-request') return this.forward(event)
    if (event.type !== 'display' && event.type !== 'table') return this.addText(event.type, event.text)
    const size = event.type === 'display' ? event.data.length : 0
    if (this.outputs.length >= MAX_OUTPUTS || this.displayUsed + size > MAX_DISPLAY_TOTAL_CHARS) {
      this.markTruncated()
      return
    }
    this.displayUsed += size
    this.outputs.push(event)
    this.forward(event)
  }

  private addText(type: 'stdout' | 'stderr', text: string): void {
    if (this.used >= this.limitChars) return
    const room = this.limitChars - this.used
    const kept = text.length > room ? text.slice(0, room) : text
    this.used += kept.length
    if (kept.length > 0) {
      if (type === 'stdout') this.stdout += kept
      else this.stderr += kept
      this.forward({ type, text: kept })
    }
    // The worker stops sending at the same budget, so reaching it means output was cut, here or there.
    if (this.used >= this.limitChars) this.markTruncated()
  }

  private markTruncated(): void {
    if (this.truncated) return
    this.truncated = true
    this.stderr += TRUNCATION_MARKER
    this.forward({ type: 'stderr', text: TRUNCATION_MARKER })
  }

  finish(status: RunStatus, durationMs: number, error?: RunError, restarted = false): RunResult {
    const result: RunResult = {
      status,
      stdout: this.stdout,
      stderr: this.stderr,
      outputs: this.outputs,
      durationMs: Math.round(durationMs * 10) / 10,
    }
    if (error) result.error = error
    if (restarted) result.restarted = true
    if (this.truncated) result.truncated = true
    return result
  }
}
