// Public exports of this area; the package index re-exports everything here.
export { CodeRunner } from './CodeRunner.js'
export type { CodeRunnerProps } from './CodeRunner.js'
export { useCodeRunner } from './use-code-runner.js'
export type { CodeRunnerHandle, UseCodeRunnerOptions } from './use-code-runner.js'
export {
  RuncellProvider,
  useRuncell,
  getDefaultRuncell,
  DEFAULT_ASSETS_BASE_URL,
} from './state/runcell-context.js'
export type { Runcell, RuncellConfig, RuncellProviderProps, RunnerTheme } from './state/runcell-context.js'
export { DEFAULT_MESSAGES, mergeMessages } from './messages.js'
export type { CodeRunnerMessageOverrides, CodeRunnerMessages } from './messages.js'
export { parseShareFragment, shareFragment, shareUrl } from './state/share.js'
export { persistenceKey } from './state/persistence.js'
export type { FeedbackTarget } from './FeedbackControl.js'
export type { RunnerLoading } from './use-warm-up.js'
