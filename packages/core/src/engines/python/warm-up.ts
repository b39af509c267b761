// A Python engine restored from the memory snapshot skips interpreter start-up, and with it the thousands of
// calls that make V8 tier the hot wasm functions (the eval loop, the compiler) up from baseline code. Left
// alone, that tier-up happens during the reader's first few hundred runs: measured in Chromium 156, about
// 0.5 s of TurboFan work on the renderer's thread pool spread over the first 200 `print(1)` runs, which
// doubled their round trip. So a fresh engine warms itself up in the background, in small slices that
// never delay a run by more than one slice.

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
 * How many slices run, how far apart, and how many warm-up runs each slice makes (a slice is ~1-3 ms once
 * warm). The first slice waits a little, so the run a page makes right after load goes first. Measured: the
 * whole warm-up ends about 1.5 s after the engine is ready, and the next 200 `print(1)` runs then left 30-50 ms
 * of compile work on the thread pool instead of ~500 ms.
 */
const SLICES = 60
const SLICE_GAP_MS = 10
const FIRST_SLICE_AFTER_MS = 250
const RUNS_PER_SLICE = 3

/** What the warm-up needs from the engine. */
export interface WarmUpHooks {
  /** True while a run is queued or running: the slice waits for the engine to be idle. */
  busy(): boolean
  /** One warm-up run, queued like a real one; false when the engine can no longer run. */
  step(): Promise<boolean>
  /** Called once, when the warm-up is over. */
  done(): void
}

/** Starts warming the interpreter up in the background. */
export function startWarmUp(hooks: WarmUpHooks): void {
  let left = SLICES
  const slice = async () => {
    if (hooks.busy()) return void setTimeout(slice, SLICE_GAP_MS)
    for (let i = 0; i < RUNS_PER_SLICE; i++) {
      if (!(await hooks.step())) return hooks.done()
    }
    if (--left > 0) setTimeout(slice, SLICE_GAP_MS)
    else hooks.done()
  }
  setTimeout(slice, FIRST_SLICE_AFTER_MS)
}
