import { forwardRef, useCallback, type ReactNode } from 'react'
import type { CheckResult, RunCheck } from '@runcell/core'
import type { CodeRunnerProps } from '../code-runner/CodeRunner.js'
import { StatusLine } from '../code-runner/output/StatusLine.js'
import { RunnerControls } from '../code-runner/RunnerControls.js'
import {
  copyText,
  RunnerEditor,
  RunnerOutputArea,
  runnerStatus,
  useRunnerShell,
} from '../code-runner/runner-shell.js'
import { useCodeRunner } from '../code-runner/use-code-runner.js'
import { useCodeValue } from '../code-runner/use-code-value.js'
import { useWarmUp } from '../code-runner/use-warm-up.js'
import { CheckPanel } from './CheckPanel.js'
import { ExerciseHelp } from './ExerciseHelp.js'
import { useExerciseState, type ExerciseCheckInfo } from './use-exercise-state.js'

/** The props `<Exercise>` shares with `<CodeRunner>`, meaning the same there. */
type SharedProps = Pick<
  CodeRunnerProps,
  | 'language'
  | 'title'
  | 'session'
  | 'stdin'
  | 'files'
  | 'timeoutMs'
  | 'loading'
  | 'lineNumbers'
  | 'minLines'
  | 'maxLines'
  | 'onRun'
  | 'onResult'
  | 'className'
  | 'theme'
  | 'messages'
  | 'config'
>

/** Props of `<Exercise>`: a runner with a prompt, a hidden check, hints and a solution. */
export interface ExerciseProps extends SharedProps {
  /** Names the exercise: its progress in localStorage, the saved edit and the element id. */
  id: string
  /** The prompt: what the learner is asked to do. */
  children?: ReactNode
  /** The starter code: what the editor opens with and what Reset restores. */
  code?: string
  /** The hidden check whose verdict the Check button shows (see `RunCheck` in @runcell/core). */
  check: RunCheck
  /** Hints, revealed one at a time on request. */
  hints?: readonly ReactNode[]
  /** The solution's code, revealed on request. */
  solution?: string
  /** Checks (pass or fail) the learner makes before the solution can be revealed; default 0. */
  solutionAfterAttempts?: number
  /** Called with each verdict, and the learner's attempts, hints used and whether the solution was shown. */
  onCheck?: (result: CheckResult, info: ExerciseCheckInfo) => void
  /** Hidden code run before the learner's, e.g. an earlier exercise's solution this one builds on. */
  setup?: string
  /** Keep the learner's edits in localStorage (default true). */
  persist?: boolean
}

/**
 * The full exercise: the editor, Run and Check, the verdict panel, hints and solution. `<Exercise>` loads it (with
 * the editor and the runtime) after it mounts, so pages that show no exercise don't download them.
 */
export const ExerciseView = forwardRef<HTMLDivElement, ExerciseProps>(function ExerciseView(props, ref) {
  const { id, language, loading = 'visible' } = props
  const original = props.code ?? ''
  const shell = useRunnerShell(props, ref)
  const { messages, rootRef, uid, languageName } = shell
  const { code, setCode, reset } = useCodeValue({ original, id, persist: props.persist ?? true })
  const runner = useCodeRunner({
    language,
    code,
    session: props.session,
    setup: props.setup,
    stdin: props.stdin,
    files: props.files,
    timeoutMs: props.timeoutMs,
    onRun: props.onRun,
    onResult: props.onResult,
    config: props.config,
  })
  const { busy } = runner
  const exercise = useExerciseState({
    id,
    check: props.check,
    hints: props.hints?.length ?? 0,
    solutionAfterAttempts: props.solutionAfterAttempts ?? 0,
    onCheck: props.onCheck,
    messages: messages.exercise,
  })
  const { run } = runner
  const runNow = useCallback(
    (text?: string) => {
      exercise.supersede()
      void run(text)
    },
    [run, exercise],
  )
  const checkNow = () => {
    if (busy || !runner.allowed) return
    void exercise.checkWith((check) => run(code, { check }))
  }
  useWarmUp(loading, rootRef, runner.warmUp, runner.allowed)

  const { progress, checking } = exercise
  const titleId = `${uid}-title`

  return (
    <div
      ref={rootRef}
      id={id}
      className={['rc-runner', 'rc-exercise', props.className].filter(Boolean).join(' ')}
      data-theme={shell.theme}
      data-language={language}
      data-status={runner.status}
      data-check={progress.lastCheck?.status}
      data-passed={progress.passed ? 'true' : undefined}
      role="group"
      aria-labelledby={props.title ? titleId : undefined}
      aria-label={props.title ? undefined : messages.runnerLabel(languageName)}
    >
      <div className="rc-header">
        {props.title && (
          <span className="rc-title" id={titleId}>
            {props.title}
          </span>
        )}
        {progress.passed && (
          <span className="rc-exercise-badge">
            <span aria-hidden="true">✓ </span>
            {messages.exercise.solved}
          </span>
        )}
        <span className="rc-language">{languageName}</span>
      </div>
      {props.children && <div className="rc-exercise-prompt">{props.children}</div>}
      <RunnerEditor
        language={language}
        code={code}
        onChange={setCode}
        onRun={runNow}
        readOnly={false}
        lineNumbers={props.lineNumbers ?? true}
        minLines={props.minLines}
        maxLines={props.maxLines}
        errorLine={runner.errorLine}
        languageName={languageName}
        messages={messages}
        uid={uid}
      />
      {runner.allowed ? (
        <RunnerControls
          busy={busy}
          allowed={runner.allowed}
          canShare={false}
          onRun={() => runNow(code)}
          onStop={runner.stop}
          onReset={reset}
          onCopy={() => copyText(code)}
          onShare={async () => false}
          messages={messages}
          extra={
            <button
              type="button"
              className="rc-button rc-check"
              aria-disabled={busy ? true : undefined}
              onClick={checkNow}
            >
              {checking ? messages.exercise.checking : messages.exercise.check}
            </button>
          }
        />
      ) : (
        <p className="rc-blocked" role="note">
          {runner.blockedMessage}
        </p>
      )}
      <StatusLine text={runnerStatus(runner, shell)} status={runner.status} />
      <p className="rc-visually-hidden" role="status" aria-live="polite">
        {exercise.announcement}
      </p>
      {progress.lastCheck && (
        <CheckPanel verdict={progress.lastCheck} attempts={progress.attempts} messages={messages.exercise} />
      )}
      <RunnerOutputArea runner={runner} messages={messages} />
      <ExerciseHelp
        language={language}
        hints={props.hints ?? []}
        hintsUsed={Math.min(progress.hintsUsed, props.hints?.length ?? 0)}
        solution={props.solution}
        solutionShown={progress.solutionShown}
        solutionLockedFor={exercise.solutionLockedFor}
        onHint={exercise.revealHint}
        onSolution={exercise.revealSolution}
        onUseSolution={() => props.solution !== undefined && setCode(props.solution)}
        messages={messages.exercise}
      />
    </div>
  )
})
