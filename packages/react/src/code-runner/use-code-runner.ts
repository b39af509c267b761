import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react'
import type {
  EngineStage,
  Language,
  RunnerOptions,
  RunnerOutput,
  RunnerStatus,
  RunCheck,
  RunRequest,
  RunResult,
} from '@runcell/core'
import { useExecutionSwitch } from '../flags/index.js'
import type { RuncellConfig } from './state/runcell-context.js'
import { useRuncell } from './state/use-runcell.js'
import { useEngineStage } from './state/use-engine-stage.js'

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
  /**
   * Runs `code` (or the option's code). Resolves with the result; null when execution is switched off. With
   * `check`, the run is checked and the verdict is `result.check` (what `<Exercise>`'s Check button does).
   */
  run(code?: string, extra?: { check?: RunCheck }): Promise<RunResult | null>
  stop(): void
  /** Loads the language's engine ahead of the first run. */
  warmUp(): void
  status: RunnerStatus
  /** A run is under way (queued, loading, installing, running or restarting): offer Stop, not Run. */
  busy: boolean
  stage?: EngineStage
  /** Outputs so far (stdout and stderr merged per stream run, displays, tables), in order. */
  events: readonly RunnerOutput[]
  result: RunResult | null
  errorLine: number | null
  /** The run waits for the reader to answer this prompt; null otherwise. Answer with `sendInput`. */
  inputRequest: { readonly prompt: string } | null
  /** The Python package being installed, while `status` is `installing`. */
  installing?: string
  /** Answers the pending input request with one line of text. */
  sendInput(text: string): void
  /** False when a flag turned execution off; `blockedMessage` says why. */
  allowed: boolean
  blockedMessage: string | null
}

function runnerOptions(o: UseCodeRunnerOptions): RunnerOptions {
  const { language, code, session, setup, stdin, files, timeoutMs, cache } = o
  return { language, code, session, setup, stdin, files, timeoutMs, cache }
}

/**
 * A runner without UI: the same runtime and flags as `<CodeRunner>`, for platforms that draw their own. It reads
 * the runtime's per-snippet controller (`runtime.createRunner`) with `useSyncExternalStore`, so only this
 * component re-renders when its run changes.
 * @example
 * const { run, stop, status, events } = useCodeRunner({ language: 'python', code: 'print(6 * 7)' })
 */
export function useCodeRunner(options: UseCodeRunnerOptions): CodeRunnerHandle {
  const { runtime, messages } = useRuncell(options.config)
  // One controller per runtime; later options reach it through setOptions below, as TanStack's observers do.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const runner = useMemo(() => runtime.createRunner(runnerOptions(options)), [runtime])
  const snapshot = useSyncExternalStore(runner.subscribe, runner.getSnapshot, runner.getSnapshot)
  // The loading stage has one route, the runtime's engine state; a run only says that it is loading.
  const engineStage = useEngineStage(runtime, options.language)
  const execution = useExecutionSwitch(options.language)
  const latest = useRef(options)
  useEffect(() => {
    latest.current = options
    runner.setOptions(runnerOptions(options))
  })

  const languageName = messages.languages[options.language]
  const blockedMessage = execution.allowed ? null : messages.executionOff(languageName, execution.message)
  const allowed = execution.allowed

  const run = useCallback(
    async (code?: string, extra?: { check?: RunCheck }): Promise<RunResult | null> => {
      if (!allowed) return null
      const request = {
        ...(code === undefined ? {} : { code }),
        ...(extra?.check ? { check: extra.check } : {}),
      }
      const pending = runner.run(Object.keys(request).length > 0 ? request : undefined)
      const started = runner.getSnapshot().request
      if (started) latest.current.onRun?.(started)
      const result = await pending
      latest.current.onResult?.(result)
      return result
    },
    [allowed, runner],
  )
  const warmUp = useCallback(() => {
    if (allowed) runtime.warmUp(latest.current.language)
  }, [allowed, runtime])

  return {
    run,
    stop: runner.stop,
    warmUp,
    status: snapshot.status,
    busy: snapshot.busy,
    stage: snapshot.status === 'loading' && engineStage !== 'idle' ? engineStage : undefined,
    events: snapshot.outputs,
    result: snapshot.result,
    errorLine: snapshot.errorLine,
    inputRequest: snapshot.inputRequest,
    installing: snapshot.installing,
    sendInput: runner.sendInput,
    allowed,
    blockedMessage,
  }
}
