/** When a runner loads its engine: at once, when it scrolls into view, or on the first Run. */
export type RunnerLoading = 'eager' | 'visible' | 'click'

/** What the Network Information API tells about the reader's link (Chromium has it; others don't). */
export interface ConnectionHints {
  saveData?: boolean
  effectiveType?: string
}

const SLOW_LINKS = new Set(['slow-2g', '2g', '3g'])

/**
 * True when the reader asked to save data or the link is slow: a Python engine is megabytes, so `visible`
 * then waits for the reader to touch the runner instead of downloading on scroll.
 */
export function constrainedConnection(
  connection: ConnectionHints | undefined = (globalThis.navigator as { connection?: ConnectionHints })
    ?.connection,
): boolean {
  if (!connection) return false
  return connection.saveData === true || SLOW_LINKS.has(connection.effectiveType ?? '')
}

/** Calls `warmUp` once on the first pointer press or focus inside the element. */
function warmUpOnIntent(element: Element, warmUp: () => void) {
  const events = ['pointerdown', 'focusin'] as const
  const onIntent = () => {
    for (const type of events) element.removeEventListener(type, onIntent)
    warmUp()
  }
  for (const type of events) element.addEventListener(type, onIntent)
  return () => {
    for (const type of events) element.removeEventListener(type, onIntent)
  }
}

/**
 * Calls `warmUp` once, according to `loading`; `visible` waits for the element to come near the viewport, or,
 * on a save-data or slow connection, for a press or focus in the runner. Returns the cleanup. No React here:
 * @runcell/elements schedules its warm-up with the same function.
 */
export function scheduleWarmUp(
  element: Element | null,
  loading: RunnerLoading,
  warmUp: () => void,
): (() => void) | undefined {
  if (loading === 'click') return
  if (element && loading === 'visible' && constrainedConnection()) return warmUpOnIntent(element, warmUp)
  if (loading === 'eager' || typeof IntersectionObserver === 'undefined') {
    warmUp()
    return
  }
  if (!element) return
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect()
        warmUp()
      }
    },
    // Start a little before the runner is on screen, so the engine is ready when the reader gets there.
    { rootMargin: '200px' },
  )
  observer.observe(element)
  return () => observer.disconnect()
}
