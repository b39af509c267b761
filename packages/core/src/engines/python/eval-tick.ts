// A synchronous Python run gives the worker's event loop no turn, so output batched on the JS side would sit
// there until the run ends. CPython built for Emscripten reads `Py_EmscriptenSignalBuffer[0]` from its eval
// loop every 50 checks (about 200,000 times a second of bytecode), and Pyodide's setInterruptBuffer installs
// any object there. An object with a getter turns that read into a clock tick; it cost about 5% on a tight
// bytecode loop in Chromium. On cross-origin isolated pages the same object also passes on the runner's
// real interrupt signal from a SharedArrayBuffer (interrupt.ts).
import type { PyodideAPI } from 'pyodide'
import { readSignal, writeSignal } from './interrupt.js'

/** How many eval-loop reads pass between two looks at the clock. */
const READS_PER_CHECK = 64

/** Whether the runner's interrupt reached Python. */
export interface InterruptSeen {
  /** True once Python has been handed the runner's signal since the last `reset`. */
  seen(): boolean
  reset(): void
}

/**
 * Calls `tick` about every `everyMs` while Python code runs, from inside the interpreter's eval loop. The
 * callback must stay in JS: calling back into Python from there would re-enter the interpreter.
 */
export function installEvalTick(pyodide: PyodideAPI, everyMs: number, tick: () => void): InterruptSeen {
  let reads = 0
  let last = performance.now()
  let delivered = false
  let seen = false
  const signals = {
    get 0(): number {
      if (++reads < READS_PER_CHECK) return 0
      reads = 0
      const now = performance.now()
      if (now - last >= everyMs) {
        last = now
        tick()
      }
      // Looked at with the clock only: a few thousand times a second is prompt enough for a Stop.
      const signal = readSignal()
      delivered = signal !== 0
      seen ||= delivered
      return signal
    },
    set 0(signal: number) {
      // CPython writes 0 after every read; clearing the shared slot then would drop a signal the runner
      // wrote between two looks. Only a signal that was delivered is cleared.
      if (delivered) writeSignal(signal)
      delivered = false
    },
  }
  pyodide.setInterruptBuffer(signals as unknown as Int32Array)
  return { seen: () => seen, reset: () => void (seen = false) }
}
