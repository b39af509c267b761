// @runcell/react: <CodeRunner>, its hook and its provider. Flags and the monitoring dashboard are other audiences
// with their own entries: @runcell/react/flags and @runcell/react/monitoring.
export { CodeRunner, DEFAULT_MESSAGES, RuncellProvider, useCodeRunner } from './code-runner/index.js'
export type {
  CodeRunnerHandle,
  CodeRunnerMessageOverrides,
  CodeRunnerMessages,
  CodeRunnerProps,
  FeedbackTarget,
  RuncellConfig,
  RuncellProviderProps,
  RunnerLoading,
  RunnerTheme,
  UseCodeRunnerOptions,
} from './code-runner/index.js'
