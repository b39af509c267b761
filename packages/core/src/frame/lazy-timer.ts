// A timer that a runner arms and disarms for every run (its deadline, the spare's start, the outbox's flush).
// setTimeout and clearTimeout cost the runner's main thread about 0.1 ms per run together (Chromium 156,
// profiled over warm print(1) runs), so a LazyTimer keeps one browser timer: disarming only forgets the callback,
// and arming again keeps the pending timer when it fires no later than needed; when it fires early it waits out
// the rest.

/** One pending callback at a time, on one browser timer that is reused. */
export class LazyTimer {
  private handle: ReturnType<typeof setTimeout> | undefined
  /** When the browser timer fires (performance.now()), or Infinity when none is pending. */
  private firesAt = Infinity
  /** When the callback is due, or Infinity when disarmed. */
  private due = Infinity
  private callback: (() => void) | null = null

  /** Calls `callback` once, `ms` from now, unless disarmed or armed again before: the newest arming wins. */
  arm(ms: number, callback: () => void): void {
    this.callback = callback
    this.due = performance.now() + Math.max(0, ms)
    if (this.firesAt > this.due) this.schedule(this.due)
  }

  /** True while a callback is waiting to be called. */
  get armed(): boolean {
    return this.callback !== null
  }

  /** Forgets the callback; the browser timer, if pending, fires into nothing (or serves the next arming). */
  disarm(): void {
    this.callback = null
    this.due = Infinity
  }

  /** Disarms and clears the browser timer: nothing is left to fire. */
  dispose(): void {
    this.disarm()
    clearTimeout(this.handle)
    this.handle = undefined
    this.firesAt = Infinity
  }

  private schedule(at: number): void {
    if (this.handle !== undefined) clearTimeout(this.handle)
    this.firesAt = at
    this.handle = setTimeout(() => this.fire(), Math.max(0, at - performance.now()))
  }

  private fire(): void {
    this.handle = undefined
    this.firesAt = Infinity
    const callback = this.callback
    if (!callback) return
    if (performance.now() < this.due) return this.schedule(this.due)
    this.disarm()
    callback()
  }
}
