// A loaded spare engine for slots whose engine is slow to start (Python): a restart takes it over instead of
// waiting for a full start. At most one, so a busy page keeps at most two interpreters per language.
import type { EngineHandle } from './engine-handle.js'
import { LazyTimer } from './lazy-timer.js'

/**
 * A run still going after this long (or half its timeout, if shorter) may well end in a restart, so a spare
 * starts loading in the background meanwhile, on the other core, instead of after the restart.
 */
export const SPARE_AFTER_MS = 1_000

/** Holds at most one spare engine, started by `start`, and decides when one is worth its memory. */
export class SparePool {
  private spare: EngineHandle | null = null
  private restarted = false
  private readonly timer = new LazyTimer()

  /** `enabled`: whether the engine keeps a spare at all (its descriptor's `keepsSpare`). */
  constructor(
    private readonly enabled: boolean,
    private readonly start: () => EngineHandle,
  ) {}

  /** True when a spare is started (loaded or still loading). */
  get holding(): boolean {
    return this.spare !== null
  }

  /** Takes the spare, if there is one; the caller now owns it. */
  take(): EngineHandle | null {
    const spare = this.spare
    this.spare = null
    return spare
  }

  /** Tells the pool the engine was thrown away once: from then on a spare is kept after every start. */
  noteRestart(): void {
    this.restarted = true
  }

  /** Called when the engine in use became ready: refills the pool once restarts have shown it is needed. */
  afterReady(): void {
    if (this.restarted) this.fill()
  }

  /**
   * Called when a run starts: fills the pool if the run is still going after {@link SPARE_AFTER_MS} (or half its
   * timeout). Returns the function that cancels this, for when the run ends first. Runs go one at a time: a
   * call replaces the one before it.
   */
  fillDuring(timeoutMs: number): () => void {
    if (!this.enabled) return () => {}
    this.timer.arm(Math.min(SPARE_AFTER_MS, timeoutMs / 2), () => this.fill())
    return () => this.timer.disarm()
  }

  /** Terminates the spare: the runner page goes away. */
  dispose(): void {
    this.timer.dispose()
    terminateQuietly(this.take())
  }

  private fill(): void {
    if (!this.enabled || this.spare) return
    const spare = this.start()
    this.spare = spare
    spare.loaded.catch(() => {
      terminateQuietly(spare)
      if (this.spare === spare) this.spare = null
    })
  }
}

/** Terminates a worker; a handle that throws while doing so has nothing left to say. */
export function terminateQuietly(handle: EngineHandle | null): void {
  try {
    handle?.terminate()
  } catch {
    // Nothing to do: the handle is dropped either way.
  }
}
