// No React here: the status sentence is shared with @runcell/elements, which bundles this file as is.
import type { EngineState, RunnerStatus, RunResult } from '@runcell/core'
import type { CodeRunnerMessages } from '../messages.js'

/** What the status line says, from the runner's status, its engine, and the last result. */
export function statusText(options: {
  status: RunnerStatus
  stage?: EngineState['stage']
  engine?: EngineState
  result: RunResult | null
  /** The package an `installing` status names. */
  installing?: string | null
  languageName: string
  messages: CodeRunnerMessages
}): string {
  const { status, result, messages, languageName } = options
  const s = messages.status
  const stage = options.stage ?? options.engine?.stage
  switch (status) {
    case 'idle':
      if (stage && stage !== 'idle' && stage !== 'ready')
        return s.loading(languageName, messages.stages[stage])
      return s.idle
    case 'loading':
      return s.loading(languageName, messages.stages[stage && stage !== 'idle' ? stage : 'download'])
    case 'installing':
      return s.installing(options.installing ?? '')
    case 'queued':
    case 'running':
    case 'restarting':
      return s[status]
    default: {
      const text = s[status](messages.duration(result?.durationMs ?? 0))
      return result?.cached ? `${text} ${messages.cached}` : text
    }
  }
}
