import { forwardRef, useEffect, useId, useState, type ReactNode, type Ref } from 'react'
import { StaticCode } from '../code-runner/editor/StaticCode.js'
import { useRuncellLook } from '../code-runner/state/runcell-context.js'
import { useRunnerTheme } from '../code-runner/state/use-runner-theme.js'
import { CheckPanel } from './CheckPanel.js'
import type { ExerciseProps, ExerciseView as View } from './ExerciseView.js'
import { useStoredProgress } from './use-exercise-progress.js'

export type { ExerciseProps } from './ExerciseView.js'

type ViewComponent = typeof View

// The editor (CodeMirror), the runtime and the output renderers load behind this import, as <CodeRunner>'s do,
// so a page that imports Exercise and shows none downloads only this file. Loaded once per page.
let viewModule: Promise<ViewComponent> | null = null
function loadView(): Promise<ViewComponent> {
  viewModule ??= import('./ExerciseView.js').then(
    (m) => m.ExerciseView,
    (error: unknown) => {
      viewModule = null // a failed chunk download may succeed on the next mount
      throw error
    },
  )
  return viewModule
}

/**
 * An exercise: a prompt, an editor with the starter code, Run and Check, a pass/fail panel announced to screen
 * readers, hints one at a time and a solution. Progress (passed, attempts, hints used) is kept per `id` in
 * localStorage; read a course's with `useExerciseProgress`. The check runs hidden, in a fresh engine, so other
 * snippets on the page can't forge its verdict; verdicts that carry credit still need a server (see the docs).
 * The server renders the prompt and highlighted starter code; the editor loads once the exercise mounts.
 * @example
 * <Exercise id="sum-1" language="python" code={"total = 0\n"} check={{ code: "assert ns['total'] == 6, 'total should be 6'" }}
 *   hints={['Add 1, 2 and 3.']} solution={'total = 1 + 2 + 3'}>
 *   <p>Set <code>total</code> to the sum of 1, 2 and 3.</p>
 * </Exercise>
 */
export const Exercise = /* @__PURE__ */ forwardRef<HTMLDivElement, ExerciseProps>(
  function Exercise(props, ref) {
    const [View, setView] = useState<ViewComponent | null>(null)
    useEffect(() => {
      let live = true
      loadView().then(
        (loaded) => live && setView(() => loaded),
        () => {},
      )
      return () => {
        live = false
      }
    }, [])
    if (View) return <View {...props} ref={ref} />
    return <ExercisePlaceholder {...props} rootRef={ref} />
  },
)

/** The exercise before its view has loaded, and on the server: prompt, highlighted starter code, last verdict. */
function ExercisePlaceholder({ rootRef, ...props }: ExerciseProps & { rootRef: Ref<HTMLDivElement> }) {
  const { language } = props
  const { messages, theme: pageDefault } = useRuncellLook(props.config)
  const theme = useRunnerTheme(props.theme ?? pageDefault)
  const progress = useStoredProgress(props.id)
  const languageName = messages.languages[language]
  const title: ReactNode = props.title
  const titleId = `${useId()}-title`
  return (
    <div
      ref={rootRef}
      id={props.id}
      className={['rc-runner', 'rc-exercise', props.className].filter(Boolean).join(' ')}
      data-theme={theme}
      data-language={language}
      data-status="idle"
      data-check={progress.lastCheck?.status}
      data-passed={progress.passed ? 'true' : undefined}
      role="group"
      aria-labelledby={title ? titleId : undefined}
      aria-label={title ? undefined : messages.runnerLabel(languageName)}
    >
      <div className="rc-header">
        {title && (
          <span className="rc-title" id={titleId}>
            {title}
          </span>
        )}
        <span className="rc-language">{languageName}</span>
      </div>
      {props.children && <div className="rc-exercise-prompt">{props.children}</div>}
      <div className="rc-editor-wrap">
        <div className="rc-editor" dir="ltr">
          <StaticCode code={props.code ?? ''} language={language} />
        </div>
      </div>
      <div className="rc-controls">
        <button type="button" className="rc-button rc-run" aria-disabled="true">
          {messages.run}
        </button>
        <button type="button" className="rc-button rc-check" aria-disabled="true">
          {messages.exercise.check}
        </button>
      </div>
      <p className="rc-status" role="status" data-status="idle" />
      {progress.lastCheck && (
        <CheckPanel verdict={progress.lastCheck} attempts={progress.attempts} messages={messages.exercise} />
      )}
    </div>
  )
}
