import { useEffect, useId, useRef, type ReactNode } from 'react'
import type { Language } from '@runcell/core'
import type { CodeRunnerMessages } from '../code-runner/messages.js'
import { StaticCode } from '../code-runner/editor/StaticCode.js'

/** Props of the hints and solution part of an exercise. */
export interface ExerciseHelpProps {
  language: Language
  hints: readonly ReactNode[]
  hintsUsed: number
  solution?: string
  solutionShown: boolean
  /** Checks still needed before the solution can be shown (0 when it can). */
  solutionLockedFor: number
  onHint(): void
  onSolution(): void
  onUseSolution(): void
  messages: CodeRunnerMessages['exercise']
}

// The labels are not headings: the component can't know the page's heading levels, and a wrong one breaks the
// outline that screen reader users navigate by.

/**
 * Hints revealed one at a time and the solution revealed on request. A revealed hint or solution takes focus, so
 * a keyboard or screen reader user lands on what they asked for rather than on a button that just went away.
 */
export function ExerciseHelp(props: ExerciseHelpProps) {
  const { hints, hintsUsed, solution, solutionShown, solutionLockedFor, messages } = props
  const uid = useId()
  const shown = hints.slice(0, hintsUsed)
  const lastHint = useRef<HTMLLIElement>(null)
  const solutionRef = useRef<HTMLElement>(null)
  const asked = useRef<'hint' | 'solution' | null>(null)

  useEffect(() => {
    if (asked.current === 'hint') lastHint.current?.focus()
    if (asked.current === 'solution') solutionRef.current?.focus()
    asked.current = null
  }, [hintsUsed, solutionShown])

  if (hints.length === 0 && solution === undefined) return null
  return (
    <div className="rc-exercise-help">
      {shown.length > 0 && (
        <section className="rc-exercise-hints" aria-labelledby={`${uid}-hints`}>
          <p id={`${uid}-hints`} className="rc-exercise-subheading">
            {messages.hintsLabel}
          </p>
          <ol>
            {shown.map((hint, index) => (
              <li key={index} ref={index === shown.length - 1 ? lastHint : undefined} tabIndex={-1}>
                {hint}
              </li>
            ))}
          </ol>
        </section>
      )}
      <div className="rc-exercise-help-controls">
        {hintsUsed < hints.length && (
          <button
            type="button"
            className="rc-button"
            onClick={() => {
              asked.current = 'hint'
              props.onHint()
            }}
          >
            {messages.showHint(hintsUsed + 1, hints.length)}
          </button>
        )}
        {solution !== undefined && !solutionShown && solutionLockedFor === 0 && (
          <button
            type="button"
            className="rc-button"
            onClick={() => {
              asked.current = 'solution'
              props.onSolution()
            }}
          >
            {messages.showSolution}
          </button>
        )}
        {solution !== undefined && !solutionShown && solutionLockedFor > 0 && (
          <p className="rc-exercise-locked">{messages.solutionLocked(solutionLockedFor)}</p>
        )}
      </div>
      {solution !== undefined && solutionShown && (
        <section
          className="rc-exercise-solution"
          aria-labelledby={`${uid}-solution`}
          ref={solutionRef}
          tabIndex={-1}
        >
          <p id={`${uid}-solution`} className="rc-exercise-subheading">
            {messages.solutionLabel}
          </p>
          <StaticCode code={solution} language={props.language} />
          <button type="button" className="rc-button" onClick={props.onUseSolution}>
            {messages.useSolution}
          </button>
        </section>
      )}
    </div>
  )
}
