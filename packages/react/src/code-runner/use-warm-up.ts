import { useEffect, type RefObject } from 'react'
import { scheduleWarmUp, type RunnerLoading } from './warm-up-schedule.js'

export { constrainedConnection, type ConnectionHints, type RunnerLoading } from './warm-up-schedule.js'

/** Warms the engine once, according to `loading` (see `scheduleWarmUp`), while `enabled`. */
export function useWarmUp(
  loading: RunnerLoading,
  ref: RefObject<Element | null>,
  warmUp: () => void,
  enabled: boolean,
) {
  useEffect(() => {
    if (!enabled) return
    return scheduleWarmUp(ref.current, loading, warmUp)
  }, [loading, ref, warmUp, enabled])
}
