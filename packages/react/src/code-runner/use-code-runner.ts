import { useCallback, useEffect, useId, useRef } from 'react'
import { useStore } from 'zustand'
import type { EngineStage, Language, RunRequest, RunResult } from '@runcell/core'
import { useExecutionSwitch } from '../flags/index.js'
import { startRun, stopRun } from './state/run-controller.js'
import { forgetRunner, selectRunner, type RunnerOutput, type RunnerStatus } from './state/runner-store.js'
import { useRuncell, type RuncellConfig } from './state/runcell-context.js'

/** Options of `useCodeRunner`: what to run and how. */
export interface UseCodeRunnerOptions {
  language: Language
  /** The code `run()` runs when called without an argument. */
  code?: string
  /** Runs naming the same session share state. Without one (and without `setup`) every run is isolated. */
  session?: string
  /** Hidden code run once in the session before the first visible run. Without `session`, the runner gets its own. */
  setup?: string
  stdin?: string
  files?: RunRequest['files']
  timeoutMs?: number
  cache?: boolean
  /** Called as a run starts, with its request. */
  onRun?: (request: RunRequest) => void
  /** Called with every finished run's result. */
  onResult?: (result: RunResult) => void
  /** Runtime config when there is no `<RuncellProvider>` (the page-wide default runtime). */
  config?: RuncellConfig
}

/** What `useCodeRunner` returns: controls plus this runner's live state. */
export interface CodeRunnerHandle {
  /** Runs `code` (or the option's code). Resolves with the result; null when execution is switched off. */
  run(code?: string): Promise<RunResult | null>
  stop(): void
  /** Loads the language's engine ahead of the first run. */
  warmUp(): void
  status: RunnerStatus
  stage?: EngineStage
  /** Outputs so far (stdout and stderr merged per stream run, displays, tables), in order. */
  events: readonly RunnerOutput[]
  result: RunResult | null
  errorLine: number | null
  /** False when a flag turned execution off; `blockedMessage` says why. */
  allowed: boolean
  blockedMessage: string | null
}

/**
 * A runner without UI: the same runtime, store and flags as `<CodeRunner>`, for platforms that draw their own.
 * Only this component re-renders when its run changes.
 * @example
 * const { run, stop, status, events } = useCodeRunner({ language: 'python', code: 'print(6 * 7)' })
 */
export function useCodeRunner(options: UseCodeRunnerOptions): CodeRunnerHandle {
  const key = useId()
  const { runtime, store, messages } = useRuncell(options.config)
  const state = useStore(store, selectRunner(key))
  const execution = useExecutionSwitch(options.language)
  const latest = useRef(options)
  useEffect(() => {
    latest.current = options
  })

  useEffect(() => () => forgetRunner(store, key), [store, key])

  const languageName = messages.languages[options.language]
  const blockedMessage = execution.allowed ? null : messages.executionOff(languageName, execution.message)
  const allowed = execution.allowed

  const run = useCallback(
    async (code?: string): Promise<RunResult | null> => {
      if (!allowed) return null
      const o = latest.current
      const request: RunRequest = {
        language: o.language,
        code: code ?? o.code ?? '',
        session: o.session ?? (o.setup ? `runcell-setup${key}` : undefined),
        stdin: o.stdin,
        files: o.files,
        timeoutMs: o.timeoutMs,
        cache: o.cache,
      }
      o.onRun?.(request)
      const result = await startRun(runtime, store, key, { ...request, setup: o.setup }).result
      latest.current.onResult?.(result)
      return result
    },
    [allowed, runtime, store, key],
  )
  const stop = useCallback(() => stopRun(store, key), [store, key])
  const warmUp = useCallback(() => {
    if (allowed) runtime.warmUp(latest.current.language)
  }, [allowed, runtime])

  return {
    run,
    stop,
    warmUp,
    status: state.status,
    stage: state.stage,
    events: state.outputs,
    result: state.result,
    errorLine: state.errorLine,
    allowed,
    blockedMessage,
  }
}
