// The real interrupt: on cross-origin isolated pages the runner shares a SharedArrayBuffer with this worker
// and writes 2 (SIGINT) into it to stop a run. CPython reads that slot from its eval loop through the
// object installed by eval-tick.ts, so Python raises KeyboardInterrupt and the interpreter, with every
// session's variables, survives. Elsewhere there is no shared memory and the runner terminates the worker.

let signals: Int32Array | null = null

/** Uses `buffer` (from EngineInitOptions.interruptBuffer) as the interrupt signal from now on. */
export function useInterruptBuffer(buffer: SharedArrayBuffer | undefined): void {
  signals = buffer ? new Int32Array(buffer) : null
}

/** The pending signal (2 for SIGINT), or 0. */
export function readSignal(): number {
  return signals ? Atomics.load(signals, 0) : 0
}

/** CPython clears the slot once it has seen a signal. */
export function writeSignal(value: number): void {
  if (signals) Atomics.store(signals, 0, value)
}
