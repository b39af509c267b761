import type { RunError } from '@runcell/core'
import type { CodeRunnerMessages } from '../messages.js'

/** A user-code error: its name, its message, the line, and the traceback when there is one. */
export function ErrorOutput({ error, messages }: { error: RunError; messages: CodeRunnerMessages }) {
  return (
    <div className="rc-error">
      <p className="rc-error-title">
        <strong className="rc-error-name">{error.name}</strong>
        {': '}
        <span className="rc-error-message">{error.message}</span>
        {error.line !== undefined && <span className="rc-error-at"> ({messages.errorAt(error.line)})</span>}
      </p>
      {error.traceback && (
        <pre className="rc-traceback" dir="ltr" tabIndex={0}>
          {error.traceback}
        </pre>
      )}
    </div>
  )
}
