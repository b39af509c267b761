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
// Exercises for course platforms: a runner with a hidden check, hints, a solution and per-exercise progress.
export { Exercise, useExerciseProgress } from './exercise/index.js'
export type { CourseProgress, ExerciseCheckInfo, ExerciseProgress, ExerciseProps } from './exercise/index.js'
