// A JIT warm-up for the Python engine, run while the reader isn't running anything. Pyodide started from a memory
// snapshot skips Python's boot, and with it the boot's side effect in V8: CPython's eval loop gets optimised (while
// Pyodide finishes starting) with the C helpers it calls through function pointers (PyObject_GetIter, GetAttr,
// IsTrue, RichCompare, PySequence_Contains, ...) inlined for the one type each had seen. Every later run that meets
// another type sends the eval loop back to baseline code, and a running call can't switch tiers, so the rest of
// that run stays slow: in Chromium, a 300,000-step loop took 21-50 ms in the runs after start-up against 15 ms
// in Pyodide started without the snapshot. These steps take the eval loop through those deopts now: a hot loop
// gets it optimised, then code that meets many types makes it deopt and widen its guesses, a few times over.
// Afterwards the same loop ran in 14-18 ms. (The helpers' own feedback can't be widened more cheaply: V8 starts
// recording it only after tens of thousands of calls.)

/** The namespace the steps run in; the engine drops it afterwards. */
export const WARM_UP_NAMESPACE = '\u0000jit-warm-up'

/** Gets the eval loop optimised: a loop long enough to spend V8's tier-up budget. */
const HOT = [
  'def hot():',
  '    n = 0',
  '    for i in range(60000):',
  '        n += i % 7',
  '    return n',
  'hot()',
].join('\n')

/** Meets a dozen types in each helper the optimised eval loop inlines. */
const DIVERSE = `
import collections
class _It:
    def __iter__(self): return iter(())
    def __contains__(self, x): return False
    def __len__(self): return 0
    def __eq__(self, o): return False
    def __lt__(self, o): return False
    def __getattr__(self, name): return None
    __hash__ = object.__hash__
_items = [[1], (1,), 'a', b'a', {1}, frozenset([1]), {1: 1}, range(2), collections.deque([1]), {1: 1}.keys(), _It(), bytearray(b'a')]
for _c in _items:
    for _x in _c: pass
    if _c: pass
    len(_c)
    ('a' if isinstance(_c, str) else b'a' if isinstance(_c, (bytes, bytearray)) else 1) in _c
    _c.__class__
    _c == _c
    try:
        _c < _c
    except TypeError:
        pass
for _f in (len, abs, str, repr, _It, lambda v: v, 'a'.upper, str.upper, dict.fromkeys, collections.deque):
    try:
        _f([1])
    except Exception:
        pass
`

/** Hot, then diverse, this many times: in Chromium 156 the deopts ended within three; the rest is margin. */
const CYCLES = 6

/** Time for V8 to finish optimising the eval loop after the hot step. */
const COMPILE_MS = 40

/** How long the engine must have been idle before a hot step runs: a reader's run waits for one step at most. */
const WARM_UP_IDLE_MS = 150

export interface WarmUpHost {
  /** Milliseconds since the engine last ran anything, or 0 while a run is queued or running. */
  idleFor(): number
  /** Runs one step's code in {@link WARM_UP_NAMESPACE}, through the engine's queue. */
  step(code: string): Promise<void>
  /** False once the engine is broken: the warm-up stops. */
  alive(): boolean
}

/** Runs the warm-up's steps, each only after {@link WARM_UP_IDLE_MS} of idleness, so no reader's run waits long. */
export async function warmUpJit(host: WarmUpHost): Promise<void> {
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    for (let idle = host.idleFor(); idle < WARM_UP_IDLE_MS; idle = host.idleFor()) {
      await new Promise((resolve) => setTimeout(resolve, WARM_UP_IDLE_MS - idle))
    }
    if (!host.alive()) return
    await host.step(HOT)
    await new Promise((resolve) => setTimeout(resolve, COMPILE_MS))
    if (host.idleFor() === 0 || !host.alive()) continue
    await host.step(DIVERSE)
  }
}
