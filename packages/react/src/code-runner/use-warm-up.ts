import { useEffect, type RefObject } from 'react'

/** When a runner loads its engine: at once, when it scrolls into view, or on the first Run. */
export type RunnerLoading = 'eager' | 'visible' | 'click'

/** Calls `warmUp` once, according to `loading`; `visible` waits for the element to come near the viewport. */
export function useWarmUp(
  loading: RunnerLoading,
  ref: RefObject<Element | null>,
  warmUp: () => void,
  enabled: boolean,
) {
  useEffect(() => {
    if (!enabled || loading === 'click') return
    if (loading === 'eager' || typeof IntersectionObserver === 'undefined') return warmUp()
    const element = ref.current
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
  }, [loading, ref, warmUp, enabled])
}
