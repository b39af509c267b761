import { healthDocument, type HealthDocument } from './health'

/** How {@link createHealthSnapshots} checks: what to run, how often, and when a result is too old to trust. */
export interface HealthSnapshotOptions {
  /** Runs one health check; it must settle on its own (each dependency check has a timeout). */
  evaluate: () => Promise<HealthDocument>
  /** Milliseconds between checks. */
  intervalMs: number
  /** A snapshot older than this is served as a fail: the check that should have replaced it is stuck. */
  staleAfterMs: number
  /** Called on each tick that finds the last snapshot stale, for alerting. */
  onStale?: () => void
  now?: () => number
}

/** The health document of a process, checked in the background and read from memory by the probes. */
export interface HealthSnapshots {
  /** Runs the first check at once and then one every interval; resolves when the first one has finished. */
  start(): Promise<void>
  stop(): void
  /** Asks for a check that starts after this call (a switch changed); probes wait for it before answering. */
  refresh(): void
  /** The document to serve now: the last check, or a fail when there is none or it is stale. */
  current(): HealthDocument
  /** {@link current}, after any check asked for with {@link refresh} (bounded by `staleAfterMs`). */
  settled(): Promise<HealthDocument>
}

/** The name of the check a stale or missing snapshot adds. */
export const SNAPSHOT_AGE_CHECK = 'health:snapshotAge'

/**
 * Creates background health snapshots. Probes are answered from memory, so a flood of probes costs no database
 * round trips, and a hung check cannot look healthy: past `staleAfterMs` the old document is reported as a fail.
 */
export function createHealthSnapshots(options: HealthSnapshotOptions): HealthSnapshots {
  const now = options.now ?? Date.now
  const createdAt = now()
  let last: { document: HealthDocument; at: number } | null = null
  let running: Promise<void> | null = null
  let changed: Promise<void> | null = null
  let timer: ReturnType<typeof setInterval> | undefined

  const check = (): Promise<void> => {
    if (running) return running
    const at = now()
    running = options
      .evaluate()
      .then((document) => {
        last = { document, at }
      })
      .catch(() => {})
      .finally(() => {
        running = null
      })
    return running
  }

  const current = (): HealthDocument => {
    const age = now() - (last?.at ?? createdAt)
    if (last && age <= options.staleAfterMs) return last.document
    return staleDocument(last?.document ?? null, age, new Date(now()).toISOString())
  }

  return {
    start() {
      timer ??= setInterval(() => {
        if (last === null || now() - last.at > options.staleAfterMs) options.onStale?.()
        void check()
      }, options.intervalMs)
      timer.unref?.()
      return check()
    },
    stop() {
      clearInterval(timer)
      timer = undefined
    },
    refresh() {
      // The check running now may have read the switches before they changed: run one more after it.
      const next = (running ?? Promise.resolve()).then(check)
      changed = next
      void next.finally(() => {
        if (changed === next) changed = null
      })
    },
    current,
    async settled() {
      if (changed) {
        let timeout: ReturnType<typeof setTimeout> | undefined
        await Promise.race([
          changed,
          new Promise((resolve) => (timeout = setTimeout(resolve, options.staleAfterMs))),
        ])
        clearTimeout(timeout)
      }
      return current()
    },
  }
}

/** The last document turned into a fail, with a check saying how old it is (or that no check finished yet). */
function staleDocument(last: HealthDocument | null, ageMs: number, time: string): HealthDocument {
  return healthDocument('fail', {
    ...last?.checks,
    [SNAPSHOT_AGE_CHECK]: [
      {
        componentType: 'system',
        status: 'fail',
        observedValue: ageMs,
        observedUnit: 'ms',
        output: last
          ? 'The last health check is too old; a check is stuck.'
          : 'No health check has finished yet.',
        time,
      },
    ],
  })
}
