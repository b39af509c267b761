// A Python engine restored from the memory snapshot skips interpreter start-up, and with it the thousands of
// calls that make V8 tier the hot wasm functions (the eval loop, the compiler) up from baseline code. Left
// alone, that tier-up happens during the reader's first few hundred runs: measured in Chromium 156, about
// 0.5 s of TurboFan work on the renderer's thread pool spread over the first 200 `print(1)` runs, which
// doubled their round trip, and made a first CPU-bound run half again as slow. So a fresh engine warms itself
// up in the background while nobody runs code, in small slices that never delay a run by more than one slice.

/** Python that exercises what most snippets use: compiling, calls, loops, strings, containers, errors. */
export const WARM_UP_SOURCE = String.raw`
def _runcell_warm(n):
    words = [f'{i:>3}:{i * 1.5:.2f}' for i in range(n)]
    table = {w: len(w) for w in words}
    total = sum(v for v in table.values() if v % 2 == 0)
    text = ' '.join(sorted(words, key=str.lower)).upper().split()
    try:
        {}['missing']
    except KeyError as error:
        total += len(repr(error))
    class Point:
        def __init__(self, x, y):
            self.x, self.y = x, y
        def __repr__(self):
            return f'Point({self.x}, {self.y})'
    points = [Point(i, -i) for i in range(n // 4)]
    print(len(text), total, points[:2], max(words), min(table, key=table.get))
    return total

_runcell_warm(64)
`

/**
 * How many slices run, and how many warm-up runs each makes (a slice is ~1-3 ms once warm). The warm-up waits
 * for 3 s without runs, so it never competes with the page's own start-up or with a reader who is running
 * code; between slices it waits for 100 ms without runs, so it takes 6-7 s in all. Measured (with 10 ms gaps):
 * afterwards 200 `print(1)` runs left 30-50 ms of compile work on the thread pool instead of ~500 ms, and a
 * first CPU-bound run (a million-step loop) took 234 ms instead of 355 ms.
 */
const SLICES = 60
const RUNS_PER_SLICE = 3
const IDLE_BEFORE_START_MS = 3_000
const IDLE_BEFORE_SLICE_MS = 100

/** What the warm-up needs from the engine. */
export interface WarmUpHooks {
  /** Milliseconds since the engine last ran a run; 0 while a run is queued or running. */
  idleMs(): number
  /** One warm-up run, queued like a real one; false when the engine can no longer run. */
  step(): Promise<boolean>
  /** Called once, when the warm-up is over. */
  done(): void
}

/** Starts warming the interpreter up in the background, once the engine has been idle for a while. */
export function startWarmUp(hooks: WarmUpHooks): void {
  let left = SLICES
  const slice = async () => {
    const wanted = left === SLICES ? IDLE_BEFORE_START_MS : IDLE_BEFORE_SLICE_MS
    const idle = hooks.idleMs()
    if (idle < wanted) return void setTimeout(slice, Math.max(10, wanted - idle))
    for (let i = 0; i < RUNS_PER_SLICE; i++) {
      if (!(await hooks.step())) return hooks.done()
    }
    if (--left > 0) setTimeout(slice, IDLE_BEFORE_SLICE_MS)
    else hooks.done()
  }
  setTimeout(slice, IDLE_BEFORE_START_MS)
}
