// @runcell/core: the runtime that runs snippets in the sandboxed runner. Flags, the monitor and feedback are other
// audiences with their own entries: @runcell/core/flags, @runcell/core/monitor and @runcell/core/feedback.
export type {
  CellValue,
  CheckResult,
  CheckStatus,
  DisplayEvent,
  DisplayMime,
  EngineStage,
  ExpectedResult,
  Language,
  RunCheck,
  RunError,
  RunEvent,
  RunOutput,
  RunRequest,
  RunResult,
  RunStatus,
  StatusEvent,
  StreamEvent,
  TableEvent,
} from './protocol/types.js'
export { CHECK_STATUSES, LANGUAGES } from './protocol/types.js'
export { DEFAULT_LIMITS } from './protocol/limits.js'
export { RuncellError } from './errors.js'
export type { RuncellErrorCode } from './errors.js'
export type { ExecutionObserver, ExecutionOutcome, ExecutionRecord } from './monitor/record.js'
export { EXECUTION_OUTCOMES } from './monitor/record.js'
export { hashCode } from './monitor/hash.js'
export { createRuntime } from './host/runtime.js'
export { runnerCsp } from './protocol/runner-csp.js'
export type { EngineState, Execution, Runtime } from './host/runtime.js'
export type {
  RunnerOptions,
  RunnerOutput,
  RunnerRequest,
  RunnerSnapshot,
  RunnerStatus,
  SnippetRunner,
} from './host/snippet-runner.js'
export type { ResolvedRuntimeConfig, RuntimeConfig } from './host/runtime-config.js'
export type { ResultCacheOptions } from './host/result-cache.js'
