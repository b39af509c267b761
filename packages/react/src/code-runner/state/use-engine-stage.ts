import { useCallback, useSyncExternalStore } from 'react'
import type { EngineState, Language, Runtime } from '@runcell/core'

/**
 * The loading stage of one language's engine, read straight from the runtime. Only a change of this language's
 * stage re-renders the caller; the stage is a string, so an unchanged one compares equal.
 */
export function useEngineStage(runtime: Runtime, language: Language): EngineState['stage'] {
  const subscribe = useCallback(
    (changed: () => void) =>
      runtime.subscribe((which) => {
        if (which === language) changed()
      }),
    [runtime, language],
  )
  const stage = () => runtime.getEngineState(language).stage
  return useSyncExternalStore(subscribe, stage, stage)
}
