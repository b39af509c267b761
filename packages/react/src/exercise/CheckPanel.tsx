import type { CheckResult } from '@runcell/core'
import type { CodeRunnerMessages } from '../code-runner/messages.js'

const MARKS = { pass: '✓', fail: '✗', error: '⚠' } as const

/**
 * The verdict of the latest check: pass, fail (with the check's message) or a broken check, which is the
 * author's bug and says so. Screen readers hear it through the exercise's live region, not from this panel.
 */
export function CheckPanel(props: {
  verdict: CheckResult
  attempts: number
  messages: CodeRunnerMessages['exercise']
}) {
  const { verdict, attempts, messages } = props
  const heading =
    verdict.status === 'pass'
      ? messages.passed
      : verdict.status === 'fail'
        ? messages.failed
        : messages.authorError
  return (
    <div className="rc-exercise-verdict" data-check={verdict.status}>
      <p className="rc-exercise-verdict-heading">
        <span aria-hidden="true">{MARKS[verdict.status]} </span>
        {heading}
        {attempts > 0 && <span className="rc-exercise-attempts"> {messages.attempts(attempts)}</span>}
      </p>
      {verdict.message && <p className="rc-exercise-message">{verdict.message}</p>}
    </div>
  )
}
