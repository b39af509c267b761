// Timers a run schedules belong to that run: when the run ends they are cancelled, so a leftover interval can't
// keep running between runs, write into a later run's output, or patch what a later run sees. The worker's
// timer functions are replaced once, when it starts and before any user code, by versions that record each
// timer under the run that is going; the originals stay in this closure. A timer asked for while no run is going
// (from a callback that escaped through a message channel, say) is never scheduled.
import { objectCreate, reflectApply } from './primordials.js'

/** Starts and ends a run's ownership of timers. */
export interface RunTimers {
  /** Timers scheduled from now on belong to the run that starts. */
  begin(): void
  /** Cancels every timer of the run that ends; returns how many were still pending. */
  end(): number
}

type Owned = Record<number, true>
type Scheduler = (handler: unknown, ms?: number, ...args: unknown[]) => number
type Canceller = (id?: number) => void

/** Replaces the worker's timer functions with run-owned ones. Call once, in the worker, before user code. */
export function confineTimers(global: Record<string, unknown>): RunTimers {
  let current: Owned | null = null
  const wrap = (schedule: Scheduler, once: boolean): Scheduler =>
    function (this: unknown, handler: unknown, ms?: number, ...args: unknown[]): number {
      const owned = current
      if (!owned) return 0
      let id = 0
      const callback =
        typeof handler === 'function'
          ? function (this: unknown) {
              if (once) delete owned[id]
              return reflectApply(handler as (...a: unknown[]) => unknown, this, args)
            }
          : handler
      id = reflectApply(schedule, global, [callback, ms])
      owned[id] = true
      return id
    }
  const cancel =
    (native: Canceller): Canceller =>
    (id) => {
      if (typeof id === 'number' && current) delete current[id]
      reflectApply(native, global, [id])
    }
  const nativeClearTimeout = global.clearTimeout as Canceller
  const nativeClearInterval = global.clearInterval as Canceller
  global.setTimeout = wrap(global.setTimeout as Scheduler, true)
  global.setInterval = wrap(global.setInterval as Scheduler, false)
  global.clearTimeout = cancel(nativeClearTimeout)
  global.clearInterval = cancel(nativeClearInterval)
  const nativeFrame = global.requestAnimationFrame as ((cb: unknown) => number) | undefined
  const nativeCancelFrame = global.cancelAnimationFrame as Canceller | undefined
  if (nativeFrame && nativeCancelFrame) {
    global.requestAnimationFrame = wrap((cb) => reflectApply(nativeFrame, global, [cb]), true)
    global.cancelAnimationFrame = cancel(nativeCancelFrame)
  }
  return {
    begin() {
      current = objectCreate(null) as Owned
    },
    end() {
      const owned = current
      current = null
      let pending = 0
      if (!owned) return pending
      for (const key in owned) {
        const id = +key
        pending++
        // Timeout and interval ids share one pool in browsers; animation frames have their own.
        reflectApply(nativeClearTimeout, global, [id])
        reflectApply(nativeClearInterval, global, [id])
        if (nativeCancelFrame) reflectApply(nativeCancelFrame, global, [id])
      }
      return pending
    },
  }
}
