import { createStore, type StoreApi } from 'zustand/vanilla'
import type { EngineStage, EngineState, Language, RunEvent, RunResult, RunStatus } from '@runcell/core'

/** Where a runner is: idle, on its way (queued, loading, running, restarting), or how its last run ended. */
export type RunnerStatus = 'idle' | 'queued' | 'loading' | 'running' | 'restarting' | RunStatus

/** An output a runner shows: status events are folded into `status` and `stage` instead. */
export type RunnerOutput = Exclude<RunEvent, { type: 'status' }>

/** One runner's state in the store. A new object whenever it changes, so selectors compare by reference. */
export interface RunnerState {
  status: RunnerStatus
  stage?: EngineStage
  outputs: readonly RunnerOutput[]
  result: RunResult | null
  /** The error line of the last run, in the user's code. */
  errorLine: number | null
}

/** The state of one runtime's runners, keyed by runner, plus its engines' loading stages. */
export interface RuncellState {
  runners: Readonly<Record<string, RunnerState>>
  engines: Readonly<Partial<Record<Language, EngineState>>>
}

/** One vanilla zustand store per runtime. React reads it with selectors, so runners don't re-render each other. */
export type RuncellStore = StoreApi<RuncellState>

/** The state of a runner that never ran. Shared, so selecting it is stable. */
export const IDLE_RUNNER: RunnerState = Object.freeze({
  status: 'idle',
  outputs: Object.freeze([]) as readonly RunnerOutput[],
  result: null,
  errorLine: null,
})

/** Creates an empty store. */
export function createRuncellStore(): RuncellStore {
  return createStore<RuncellState>()(() => ({ runners: {}, engines: {} }))
}

/** Selects one runner's state; unchanged runners keep their object, so their components skip rendering. */
export function selectRunner(key: string): (state: RuncellState) => RunnerState {
  return (state) => state.runners[key] ?? IDLE_RUNNER
}

/** Replaces part of one runner's state. */
export function patchRunner(store: RuncellStore, key: string, patch: Partial<RunnerState>): void {
  store.setState((state) => ({
    runners: { ...state.runners, [key]: { ...(state.runners[key] ?? IDLE_RUNNER), ...patch } },
  }))
}

/** Appends outputs to a runner, merging text into the previous chunk of the same stream. */
export function appendOutputs(store: RuncellStore, key: string, added: readonly RunnerOutput[]): void {
  if (added.length === 0) return
  store.setState((state) => {
    const runner = state.runners[key] ?? IDLE_RUNNER
    const outputs = [...runner.outputs]
    for (const output of added) {
      const last = outputs[outputs.length - 1]
      if (last && (output.type === 'stdout' || output.type === 'stderr') && last.type === output.type) {
        outputs[outputs.length - 1] = { type: output.type, text: last.text + output.text }
      } else {
        outputs.push(output)
      }
    }
    return { runners: { ...state.runners, [key]: { ...runner, outputs } } }
  })
}

/** Drops a runner's state when its component goes away. */
export function forgetRunner(store: RuncellStore, key: string): void {
  store.setState((state) => {
    if (!(key in state.runners)) return state
    const runners = { ...state.runners }
    delete runners[key]
    return { runners }
  })
}
